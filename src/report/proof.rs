//! `ualign report`: what a certificate proves, restated for people (docs/THEORY.md §8).
//!
//! The certificate is checked first with the independent checker ([`crate::verify`]); a file
//! that does not verify is refused, so a report never describes a false claim. The report is then
//! laid out from the certificate's own claims, grouped as a reviewer reads them: the instance
//! (responses, user types, hash), NLHF's maximal lottery, one table row per k (NLHF's R_k, the
//! equilibrium and its robust win rate, v*_k), the ℓ-output rivals, the ½ barrier, and how to
//! re-derive it all. Every number is the certificate's exact string; strings over 30 characters
//! are shown as `≈ value, P/Q digits` ([`crate::verify::number::shorten`]), labelled as such.
//! Nothing here computes a mathematical result: the only arithmetic is the width of a box and the
//! ceiling k/(k+1) (docs/THEORY.md §4), both shown for orientation next to the checked claims.
//!
//! The layout is a small document model ([`Block`]) rendered as Markdown or as a LaTeX fragment
//! (for `\input` in a paper's appendix) by [`super::proof_render`].

use std::collections::BTreeMap;

use crate::number::{Q, fmt_q, parse_q, to_f64};
use crate::verify::family::{FamilyCertificate, is_family_certificate};
use crate::verify::format::{
    BarrierClaim, Certificate, Claim, EquilibriumClaim, EquilibriumStatus, KOutputValueClaim,
    MaximalLotteryClaim, NameMap, PolicySpec, RobustWinRateClaim,
};
use crate::verify::{VerifyError, verify_str};

/// One block of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 is the report's title, level 2 a section.
    Heading(u8, String),
    /// A paragraph.
    Text(String),
    /// A bulleted list.
    Items(Vec<String>),
    /// A table with a header row.
    Table {
        /// Column titles.
        header: Vec<String>,
        /// Rows, each as long as the header.
        rows: Vec<Vec<String>>,
    },
}

/// Most entries of a distribution listed in one line (the rest are counted).
const MAX_LISTED: usize = 12;

/// A certificate number for people: exact when short, `≈ value, P/Q digits` when longer than 30
/// characters, with a 4-digit decimal after short fractions.
pub fn num(s: &str) -> String {
    if s.len() > 30 {
        return crate::verify::number::shorten(s);
    }
    match parse_q(s) {
        Ok(x) if s.contains('/') => format!("{} ≈ {:.4}", fmt_q(&x), to_f64(&x)),
        _ => s.to_string(),
    }
}

/// `name value, …` over the entries with a nonzero value, at most [`MAX_LISTED`].
fn distribution(p: &NameMap) -> String {
    let nonzero: Vec<&(String, String)> = p.0.iter().filter(|(_, v)| !is_zero(v)).collect();
    let mut parts: Vec<String> = nonzero
        .iter()
        .take(MAX_LISTED)
        .map(|(n, v)| format!("{n}: {}", num(v)))
        .collect();
    if nonzero.len() > MAX_LISTED {
        parts.push(format!(
            "… ({} responses with positive mass in all)",
            nonzero.len()
        ));
    }
    parts.join(", ")
}

fn is_zero(v: &str) -> bool {
    parse_q(v).map(|x| x == Q::ZERO).unwrap_or(false)
}

/// `k/(k+1)`, the ceiling of product policies (docs/THEORY.md §4).
fn ceiling(k: u64) -> String {
    format!("{k}/{}", k + 1)
}

/// Largest `hi − lo` of a box, as a float for orientation (`≈ 2.1e-41`).
fn box_width(lo: &[String], hi: &[String]) -> String {
    let w = lo
        .iter()
        .zip(hi)
        .filter_map(|(l, h)| Some(to_f64(&(parse_q(h).ok()? - parse_q(l).ok()?))))
        .fold(0.0_f64, f64::max);
    format!("≈ {w:.1e}")
}

/// The claims of an instance certificate, grouped by what they speak about.
#[derive(Default)]
struct Grouped<'a> {
    lotteries: Vec<(usize, &'a MaximalLotteryClaim)>,
    nlhf: BTreeMap<u64, (usize, &'a str, &'a str)>,
    equilibria: BTreeMap<u64, (usize, &'a EquilibriumClaim)>,
    values: BTreeMap<u64, (usize, &'a KOutputValueClaim)>,
    robust: Vec<(usize, &'a RobustWinRateClaim)>,
    barriers: Vec<(usize, &'a BarrierClaim)>,
}

fn group(cert: &Certificate) -> Grouped<'_> {
    let mut g = Grouped::default();
    for (i, c) in cert.claims.iter().enumerate() {
        match c {
            Claim::MaximalLottery(m) => g.lotteries.push((i, m)),
            Claim::NlhfRobustWinRate(n) => {
                g.nlhf
                    .entry(n.k)
                    .or_insert((i, n.value.as_str(), n.worst_opponent.as_str()));
            }
            Claim::Equilibrium(e) => {
                g.equilibria.entry(e.k).or_insert((i, e));
            }
            Claim::KoutputValue(v) => {
                g.values.entry(v.k).or_insert((i, v));
            }
            Claim::RobustWinRate(r) => g.robust.push((i, r)),
            Claim::Barrier(b) => g.barriers.push((i, b)),
        }
    }
    g
}

/// `ualign report`: checks the certificate `text` and restates what it proves in `format`;
/// `name` is the path shown in the title and in the re-derivation commands.
///
/// ```
/// use ualign::report::{ReportFormat, report};
/// let text = std::fs::read_to_string(concat!(
///     env!("CARGO_MANIFEST_DIR"),
///     "/proofs/condorcet-cycle-3.cert.json"
/// ))
/// .unwrap();
/// let md = report("condorcet-cycle-3.cert.json", &text, ReportFormat::Markdown).unwrap();
/// // NLHF's R_2 on the cycle is 2/3 (claim 2), the equilibrium reaches 2/(2+1) exactly.
/// assert!(md.contains("| 2 | 2/3 ≈ 0.6667 (#2) | a | exact (#8) | = 2/3 |"));
/// // A tampered certificate is refused.
/// let bad = text.replacen("\"value\": \"2/3\"", "\"value\": \"3/4\"", 1);
/// assert!(report("x.json", &bad, ReportFormat::Markdown).is_err());
/// ```
pub fn report(name: &str, text: &str, format: super::ReportFormat) -> Result<String, VerifyError> {
    let blocks = report_blocks(name, text)?;
    Ok(match format {
        super::ReportFormat::Markdown => super::proof_render::markdown(&blocks, 0),
        super::ReportFormat::Tex => super::proof_render::tex(&blocks),
    })
}

/// Checks `text` with the independent checker and lays out what it proves; `name` is the path
/// shown in the title. A certificate that does not verify is refused with the checker's
/// error.
pub fn report_blocks(name: &str, text: &str) -> Result<Vec<Block>, VerifyError> {
    let summary = verify_str(text)?;
    if is_family_certificate(text) {
        let cert: FamilyCertificate = serde_json::from_str(text)
            .map_err(|e| VerifyError::Malformed(format!("invalid family certificate: {e}")))?;
        return Ok(super::proof_family::family_blocks(name, &cert));
    }
    let cert: Certificate = serde_json::from_str(text)
        .map_err(|e| VerifyError::Malformed(format!("invalid certificate: {e}")))?;
    let mut out = vec![Block::Heading(1, format!("Proof report: {name}"))];
    out.push(Block::Text(format!(
        "A ualign certificate with {} claims. Every claim was re-derived by the independent \
         checker (ualign-check {}) before this report was written; each number below names, \
         as #i, the claim whose check establishes it.",
        summary.claims.len(),
        env!("CARGO_PKG_VERSION")
    )));
    out.extend(instance_blocks(&cert));
    let g = group(&cert);
    out.extend(lottery_blocks(&g));
    out.extend(per_k_blocks(&g));
    out.extend(policy_blocks(&g));
    out.extend(robust_blocks(&g));
    out.extend(barrier_blocks(&g));
    out.push(closing(name));
    Ok(out)
}

fn instance_blocks(cert: &Certificate) -> Vec<Block> {
    let r = &cert.instance.responses;
    let mut listed: Vec<String> = r.iter().take(MAX_LISTED).cloned().collect();
    if r.len() > MAX_LISTED {
        listed.push("…".into());
    }
    let mut items = vec![
        format!("{} responses: {}", r.len(), listed.join(", ")),
        format!("{} user types", cert.instance.users.len()),
        format!(
            "SHA-256 of the canonical instance: {}",
            cert.instance_sha256
        ),
    ];
    if let Some(d) = &cert.instance.description {
        items.push(format!("Description: {d}"));
    }
    vec![Block::Heading(2, "Instance".into()), Block::Items(items)]
}

fn lottery_blocks(g: &Grouped) -> Vec<Block> {
    let mut out = Vec::new();
    for (i, m) in &g.lotteries {
        out.push(Block::Heading(2, format!("NLHF's maximal lottery (#{i})")));
        let how = if m.unique {
            "It is the only maximal lottery: for every response, LP duals bound its probability \
             from below and above by the same value (docs/THEORY.md §5)."
        } else {
            "It is not the only one: the certificate gives a second, different maximal lottery."
        };
        out.push(Block::Text(format!(
            "p = ({}). No single response beats p (pᵀM ≥ 0). {how}",
            distribution(&m.p)
        )));
    }
    out
}

/// The equilibrium cell and the robust win rate it proves (docs/THEORY.md §4:
/// R_k(π^{⊗k}) = k/(k+1) − ε(π)).
fn equilibrium_cells(k: u64, i: usize, e: &EquilibriumClaim) -> (String, String) {
    match (e.status, &e.box_data) {
        (EquilibriumStatus::Exact, _) => (format!("exact (#{i})"), format!("= {}", ceiling(k))),
        (EquilibriumStatus::CertifiedBox, Some(b)) => (
            format!(
                "{}, support {}, width {} (#{i})",
                match b.ball_precision {
                    Some(p) => format!("box in {p}-bit ball arithmetic"),
                    None => "box".into(),
                },
                b.support.len(),
                box_width(&b.lo, &b.hi)
            ),
            format!("= {}", ceiling(k)),
        ),
        _ => (
            format!("ε-equilibrium, ε ≤ {} (#{i})", num(&e.exploitability)),
            format!("≥ {} − ε", ceiling(k)),
        ),
    }
}

fn per_k_blocks(g: &Grouped) -> Vec<Block> {
    let ks: std::collections::BTreeSet<u64> = g
        .nlhf
        .keys()
        .chain(g.equilibria.keys())
        .chain(g.values.keys())
        .copied()
        .collect();
    if ks.is_empty() {
        return Vec::new();
    }
    let dash = || "—".to_string();
    let rows = ks
        .iter()
        .map(|&k| {
            let (nlhf, rival) = match g.nlhf.get(&k) {
                Some((i, v, w)) => (format!("{} (#{i})", num(v)), w.to_string()),
                None => (dash(), dash()),
            };
            let (eq, eq_rate) = match g.equilibria.get(&k) {
                Some((i, e)) => equilibrium_cells(k, *i, e),
                None => (dash(), dash()),
            };
            let v = match g.values.get(&k) {
                Some((i, v)) => match (&v.value, &v.bracket) {
                    (Some(x), _) => format!("{} (#{i})", num(x)),
                    (None, Some([lo, hi])) => format!("in [{}, {}] (#{i})", num(lo), num(hi)),
                    (None, None) => dash(),
                },
                None => dash(),
            };
            vec![k.to_string(), nlhf, rival, eq, eq_rate, v]
        })
        .collect();
    vec![
        Block::Heading(2, "Robust win rates per k".into()),
        Block::Text(
            "NLHF R_k: the robust win rate of the maximal lottery sampled k times, with the \
             single-response rival attaining it. Equilibrium: a symmetric Nash equilibrium π of \
             the (k+1)-player game, exact, or proved to lie in a box (Krawczyk test), or an \
             ε-equilibrium; its product policy has R_k(π^⊗k) = k/(k+1) − ε(π) \
             (docs/THEORY.md §4). v*_k: the best k-output policy's robust win rate, primal and \
             dual LP solutions given (docs/THEORY.md §6)."
                .into(),
        ),
        Block::Table {
            header: [
                "k",
                "NLHF R_k",
                "worst rival",
                "equilibrium",
                "R_k(π^⊗k)",
                "v*_k",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        },
    ]
}

fn policy_blocks(g: &Grouped) -> Vec<Block> {
    if g.equilibria.is_empty() {
        return Vec::new();
    }
    let items = g
        .equilibria
        .iter()
        .map(|(k, (i, e))| {
            let what = match e.status {
                EquilibriumStatus::Exact => "exact",
                EquilibriumStatus::CertifiedBox => "a rational point of the certified box",
                EquilibriumStatus::Epsilon => "ε-equilibrium",
            };
            format!("k = {k} (#{i}, {what}): π = ({})", distribution(&e.policy))
        })
        .collect();
    vec![
        Block::Heading(2, "Equilibrium policies".into()),
        Block::Items(items),
    ]
}

fn policy_name(g: &Grouped, k: u64, p: &PolicySpec) -> String {
    match p {
        PolicySpec::Product(pi) => match g.equilibria.get(&k) {
            Some((i, e)) if &e.policy == pi => format!("equilibrium of #{i}, sampled k times"),
            _ => "a product policy".into(),
        },
        PolicySpec::Mixture(ms) => format!("a mixture of {} k-multisets", ms.len()),
    }
}

fn robust_blocks(g: &Grouped) -> Vec<Block> {
    if g.robust.is_empty() {
        return Vec::new();
    }
    let rows = g
        .robust
        .iter()
        .map(|(i, r)| {
            vec![
                r.k.to_string(),
                r.ell.to_string(),
                policy_name(g, r.k, &r.policy),
                format!("{} (#{i})", num(&r.value)),
                format!("{{{}}}", r.worst_opponent.join(", ")),
            ]
        })
        .collect();
    vec![
        Block::Heading(2, "Rivals with ℓ responses".into()),
        Block::Text(
            "R_{k,ℓ}: the worst win rate of the k-output policy against every rival that shows ℓ \
             responses, attained by the listed ℓ-multiset (docs/THEORY.md §3)."
                .into(),
        ),
        Block::Table {
            header: ["k", "ℓ", "policy", "R_{k,ℓ}", "worst rival"]
                .map(String::from)
                .to_vec(),
            rows,
        },
    ]
}

fn barrier_blocks(g: &Grouped) -> Vec<Block> {
    let mut out = Vec::new();
    for (i, b) in &g.barriers {
        out.push(Block::Heading(2, format!("The ½ barrier (#{i})")));
        out.push(Block::Text(format!(
            "The unique maximal lottery of #{} (what NLHF converges to), sampled k times, has a \
             robust win rate of at most ½ + ε with ε = {}, for every k listed: the named \
             single-response rival keeps the rest (docs/THEORY.md §5).",
            b.maximal_lottery_claim,
            num(&b.eps)
        )));
        out.push(Block::Table {
            header: ["k", "rival", "win rate against it (≤ ½ + ε)"]
                .map(String::from)
                .to_vec(),
            rows: b
                .bounds
                .iter()
                .map(|x| vec![x.k.to_string(), x.opponent.clone(), num(&x.win_rate)])
                .collect(),
        });
    }
    out
}

/// How to re-derive the report's claims.
pub(super) fn closing(name: &str) -> Block {
    Block::Text(format!(
        "To re-derive every claim: `ualign verify {name}` or `ualign-check {name}` (the \
         standalone checker crate, crates/ualign-check), or with only Python 3.9+: `python3 \
         ualign_check.py {name}` (one file, standard library only). The certificate format is \
         described in proofs/README.md and the mathematics in docs/THEORY.md §8."
    ))
}
