//! `ualign tightness FAMILY --k K (--n N | --symbolic)`: v*_k of a whole symmetric family by the
//! orbit LP, without building its user types (docs/THEORY.md §9).

use clap::Args;

use super::common::{CliError, CliResult, parse_k_range, print_out};
use crate::api::tightness::{
    family_response_name as response_name, tightness_symbolic, tightness_values,
};
use crate::number::Q;
use crate::report::{self, human};
use crate::tightness::{
    self, Family, FamilyValue, MAX_FAMILY_K, MAX_FAMILY_N, SymbolicValue, ceiling,
};

/// The upper bound for a whole family: exact v*_k by the symmetry-reduced (orbit) LP.
///
/// FAMILY is `impartial` (every strict order on N responses, N! user types) or `cycle` (the N
/// rotations of y1 ≻ … ≻ yN). Both are invariant under a group acting transitively on the
/// responses, so an optimal k-output policy can be taken invariant (one variable per orbit of
/// k-multisets) and the uniform opponent is an optimal dual: v*_k is the best orbit's win rate
/// against it, in closed form in N. With `--n N` (N up to 10^6, k up to 16) it prints v*_k, the
/// optimal orbit and how far above k/(k+1) it is. With `--symbolic` (impartial only) it prints
/// v*_k(N) as a rational function of N, proved for every N ≥ N0, its limit as N → ∞, and the
/// values for N < N0 one by one.
#[derive(Args, Debug)]
pub struct TightnessArgs {
    /// `impartial` or `cycle`.
    pub family: String,
    /// Number of responses shown: one k or a range A..B (1 ≤ k ≤ 16).
    #[arg(long)]
    pub k: String,
    /// Number of responses N of the family member (1 ≤ N ≤ 10^6).
    #[arg(
        long,
        conflicts_with = "symbolic",
        required_unless_present = "symbolic"
    )]
    pub n: Option<u64>,
    /// v*_k as a rational function of N, valid for every N ≥ N0 (impartial only).
    #[arg(long)]
    pub symbolic: bool,
    /// Print JSON (one object for one k, else the envelope with one object per k in `rows`).
    #[arg(long)]
    pub json: bool,
    /// Also write a family certificate (checked by the checker before it is written) that
    /// `ualign verify` and `python3 python/ualign_check.py` re-derive.
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
}

fn write_certificate(
    path: &std::path::Path,
    cert: &crate::verify::family::FamilyCertificate,
) -> CliResult {
    let text = tightness::certificate::checked_json(cert)
        .map_err(|e| CliError::Failed(format!("the family certificate does not verify: {e}")))?;
    super::common::write_output(path, &text)?;
    eprintln!(
        "wrote {} ({} claims, verified)",
        path.display(),
        cert.claims.len()
    );
    Ok(())
}

pub fn run(args: &TightnessArgs) -> CliResult {
    let family = Family::parse(&args.family).ok_or_else(|| {
        CliError::Input(format!(
            "unknown family `{}` (expected `impartial` or `cycle`)",
            args.family
        ))
    })?;
    let ks = parse_k_range(&args.k)?;
    if let Some(&k) = ks.iter().find(|&&k| k > MAX_FAMILY_K) {
        return Err(CliError::Input(
            tightness::TightnessError::BadK(k).to_string(),
        ));
    }
    let input = |e: tightness::TightnessError| CliError::Input(e.to_string());
    if args.symbolic {
        if family != Family::Impartial {
            return Err(input(tightness::TightnessError::NoSymbolic));
        }
        let rs: Vec<SymbolicValue> = ks
            .iter()
            .map(|&k| tightness::symbolic_impartial(k))
            .collect::<Result<_, _>>()
            .map_err(input)?;
        if let Some(path) = &args.output {
            write_certificate(path, &tightness::certificate::symbolic_certificate(&rs))?;
        }
        if args.json {
            print_out(&tightness_symbolic(&ks)?);
        } else {
            print_symbolic(&rs);
        }
        return Ok(());
    }
    let n = args.n.unwrap_or(0);
    if n == 0 || n > MAX_FAMILY_N {
        return Err(input(tightness::TightnessError::BadN(n)));
    }
    let rs: Vec<FamilyValue> = ks
        .iter()
        .map(|&k| tightness::solve(family, n, k))
        .collect::<Result<_, _>>()
        .map_err(input)?;
    if let Some(path) = &args.output {
        write_certificate(
            path,
            &tightness::certificate::value_certificate(family, &rs),
        )?;
    }
    if args.json {
        print_out(&tightness_values(family, n, &ks)?);
    } else {
        print_values(family, n, &rs);
    }
    Ok(())
}

fn family_title(family: Family) -> &'static str {
    match family {
        Family::Impartial => "impartial culture (every strict order, N! user types)",
        Family::Cycle => "Condorcet cycle (the N rotations of y1 ≻ … ≻ yN)",
    }
}

fn orbit_label(r: &FamilyValue) -> String {
    let names: Vec<String> = r
        .orbit
        .representative
        .iter()
        .map(|&i| response_name(i))
        .collect();
    format!("{{{}}}", names.join(", "))
}

fn print_values(family: Family, n: u64, rs: &[FamilyValue]) {
    println!("{}, N = {n}", family_title(family));
    let rows: Vec<Vec<String>> = rs
        .iter()
        .map(|r| {
            vec![
                r.k.to_string(),
                human(&r.value),
                human(&ceiling(r.k)),
                human(&r.excess()),
                orbit_label(r),
            ]
        })
        .collect();
    print!(
        "{}",
        report::table(
            &[
                "k",
                "v*_k",
                "k/(k+1)",
                "v*_k − k/(k+1)",
                "optimal orbit (representative)"
            ],
            &rows
        )
    );
    println!(
        "\nproved by the orbit LP: the optimal policy spreads its mass uniformly over the orbit \
         shown (all relabellings of the representative under the family's symmetry group); the \
         uniform opponent (1/N on every response) is an optimal dual, so no k-output policy \
         beats v*_k on this instance."
    );
}

fn print_symbolic(rs: &[SymbolicValue]) {
    println!(
        "{}: v*_k as a function of N",
        family_title(Family::Impartial)
    );
    for s in rs {
        println!(
            "\nk = {}: v*_{}(N) = ({}) / ({}) for every N ≥ {}",
            s.k,
            s.k,
            crate::report::polynomial_in_n(&s.numerator),
            crate::report::polynomial_in_n(&s.denominator),
            s.valid_for_n_at_least
        );
        let excess = &s.limit - ceiling(s.k);
        println!(
            "  limit N → ∞: {} (k/(k+1) = {}{})",
            human(&s.limit),
            human(&ceiling(s.k)),
            if excess == Q::ZERO { ", equal" } else { "" }
        );
        println!(
            "  optimal pattern for N ≥ {}: multiplicities {:?}",
            s.valid_for_n_at_least, s.pattern
        );
        for r in &s.small_n {
            println!(
                "  N = {}: v*_{} = {} (multiplicities {:?})",
                r.n,
                s.k,
                human(&r.value),
                r.orbit.multiplicities
            );
        }
    }
    println!(
        "\nproved: for N ≥ N0 the pattern shown beats every other pattern against the uniform \
         dual (each difference is a polynomial in N with non-negative coefficients after the \
         shift N = N0 + t); smaller N are solved one by one."
    );
}
