#!/usr/bin/env python3
"""Benchmark the whole `tadqiq check` against ripgrep on generated corpora.

For each size (default 1,000, 10,000 and 100,000 articles) this script
generates a corpus with `gen-corpus` (cached in the work folder), warms the
page cache, then runs, alternately and several times each:

- `tadqiq check --format json --timings` on the corpus;
- ripgrep counting matches of one alternation regex built from every
  lexicon word in rules/*.toml (month names today; number words and the
  others as their files land), once as a plain alternation (the practical
  limit of a scan of this text) and once wrapped in `\\b...\\b` (the shape
  tadqiq's own month regex has).

It reports wall time (best of the runs), CPU time (user + system), MB/s,
articles/s, peak RSS (getrusage of the child), tadqiq's stage times, and
tadqiq's findings against what the generator planted. It rewrites the block
between the `bench:start` and `bench:end` markers of BENCHMARKS.md, writes
bench/results.json and draws bench/scaling.svg by hand.

Usage: python3 scripts/bench.py [--sizes 1000,10000,100000] [--seed 42]
       [--repeat 3] [--work /tmp/tadqiq-bench] [--no-write]
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "target" / "release"


def run(cmd, stdout=subprocess.DEVNULL, env=None):
    """Runs cmd; returns (wall seconds, cpu seconds, peak RSS in MiB, exit code, stderr)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env)
    # Read stderr before waiting so a chatty child never blocks on a full pipe.
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024.0, proc.returncode, err


def lexicon_words():
    """Every word listed in rules/*.toml: string values of arrays, deduplicated."""
    words = set()

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                if isinstance(v, str):
                    if re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", v):
                        words.add(v)
                else:
                    walk(v)

    for path in sorted((ROOT / "rules").glob("*.toml")):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return sorted(words, key=lambda w: (-len(w), w))


def peer_regex(bounded):
    # Escape only regex metacharacters: Python's re.escape also escapes
    # spaces, which the Rust regex syntax of ripgrep rejects.
    alternation = "|".join(re.sub(r"([\\.+*?()|\[\]{}^$#&~-])", r"\\\1", w) for w in lexicon_words())
    return rf"\b(?:{alternation})\b" if bounded else alternation


def corpus(work, size, seed):
    """Generates (or reuses) the corpus of `size` articles; returns (dir, planted)."""
    out = work / f"corpus-{size}-seed{seed}"
    planted_path = out / "planted.json"
    fresh = planted_path.exists() and (
        planted_path.stat().st_mtime >= (RELEASE / "gen-corpus").stat().st_mtime
    )
    if planted_path.exists():
        planted = json.loads(planted_path.read_text())
        # Reused only when made by this build of the generator.
        if fresh and planted["articles"] == size and planted["seed"] == seed:
            return out, planted
        shutil.rmtree(out)
    subprocess.run(
        [RELEASE / "gen-corpus", "--articles", str(size), "--seed", str(seed), "--out", out],
        check=True,
    )
    return out, json.loads(planted_path.read_text())


def extraction_cpu(st):
    """CPU seconds of the extraction stages (load, normalize, extract).

    `parallel-cpu` is the process's CPU time during the parallel pass, which
    runs those three stages and the article rules; it is shared among them
    in proportion to their times summed over threads. The summed times alone
    also count the time a thread waited for a core, which on a busy machine
    can exceed the process's whole CPU time. Without `parallel-cpu` (older
    builds, other platforms) the summed times are used.
    """
    ext = st.get("load", 0) + st.get("normalize", 0) + st.get("extract", 0)
    whole = ext + st.get("article-rules", 0)
    cpu = st.get("parallel-cpu")
    if cpu and whole:
        return cpu * ext / whole
    return ext


def parse_timings(stderr):
    stages = {}
    for line in stderr.splitlines():
        m = re.match(r"^\s+([a-z-]+)\s+([\d.]+) s", line)
        if m:
            stages[m.group(1)] = float(m.group(2))
    return stages


def compare_findings(report_path, corpus_dir, planted):
    """Findings against planted conflicts, per rule.

    A planted conflict is matched by a finding of its rule with a label in
    its file that overlaps its text; a finding that matches no planted
    conflict is unexpected.
    """
    report = json.loads(report_path.read_text())
    prefix = str(corpus_dir).replace("\\", "/") + "/"
    plants = {}
    for i, c in enumerate(planted["conflicts"]):
        plants.setdefault((c["code"], c["file"]), []).append((i, c["start"], c["end"]))
    matched = set()
    by_code = {}
    unexpected = 0
    for d in report["diagnostics"]:
        row = by_code.setdefault(d["code"], {"planted": 0, "findings": 0, "matched": 0, "unexpected": 0})
        row["findings"] += 1
        hit = False
        for l in d["labels"]:
            path = l["path"].replace("\\", "/").removeprefix(prefix)
            for i, start, end in plants.get((d["code"], path), []):
                if l["start"] < end and start < l["end"]:
                    matched.add(i)
                    hit = True
        if not hit:
            row["unexpected"] += 1
            unexpected += 1
    for i, c in enumerate(planted["conflicts"]):
        row = by_code.setdefault(c["code"], {"planted": 0, "findings": 0, "matched": 0, "unexpected": 0})
        row["planted"] += 1
        row["matched"] += i in matched
    return {
        "planted": len(planted["conflicts"]),
        "findings": len(report["diagnostics"]),
        "matched": len(matched),
        "missed": len(planted["conflicts"]) - len(matched),
        "unexpected": unexpected,
        "by_code": by_code,
    }


def measure(size, args, work):
    corpus_dir, planted = corpus(work, size, args.seed)
    mb = planted["bytes"] / 1e6
    report_path = work / f"report-{size}.json"
    tadqiq = [str(RELEASE / "tadqiq"), "check", "--format", "json", "--timings",
              "--output", str(report_path), str(corpus_dir)]
    peers = {
        "rg": ["rg", "--count-matches", "--no-messages", "-e", peer_regex(False), str(corpus_dir)],
        "rg-b": ["rg", "--count-matches", "--no-messages", "-e", peer_regex(True), str(corpus_dir)],
    }
    # The `\\b` run is the slow one (minutes at 100,000 articles): only up to a size.
    if size > args.bounded_max:
        del peers["rg-b"]
    # One unmeasured run of each warms the page cache and checks that it works.
    for cmd in [tadqiq, *peers.values()]:
        code = run(cmd)[3]
        if code not in (0, 1):
            sys.exit(f"{cmd[0]} failed with exit code {code}")
    results = {"tadqiq": [], **{name: [] for name in peers}}
    stages = None
    for _ in range(args.repeat):
        wall, cpu, rss, _, err = run(tadqiq)
        results["tadqiq"].append((wall, cpu, rss))
        if stages is None or wall <= min(r[0] for r in results["tadqiq"]):
            stages = parse_timings(err)
        for name, cmd in peers.items():
            wall, cpu, rss, _, _ = run(cmd)
            results[name].append((wall, cpu, rss))
    row = {"articles": size, "mb": mb, "files": planted["articles"]}
    for name, runs in results.items():
        wall = min(r[0] for r in runs)
        cpu = min(r[1] for r in runs)
        row[name] = {
            "wall": wall,
            "cpu": cpu,
            "rss_mib": max(r[2] for r in runs),
            "mb_per_s": mb / wall,
            "articles_per_s": size / wall,
            "mb_per_cpu_s": mb / cpu if cpu else None,
        }
    row.setdefault("rg-b", None)
    row["stages"] = stages
    row["findings"] = compare_findings(report_path, corpus_dir, planted)
    print(
        f"{size:>7} articles {mb:7.1f} MB: tadqiq {row['tadqiq']['wall']:.2f} s "
        f"({row['tadqiq']['mb_per_s']:.1f} MB/s, {row['tadqiq']['rss_mib']:.0f} MiB), "
        f"rg {row['rg']['wall']:.2f} s, rg \\b {row['rg-b']['wall'] if row['rg-b'] else float('nan'):.2f} s; "
        f"findings {row['findings']['matched']}/{row['findings']['planted']} planted, "
        f"{row['findings']['unexpected']} unexpected",
        file=sys.stderr,
    )
    return row


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "unknown"

    cpu = "unknown"
    for line in sh(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    mem = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "rustc": sh(["rustc", "--version"]),
        "ripgrep": sh(["rg", "--version"]).splitlines()[0] if shutil.which("rg") else "missing",
        "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def svg(rows, path):
    """Time against article count, log-log, tadqiq and the two ripgrep runs."""
    w, h, left, right, top, bottom = 640, 400, 70, 150, 30, 50
    xs = [r["articles"] for r in rows]
    series = [("tadqiq", "#c0392b"), ("rg", "#2c7fb8"), ("rg-b", "#7fbf7b")]
    names = {"tadqiq": "tadqiq check", "rg": "ripgrep", "rg-b": "ripgrep, \\b…\\b"}
    ys = [r[s]["wall"] for r in rows for s, _ in series if r[s]]
    import math

    lx0, lx1 = math.log10(min(xs)) - 0.15, math.log10(max(xs)) + 0.15
    ly0 = math.floor(math.log10(min(ys)))
    ly1 = math.ceil(math.log10(max(ys)))
    if ly1 == ly0:
        ly1 += 1

    def px(x):
        return left + (math.log10(x) - lx0) / (lx1 - lx0) * (w - left - right)

    def py(y):
        return h - bottom - (math.log10(y) - ly0) / (ly1 - ly0) * (h - top - bottom)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{w / 2 - 60}" y="18" font-size="14">Wall time against corpus size</text>',
    ]
    for e in range(ly0, ly1 + 1):
        y = py(10**e)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{w - right}" y2="{y:.1f}" stroke="#ddd"/>')
        label = f"{10**e:g} s"
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for x in xs:
        out.append(f'<line x1="{px(x):.1f}" y1="{top}" x2="{px(x):.1f}" y2="{h - bottom}" stroke="#eee"/>')
        out.append(f'<text x="{px(x):.1f}" y="{h - bottom + 18}" text-anchor="middle">{x:,}</text>')
    out.append(f'<text x="{(left + w - right) / 2:.0f}" y="{h - 10}" text-anchor="middle">articles (log scale)</text>')
    out.append(f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="black"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="black"/>')
    for i, (s, colour) in enumerate(series):
        points = " ".join(f"{px(r['articles']):.1f},{py(r[s]['wall']):.1f}" for r in rows if r[s])
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for r in (r for r in rows if r[s]):
            out.append(f'<circle cx="{px(r["articles"]):.1f}" cy="{py(r[s]["wall"]):.1f}" r="3.5" fill="{colour}"/>')
        ly = top + 20 + 20 * i
        out.append(f'<line x1="{w - right + 12}" y1="{ly}" x2="{w - right + 32}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{w - right + 38}" y="{ly + 4}">{names[s]}</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n")


def markdown(rows, info, args):
    def f(x, digits=2):
        return f"{x:,.{digits}f}"

    lines = [
        f"Measured {info['date']} on {info['cpu']}, {info['cores']} cores, {info['memory']}, "
        f"{info['os']}; {info['rustc']}; {info['ripgrep']}. Load average at the end: "
        f"{info['load_average']} (the machine is shared, so wall times are inflated; CPU "
        f"times are steadier). Best of {args.repeat} runs, warm cache, seed {args.seed}.",
        "",
        "| articles | MB | tadqiq wall s | tadqiq CPU s | MB/s | articles/s | peak RSS MiB "
        "| rg wall s | rg CPU s | tadqiq ÷ rg (wall) | tadqiq ÷ rg (CPU) | extraction ÷ rg (CPU) "
        "| rg `\\b` wall s | tadqiq ÷ rg `\\b` (CPU) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        t, g, b = r["tadqiq"], r["rg"], r["rg-b"]
        st = r["stages"] or {}
        ext = extraction_cpu(st)
        lines.append(
            f"| {r['articles']:,} | {f(r['mb'], 1)} | {f(t['wall'])} | {f(t['cpu'])} | "
            f"{f(t['mb_per_s'], 1)} | {f(t['articles_per_s'], 0)} | {f(t['rss_mib'], 0)} | "
            f"{f(g['wall'])} | {f(g['cpu'])} | {g['wall'] / t['wall']:.3f} | {g['cpu'] / t['cpu']:.3f} | "
            f"{(g['cpu'] / ext) if ext else float('nan'):.3f} | "
            + (f"{f(b['wall'])} | {b['cpu'] / t['cpu']:.3f} |" if b else "— | — |")
        )
    lines += [
        "",
        "Stage times from `tadqiq check --timings` (seconds; stages marked Σ are summed "
        "over worker threads and include time a thread waited for a core; parallel pass "
        "CPU is the process's CPU time during the pass, and extraction CPU its share for "
        "load, normalize and extract, in proportion to their Σ times, the figure the "
        "extraction ratio uses):",
        "",
        "| articles | discover | load Σ | normalize Σ | extract Σ | article rules Σ "
        "| parallel pass | parallel pass CPU | extraction CPU | group | story rules | report "
        "| total |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    keys = ["discover", "load", "normalize", "extract", "article-rules", "parallel-pass",
            "parallel-cpu", "extraction-cpu", "group", "story-rules", "report", "total"]
    for r in rows:
        s = dict(r["stages"] or {})
        s["extraction-cpu"] = extraction_cpu(s)
        lines.append(f"| {r['articles']:,} | " + " | ".join(f"{s.get(k, 0):.3f}" for k in keys) + " |")
    lines += [
        "",
        "Findings against what the generator planted, per rule (a planted conflict is "
        "matched when a finding of its rule has a label in its file overlapping its text; "
        "a finding that matches no planted conflict is unexpected):",
        "",
        "| articles | rule | planted | findings | matched | missed | unexpected |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        c = r["findings"]
        for code, k in sorted(c["by_code"].items()):
            lines.append(
                f"| {r['articles']:,} | {code} | {k['planted']} | {k['findings']} | {k['matched']} | "
                f"{k['planted'] - k['matched']} | {k['unexpected']} |"
            )
        lines.append(
            f"| {r['articles']:,} | **all** | {c['planted']} | {c['findings']} | {c['matched']} | "
            f"{c['missed']} | {c['unexpected']} |"
        )
    if len(rows) >= 2:
        lines += ["", "Growth from one size to the next (time ratio for 10× the articles):", ""]
        for a, b in zip(rows, rows[1:]):
            sa, sb = a["stages"] or {}, b["stages"] or {}
            grow = lambda k: (sb.get(k, 0) / sa[k]) if sa.get(k) else float("nan")
            both_a = sa.get("group", 0) + sa.get("story-rules", 0)
            both_b = sb.get("group", 0) + sb.get("story-rules", 0)
            lines.append(
                f"- {a['articles']:,} → {b['articles']:,}: whole check ×{b['tadqiq']['wall'] / a['tadqiq']['wall']:.1f} "
                f"(CPU ×{b['tadqiq']['cpu'] / a['tadqiq']['cpu']:.1f}), "
                f"group + story rules ×{(both_b / both_a) if both_a else float('nan'):.1f}, group ×{grow('group'):.1f}, "
                f"story rules ×{grow('story-rules'):.1f}, ripgrep ×{b['rg']['wall'] / a['rg']['wall']:.1f}"
            )
    lines += ["", "![Wall time against corpus size](bench/scaling.svg)"]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--bounded-max", type=int, default=10000,
                   help="largest size at which ripgrep also runs the \\b regex (slow)")
    p.add_argument("--work", type=Path, default=Path("/tmp/tadqiq-bench"))
    p.add_argument("--no-write", action="store_true", help="print results only")
    args = p.parse_args()
    if not shutil.which("rg"):
        sys.exit("ripgrep is needed: apt-get install -y ripgrep (or cargo install ripgrep)")
    subprocess.run(
        ["cargo", "build", "--release", "--bin", "tadqiq", "--bin", "gen-corpus"],
        cwd=ROOT, check=True,
    )
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [measure(int(n), args, args.work) for n in args.sizes.split(",")]
    info = machine()
    results = {"machine": info, "seed": args.seed, "repeat": args.repeat, "rows": rows,
               "peer_words": len(lexicon_words())}
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.no_write:
        return
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    svg(rows, ROOT / "bench" / "scaling.svg")
    doc = ROOT / "BENCHMARKS.md"
    text = doc.read_text() if doc.exists() else "<!-- bench:start -->\n<!-- bench:end -->\n"
    block = f"<!-- bench:start -->\n{markdown(rows, info, args)}\n<!-- bench:end -->"
    text = re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", lambda _: block, text, flags=re.S)
    doc.write_text(text)


if __name__ == "__main__":
    main()
