//! `ualign generate FAMILY [params] [-o FILE]`: write an instance file of a theorem family or a
//! seeded random profile.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::common::{CliError, CliResult};
use crate::families::{self, RandomModel};
use crate::instance::InstanceError;
use crate::number::parse_q;

/// Write an instance of a theorem family or a seeded random profile.
///
/// Generate an instance (ualign JSON) of a theorem family or a seeded random profile.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[command(subcommand)]
    pub family: Family,
    /// Output file (written atomically); prints to stdout when omitted.
    #[arg(short, long, global = true)]
    pub output: Option<PathBuf>,
}

/// Sizes of a seeded random profile.
#[derive(Args, Debug, Clone)]
pub struct RandomArgs {
    /// Number of responses m.
    #[arg(long, default_value_t = 5)]
    pub responses: usize,
    /// Number of sampled voters (identical orders are merged into weighted user types).
    #[arg(long, default_value_t = 100)]
    pub types: usize,
    /// Random seed (same seed, same instance).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Each voter ranks only its top N responses (the rest unranked, tied at the bottom), like a
    /// survey asking for a top-10; default: full strict orders.
    #[arg(long)]
    pub top: Option<usize>,
}

impl RandomArgs {
    fn sample(&self, model: &RandomModel) -> Result<crate::instance::Instance, InstanceError> {
        families::random_top(
            model,
            self.responses,
            self.types,
            self.top.unwrap_or(self.responses),
            self.seed,
        )
    }
}

#[derive(Subcommand, Debug)]
pub enum Family {
    /// The 1/2 barrier B(eps): a ≻ b for weight 1/2 + eps, b ≻ a for 1/2 − eps; with --others N,
    /// a Condorcet winner a beating each of b1..bN by a margin of only 2·eps.
    Barrier {
        /// eps as an exact rational, 0 < eps < 1/2 (e.g. 1/10).
        #[arg(long)]
        eps: String,
        /// Number of responses a must beat.
        #[arg(long, default_value_t = 1)]
        others: usize,
    },
    /// Impartial culture: every strict order on N responses with equal weight (N! types).
    Impartial {
        #[arg(long)]
        n: usize,
    },
    /// The N cyclic shifts of one order (a Condorcet cycle), equal weight.
    Cycle {
        #[arg(long)]
        n: usize,
    },
    /// Sampled impartial culture: uniformly random strict orders.
    IcSample(RandomArgs),
    /// Mallows model around y1 ≻ … ≻ ym with rational dispersion phi in (0, 1].
    Mallows {
        /// Dispersion, e.g. 1/2 (1 = uniform, near 0 = concentrated).
        #[arg(long)]
        phi: String,
        #[command(flatten)]
        sizes: RandomArgs,
    },
    /// Plackett-Luce with seeded utilities.
    PlackettLuce(RandomArgs),
    /// Single-peaked orders on the axis y1 … ym.
    SinglePeaked(RandomArgs),
}

fn rational(flag: &str, s: &str) -> Result<crate::number::Q, CliError> {
    parse_q(s).map_err(|e| CliError::Input(format!("--{flag}: {e}")))
}

/// Builds the requested instance.
pub fn build(family: &Family) -> Result<crate::instance::Instance, CliError> {
    let inst = match family {
        Family::Barrier { eps, others } => families::barrier(&rational("eps", eps)?, *others),
        Family::Impartial { n } => families::impartial(*n),
        Family::Cycle { n } => families::cycle(*n),
        Family::IcSample(a) => a.sample(&RandomModel::ImpartialSample),
        Family::Mallows { phi, sizes: a } => a.sample(&RandomModel::Mallows {
            phi: rational("phi", phi)?,
        }),
        Family::PlackettLuce(a) => a.sample(&RandomModel::PlackettLuce),
        Family::SinglePeaked(a) => a.sample(&RandomModel::SinglePeaked),
    };
    Ok(inst?)
}

pub fn run(args: &GenerateArgs) -> CliResult {
    let inst = build(&args.family)?;
    let text = crate::instance::json::to_string_pretty(&inst);
    if text.len() as u64 > crate::instance::MAX_FILE_BYTES {
        return Err(CliError::Input(format!(
            "the instance would be {} bytes, above the {}-byte limit of the instance reader; \
             use fewer --types or --responses",
            text.len(),
            crate::instance::MAX_FILE_BYTES
        )));
    }
    match &args.output {
        Some(path) => {
            super::common::write_output(path, &text)?;
            eprintln!(
                "wrote {} ({} responses, {} user types, sha256 {})",
                path.display(),
                inst.m(),
                inst.n(),
                &inst.sha256()[..16]
            );
        }
        None => print!("{text}"),
    }
    Ok(())
}
