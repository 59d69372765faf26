//! A small, dependency-free SVG line chart for the test-time scaling curves: labelled axes,
//! grid, one polyline per series, dashed reference lines and a legend. The x axis is linear with
//! at most about a dozen labelled ticks, or (when the x range spans a factor of 16 or more)
//! logarithmic with ticks at powers of two. Markers are filled or hollow per point (proved or
//! not). Output is deterministic (fixed formatting of coordinates), so plots can be diffed.

use std::fmt::Write;

/// One curve: a label, a colour, a dash pattern, and its points (x, y); a `None` y leaves a gap
/// (e.g. a value that was not computed).
#[derive(Debug, Clone)]
pub struct Series {
    /// The legend text.
    pub label: String,
    /// An SVG colour, e.g. `"#1f77b4"`.
    pub colour: &'static str,
    /// SVG `stroke-dasharray` (e.g. `"6 4"`), `None` for a solid line.
    pub dash: Option<&'static str>,
    /// (x, y) in data coordinates.
    pub points: Vec<(f64, Option<f64>)>,
    /// Markers, one entry per point (an empty list draws none): `Some(true)` filled,
    /// `Some(false)` hollow, `None` no marker at that point.
    pub markers: Vec<Option<bool>>,
}

/// Stroke width of every line (equal weights).
const LINE_WIDTH: f64 = 2.0;

/// A line chart with fixed y range [y_min, y_max].
#[derive(Debug, Clone)]
pub struct Chart {
    /// The heading above the plot.
    pub title: String,
    /// The x axis caption.
    pub x_label: String,
    /// The y axis caption.
    pub y_label: String,
    /// The bottom of the y range.
    pub y_min: f64,
    /// The top of the y range.
    pub y_max: f64,
    /// The curves, drawn and listed in the legend in this order.
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
        let log = x_min >= 1.0 && x_max / x_min >= 16.0;
        let tx = |x: f64| if log { x.log2() } else { x };
        let (t_min, t_max) = (tx(x_min), tx(x_max));
        let sx = |x: f64| LEFT + (tx(x) - t_min) / (t_max - t_min) * pw;
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
        for x in x_ticks(x_min, x_max, log) {
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
            let dash = s
                .dash
                .map(|d| format!(r#" stroke-dasharray="{d}""#))
                .unwrap_or_default();
            // Split into runs without gaps.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for &(x, y) in &s.points {
                match y {
                    Some(y) => runs
                        .last_mut()
                        .expect("runs starts with one run and only grows")
                        .push((sx(x), sy(y))),
                    None => runs.push(Vec::new()),
                }
            }
            for run in runs.iter().filter(|r| !r.is_empty()) {
                let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = writeln!(
                    o,
                    r#"<polyline fill="none" stroke="{}" stroke-width="{LINE_WIDTH}"{dash} points="{}"/>"#,
                    s.colour,
                    pts.join(" ")
                );
            }
            for (&(x, y), &mark) in s.points.iter().zip(&s.markers) {
                let (Some(y), Some(full)) = (y, mark) else {
                    continue;
                };
                let fill = if full { s.colour } else { "white" };
                let _ = writeln!(
                    o,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{fill}" stroke="{}" stroke-width="1.2"/>"#,
                    sx(x),
                    sy(y),
                    s.colour
                );
            }
        }
        // Legend.
        let lx = LEFT + pw + 16.0;
        for (i, s) in self.series.iter().enumerate() {
            let ly = TOP + 12.0 + 22.0 * i as f64;
            let dash = s
                .dash
                .map(|d| format!(r#" stroke-dasharray="{d}""#))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                r#"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{}" stroke-width="{LINE_WIDTH}"{dash}/>"#,
                lx + 28.0,
                s.colour
            );
            let _ = writeln!(
                o,
                r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                lx + 34.0,
                ly + 4.0,
                esc(&s.label)
            );
        }
        if self.series.iter().any(|s| !s.markers.is_empty()) {
            let ly = TOP + 12.0 + 22.0 * self.series.len() as f64 + 8.0;
            let _ = writeln!(
                o,
                r#"<circle cx="{:.1}" cy="{ly:.1}" r="3" fill="black"/><text x="{:.1}" y="{:.1}">proved</text>"#,
                lx + 14.0,
                lx + 34.0,
                ly + 4.0
            );
            let _ = writeln!(
                o,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="white" stroke="black" stroke-width="1.2"/><text x="{:.1}" y="{:.1}">not proved (ε only)</text>"#,
                lx + 14.0,
                ly + 20.0,
                lx + 34.0,
                ly + 24.0
            );
        }
        o.push_str("</svg>\n");
        o
    }
}

/// Labelled x ticks: powers of two on a log axis; on a linear axis multiples of 1, 2 or 5 times
/// a power of ten, at most about a dozen. Thinned so that labels never overlap.
fn x_ticks(x_min: f64, x_max: f64, log: bool) -> Vec<f64> {
    if log {
        let (a, b) = (x_min.log2().ceil() as i32, x_max.log2().floor() as i32);
        let every = ((b - a) / 11 + 1).max(1) as usize;
        return (a..=b).step_by(every).map(|e| 2f64.powi(e)).collect();
    }
    let span = (x_max - x_min).max(1.0);
    let mut step = 1.0;
    'outer: for mag in [1.0, 10.0, 100.0, 1000.0, 10000.0] {
        for f in [1.0, 2.0, 5.0] {
            step = f * mag;
            if span / step <= 12.0 {
                break 'outer;
            }
        }
    }
    let mut ticks = Vec::new();
    let mut x = (x_min / step).ceil() * step;
    while x <= x_max + 1e-9 {
        ticks.push(x);
        x += step;
    }
    ticks
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
                    dash: None,
                    points: vec![
                        (1.0, Some(0.5)),
                        (2.0, None),
                        (3.0, Some(0.7)),
                        (4.0, Some(0.8)),
                    ],
                    markers: vec![Some(true), Some(true), Some(false), None],
                },
                Series {
                    label: "ref".into(),
                    colour: "gray",
                    dash: Some("6 4"),
                    points: vec![(1.0, Some(0.5)), (4.0, Some(0.5))],
                    markers: Vec::new(),
                },
            ],
        };
        let svg = chart.to_svg();
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>\n"));
        assert_eq!(svg.matches("<polyline").count(), 3); // gap splits the first series
        assert!(svg.contains("a &lt; b"));
        assert!(svg.contains("stroke-dasharray"));
        // Two markers (the gap and the `None` point have none), one hollow, plus the legend's two.
        assert_eq!(svg.matches("<circle").count(), 4);
        assert_eq!(svg.matches(r#"fill="white" stroke="red""#).count(), 1);
        assert_eq!(svg, chart.to_svg());
    }

    #[test]
    fn ticks_are_thinned_and_log_scale_uses_powers_of_two() {
        assert_eq!(x_ticks(1.0, 6.0, false), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let lin = x_ticks(1.0, 32.0, false);
        assert!(
            lin.len() <= 12 && lin.contains(&10.0) && lin.contains(&30.0),
            "{lin:?}"
        );
        let log = x_ticks(1.0, 1024.0, true);
        assert_eq!(log.first(), Some(&1.0));
        assert_eq!(log.last(), Some(&1024.0));
        assert!(log.len() == 11 && log.iter().all(|x| x.log2().fract() == 0.0));
    }
}
