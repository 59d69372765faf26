//! Hostile and careless inputs (issue 14): devices, FIFOs, huge and sparse files, bad bytes,
//! directories, hostile numbers. Every case exits 2 with one line naming the file (and line),
//! or succeeds when the input is valid, within seconds and with bounded memory.

mod support;

use std::io::Write;
use std::os::unix::fs::symlink;
use std::time::Duration;

use support::{
    Feed, GOOD, assert_bounded, assert_refused, file, mkfifo, run, run_fed, run_with, scratch,
};

const POLICY: &str = r#"{"a": "1/2", "b": "1/2"}"#;
const MIXTURE: &str = r#"{"policy": [{"responses": ["a", "b"], "probability": "1"}]}"#;

#[test]
fn devices_behind_symlinks_are_refused_quickly() {
    let dir = scratch("devices");
    for (dev, ext) in [
        ("/dev/zero", "json"),
        ("/dev/urandom", "soc"),
        ("/dev/zero", "toi"),
    ] {
        let link = dir.join(format!("z-{}.{ext}", &dev[5..]));
        symlink(dev, &link).unwrap();
        let l = link.to_str().unwrap();
        let o = run(&["info", l]);
        assert_refused(&o, &[l], 10, 300);
    }
}

#[test]
fn policy_mixture_and_certificate_from_dev_zero_are_refused() {
    let dir = scratch("devzero");
    let inst = file(&dir, "good.json", GOOD);
    let o = run(&["eval", &inst, "--k", "2", "--policy-file", "/dev/zero"]);
    assert_refused(&o, &["/dev/zero"], 10, 300);
    let o = run(&["robust", &inst, "--k", "2", "--mixture-file", "/dev/zero"]);
    assert_refused(&o, &["/dev/zero"], 10, 300);
    let o = run(&["verify", "/dev/zero"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("/dev/zero"), "{}", o.stderr);
    assert_bounded(&o, 10, 300);
    // Sweep summaries and report inputs are read through the same bounded readers.
    let o = run(&["sweep-merge", "/dev/zero"]);
    assert_refused(&o, &["/dev/zero"], 10, 300);
    let o = run(&["report", "/dev/zero"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_bounded(&o, 10, 300);
}

#[test]
fn fifo_fed_by_a_writer_thread() {
    let dir = scratch("fifo");
    // Endless zeros: refused at once.
    let fifo = dir.join("feed.json");
    mkfifo(&fifo);
    let f = fifo.clone();
    let writer = std::thread::spawn(move || {
        let mut w = std::fs::OpenOptions::new().write(true).open(&f).unwrap();
        let block = vec![0u8; 1 << 16];
        while w.write_all(&block).is_ok() {}
    });
    let o = run(&["info", fifo.to_str().unwrap()]);
    assert_refused(&o, &[fifo.to_str().unwrap()], 10, 300);
    writer.join().unwrap();
    // A valid instance through a FIFO is read like a file.
    let fifo2 = dir.join("ok.json");
    mkfifo(&fifo2);
    let f = fifo2.clone();
    let writer = std::thread::spawn(move || {
        let mut w = std::fs::OpenOptions::new().write(true).open(&f).unwrap();
        w.write_all(GOOD.as_bytes()).unwrap();
    });
    let o = run(&["info", fifo2.to_str().unwrap(), "--json"]);
    writer.join().unwrap();
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.stdout_text().contains("\"condorcet_winner\": \"a\""));
}

#[test]
fn endless_text_on_stdin_stops_at_the_byte_limit() {
    // 300 MiB of spaces: valid UTF-8, no NUL, so only the byte limit stops it.
    let o = run_fed(
        &["info", "-", "--format", "json"],
        Some(Feed::Repeat(b' ', 300 << 20)),
        Duration::from_secs(60),
    );
    assert_refused(&o, &["standard input", "268435456"], 30, 700);
}

#[test]
fn sparse_300_mib_file_is_refused_with_the_limit() {
    let dir = scratch("sparse");
    let p = dir.join("big.json");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(300 << 20).unwrap();
    let o = run(&["info", p.to_str().unwrap()]);
    assert_refused(&o, &["big.json", "268435456"], 10, 300);
    let inst = file(&dir, "good.json", GOOD);
    let o = run(&[
        "eval",
        &inst,
        "--k",
        "1",
        "--policy-file",
        p.to_str().unwrap(),
    ]);
    assert_refused(&o, &["big.json"], 10, 300);
}

#[test]
fn empty_one_byte_and_directory_inputs() {
    let dir = scratch("small");
    let inst = file(&dir, "good.json", GOOD);
    let empty = file(&dir, "empty.json", "");
    assert_refused(&run(&["info", &empty]), &["empty.json", "empty"], 10, 300);
    let one = file(&dir, "one.json", "{");
    assert_refused(&run(&["info", &one]), &["one.json"], 10, 300);
    let one_soc = file(&dir, "one.soc", "1");
    assert_refused(&run(&["info", &one_soc]), &["one.soc"], 10, 300);
    let empty_pol = file(&dir, "empty-policy.json", "");
    let o = run(&["eval", &inst, "--k", "1", "--policy-file", &empty_pol]);
    assert_refused(&o, &["empty-policy.json", "empty"], 10, 300);
    let sub = dir.join("folder.json");
    std::fs::create_dir(&sub).unwrap();
    let s = sub.to_str().unwrap();
    assert_refused(&run(&["info", s]), &[s, "directory"], 10, 300);
    let o = run(&["eval", &inst, "--k", "1", "--policy-file", s]);
    assert_refused(&o, &[s, "directory"], 10, 300);
    let o = run(&["robust", &inst, "--k", "1", "--mixture-file", s]);
    assert_refused(&o, &[s, "directory"], 10, 300);
    let o = run(&["verify", s]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("directory"), "{}", o.stderr);
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let dir = scratch("utf8");
    let mut bytes = b"{\"responses\": [\"a\", \"b\"],\n\"users\": [\n".to_vec();
    bytes.extend_from_slice(b"{\"weight\": \"1\", \"ranking\": [[\"a\xff\"]]}]}\n");
    let p = file(&dir, "bad.json", &bytes);
    assert_refused(&run(&["info", &p]), &["bad.json:3:", "UTF-8"], 10, 300);
    let soc = file(&dir, "bad.soc", b"# NUMBER ALTERNATIVES: 2\n1: 1,\xc3\n");
    assert_refused(&run(&["info", &soc]), &["bad.soc:2:", "UTF-8"], 10, 300);
}

#[test]
fn crlf_and_byte_order_mark_are_accepted_in_instances_and_certificates() {
    let dir = scratch("bom");
    let crlf = GOOD.replace(",\"users\"", ",\r\n\"users\"") + "\r\n";
    let p = file(&dir, "crlf.json", &crlf);
    assert_eq!(run(&["info", &p]).code, 0);
    let soc = "# FILE NAME: x\r\n# DATA TYPE: soc\r\n# NUMBER ALTERNATIVES: 2\r\n# NUMBER VOTERS: 3\r\n# NUMBER UNIQUE ORDERS: 2\r\n2: 1,2\r\n1: 2,1\r\n";
    let s = file(&dir, "crlf.soc", soc);
    assert_eq!(run(&["info", &s]).code, 0, "{}", run(&["info", &s]).stderr);
    let bom = file(&dir, "bom.json", format!("\u{feff}{GOOD}"));
    assert_eq!(run(&["info", &bom]).code, 0);
    let cert = dir.join("c.json");
    let c = cert.to_str().unwrap();
    let o = run(&["certify", &bom, "--k", "1..2", "-o", c]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let text = std::fs::read_to_string(&cert).unwrap();
    let bom_cert = file(&dir, "bom-cert.json", format!("\u{feff}{text}"));
    let o = run(&["verify", &bom_cert]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // A BOM anywhere else is not a byte-order mark: inside a number it is an error.
    let inner = file(
        &dir,
        "inner.json",
        GOOD.replace("\"3/5\"", "\"\u{feff}3/5\""),
    );
    assert_refused(&run(&["info", &inner]), &["inner.json"], 10, 300);
}

#[test]
fn huge_numbers_are_refused_by_length_everywhere() {
    let dir = scratch("huge");
    let digits = "7".repeat(1_000_000);
    let w = file(
        &dir,
        "w.json",
        GOOD.replace("\"3/5\"", &format!("\"{digits}\"")),
    );
    assert_refused(&run(&["info", &w]), &["w.json", "20000"], 10, 300);
    let inst = file(&dir, "good.json", GOOD);
    let pol = file(
        &dir,
        "p.json",
        format!("{{\"a\": \"1/{digits}\", \"b\": \"1/2\"}}"),
    );
    let o = run(&["eval", &inst, "--k", "1", "--policy-file", &pol]);
    assert_refused(&o, &["p.json", "20000"], 10, 300);
    let soc = format!(
        "# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 2\n# NUMBER VOTERS: 1{digits}\n# NUMBER UNIQUE ORDERS: 2\n{digits}: 1,2\n1: 2,1\n"
    );
    let s = file(&dir, "v.soc", soc);
    assert_refused(&run(&["info", &s]), &["v.soc"], 10, 300);
    // A 100,000-digit voter count: certify must refuse it rather than write a certificate
    // that verify refuses.
    let count = "9".repeat(100_000);
    let soc = format!(
        "# NUMBER ALTERNATIVES: 2\n# NUMBER VOTERS: 1\n# NUMBER UNIQUE ORDERS: 2\n{count}: 1,2\n1: 2,1\n"
    );
    let s = file(&dir, "count.soc", soc);
    let out = dir.join("count-cert.json");
    let o = run(&["certify", &s, "--k", "1", "-o", out.to_str().unwrap()]);
    assert_refused(&o, &["count.soc:4:", "20000"], 20, 300);
    assert!(!out.exists());
}

#[test]
fn number_strings_follow_one_strict_grammar() {
    let dir = scratch("grammar");
    for (i, bad) in [
        "+3/5",
        " 3/5",
        "3/5 ",
        "\u{a0}3/5\u{a0}",
        "003/005",
        "3/05",
        "-0",
        "0.",
        ".5",
        "1e3",
        "00",
    ]
    .iter()
    .enumerate()
    {
        let p = file(
            &dir,
            &format!("g{i}.json"),
            GOOD.replace("\"3/5\"", &format!("\"{bad}\"")),
        );
        let o = run(&["info", &p]);
        assert_refused(&o, &[&format!("g{i}.json")], 10, 300);
    }
    for good in ["3/5", "0.6", "6/10", "12"] {
        let p = file(
            &dir,
            "ok.json",
            GOOD.replace("\"3/5\"", &format!("\"{good}\"")),
        );
        assert_eq!(run(&["info", &p]).code, 0, "{good}");
    }
    let inst = file(&dir, "good.json", GOOD);
    let pol = file(&dir, "plus.json", r#"{"a": "+1/2", "b": "1/2"}"#);
    let o = run(&["eval", &inst, "--k", "1", "--policy-file", &pol]);
    assert_refused(&o, &["plus.json:1:"], 10, 300);
}

#[test]
fn standard_input_needs_a_format() {
    let o = run_with(
        &["info", "-", "--format", "json", "--json"],
        Some(GOOD.into()),
        Duration::from_secs(20),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout_text().contains("\"condorcet_winner\": \"a\""));
    let o = run_with(&["info", "-"], Some(GOOD.into()), Duration::from_secs(20));
    assert_refused(&o, &["--format"], 10, 300);
    let soc =
        "# NUMBER ALTERNATIVES: 2\n# NUMBER VOTERS: 3\n# NUMBER UNIQUE ORDERS: 2\n2: 1,2\n1: 2,1\n";
    let o = run_with(
        &["info", "-", "--format", "soc", "--json"],
        Some(soc.into()),
        Duration::from_secs(20),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let dir = scratch("stdin-policy");
    let inst = file(&dir, "good.json", GOOD);
    let o = run_with(
        &["eval", &inst, "--k", "1", "--policy-file", "-"],
        Some(POLICY.into()),
        Duration::from_secs(20),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = run_with(
        &["robust", &inst, "--k", "2", "--mixture-file", "-"],
        Some(MIXTURE.into()),
        Duration::from_secs(20),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn opponents_above_the_checker_cap_are_refused() {
    let dir = scratch("ell");
    let inst = file(&dir, "good.json", GOOD);
    let pol = file(&dir, "p.json", POLICY);
    let o = run(&[
        "robust",
        &inst,
        "--k",
        "1",
        "--policy-file",
        &pol,
        "--opponents",
        "1025",
    ]);
    assert_refused(&o, &["1024"], 10, 300);
}

#[test]
fn info_on_4096_responses_is_fast_and_small_and_solvers_refuse_by_memory() {
    let dir = scratch("info4096");
    let names: Vec<String> = (0..4096).map(|i| format!("\"r{i}\"")).collect();
    let ranking: Vec<String> = (0..4096).map(|i| format!("[\"r{i}\"]")).collect();
    let text = format!(
        "{{\"responses\": [{}], \"users\": [{{\"weight\": \"1\", \"ranking\": [{}]}}]}}",
        names.join(","),
        ranking.join(",")
    );
    let p = file(&dir, "wide.json", text);
    // The memory guard: refused before allocating, with the estimate.
    let o = run(&["nlhf", &p, "--k", "1"]);
    assert_refused(
        &o,
        &["maximal-lottery LP", "4.0 GiB", "--max-memory"],
        10,
        300,
    );
    let o = run(&["optimal", &p, "--k", "2"]);
    assert_refused(&o, &["k-output LP", "GiB"], 10, 300);
    let o = run(&["info", &p, "--max-memory", "1M"]);
    assert_refused(&o, &["margin signs", "16.0 MiB", "1.0 MiB"], 10, 300);
    let o = run(&["info", &p]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.len() < 200_000, "printed {} bytes", o.stdout.len());
    assert!(o.stdout_text().contains("Condorcet winner: r0"));
    assert!(o.stdout_text().contains("--matrix"));
    assert_bounded(&o, 10, 500);
}

#[test]
fn certify_refuses_what_the_checker_would_refuse() {
    // Two responses with 6 MB names: a valid 18 MB instance whose certificate would pass the
    // checker's 16 MiB file limit. certify exits 2 and writes nothing.
    let dir = scratch("certlimit");
    let a = "a".repeat(6 << 20);
    let b = "b".repeat(6 << 20);
    let text = format!(
        "{{\"responses\": [\"{a}\", \"{b}\"], \"users\": [{{\"weight\": \"1\", \"ranking\": [\"{a}\"]}}]}}"
    );
    let p = file(&dir, "long-names.json", text);
    let out = dir.join("c.json");
    let o = run(&["certify", &p, "--k", "1", "-o", out.to_str().unwrap()]);
    assert_refused(&o, &["refused by the checker", "16777216"], 30, 900);
    assert!(!out.exists());
}
