//! The scaling table: CSV values equal the values of the individual commands; the SVG has the
//! curves, reference lines and legend.

use ualign::number::{parse_q, to_f64};

mod common;
use common::cli::{ualign_json, ualign_ok};

#[test]
fn csv_matches_individual_commands() {
    let dir = std::env::temp_dir().join(format!("ualign-curve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("c.csv");
    let svg = dir.join("c.svg");
    for file in [
        "instances/ties-and-unranked.json",
        "instances/preflib/00024-00000001.soc",
    ] {
        ualign_ok([
            "curve",
            file,
            "--k",
            "1..4",
            "--csv",
            csv.to_str().unwrap(),
            "--svg",
            svg.to_str().unwrap(),
        ]);
        let text = std::fs::read_to_string(&csv).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(
            header,
            [
                "k",
                "nlhf",
                "nlhf_float",
                "equilibrium",
                "equilibrium_float",
                "equilibrium_status",
                "optimal",
                "optimal_float",
                "union_bound",
                "union_bound_float",
                "ceiling",
                "ceiling_float",
                "rlhf",
                "rlhf_float"
            ]
        );
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let nlhf = ualign_json(["nlhf", file, "--k", "1..4", "--json"]);
        // The RLHF column: R_k of the point mass on the Bradley-Terry argmax, checked with eval.
        let rlhf_response =
            ualign_json(["curve", file, "--k", "1", "--json"])["rlhf_response"].clone();
        let point_mass = dir.join("rlhf.json");
        std::fs::write(
            &point_mass,
            serde_json::json!({ rlhf_response.as_str().unwrap(): "1" }).to_string(),
        )
        .unwrap();
        for (i, line) in lines.enumerate() {
            let cells: Vec<&str> = line.split(',').collect();
            let k = i + 1;
            assert_eq!(cells[col("k")], k.to_string());
            assert_eq!(
                cells[col("nlhf")],
                nlhf["robust_win_rates"][i]["robust_win_rate"]
            );
            let opt = ualign_json(["optimal", file, "--k", &k.to_string(), "--json"]);
            assert_eq!(cells[col("optimal")], opt["value"]);
            let eq = ualign_json(["equilibrium", file, "--k", &k.to_string(), "--json"]);
            assert_eq!(cells[col("equilibrium")], eq["robust_win_rate"]);
            assert_eq!(cells[col("equilibrium_status")], eq["status"]);
            // Every exact column is a p/q string and its companion is that value's nearest f64.
            for name in [
                "nlhf",
                "equilibrium",
                "optimal",
                "union_bound",
                "ceiling",
                "rlhf",
            ] {
                let exact = parse_q(cells[col(name)]).unwrap();
                let float: f64 = cells[col(&format!("{name}_float"))].parse().unwrap();
                assert_eq!(float, to_f64(&exact), "{file} k = {k} {name}");
            }
            assert_eq!(cells[col("ceiling")], format!("{k}/{}", k + 1));
            let rlhf = ualign_json([
                "eval",
                file,
                "--k",
                &k.to_string(),
                "--policy-file",
                point_mass.to_str().unwrap(),
                "--json",
            ]);
            assert_eq!(cells[col("rlhf")], rlhf["robust_win_rate"]);
        }
        let svg_text = std::fs::read_to_string(&svg).unwrap();
        assert!(svg_text.contains("<svg") && svg_text.contains("</svg>"));
        for label in [
            "NLHF sampled k times",
            "equilibrium",
            "optimal k-output",
            "k/(k+1)",
            "1/2",
            "robust win rate",
            "k (responses shown)",
        ] {
            assert!(svg_text.contains(label), "SVG lacks {label}");
        }
        assert!(svg_text.matches("<polyline").count() >= 7);
    }
}
