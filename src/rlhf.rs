//! The RLHF baseline of the scaling curves: fit a Bradley-Terry reward to the pairwise
//! preferences P(y ≻ y') (float estimate), then play its argmax deterministically.
//!
//! Bradley-Terry: P(y ≻ y') ≈ s_y / (s_y + s_y'). The fit maximises Σ_{y≠y'} P(y ≻ y')·log(s_y/(s_y+s_y'))
//! by Hunter's MM iteration s_y ← W_y / Σ_{y'≠y} 1/(s_y + s_y'), W_y = Σ_{y'≠y} P(y ≻ y').
//! The scores are float estimates; the resulting policy δ_{argmax} is then evaluated exactly.

use crate::game::pref_matrix;
use crate::instance::Instance;
use crate::number::to_f64;

/// Fitted Bradley-Terry scores (normalised to sum 1; float estimates) and the argmax response.
#[derive(Debug, Clone)]
pub struct BradleyTerry {
    /// s_y for every response, Σ_y s_y = 1 (float estimates).
    pub scores: Vec<f64>,
    /// The first y with the largest s_y: RLHF's deterministic policy is δ_y.
    pub argmax: usize,
    /// MM steps taken.
    pub iterations: usize,
}

/// Fits Bradley-Terry scores to the instance's pairwise preferences (at most `max_iter` MM steps,
/// stopping when no score moves by more than 1e-12).
pub fn fit_bradley_terry(inst: &Instance, max_iter: usize) -> BradleyTerry {
    let m = inst.m();
    let p: Vec<Vec<f64>> = pref_matrix(inst)
        .iter()
        .map(|r| r.iter().map(to_f64).collect())
        .collect();
    let wins: Vec<f64> = (0..m)
        .map(|y| (0..m).filter(|&z| z != y).map(|z| p[y][z]).sum())
        .collect();
    let mut s = vec![1.0 / m as f64; m];
    let mut iterations = 0;
    for it in 0..max_iter {
        iterations = it + 1;
        let mut next: Vec<f64> = (0..m)
            .map(|y| {
                let denom: f64 = (0..m)
                    .filter(|&z| z != y)
                    .map(|z| 1.0 / (s[y] + s[z]))
                    .sum();
                if denom > 0.0 { wins[y] / denom } else { s[y] }
            })
            .collect();
        let total: f64 = next.iter().sum();
        if total > 0.0 {
            next.iter_mut().for_each(|x| *x /= total);
        }
        let moved = next
            .iter()
            .zip(&s)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        s = next;
        if moved < 1e-12 {
            break;
        }
    }
    let argmax = (0..m).fold(0, |best, y| if s[y] > s[best] { y } else { best });
    BradleyTerry {
        scores: s,
        argmax,
        iterations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argmax_follows_total_pairwise_wins_not_condorcet() {
        let inst = crate::instance::json::parse(
            r#"{"responses":["a","b","c"],"users":[
            {"weight":"3","ranking":["b","a","c"]},{"weight":"2","ranking":["a","c","b"]}]}"#,
        )
        .unwrap();
        let bt = fit_bradley_terry(&inst, 10_000);
        // b is the Condorcet winner (P(b ≻ a) = 3/5, P(b ≻ c) = 3/5), but a collects more
        // pairwise mass (2/5 + 1 = 7/5 against b's 6/5): Bradley-Terry ranks a first.
        let mm = crate::game::margin_matrix(&inst);
        assert_eq!(crate::game::condorcet_winner(&mm), Some(1));
        assert_eq!(bt.argmax, 0);
        assert!((bt.scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(bt.scores[0] > bt.scores[2]);
    }
}
