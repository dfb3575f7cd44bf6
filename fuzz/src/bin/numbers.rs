//! Fuzz target: the numbers extraction on arbitrary (lossily decoded) text;
//! see `tadqiq_fuzz::assert_numbers` for the invariants.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        tadqiq_fuzz::assert_numbers(&String::from_utf8_lossy(data));
    });
}
