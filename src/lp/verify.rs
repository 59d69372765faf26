//! Independent exact check of an [`LpOutcome`]'s evidence against the original [`Problem`].
//! It uses nothing from the solver: only the problem data, the claimed vectors and exact
//! integer arithmetic (vectors are put over a common denominator so dot products need no gcd
//! per term).

use std::cmp::Ordering;

use super::arith::{Frac, common_den, dot_over};
use super::{LpOutcome, Problem, Relation, Sense};
use crate::number::{Q, fmt_q};

fn rel_str(r: Relation) -> &'static str {
    match r {
        Relation::Le => "<=",
        Relation::Eq => "=",
        Relation::Ge => ">=",
    }
}

fn holds(lhs: &Frac, rel: Relation, rhs: &Q) -> bool {
    let o = lhs.cmp_q(rhs);
    match rel {
        Relation::Le => o != Ordering::Greater,
        Relation::Eq => o == Ordering::Equal,
        Relation::Ge => o != Ordering::Less,
    }
}

fn check_len(what: &str, got: usize, want: usize) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what} has {got} entries, expected {want}"))
    }
}

/// `A v` row by row, or the row values with `rhs` replaced by 0 (homogeneous check).
fn row_values(p: &Problem, v: &[Q]) -> Vec<Frac> {
    let (nums, den) = common_den(v.iter());
    p.constraints
        .iter()
        .map(|r| dot_over(r.coeffs.iter().zip(&nums), &den))
        .collect()
}

/// `(Aᵀy)_j` for every variable `j`.
fn col_values(p: &Problem, y: &[Q]) -> Vec<Frac> {
    let (nums, den) = common_den(y.iter());
    (0..p.num_vars())
        .map(|j| dot_over(p.constraints.iter().map(|r| &r.coeffs[j]).zip(&nums), &den))
        .collect()
}

/// `Σ a_i v_i` exactly.
fn dot(a: &[Q], v: &[Q]) -> Frac {
    let (nums, den) = common_den(v.iter());
    dot_over(a.iter().zip(&nums), &den)
}

fn check_primal(p: &Problem, x: &[Q], what: &str) -> Result<(), String> {
    check_len(what, x.len(), p.num_vars())?;
    if let Some((j, v)) = x.iter().enumerate().find(|(_, v)| **v < Q::ZERO) {
        return Err(format!("{what}[{j}] = {} is negative", fmt_q(v)));
    }
    for (i, (r, lhs)) in p.constraints.iter().zip(row_values(p, x)).enumerate() {
        if !holds(&lhs, r.rel, &r.rhs) {
            return Err(format!(
                "constraint {i} violated by {what}: a·x = {} but must be {} {}",
                fmt_q(&lhs.to_q()),
                rel_str(r.rel),
                fmt_q(&r.rhs)
            ));
        }
    }
    Ok(())
}

/// Sign condition on `y_i` for row relation `rel`, in the `Max` convention (`Le: >= 0`,
/// `Ge: <= 0`), flipped for `Min`.
fn check_signs(p: &Problem, y: &[Q], sense: Sense, what: &str) -> Result<(), String> {
    for (i, (r, yi)) in p.constraints.iter().zip(y).enumerate() {
        let want = match (r.rel, sense) {
            (Relation::Eq, _) => None,
            (Relation::Le, Sense::Max) | (Relation::Ge, Sense::Min) => Some(Ordering::Greater),
            (Relation::Ge, Sense::Max) | (Relation::Le, Sense::Min) => Some(Ordering::Less),
        };
        let bad = match want {
            Some(Ordering::Greater) => *yi < Q::ZERO,
            Some(Ordering::Less) => *yi > Q::ZERO,
            _ => false,
        };
        if bad {
            return Err(format!(
                "{what}[{i}] = {} has the wrong sign for a {} row ({} problem)",
                fmt_q(yi),
                rel_str(r.rel),
                if sense == Sense::Max { "Max" } else { "Min" }
            ));
        }
    }
    Ok(())
}

/// Checks the evidence of `out` for `p` exactly; returns the first failing condition.
///
/// * `Optimal { x, y, value }`: `x >= 0` satisfies every row; `y` has the dual signs of the
///   module docs; `Aᵀy >= c` (Max) or `Aᵀy <= c` (Min); `cᵀx = value = bᵀy`.
/// * `Infeasible { farkas }`: `y_i >= 0` on `Le` rows, `<= 0` on `Ge` rows; `yᵀA >= 0`;
///   `yᵀb < 0`.
/// * `Unbounded { x, ray }`: `x` feasible; `ray >= 0`; `(A ray)_i <= 0 / = 0 / >= 0` on
///   `Le / Eq / Ge` rows; `cᵀray > 0` (Max) or `< 0` (Min).
pub fn check(p: &Problem, out: &LpOutcome) -> Result<(), String> {
    p.validate().map_err(|e| e.to_string())?;
    let m = p.num_rows();
    match out {
        LpOutcome::Optimal { x, y, value } => {
            check_primal(p, x, "x")?;
            check_len("y", y.len(), m)?;
            check_signs(p, y, p.sense, "y")?;
            for (j, (aty, c)) in col_values(p, y).iter().zip(&p.objective).enumerate() {
                let ok = match p.sense {
                    Sense::Max => aty.cmp_q(c) != Ordering::Less,
                    Sense::Min => aty.cmp_q(c) != Ordering::Greater,
                };
                if !ok {
                    return Err(format!(
                        "dual constraint {j} violated: (Aᵀy)_{j} = {} but c_{j} = {} ({})",
                        fmt_q(&aty.to_q()),
                        fmt_q(c),
                        if p.sense == Sense::Max {
                            "need >="
                        } else {
                            "need <="
                        }
                    ));
                }
            }
            let cx = dot(&p.objective, x);
            if cx.cmp_q(value) != Ordering::Equal {
                return Err(format!(
                    "primal objective cᵀx = {} differs from claimed value {}",
                    fmt_q(&cx.to_q()),
                    fmt_q(value)
                ));
            }
            let rhs: Vec<Q> = p.constraints.iter().map(|r| r.rhs.clone()).collect();
            let by = dot(&rhs, y);
            if by.cmp_q(value) != Ordering::Equal {
                return Err(format!(
                    "dual objective bᵀy = {} differs from claimed value {}",
                    fmt_q(&by.to_q()),
                    fmt_q(value)
                ));
            }
            Ok(())
        }
        LpOutcome::Infeasible { farkas } => {
            check_len("farkas", farkas.len(), m)?;
            check_signs(p, farkas, Sense::Max, "farkas")?;
            for (j, v) in col_values(p, farkas).iter().enumerate() {
                if v.sign() == Ordering::Less {
                    return Err(format!(
                        "Farkas condition yᵀA >= 0 fails at column {j}: {}",
                        fmt_q(&v.to_q())
                    ));
                }
            }
            let rhs: Vec<Q> = p.constraints.iter().map(|r| r.rhs.clone()).collect();
            let yb = dot(&rhs, farkas);
            if yb.sign() != Ordering::Less {
                return Err(format!(
                    "Farkas condition yᵀb < 0 fails: yᵀb = {}",
                    fmt_q(&yb.to_q())
                ));
            }
            Ok(())
        }
        LpOutcome::Unbounded { x, ray } => {
            check_primal(p, x, "x")?;
            check_len("ray", ray.len(), p.num_vars())?;
            if let Some((j, v)) = ray.iter().enumerate().find(|(_, v)| **v < Q::ZERO) {
                return Err(format!("ray[{j}] = {} is negative", fmt_q(v)));
            }
            for (i, (r, v)) in p.constraints.iter().zip(row_values(p, ray)).enumerate() {
                if !holds(&v, r.rel, &Q::ZERO) {
                    return Err(format!(
                        "ray leaves the feasible set at constraint {i}: a·ray = {} but must be {} 0",
                        fmt_q(&v.to_q()),
                        rel_str(r.rel)
                    ));
                }
            }
            let cr = dot(&p.objective, ray);
            let improving = match p.sense {
                Sense::Max => cr.sign() == Ordering::Greater,
                Sense::Min => cr.sign() == Ordering::Less,
            };
            if !improving {
                return Err(format!(
                    "ray does not improve the objective: cᵀray = {}",
                    fmt_q(&cr.to_q())
                ));
            }
            Ok(())
        }
    }
}
