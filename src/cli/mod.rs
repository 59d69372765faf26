//! The `ualign` command line: one small file per subcommand, each a thin shell over the library.

mod barrier;
mod certify;
mod common;
mod curve;
mod demo;
mod equilibrium;
mod eval;
mod generate;
mod info;
mod nlhf;
mod optimal;
mod proofs;
mod report;
mod robust;
mod selfplay;
mod shell;
mod signals;
mod sweep;
mod sweep_merge;
mod tightness;
mod verify;

use clap::{Parser, Subcommand};

use common::CliResult;

/// ualign: exact, certified test-time-scaling alignment theory on small instances.
///
/// A model answers with k responses; each user type (with a weight) picks its favourite among
/// them, splitting ties uniformly. The robust win rate R_k of a k-output policy is its worst win
/// rate against any rival that answers with one response. Product policies reach at most k/(k+1),
/// attained by sampling k times from a symmetric equilibrium of the (k+1)-player alignment game;
/// NLHF (maximal lotteries) can be stuck at 1/2. Every number printed is an exact rational p/q
/// unless labelled as a float estimate.
///
/// Instances: PrefLib .soc/.soi/.toc/.toi files or ualign JSON (see the README).
/// Exit codes: 0 success, 1 a claim or check failed, 2 bad input.
#[derive(Parser, Debug)]
#[command(name = "ualign", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    #[command(flatten)]
    pub(crate) global: common::GlobalArgs,
}

// No doc comments on the variants: clap would print them instead of each subcommand's own
// description (the doc comment of its `Args` struct).
#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    Info(info::InfoArgs),
    Eval(eval::EvalArgs),
    Demo(demo::DemoArgs),
    Nlhf(nlhf::NlhfArgs),
    Optimal(optimal::OptimalArgs),
    Robust(robust::RobustArgs),
    Generate(generate::GenerateArgs),
    Barrier(barrier::BarrierArgs),
    Curve(curve::CurveArgs),
    Sweep(sweep::SweepArgs),
    SweepMerge(sweep_merge::SweepMergeArgs),
    Certify(certify::CertifyArgs),
    Proofs(proofs::ProofsArgs),
    Verify(verify::VerifyArgs),
    Report(report::ReportArgs),
    Equilibrium(equilibrium::EquilibriumArgs),
    Selfplay(selfplay::SelfPlayArgs),
    Tightness(tightness::TightnessArgs),
    Completions(shell::CompletionsArgs),
    Man(shell::ManArgs),
}

/// Runs one parsed command.
pub(crate) fn run(cli: &Cli) -> CliResult {
    common::apply_global(&cli.global);
    match &cli.command {
        Command::Info(a) => info::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Demo(a) => demo::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Nlhf(a) => nlhf::run(a),
        Command::Optimal(a) => optimal::run(a),
        Command::Robust(a) => robust::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Report(a) => report::run(a),
        Command::Certify(a) => certify::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::SweepMerge(a) => sweep_merge::run(a),
        Command::Curve(a) => curve::run(a),
        Command::Barrier(a) => barrier::run(a),
        Command::Proofs(a) => proofs::run(a),
        Command::Equilibrium(a) => equilibrium::run(a),
        Command::Selfplay(a) => selfplay::run(a),
        Command::Tightness(a) => tightness::run(a),
        Command::Completions(a) => shell::completions(a),
        Command::Man(a) => shell::man(a),
    }
}

/// Entry point of the binary: parses arguments, runs, prints errors once, returns the exit code.
pub fn main() -> i32 {
    // Die quietly on a closed pipe (`ualign ... | head`) like other command-line tools.
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to its default before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    signals::install();
    match run(&cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {}", e.message());
            e.code()
        }
    }
}
