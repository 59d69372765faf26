//! The JSON instance reader on arbitrary bytes: any outcome but a panic is fine; an accepted
//! instance must round-trip through its canonical JSON with the same hash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = ualign::io::input::read_text_from(data, "fuzz", 1 << 20) else {
        return;
    };
    if let Ok(inst) = ualign::instance::json::parse(&text) {
        let again = ualign::instance::json::parse(&inst.canonical_json())
            .expect("the canonical JSON of an accepted instance is accepted");
        assert_eq!(again.sha256(), inst.sha256());
    }
});
