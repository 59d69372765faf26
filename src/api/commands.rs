//! One function per command: validate, compute, build the result tree (keys in
//! `docs/json-schema.md`). Functions named `*_out` only build the tree from a computed result,
//! for callers that also need the result itself (the command line's text output, files).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::out::{Out, named, names_of};
use super::{ApiError, MAX_OPPONENTS, Source, check_ell, check_k, check_ks, envelope};
use crate::certificate::certify::{
    BarrierCertificate, CertifyOptions, certify as certify_instance,
};
use crate::equilibrium::dynamics::{
    SelfPlayOptions, SelfPlayRun, exact_final, self_play, validate, validate_for,
};
use crate::equilibrium::{EquilibriumResult, EquilibriumStatus, SolveOptions};
use crate::game::multiset::multiset_count;
use crate::game::robust::RobustReport;
use crate::game::{
    Mixture, condorcet_winner_of_signs, margin_matrix, margin_signs, mixture_robust,
    product_report, product_robust_ell, smith_set_of_signs,
};
use crate::instance::Instance;
use crate::io::memory;
use crate::number::{Q, q};
use crate::scaling::{Curve, scaling_curve};
use crate::verify::{VerifyError, VerifySummary};

/// k/(k+1), the best robust win rate of product policies.
fn ceiling(k: usize) -> Q {
    q(k as i64, k as u64 + 1)
}

/// Largest number of responses whose margin matrix `info` includes unless asked to.
pub const MATRIX_PRINT_LIMIT: usize = 30;

/// `info`: responses, user types, total weight, margin matrix (when `matrix` is true or there
/// are at most [`MATRIX_PRINT_LIMIT`] responses; else null), Condorcet winner, Smith set. The
/// winner and the Smith set come from the margin signs (1 byte per pair), so a large instance
/// costs m² bytes, not m² rationals; both tables are checked against the memory budget first.
pub fn info(src: &Source, matrix: bool) -> Result<Out, ApiError> {
    let inst = src.inst;
    let names = inst.responses();
    let m = inst.m() as u128;
    memory::check("the margin signs", memory::table_bytes(m * m, 1))?;
    let signs = margin_signs(inst);
    let winner = condorcet_winner_of_signs(&signs);
    let smith = smith_set_of_signs(&signs);
    let rows = if matrix || inst.m() <= MATRIX_PRINT_LIMIT {
        memory::check(
            "the margin matrix",
            memory::table_bytes(m * m, memory::BYTES_PER_RATIONAL),
        )?;
        let rows: Vec<Out> = margin_matrix(inst)
            .iter()
            .map(|r| Out::List(r.iter().map(Out::from).collect()))
            .collect();
        Out::List(rows)
    } else {
        Out::Null
    };
    Ok(envelope("info", Some(src), None)
        .with("responses", names.to_vec())
        .with("user_types", inst.n())
        .with("total_weight", inst.total_weight())
        .with("margin_matrix", rows)
        .with("condorcet_winner", winner.map(|y| names[y].clone()))
        .with("smith_set", names_of(names, &smith)))
}

/// `eval`: the product policy π^{⊗k}: U_k(y, π) for all y, R_k, ε(π), worst opponent.
pub fn eval(src: &Source, k: usize, pi: &[Q]) -> Result<Out, ApiError> {
    let k = check_k(k)?;
    let inst = src.inst;
    crate::game::validate_distribution(inst, pi).map_err(ApiError::Input)?;
    let r = product_report(inst, pi, k);
    let names = inst.responses();
    Ok(envelope("eval", Some(src), Some(k))
        .with("policy", named(names, pi))
        .with("deviation_payoffs", named(names, &r.payoffs))
        .with("robust_win_rate", &r.robust_win_rate)
        .with("exploitability", &r.exploitability)
        .with("worst_opponent", &names[r.worst_opponent])
        .with("equilibrium", r.exploitability == Q::ZERO)
        .with("ceiling", ceiling(k)))
}

/// `nlhf`: an exact maximal lottery, its uniqueness and ranges, and R_k(p^{⊗k}) for each k.
pub fn nlhf(src: &Source, ks: &[usize]) -> Result<Out, ApiError> {
    check_ks(ks)?;
    let inst = src.inst;
    super::memory_guard(inst, ks, 0)?;
    let ml = crate::nlhf::maximal_lottery(inst).map_err(|e| ApiError::Failed(e.to_string()))?;
    let names = inst.responses();
    let rows: Vec<Out> = ks
        .iter()
        .map(|&k| {
            let r = product_report(inst, &ml.p, k);
            Out::map()
                .with("k", k)
                .with("robust_win_rate", &r.robust_win_rate)
                .with("worst_opponent", &names[r.worst_opponent])
                .with("ceiling", ceiling(k))
        })
        .collect();
    let ranges = Out::Map(
        names
            .iter()
            .zip(&ml.ranges)
            .map(|(n, r)| (n.clone(), vec![&r.lower.bound, &r.upper.bound].into()))
            .collect(),
    );
    Ok(envelope("nlhf", Some(src), None)
        .with("maximal_lottery", named(names, &ml.p))
        .with("unique", ml.unique)
        .with("ranges", ranges)
        .with(
            "condorcet_winner",
            ml.condorcet_winner.map(|y| names[y].clone()),
        )
        .with("smith_set", names_of(names, &ml.smith_set))
        .with("robust_win_rates", Out::List(rows)))
}

/// A k-output policy: a list of `{responses, probability}`.
pub fn mixture_out(names: &[String], entries: &[(Vec<usize>, Q)]) -> Out {
    Out::List(
        entries
            .iter()
            .map(|(s, p)| {
                Out::map()
                    .with("responses", names_of(names, s))
                    .with("probability", p)
            })
            .collect(),
    )
}

/// `optimal`: v*_k by exact LP, an optimal k-output policy and the dual worst-case opponent.
pub fn optimal(src: &Source, k: usize) -> Result<Out, ApiError> {
    use crate::koutput::{KOutputError, optimal_koutput};
    let k = check_k(k)?;
    let inst = src.inst;
    memory::check_koutput(inst.m(), k, crate::koutput::MAX_COLUMNS)?;
    let r = optimal_koutput(inst, k).map_err(|e| match e {
        KOutputError::TooLarge(_) | KOutputError::ZeroK => ApiError::Input(e.to_string()),
        _ => ApiError::Failed(e.to_string()),
    })?;
    let names = inst.responses();
    Ok(envelope("optimal", Some(src), Some(k))
        .with("value", &r.value)
        .with("ceiling", ceiling(k))
        .with("policy", mixture_out(names, &r.policy))
        .with("opponent", named(names, &r.opponent))
        .with("columns", r.columns)
        .with("rounds", r.rounds))
}

/// The policy whose worst case [`robust`] computes.
#[derive(Debug, Clone)]
pub enum RobustPolicy {
    /// A product policy π^{⊗k}: a distribution over the responses.
    Product(Vec<Q>),
    /// An explicit mixture of k-multisets (see [`super::mixture_from_json`]).
    Mixture(Mixture),
}

/// The exact worst-case ℓ-multiset opponent of a product or mixture policy (see [`robust`]).
pub fn robust_report(
    inst: &Instance,
    k: usize,
    policy: &RobustPolicy,
    ell: usize,
) -> Result<RobustReport, ApiError> {
    let k = check_k(k)?;
    check_ell(ell)?;
    let count = multiset_count(inst.m(), ell).unwrap_or(u128::MAX);
    if count > MAX_OPPONENTS {
        return Err(ApiError::Input(format!(
            "{count} opponent multisets for ℓ = {ell}: above the limit of {MAX_OPPONENTS}"
        )));
    }
    match policy {
        RobustPolicy::Product(pi) => {
            crate::game::validate_distribution(inst, pi).map_err(ApiError::Input)?;
            Ok(product_robust_ell(inst, pi, k, ell))
        }
        RobustPolicy::Mixture(mix) if mix.k != k => Err(ApiError::Input(format!(
            "the mixture shows {} responses, expected k = {k}",
            mix.k
        ))),
        RobustPolicy::Mixture(mix) => Ok(mixture_robust(inst, mix, ell)),
    }
}

/// `product` or `mixture`.
pub fn policy_kind(policy: &RobustPolicy) -> &'static str {
    match policy {
        RobustPolicy::Product(_) => "product",
        RobustPolicy::Mixture(_) => "mixture",
    }
}

/// Where R_{k,ℓ} lies: `below_union_bound`, `between_union_bound_and_product_ceiling` (product
/// policies only) or `above_union_bound`.
pub fn robust_position(r: &RobustReport, policy: &RobustPolicy) -> &'static str {
    if r.robust_win_rate < r.union_bound {
        "below_union_bound"
    } else if matches!(policy, RobustPolicy::Product(_)) && r.robust_win_rate <= r.product_ceiling {
        "between_union_bound_and_product_ceiling"
    } else {
        "above_union_bound"
    }
}

/// `robust`: the exact worst-case ℓ-multiset opponent of a product or mixture policy, with the
/// union bound (k+1−ℓ)/(k+1) and the product ceiling k/(k+ℓ).
pub fn robust(src: &Source, k: usize, policy: &RobustPolicy, ell: usize) -> Result<Out, ApiError> {
    let r = robust_report(src.inst, k, policy, ell)?;
    Ok(robust_out(src, &r, policy))
}

/// The result tree of [`robust`].
pub fn robust_out(src: &Source, r: &RobustReport, policy: &RobustPolicy) -> Out {
    envelope("robust", Some(src), Some(r.k))
        .with("opponents", r.ell)
        .with("policy_kind", policy_kind(policy))
        .with("robust_win_rate", &r.robust_win_rate)
        .with(
            "worst_opponent",
            names_of(src.inst.responses(), &r.worst_opponent),
        )
        .with("union_bound", &r.union_bound)
        .with("product_ceiling_l", &r.product_ceiling)
        .with("position", robust_position(r, policy))
}

/// `equilibrium`: a symmetric equilibrium of the (k+1)-player game with its status.
pub fn equilibrium(src: &Source, k: usize, precision: usize) -> Result<Out, ApiError> {
    let k = check_k(k)?;
    check_precision(precision)?;
    let opts = SolveOptions {
        precision,
        ..SolveOptions::default()
    };
    let r = crate::certificate::confirm::solve_confirmed(src.inst, k, &opts)
        .map_err(|e| ApiError::Input(e.to_string()))?;
    Ok(equilibrium_out(src, &r, &opts))
}

/// Checks the working precision of [`equilibrium`] (MIN_PRECISION..=MAX_PRECISION bits).
pub fn check_precision(precision: usize) -> Result<(), ApiError> {
    use crate::equilibrium::{MAX_PRECISION, MIN_PRECISION};
    if (MIN_PRECISION..=MAX_PRECISION).contains(&precision) {
        Ok(())
    } else {
        Err(ApiError::Input(format!(
            "--precision must be between {MIN_PRECISION} and {MAX_PRECISION} bits, got {precision}"
        )))
    }
}

/// The result tree of a solved equilibrium (see [`equilibrium`]).
pub fn equilibrium_out(src: &Source, r: &EquilibriumResult, opts: &SolveOptions) -> Out {
    let names = src.inst.responses();
    let k = r.k;
    let mut o = envelope("equilibrium", Some(src), Some(k))
        .with("status", r.status.to_string())
        .with("method", &r.method)
        .with("policy", named(names, &r.policy))
        .with("support", names_of(names, &r.support))
        .with("exploitability", &r.exploitability)
        .with("robust_win_rate", &r.robust_win_rate)
        .with("ceiling", ceiling(k));
    if r.status == EquilibriumStatus::Epsilon {
        o.push("epsilon_target", &opts.epsilon_target);
        o.push("epsilon_target_met", r.target_met);
    }
    if let Some(bx) = &r.bx {
        // `robust_win_rate` is that of the exact equilibrium inside the box; the rational
        // centre given as `policy` has R_k = k/(k+1) − exploitability.
        o.push("policy_robust_win_rate", ceiling(k) - &r.exploitability);
        let bounds = |lo: &[Q], hi: &[Q]| {
            Out::Map(
                (0..names.len())
                    .map(|y| (names[y].clone(), Out::from(vec![&lo[y], &hi[y]])))
                    .collect(),
            )
        };
        let boxed = bounds(&bx.lo, &bx.hi);
        o.push("box", boxed.clone());
        let precond: Vec<Out> = bx
            .precond
            .iter()
            .map(|row| Out::List(row.iter().map(Out::from).collect()))
            .collect();
        o.push(
            "certificate",
            Out::map()
                .with(
                    "method",
                    if bx.segment.is_some() {
                        "segment"
                    } else {
                        "krawczyk"
                    },
                )
                .with("support", names_of(names, &bx.support))
                .with("basis", &names[bx.basis])
                .with("free", names_of(names, &bx.free()))
                .with("box", boxed)
                .with("preconditioner", Out::List(precond))
                .with("max_width", bx.max_width()),
        );
        if let Some(t) = &bx.touching {
            // docs/THEORY.md §10.3: π(y) ∈ [0, t_hi] in `box`, the end box at π(y) = t_hi.
            let touching = Out::map()
                .with("response", &names[t.response])
                .with("t_hi", &bx.hi[t.response])
                .with("end_box", bounds(&t.end_lo, &t.end_hi));
            o.push("touching", touching);
        }
        if let Some(sg) = &bx.segment {
            // docs/THEORY.md §10.4: the segment from → to, f_z = q_z·g + r_z per response.
            let list = |p: &[Q]| Out::List(p.iter().map(Out::from).collect());
            let per = |v: &[Vec<Q>]| {
                (names.iter().zip(v)).fold(Out::map(), |o, (n, p)| o.with(n, list(p)))
            };
            let point = |v: &[Q]| (names.iter().zip(v)).fold(Out::map(), |o, (n, x)| o.with(n, x));
            let segment = Out::map()
                .with("from", point(&sg.from))
                .with("to", point(&sg.to))
                .with("divisor", list(&sg.divisor))
                .with("quotients", per(&sg.quotients))
                .with("remainders", per(&sg.remainders));
            o.push("segment", segment);
        }
    }
    o
}

/// `curve`: the test-time scaling table (NLHF, equilibrium, optimal, union line, RLHF) per k.
pub fn curve(src: &Source, ks: &[usize], ell: usize, max_columns: u128) -> Result<Out, ApiError> {
    check_ks(ks)?;
    check_ell(ell)?;
    super::memory_guard(src.inst, ks, max_columns)?;
    let c = scaling_curve(src.inst, ks, ell, max_columns)
        .map_err(|e| ApiError::Failed(e.to_string()))?;
    Ok(curve_out(src, &c))
}

/// The result tree of a computed scaling curve (see [`curve`]). `rlhf` is exact: the robust
/// win rate of the single response `rlhf_response` that a float Bradley-Terry fit chose.
pub fn curve_out(src: &Source, c: &Curve) -> Out {
    let rows: Vec<Out> = c
        .rows
        .iter()
        .map(|r| {
            Out::map()
                .with("k", r.k)
                .with("nlhf", &r.nlhf)
                .with("equilibrium", &r.equilibrium)
                .with("equilibrium_status", r.equilibrium_status.to_string())
                .with("optimal", r.optimal.as_ref())
                .with("union_bound", &r.union_bound)
                .with("ceiling", &r.ceiling)
                .with("rlhf", &r.rlhf)
        })
        .collect();
    envelope("curve", Some(src), None)
        .with("opponents", c.ell)
        .with("rlhf_response", &src.inst.responses()[c.rlhf_choice])
        .with("rows", Out::List(rows))
}

/// `selfplay`: runs the learning dynamics (stoppable through `stop`) and reports.
pub fn selfplay(
    src: &Source,
    k: usize,
    opts: &SelfPlayOptions,
    stop: Option<&AtomicBool>,
) -> Result<Out, ApiError> {
    let k = check_k(k)?;
    validate(k, opts).map_err(ApiError::Input)?;
    validate_for(src.inst.m(), k, opts).map_err(ApiError::Input)?;
    let run = self_play(src.inst, k, opts, stop, &mut |_, _| {}).map_err(ApiError::Input)?;
    Ok(selfplay_out(src, &run))
}

/// The result tree of a self-play run: float estimates (`_f64`) and the last iterate made exact.
pub fn selfplay_out(src: &Source, run: &SelfPlayRun) -> Out {
    let names = src.inst.responses();
    let k = run.k;
    let exact = exact_final(src.inst, k, &run.final_policy);
    let fp = Out::Map(
        names
            .iter()
            .zip(&run.final_policy)
            .map(|(n, &x)| (n.clone(), Out::Float(x)))
            .collect(),
    );
    let log: Vec<Out> = run
        .log
        .iter()
        .map(|p| {
            Out::map()
                .with("t", p.t)
                .with("exploitability_f64", p.exploitability)
        })
        .collect();
    envelope("selfplay", Some(src), Some(k))
        .with("algo", run.algo.name())
        .with("eta", run.eta)
        .with("iters_requested", run.iters_requested)
        .with("iters_done", run.iters_done)
        .with("interrupted", run.interrupted)
        .with("final_policy_f64", fp)
        .with("final_exploitability_f64", run.final_exploitability)
        .with("final_policy", named(names, &exact.policy))
        .with("final_exploitability", &exact.exploitability)
        .with("final_robust_win_rate", &exact.robust_win_rate)
        .with("best_round", run.best_round)
        .with("best_exploitability_f64", run.best_exploitability)
        .with("regret_f64", run.regret)
        .with("mixture_robust_win_rate_f64", run.mixture_robust_win_rate)
        .with("regret_guarantee_f64", run.regret_guarantee)
        .with("hedge_regret_bound_f64", run.hedge_regret_bound)
        .with("ceiling", ceiling(k))
        .with("log", Out::List(log))
}

/// The robust win rate the barrier table shows for an equilibrium: k/(k+1) when proved.
pub fn barrier_equilibrium_rate(r: &EquilibriumResult) -> Q {
    match r.status {
        EquilibriumStatus::Exact | EquilibriumStatus::CertifiedBox => ceiling(r.k),
        EquilibriumStatus::Epsilon => r.robust_win_rate.clone(),
    }
}

/// `barrier`: the barrier instance B(eps), NLHF's and the equilibrium's R_k per k.
pub fn barrier_out(
    inst: &Instance,
    eps: &Q,
    ks: &[usize],
    b: &BarrierCertificate,
    output: Option<&Path>,
) -> Out {
    let src = Source::memory(inst);
    let rows: Vec<Out> = ks
        .iter()
        .zip(&b.equilibria)
        .zip(&b.nlhf)
        .map(|((&k, e), n)| {
            Out::map()
                .with("k", k)
                .with("nlhf_robust_win_rate", n)
                .with("equilibrium_robust_win_rate", barrier_equilibrium_rate(e))
                .with("equilibrium_status", e.status.to_string())
                .with("ceiling", ceiling(k))
        })
        .collect();
    envelope("barrier", Some(&src), None)
        .with("eps", eps)
        .with("responses", inst.responses().to_vec())
        .with("barrier", q(1, 2) + eps)
        .with("certificate_file", output.map(|p| p.display().to_string()))
        .with("claims", b.certificate.claims.len())
        .with("notes", b.notes.clone())
        .with("rows", Out::List(rows))
}

/// `certify`: writes a certificate for `ks` to `output` (atomically) and lists its claims.
pub fn certify(
    src: &Source,
    ks: &[usize],
    output: impl AsRef<Path>,
    opponents: usize,
    max_columns: u128,
) -> Result<Out, ApiError> {
    let output = output.as_ref();
    check_ks(ks)?;
    if opponents >= 1 {
        check_ell(opponents)?;
    }
    let opts = CertifyOptions {
        ks: ks.to_vec(),
        koutput_max_columns: max_columns,
        ell: (opponents >= 1).then_some(opponents),
    };
    super::memory_guard(src.inst, ks, max_columns)?;
    let out = certify_instance(src.inst, &opts).map_err(|e| match e {
        crate::certificate::certify::CertifyError::CheckerLimit(_) => {
            ApiError::Input(e.to_string())
        }
        _ => ApiError::Failed(e.to_string()),
    })?;
    let text = out.certificate.to_json_string();
    crate::io::output::write_output(output, text.as_bytes())
        .map_err(|e| ApiError::Input(e.to_string()))?;
    let claims: Vec<Out> = out
        .certificate
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| Out::map().with("index", i).with("kind", c.kind()))
        .collect();
    Ok(envelope("certify", Some(src), None)
        .with("ks", ks.to_vec())
        .with("opponents", opponents)
        .with("certificate_file", output.display().to_string())
        .with("claims", Out::List(claims))
        .with("notes", out.notes))
}

/// One file's verification record: `file`, `ok`, `status` (ok, failed, malformed),
/// `instance_sha256`, `claims` (`{index, kind, k, ok, message}`; a failed claim comes last with
/// `ok` false) and `error` (null when ok).
pub fn verify_record(file: &str, result: &Result<VerifySummary, VerifyError>) -> Out {
    let rec = Out::map().with("file", file).with("ok", result.is_ok());
    match result {
        Ok(s) => {
            let claims: Vec<Out> = s
                .claims
                .iter()
                .map(|c| {
                    Out::map()
                        .with("index", c.index)
                        .with("kind", c.kind)
                        .with("k", c.k)
                        .with("ok", true)
                        .with("message", &c.detail)
                })
                .collect();
            rec.with("status", "ok")
                .with("instance_sha256", &s.instance_sha256)
                .with("claims", Out::List(claims))
                .with("error", Out::Null)
        }
        Err(VerifyError::Malformed(m)) => rec
            .with("status", "malformed")
            .with("instance_sha256", Out::Null)
            .with("claims", Out::List(vec![]))
            .with("error", m),
        Err(
            e @ VerifyError::ClaimFailed {
                claim,
                kind,
                message,
            },
        ) => {
            let failed = Out::map()
                .with("index", *claim)
                .with("kind", kind)
                .with("k", Out::Null)
                .with("ok", false)
                .with("message", message);
            rec.with("status", "failed")
                .with("instance_sha256", Out::Null)
                .with("claims", Out::List(vec![failed]))
                .with("error", e.to_string())
        }
    }
}

/// `verify` of several files: the envelope (no instance), `ok` (every file holds) and `files`.
pub fn verify_out(records: Vec<Out>) -> Out {
    let ok = records
        .iter()
        .all(|r| matches!(r.get("ok"), Some(Out::Bool(true))));
    envelope("verify", None, None)
        .with("ok", ok)
        .with("files", Out::List(records))
}

/// `verify` of one file, flat: the envelope, then the fields of [`verify_record`].
pub fn verify(path: impl AsRef<Path>) -> Out {
    let path = path.as_ref();
    let result = crate::verify::verify_file(path);
    let mut o = envelope("verify", None, None);
    if let (Out::Map(fields), Out::Map(rec)) =
        (&mut o, verify_record(&path.display().to_string(), &result))
    {
        fields.retain(|(k, _)| k != "instance_sha256");
        fields.extend(rec);
    }
    o
}
