//! Fuzz target: normalization and its offset map.
//!
//! The first byte picks the base offset; the rest (lossily decoded) is the
//! text. Every normalized range must map back onto character boundaries.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&base, rest)) = data.split_first() else {
            return;
        };
        let text = String::from_utf8_lossy(rest);
        tadqiq_fuzz::assert_normalization_map(&text, usize::from(base));
    });
}
