//! Runs every fuzz target's checks on the files given (crashes, seeds),
//! without AFL++: `cargo run --bin replay -- out/check/default/crashes/*`.

fn main() {
    // The harness holds no state that a caught panic could leave broken.
    let harness = std::panic::AssertUnwindSafe(tadqiq_fuzz::Harness::new());
    for path in std::env::args().skip(1) {
        let data = std::fs::read(&path).expect("readable input");
        let text = String::from_utf8_lossy(&data).into_owned();
        let _ = tadqiq::article::Article::from_text("fuzz.md", text.clone(), None);
        tadqiq_fuzz::assert_normalization_map(&text, 3);
        tadqiq_fuzz::assert_numbers(&text);
        tadqiq_fuzz::assert_dates(&text);
        harness.check(&data);
        println!("ok {path}");
    }
}
