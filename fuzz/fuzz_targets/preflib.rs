//! The PrefLib reader on arbitrary bytes (through the input layer, as the CLI reads files):
//! any outcome but a panic is fine; an accepted instance must survive its canonical form.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = ualign::io::input::read_text_from(data, "fuzz", 1 << 20) else {
        return;
    };
    for ext in ["soc", "soi", "toc", "toi"] {
        if let Ok(inst) = ualign::instance::preflib::parse(&text, Some(ext)) {
            let again = ualign::instance::json::parse(&inst.canonical_json())
                .expect("the canonical JSON of an accepted instance is accepted");
            assert_eq!(again.sha256(), inst.sha256());
        }
    }
});
