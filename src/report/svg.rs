//! A small, dependency-free SVG line chart for the test-time scaling curves: labelled axes,
//! grid, one polyline per series, dashed reference lines and a legend. Output is deterministic
//! (fixed formatting of coordinates), so plots can be diffed and committed.

use std::fmt::Write;

/// One curve: a label, a colour, whether it is dashed, and its points (x, y); a `None` y leaves a
/// gap (e.g. a value that was not computed).
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub colour: &'static str,
    pub dashed: bool,
    /// Stroke width in pixels (a wider, drawn-first line stays visible under an equal curve).
    pub width: f64,
    pub points: Vec<(f64, Option<f64>)>,
}

/// A line chart with fixed y range [y_min, y_max].
#[derive(Debug, Clone)]
pub struct Chart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub y_min: f64,
    pub y_max: f64,
    pub series: Vec<Series>,
}

const W: f64 = 760.0;
const H: f64 = 480.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 230.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 60.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Chart {
    /// Renders the chart as a standalone SVG document.
    pub fn to_svg(&self) -> String {
        let xs: Vec<f64> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        let x_min = xs.iter().cloned().fold(f64::INFINITY, f64::min);
        let x_max = xs.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let (x_min, x_max) = if x_min.is_finite() && x_max > x_min {
            (x_min, x_max)
        } else {
            (0.0, 1.0)
        };
        let pw = W - LEFT - RIGHT;
        let ph = H - TOP - BOTTOM;
        let sx = |x: f64| LEFT + (x - x_min) / (x_max - x_min) * pw;
        let sy = |y: f64| TOP + (self.y_max - y) / (self.y_max - self.y_min) * ph;
        let mut o = String::new();
        let _ = writeln!(
            o,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(o, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
        let _ = writeln!(
            o,
            r#"<text x="{:.1}" y="28" font-size="16" text-anchor="middle">{}</text>"#,
            LEFT + pw / 2.0,
            esc(&self.title)
        );
        // Grid and y ticks (tenths of the range).
        for i in 0..=10 {
            let y = self.y_min + (self.y_max - self.y_min) * i as f64 / 10.0;
            let py = sy(y);
            let _ = writeln!(
                o,
                r##"<line x1="{LEFT:.1}" y1="{py:.1}" x2="{:.1}" y2="{py:.1}" stroke="#e0e0e0"/>"##,
                LEFT + pw
            );
            let _ = writeln!(
                o,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{y:.2}</text>"#,
                LEFT - 6.0,
                py + 4.0
            );
        }
        // x ticks at integers.
        let mut x = x_min.ceil();
        while x <= x_max + 1e-9 {
            let px = sx(x);
            let _ = writeln!(
                o,
                r##"<line x1="{px:.1}" y1="{TOP:.1}" x2="{px:.1}" y2="{:.1}" stroke="#f0f0f0"/>"##,
                TOP + ph
            );
            let _ = writeln!(
                o,
                r#"<text x="{px:.1}" y="{:.1}" text-anchor="middle">{x}</text>"#,
                TOP + ph + 18.0
            );
            x += 1.0;
        }
        let _ = writeln!(
            o,
            r#"<rect x="{LEFT:.1}" y="{TOP:.1}" width="{pw:.1}" height="{ph:.1}" fill="none" stroke="black"/>"#
        );
        let _ = writeln!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            LEFT + pw / 2.0,
            H - 18.0,
            esc(&self.x_label)
        );
        let _ = writeln!(
            o,
            r#"<text x="18" y="{:.1}" text-anchor="middle" transform="rotate(-90 18 {:.1})">{}</text>"#,
            TOP + ph / 2.0,
            TOP + ph / 2.0,
            esc(&self.y_label)
        );
        for s in &self.series {
            let dash = if s.dashed {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            };
            // Split into runs without gaps.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for &(x, y) in &s.points {
                match y {
                    Some(y) => runs.last_mut().expect("non-empty").push((sx(x), sy(y))),
                    None => runs.push(Vec::new()),
                }
            }
            for run in runs.iter().filter(|r| !r.is_empty()) {
                let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = writeln!(
                    o,
                    r#"<polyline fill="none" stroke="{}" stroke-width="{}"{dash} points="{}"/>"#,
                    s.colour,
                    s.width,
                    pts.join(" ")
                );
                if !s.dashed {
                    for (x, y) in run {
                        let _ = writeln!(
                            o,
                            r#"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="{}"/>"#,
                            s.colour
                        );
                    }
                }
            }
        }
        // Legend.
        let lx = LEFT + pw + 16.0;
        for (i, s) in self.series.iter().enumerate() {
            let ly = TOP + 12.0 + 22.0 * i as f64;
            let dash = if s.dashed {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            };
            let _ = writeln!(
                o,
                r#"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{}" stroke-width="{}"{dash}/>"#,
                lx + 28.0,
                s.colour,
                s.width
            );
            let _ = writeln!(
                o,
                r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                lx + 34.0,
                ly + 4.0,
                esc(&s.label)
            );
        }
        o.push_str("</svg>\n");
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_series_legend_and_gaps() {
        let chart = Chart {
            title: "t".into(),
            x_label: "k".into(),
            y_label: "win rate".into(),
            y_min: 0.4,
            y_max: 1.0,
            series: vec![
                Series {
                    label: "a < b".into(),
                    colour: "red",
                    dashed: false,
                    width: 2.0,
                    points: vec![
                        (1.0, Some(0.5)),
                        (2.0, None),
                        (3.0, Some(0.7)),
                        (4.0, Some(0.8)),
                    ],
                },
                Series {
                    label: "ref".into(),
                    colour: "gray",
                    dashed: true,
                    width: 2.0,
                    points: vec![(1.0, Some(0.5)), (4.0, Some(0.5))],
                },
            ],
        };
        let svg = chart.to_svg();
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>\n"));
        assert_eq!(svg.matches("<polyline").count(), 3); // gap splits the first series
        assert!(svg.contains("a &lt; b"));
        assert!(svg.contains("stroke-dasharray"));
        assert_eq!(svg, chart.to_svg());
    }
}
