//! The number grammar on arbitrary strings: any outcome but a panic is fine; an accepted string
//! is in the grammar's alphabet, and printing the value and parsing it back gives the value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ualign::number::{fmt_q, parse_natural, parse_q};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(x) = parse_q(s) {
        assert!(s.bytes().all(|b| b.is_ascii_digit() || b"-/.".contains(&b)), "{s:?}");
        assert!(!s.starts_with('+') && !s.contains(' '));
        assert_eq!(parse_q(&fmt_q(&x)).expect("printed form parses"), x);
    }
    if let Ok(n) = parse_natural(s) {
        assert_eq!(n.to_string(), s);
    }
});
