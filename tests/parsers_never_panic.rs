//! Fuzz-style property tests: the readers and the checker never panic on arbitrary input, and
//! always answer with an error (never an accepted instance) for garbage.

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn preflib_reader_never_panics(body in "[0-9:,{} \n#A-Z]{0,200}") {
        let text = format!("# NUMBER ALTERNATIVES: 3\n# NUMBER VOTERS: 2\n# NUMBER UNIQUE ORDERS: 1\n{body}");
        let _ = ualign::instance::preflib::parse(&text, Some("toi"));
    }

    #[test]
    fn json_reader_never_panics(text in "[\\[\\]{}\",:0-9a-z/ .-]{0,200}") {
        let _ = ualign::instance::json::parse(&text);
    }

    #[test]
    fn number_parser_never_panics(s in "[-+0-9./eE ]{0,40}") {
        let _ = ualign::number::parse_q(&s);
    }

    #[test]
    fn checker_never_panics_on_mutated_certificates(pos in 0usize..4000, byte in any::<u8>()) {
        let mut bytes = std::fs::read("proofs/condorcet-cycle-3.cert.json").unwrap();
        let i = pos % bytes.len();
        bytes[i] = byte;
        if let Ok(text) = String::from_utf8(bytes) {
            let _ = ualign::verify::verify_str(&text);
        }
    }
}

#[test]
fn garbage_is_rejected() {
    assert!(ualign::instance::json::parse("").is_err());
    assert!(ualign::instance::preflib::parse("", None).is_err());
    assert!(ualign::verify::verify_str("").is_err());
    assert!(ualign::verify::verify_str("{}").is_err());
}
