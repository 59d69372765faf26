//! Timings of the exact LP engine on larger instances, per engine setting (ignored by default).
//! Run: `cargo test --release --test lp_scaling -- --ignored --nocapture`
//! (debug assertions are on in the test profile, so times are higher than in the bench).

#[path = "../benches/lp_engine.rs"]
#[allow(dead_code)]
mod bench;

use ualign::lp::{self, Options};

#[test]
#[ignore]
fn scaling_report() {
    let cases = vec![
        ("dense 10x497", bench::dense_game(1, 10, 495, 1000)),
        ("dense 13x2002", bench::dense_game(2, 13, 2000, 1000)),
        ("dense 13x12002", bench::dense_game(3, 13, 12000, 1000)),
        (
            "dense 13x12002 den<=12",
            bench::dense_game(3, 13, 12000, 12),
        ),
        ("skew 21x20", bench::skew_feasibility(2, 20)),
        ("skew 41x40", bench::skew_feasibility(3, 40)),
    ];
    for (name, p) in &cases {
        for (s, o) in bench::settings() {
            if name.contains("12002") && s.contains("no floats") {
                continue;
            }
            let o = Options { verify: false, ..o };
            let t = std::time::Instant::now();
            let (out, st) = lp::solve_with(p, &o).unwrap();
            let el = t.elapsed();
            let t2 = std::time::Instant::now();
            lp::check(p, &out).unwrap();
            eprintln!("{name} / {s}: {el:?} + check {:?}; {st:?}", t2.elapsed());
        }
        let t = std::time::Instant::now();
        let v = lp::solve_float_only(p);
        eprintln!("{name} / float only: {:?} (value {v:?})", t.elapsed());
    }
}
