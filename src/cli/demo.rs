//! `ualign demo`: the whole story on instances embedded in the binary (no files, no network):
//! the 1/2 barrier, a real profile's test-time scaling table, and certificates that the
//! independent checker accepts.

use clap::Args;

use super::common::{CliError, CliResult};
use crate::certificate::certify::{CertifyOptions, certify, certify_barrier};
use crate::instance::{Instance, json, preflib};
use crate::number::q;
use crate::report::{self, human};
use crate::scaling::scaling_curve;

/// The barrier instance B(1/10), embedded: a ≻ b for weight 3/5, b ≻ a for 2/5.
pub const BARRIER_JSON: &str = include_str!("../../instances/barrier-eps-1-10.json");
/// The APA 1998 presidential election (PrefLib ED-00028, GPL-3.0), embedded.
pub const APA_SOI: &str = include_str!("../../instances/preflib/00028-00000001.soi");

/// The whole story on embedded instances (needs no file): the 1/2 barrier, a real election, certificates.
///
/// Run the built-in walkthrough: the 1/2 barrier of NLHF, the test-time scaling table of a real
/// election, and certificates written to a temporary folder and verified.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Largest k of the tables.
    #[arg(long, default_value_t = 6)]
    pub max_k: usize,
    /// Keep the temporary folder with the certificates (its path is printed) instead of removing it.
    #[arg(long)]
    pub keep: bool,
}

/// The embedded barrier instance.
pub fn barrier_instance() -> Instance {
    json::parse(BARRIER_JSON)
        .expect("the embedded instance is a constant (tests/cli_messages.rs runs the demo)")
}

/// The embedded APA 1998 profile.
pub fn apa_instance() -> Instance {
    preflib::parse(APA_SOI, Some("soi"))
        .expect("the embedded instance is a constant (tests/cli_messages.rs runs the demo)")
}

fn verify_written(path: &std::path::Path, text: &str) -> CliResult {
    super::common::write_output(path, text)?;
    match crate::verify::verify_file(path) {
        Ok(_) => {
            println!("  {} — verified by the independent checker", path.display());
            Ok(())
        }
        Err(e) => Err(CliError::Failed(format!("{}: {e}", path.display()))),
    }
}

pub fn run(args: &DemoArgs) -> CliResult {
    let kmax = super::common::check_k(args.max_k)?.min(8);
    let ks: Vec<usize> = (1..=kmax).collect();
    // A fresh folder of its own on every run, removed when `tmp` is dropped unless --keep.
    let tmp = tempfile::Builder::new()
        .prefix("ualign-demo-")
        .tempdir()
        .map_err(|e| CliError::Input(format!("cannot create a temporary folder: {e}")))?;
    let dir = tmp.path().to_path_buf();

    println!("ualign demo — every number below is exact unless marked as a float\n");
    println!("1. The 1/2 barrier B(1/10)");
    println!("   Two responses a and b; 3/5 of users rank a first, 2/5 rank b first. a is the");
    println!(
        "   Condorcet winner, so NLHF's maximal lottery is δ_a and sampling it k times shows k"
    );
    println!(
        "   copies of a. The symmetric equilibrium of the (k+1)-player alignment game mixes.\n"
    );
    let inst = barrier_instance();
    let eps = q(1, 10);
    let out = certify_barrier(&inst, &eps, &ks).map_err(|e| CliError::Failed(e.to_string()))?;
    let (cert, eqs, nlhf) = (out.certificate, out.equilibria, out.nlhf);
    let rows: Vec<Vec<String>> = eqs
        .iter()
        .zip(&nlhf)
        .map(|(e, n)| {
            let pa = match e.status {
                crate::equilibrium::EquilibriumStatus::CertifiedBox => {
                    format!("≈ {:.12} (box centre)", crate::number::to_f64(&e.policy[0]))
                }
                _ => human(&e.policy[0]),
            };
            vec![
                e.k.to_string(),
                human(n),
                human(&e.robust_win_rate),
                e.status.name().into(),
                pa,
            ]
        })
        .collect();
    print!(
        "{}",
        report::table(
            &[
                "k",
                "NLHF R_k",
                "equilibrium R_k",
                "status",
                "equilibrium π(a)"
            ],
            &rows
        )
    );
    println!(
        "\n   NLHF stays at 1/2 + 1/10 for every k ≥ 2; the equilibrium reaches k/(k+1): exactly"
    );
    println!(
        "   rational for k = 2 (π(a) = 4/5), irrational from k = 3 on, where a box of rationals"
    );
    println!(
        "   around it is proved (interval Newton / Krawczyk) to contain an exact equilibrium."
    );
    verify_written(&dir.join("barrier.cert.json"), &cert.to_json_string())?;

    println!("\n2. A real election: APA 1998 (PrefLib ED-00028, 18,723 voters, 5 candidates)");
    let apa = apa_instance();
    let curve = scaling_curve(&apa, &ks, 2, 20_000).map_err(|e| CliError::Failed(e.to_string()))?;
    print!("{}", super::curve::curve_table(&curve));
    println!(
        "\n   Candidate 3 is the Condorcet winner: NLHF and RLHF both play it and stay near 2/3,"
    );
    println!(
        "   while the equilibrium product reaches k/(k+1) and the best k-output policy a bit more."
    );
    let out = certify(
        &apa,
        &CertifyOptions {
            ks: ks.clone(),
            ..CertifyOptions::default()
        },
    )
    .map_err(|e| CliError::Failed(e.to_string()))?;
    verify_written(
        &dir.join("apa1998.cert.json"),
        &out.certificate.to_json_string(),
    )?;
    if args.keep {
        println!("\nThe certificates stay in {}.", tmp.keep().display());
    } else {
        println!(
            "\n(The temporary folder {} is removed now; --keep keeps it.)",
            dir.display()
        );
    }
    println!("\nNext: `ualign curve FILE --svg plot.svg`, `ualign certify FILE -o c.json`,");
    println!("`ualign verify c.json`, and `ualign --help` for everything else.");
    Ok(())
}
