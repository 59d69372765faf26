//! `ualign completions SHELL` and `ualign man`: generated from the clap definition, they name
//! every subcommand.

mod common;
use common::cli::{ualign_code, ualign_ok};

/// The subcommands the README documents, in its order (plus the two this file tests).
const SUBCOMMANDS: [&str; 20] = [
    "demo",
    "info",
    "eval",
    "nlhf",
    "optimal",
    "robust",
    "equilibrium",
    "selfplay",
    "certify",
    "verify",
    "report",
    "proofs",
    "barrier",
    "curve",
    "sweep",
    "sweep-merge",
    "generate",
    "tightness",
    "completions",
    "man",
];

#[test]
fn the_list_is_the_cli_list() {
    use clap::CommandFactory;
    let mut names: Vec<String> = ualign::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    names.sort();
    let mut expected: Vec<String> = SUBCOMMANDS.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn man_page_names_every_subcommand() {
    let man = ualign_ok(["man"]);
    assert!(man.contains(".TH ualign 1"), "not a roff man page");
    assert!(man.contains(".SH SUBCOMMANDS"));
    for name in SUBCOMMANDS {
        // roff escapes the hyphen: ualign\-NAME(1)
        let entry = format!("ualign\\-{}(1)", name.replace('-', "\\-"));
        assert!(man.contains(&entry), "man page lacks {entry}");
    }
}

#[test]
fn man_dir_writes_one_page_per_subcommand() {
    let dir = std::env::temp_dir().join(format!("ualign-man-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dir_s = dir.to_str().unwrap();
    assert_eq!(ualign_ok(["man", "--dir", dir_s]), "");
    for name in SUBCOMMANDS {
        let page = std::fs::read_to_string(dir.join(format!("ualign-{name}.1"))).unwrap();
        assert!(page.contains(&format!(".TH ualign-{name} 1")), "{name}");
    }
    let eq = std::fs::read_to_string(dir.join("ualign-equilibrium.1")).unwrap();
    assert!(eq.contains("\\-\\-precision"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bash_completion_knows_commands_and_options() {
    let bash = ualign_ok(["completions", "bash"]);
    assert!(
        bash.contains("complete -F _ualign"),
        "not a bash completion script"
    );
    assert!(bash.contains("equilibrium"));
    for name in SUBCOMMANDS {
        assert!(bash.contains(name), "bash completion lacks {name}");
    }
    // Options of a subcommand, e.g. equilibrium --precision and selfplay --algo.
    assert!(bash.contains("--precision"));
    assert!(bash.contains("--algo"));
}

#[test]
fn other_shells_and_bad_shell() {
    assert!(ualign_ok(["completions", "zsh"]).contains("#compdef ualign"));
    assert!(ualign_ok(["completions", "fish"]).contains("complete -c ualign"));
    assert_eq!(ualign_code(["completions", "tcsh"]).0, 2);
}
