//! The test-time scaling table (docs/THEORY.md §4–§6): per k, the exact robust win rate of
//! NLHF sampled k times, of the equilibrium product policy, of the optimal k-output policy, the
//! union-bound line (k+1−ℓ)/(k+1), and the RLHF (Bradley-Terry argmax) baseline.

use crate::certificate::confirm::solve_confirmed;
use crate::equilibrium::{EquilibriumResult, EquilibriumStatus, SolveOptions};
use crate::game::multiset::multiset_count;
use crate::game::product_report;
use crate::instance::Instance;
use crate::koutput::optimal_koutput;
use crate::nlhf::maximal_lottery;
use crate::number::{IBig, Q, q};
use crate::report::svg::{Chart, Series};
use crate::rlhf::fit_bradley_terry;

/// One row of the table. All values exact except where noted.
#[derive(Debug, Clone)]
pub struct CurveRow {
    /// The number of outputs k.
    pub k: usize,
    /// R_k(p^{⊗k}) for the maximal lottery p.
    pub nlhf: Q,
    /// Certified robust win rate of the equilibrium product: k/(k+1) − certified ε
    /// (= k/(k+1) for exact and boxed equilibria).
    pub equilibrium: Q,
    /// What the solver proved about the equilibrium behind `equilibrium`.
    pub equilibrium_status: EquilibriumStatus,
    /// v*_k, or `None` when the LP was skipped as too large.
    pub optimal: Option<Q>,
    /// max(0, (k+1−ℓ)/(k+1)).
    pub union_bound: Q,
    /// k/(k+1).
    pub ceiling: Q,
    /// R_k of the RLHF policy δ_{argmax BT} (exact value of a policy chosen by a float fit).
    pub rlhf: Q,
}

/// The whole table plus what it was computed from.
#[derive(Debug, Clone)]
pub struct Curve {
    /// One row per requested k, in the order given.
    pub rows: Vec<CurveRow>,
    /// ℓ of the union-bound line (k+1−ℓ)/(k+1).
    pub ell: usize,
    /// The response RLHF plays: the argmax of the Bradley-Terry fit.
    pub rlhf_choice: usize,
    /// The maximal lottery p that NLHF samples k times.
    pub maximal_lottery: Vec<Q>,
}

/// Why the table could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum CurveError {
    /// The maximal-lottery LPs failed (an engine bug).
    #[error("maximal lottery: {0}")]
    Nlhf(#[from] crate::nlhf::NlhfError),
    /// The k-output LP failed.
    #[error("k-output LP: {0}")]
    KOutput(#[from] crate::koutput::KOutputError),
    /// The equilibrium solver refused a k or an option.
    #[error("equilibrium: {0}")]
    Equilibrium(#[from] crate::equilibrium::EqError),
}

/// Certified lower bound on R_k of the equilibrium product from a solver result.
pub fn certified_equilibrium_rate(r: &EquilibriumResult) -> Q {
    r.robust_win_rate.clone()
}

/// Computes the scaling table for `ks` (ℓ for the union-bound line; the k-output LP is skipped
/// above `max_columns` columns).
pub fn scaling_curve(
    inst: &Instance,
    ks: &[usize],
    ell: usize,
    max_columns: u128,
) -> Result<Curve, CurveError> {
    let ml = maximal_lottery(inst)?;
    let bt = fit_bradley_terry(inst, 100_000);
    let mut delta = vec![Q::ZERO; inst.m()];
    delta[bt.argmax] = Q::ONE;
    let mut rows = Vec::with_capacity(ks.len());
    for &k in ks {
        let eq = solve_confirmed(inst, k, &SolveOptions::default())?;
        let optimal = if multiset_count(inst.m(), k).unwrap_or(u128::MAX) <= max_columns {
            Some(optimal_koutput(inst, k)?.value)
        } else {
            None
        };
        let kk = k as i64;
        rows.push(CurveRow {
            k,
            nlhf: product_report(inst, &ml.p, k).robust_win_rate,
            equilibrium: certified_equilibrium_rate(&eq),
            equilibrium_status: eq.status,
            optimal,
            union_bound: (Q::from(IBig::from(kk + 1 - ell as i64)) / Q::from(IBig::from(kk + 1)))
                .max(Q::ZERO),
            ceiling: q(kk, k as u64 + 1),
            rlhf: product_report(inst, &delta, k).robust_win_rate,
        });
    }
    Ok(Curve {
        rows,
        ell,
        rlhf_choice: bt.argmax,
        maximal_lottery: ml.p,
    })
}

impl Curve {
    /// CSV with header `k,nlhf,nlhf_float,equilibrium,equilibrium_float,equilibrium_status,
    /// optimal,optimal_float,union_bound,union_bound_float,ceiling,ceiling_float,rlhf,rlhf_float`.
    /// Every value column is an exact `p/q` string followed by its float companion `NAME_float`
    /// (the nearest `f64`, shortest round-trip decimal), so that `pandas.read_csv` gives numbers
    /// in the `_float` columns and exact strings in the others. `optimal` and `optimal_float` are
    /// empty where the k-output LP was skipped.
    pub fn to_csv(&self) -> String {
        use crate::number::{fmt_q, to_f64};
        let exact_and_float = |v: Option<&Q>| match v {
            Some(v) => format!("{},{}", fmt_q(v), to_f64(v)),
            None => ",".to_string(),
        };
        let mut s = String::from(
            "k,nlhf,nlhf_float,equilibrium,equilibrium_float,equilibrium_status,optimal,\
             optimal_float,union_bound,union_bound_float,ceiling,ceiling_float,rlhf,rlhf_float\n",
        );
        for r in &self.rows {
            s += &format!(
                "{},{},{},{},{},{},{},{}\n",
                r.k,
                exact_and_float(Some(&r.nlhf)),
                exact_and_float(Some(&r.equilibrium)),
                r.equilibrium_status.name(),
                exact_and_float(r.optimal.as_ref()),
                exact_and_float(Some(&r.union_bound)),
                exact_and_float(Some(&r.ceiling)),
                exact_and_float(Some(&r.rlhf)),
            );
        }
        s
    }

    /// The SVG plot: the four policies' curves, the k/(k+1) and 1/2 reference lines and the
    /// union-bound line.
    pub fn to_svg(&self, title: &str) -> String {
        let f = crate::number::to_f64;
        let pts = |g: &dyn Fn(&CurveRow) -> Option<f64>| -> Vec<(f64, Option<f64>)> {
            self.rows.iter().map(|r| (r.k as f64, g(r))).collect()
        };
        let ys: Vec<f64> = self
            .rows
            .iter()
            .flat_map(|r| [f(&r.nlhf), f(&r.rlhf), f(&r.union_bound)])
            .collect();
        let y_min = ys.iter().cloned().fold(0.5, f64::min).min(0.5);
        let y_min = (y_min * 10.0).floor() / 10.0;
        // Markers: the equilibrium's show whether each point is proved (filled) or ε only
        // (hollow). With many points, proved ones are marked only at powers of two (unproved
        // ones always); exact series get filled markers while the points are few.
        let few = self.rows.len() <= 40;
        let proved: Vec<Option<bool>> = self
            .rows
            .iter()
            .map(|r| {
                let ok = r.equilibrium_status != EquilibriumStatus::Epsilon;
                (few || !ok || r.k.is_power_of_two()).then_some(ok)
            })
            .collect();
        let exact = if few {
            vec![Some(true); self.rows.len()]
        } else {
            Vec::new()
        };
        let line = |label: String, colour, dash, points, markers| Series {
            label,
            colour,
            dash,
            points,
            markers,
        };
        let chart = Chart {
            title: title.to_string(),
            x_label: "k (responses shown)".into(),
            y_label: "robust win rate".into(),
            y_min,
            y_max: 1.0,
            series: vec![
                line(
                    "k/(k+1)".into(),
                    "#555555",
                    Some("6 4"),
                    pts(&|r| Some(f(&r.ceiling))),
                    Vec::new(),
                ),
                line(
                    format!("(k+1−ℓ)/(k+1), ℓ={}", self.ell),
                    "#9467bd",
                    Some("6 4"),
                    pts(&|r| Some(f(&r.union_bound))),
                    Vec::new(),
                ),
                line(
                    "1/2".into(),
                    "#999999",
                    Some("6 4"),
                    pts(&|_| Some(0.5)),
                    Vec::new(),
                ),
                line(
                    "optimal k-output v*_k".into(),
                    "#2ca02c",
                    None,
                    pts(&|r| r.optimal.as_ref().map(f)),
                    exact.clone(),
                ),
                line(
                    "equilibrium π^⊗k".into(),
                    "#1f77b4",
                    None,
                    pts(&|r| Some(f(&r.equilibrium))),
                    proved,
                ),
                line(
                    "NLHF sampled k times".into(),
                    "#d62728",
                    None,
                    pts(&|r| Some(f(&r.nlhf))),
                    exact,
                ),
                // Dotted and drawn last, so that it stays visible on top of an equal curve.
                line(
                    "RLHF (BT argmax, float fit)".into(),
                    "#ff7f0e",
                    Some("2 3"),
                    pts(&|r| Some(f(&r.rlhf))),
                    Vec::new(),
                ),
            ],
        };
        chart.to_svg()
    }
}
