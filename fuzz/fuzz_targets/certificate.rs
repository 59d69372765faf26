//! The certificate reader and checker on arbitrary bytes: any outcome but a panic is fine
//! (a malformed text is an error, a false claim a failure).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = ualign::verify::verify_str(text);
});
