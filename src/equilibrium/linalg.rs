//! Small dense linear algebra: `f64` LU with partial pivoting (guidance and preconditioners) and
//! exact Gaussian elimination over the rationals (k = 1, where the support system is linear).

use crate::number::Q;

/// LU factorisation with partial pivoting of a square matrix, `None` if (numerically) singular.
pub struct Lu {
    lu: Vec<Vec<f64>>,
    perm: Vec<usize>,
}

impl Lu {
    /// Factorises P·A = L·U; `None` when a pivot is below 1e-14 of the largest |a_ij| (or A
    /// has a non-finite entry).
    pub fn new(a: &[Vec<f64>]) -> Option<Lu> {
        let n = a.len();
        let mut lu: Vec<Vec<f64>> = a.to_vec();
        let mut perm: Vec<usize> = (0..n).collect();
        let scale = a
            .iter()
            .flat_map(|r| r.iter())
            .fold(0.0f64, |s, x| s.max(x.abs()));
        if !(scale.is_finite()) || scale == 0.0 {
            return if n == 0 { Some(Lu { lu, perm }) } else { None };
        }
        for col in 0..n {
            let (p, max) = (col..n)
                .map(|r| (r, lu[r][col].abs()))
                .fold((col, -1.0), |b, x| if x.1 > b.1 { x } else { b });
            if max.is_nan() || max <= scale * 1e-14 {
                return None;
            }
            lu.swap(col, p);
            perm.swap(col, p);
            let pivot = lu[col][col];
            for r in col + 1..n {
                let f = lu[r][col] / pivot;
                lu[r][col] = f;
                if f != 0.0 {
                    let (top, bottom) = lu.split_at_mut(r);
                    let prow = &top[col];
                    for (x, y) in bottom[0][col + 1..].iter_mut().zip(&prow[col + 1..]) {
                        *x -= f * y;
                    }
                }
            }
        }
        Some(Lu { lu, perm })
    }

    /// Solves `A x = b`.
    pub fn solve(&self, b: &[f64]) -> Vec<f64> {
        let n = self.lu.len();
        let mut x: Vec<f64> = self.perm.iter().map(|&p| b[p]).collect();
        for i in 0..n {
            let s: f64 = (0..i).map(|j| self.lu[i][j] * x[j]).sum();
            x[i] -= s;
        }
        for i in (0..n).rev() {
            let s: f64 = (i + 1..n).map(|j| self.lu[i][j] * x[j]).sum();
            x[i] = (x[i] - s) / self.lu[i][i];
        }
        x
    }

    /// `A^{-1}` (row-major).
    pub fn inverse(&self) -> Vec<Vec<f64>> {
        let n = self.lu.len();
        let mut inv = vec![vec![0.0; n]; n];
        let mut e = vec![0.0; n];
        for j in 0..n {
            e.iter_mut().for_each(|x| *x = 0.0);
            e[j] = 1.0;
            let col = self.solve(&e);
            for i in 0..n {
                inv[i][j] = col[i];
            }
        }
        inv
    }
}

/// Solves `A x = b` exactly over the rationals (Gaussian elimination with the first non-zero
/// pivot). `None` if `A` is singular.
pub fn solve_exact(a: &[Vec<Q>], b: &[Q]) -> Option<Vec<Q>> {
    let n = a.len();
    let mut m: Vec<Vec<Q>> = a
        .iter()
        .zip(b)
        .map(|(row, bi)| {
            let mut r = row.clone();
            r.push(bi.clone());
            r
        })
        .collect();
    for col in 0..n {
        let p = (col..n).find(|&r| m[r][col] != Q::ZERO)?;
        m.swap(col, p);
        let pivot = m[col][col].clone();
        for r in 0..n {
            if r == col || m[r][col] == Q::ZERO {
                continue;
            }
            let f = &m[r][col] / &pivot;
            let (prow, row) = if r < col {
                let (top, bottom) = m.split_at_mut(col);
                (&bottom[0], &mut top[r])
            } else {
                let (top, bottom) = m.split_at_mut(r);
                (&top[col], &mut bottom[0])
            };
            for c in col..=n {
                if prow[c] != Q::ZERO {
                    let d = &f * &prow[c];
                    row[c] -= d;
                }
            }
        }
    }
    Some((0..n).map(|i| &m[i][n] / &m[i][i]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{q, qi};

    #[test]
    #[allow(clippy::needless_range_loop)]
    fn lu_solves_and_inverts() {
        let a = vec![
            vec![0.0, 2.0, 1.0],
            vec![1.0, 1.0, 0.0],
            vec![3.0, 0.0, 1.0],
        ];
        let lu = Lu::new(&a).unwrap();
        let x = lu.solve(&[3.0, 2.0, 4.0]);
        for (xi, e) in x.iter().zip([1.0, 1.0, 1.0]) {
            assert!((xi - e).abs() < 1e-12);
        }
        let inv = lu.inverse();
        for (i, row) in a.iter().enumerate() {
            for j in 0..3 {
                let s: f64 = (0..3).map(|l| row[l] * inv[l][j]).sum();
                assert!((s - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        assert!(Lu::new(&[vec![1.0, 2.0], vec![2.0, 4.0]]).is_none());
    }

    #[test]
    fn exact_solve() {
        let a = vec![vec![qi(0), qi(2)], vec![qi(3), qi(1)]];
        let x = solve_exact(&a, &[qi(1), qi(2)]).unwrap();
        assert_eq!(x, vec![q(1, 2), q(1, 2)]);
        assert!(solve_exact(&[vec![qi(1), qi(2)], vec![qi(2), qi(4)]], &[qi(1), qi(1)]).is_none());
    }
}
