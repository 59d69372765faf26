//! Every shipped PrefLib file parses, and its weights add up to the header's voter count.

use std::path::Path;

use ualign::instance::Instance;
use ualign::number::qi;

fn header_value(text: &str, key: &str) -> i64 {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn shipped_preflib_files_parse_with_matching_counts() {
    let expected = [
        ("00009-00000001.soc", 9, 146, 123),
        ("00012-00000001.soc", 11, 30, 30),
        ("00024-00000001.soc", 4, 795, 24),
        ("00028-00000001.soi", 5, 18723, 292),
        ("00032-00000004.toi", 12, 15, 15),
    ];
    for (file, m, voters, unique) in expected {
        let path = Path::new("instances/preflib").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(header_value(&text, "NUMBER VOTERS"), voters);
        let inst = Instance::from_path(&path).unwrap();
        assert_eq!(inst.m(), m, "{file}");
        assert_eq!(inst.n(), unique, "{file}");
        assert_eq!(inst.total_weight(), &qi(voters), "{file}");
    }
}

#[test]
fn every_instance_file_parses_and_json_roundtrips() {
    let mut count = 0;
    for dir in ["instances", "instances/preflib", "instances/families"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries {
            let path = e.unwrap().path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !["json", "soc", "soi", "toc", "toi"].contains(&ext) {
                continue;
            }
            let inst = Instance::from_path(&path).unwrap_or_else(|e| panic!("{e}"));
            let text = ualign::instance::json::to_string_pretty(&inst);
            let again = ualign::instance::json::parse(&text).unwrap();
            assert_eq!(inst, again, "{}", path.display());
            assert_eq!(inst.sha256(), again.sha256());
            count += 1;
        }
    }
    assert!(count >= 8, "found only {count} instance files");
}
