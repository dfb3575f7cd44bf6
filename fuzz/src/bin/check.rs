//! Fuzz target: a whole check of arbitrary bytes, read as a file.
//!
//! Reading, decoding (UTF-8, UTF-16, refusals), front matter, claims, every
//! rule and every report format run on each input; see `Harness::check` for
//! the invariants asserted.

fn main() {
    // The harness holds no state that a caught panic could leave broken.
    let harness = std::panic::AssertUnwindSafe(tadqiq_fuzz::Harness::new());
    afl::fuzz!(|data: &[u8]| {
        harness.check(data);
    });
}
