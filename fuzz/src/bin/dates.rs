//! Fuzz target: the dates extraction on arbitrary (lossily decoded) text;
//! see `tadqiq_fuzz::assert_dates` for the invariants.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        tadqiq_fuzz::assert_dates(&String::from_utf8_lossy(data));
    });
}
