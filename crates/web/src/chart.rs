//! Small SVG line charts for indicators. Each chart has a title and a description
//! for screen readers, and series differ by line pattern and marker as well as by
//! colour; the page shows the same numbers as a table beside it.

use std::fmt::Write;

use riktning_domain::format_number_trimmed;

use crate::html::escape;

pub struct Series {
    pub label: String,
    pub points: Vec<(i32, f64)>,
    /// A stroke pattern, e.g. "" (solid) or "6 4".
    pub dash: &'static str,
    pub colour: &'static str,
    /// Forecasts are drawn thin, without markers.
    pub projected: bool,
}

pub struct Chart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub series: Vec<Series>,
    /// The target, drawn as a marked point with its label.
    pub target: Option<(i32, f64)>,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 64.0;

impl Chart {
    pub fn to_svg(&self) -> String {
        let points = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().copied())
            .chain(self.target);
        let (mut x0, mut x1, mut y0, mut y1) = (i32::MAX, i32::MIN, f64::MAX, f64::MIN);
        for (year, value) in points {
            x0 = x0.min(year);
            x1 = x1.max(year);
            y0 = y0.min(value);
            y1 = y1.max(value);
        }
        let mut svg = String::new();
        let _ = write!(
            svg,
            r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
            id = self.id,
            title = escape(&self.title),
            desc = escape(&self.description)
        );
        if x0 > x1 {
            svg.push_str("</svg>");
            return svg;
        }
        let margin = ((y1 - y0) * 0.1).max(1.0);
        let (y0, y1) = (y0 - margin, y1 + margin);
        let span_x = f64::from((x1 - x0).max(1));
        let x = |year: i32| LEFT + (f64::from(year - x0) / span_x) * (WIDTH - LEFT - RIGHT);
        let y = |value: f64| TOP + (1.0 - (value - y0) / (y1 - y0)) * (HEIGHT - TOP - BOTTOM);
        // Axes with a few labelled ticks.
        let _ = write!(
            svg,
            r##"<g class="axes" stroke="#5c6670" stroke-width="1"><line x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b}"/></g>"##,
            b = HEIGHT - BOTTOM,
            r = WIDTH - RIGHT
        );
        let step = ((x1 - x0) / 6).max(1);
        let mut year = x0;
        while year <= x1 {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#1f2328">{year}</text>"##,
                x(year),
                HEIGHT - BOTTOM + 16.0
            );
            year += step;
        }
        for tick in 0..=3 {
            let value = y0 + (y1 - y0) * f64::from(tick) / 3.0;
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#1f2328">{}</text>"##,
                LEFT - 6.0,
                y(value) + 4.0,
                escape(&format_number_trimmed(value, 0))
            );
        }
        for (index, series) in self.series.iter().enumerate() {
            if series.points.is_empty() {
                continue;
            }
            let path: Vec<String> = series
                .points
                .iter()
                .map(|(year, value)| format!("{:.1},{:.1}", x(*year), y(*value)))
                .collect();
            let width = if series.projected { 1.5 } else { 2.5 };
            let _ = write!(
                svg,
                r#"<polyline fill="none" stroke="{}" stroke-width="{width}" stroke-dasharray="{}" points="{}"/>"#,
                series.colour,
                series.dash,
                path.join(" ")
            );
            if !series.projected {
                for (year, value) in &series.points {
                    let _ = write!(
                        svg,
                        r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"#,
                        x(*year),
                        y(*value),
                        series.colour
                    );
                }
            }
            // Legend: a short sample of the line and its label.
            let ly = HEIGHT - 24.0;
            let lx = LEFT + 170.0 * index as f64;
            let _ = write!(
                svg,
                r##"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{}" stroke-width="{width}" stroke-dasharray="{}"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#1f2328">{}</text>"##,
                lx + 24.0,
                series.colour,
                series.dash,
                lx + 28.0,
                ly + 4.0,
                escape(&series.label)
            );
        }
        if let Some((year, value)) = self.target {
            let _ = write!(
                svg,
                r##"<g class="target"><rect x="{:.1}" y="{:.1}" width="10" height="10" fill="none" stroke="#1f2328" stroke-width="2"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#1f2328">{}</text></g>"##,
                x(year) - 5.0,
                y(value) - 5.0,
                x(year) - 8.0,
                y(value) - 8.0,
                escape(&format!("Mål {}", format_number_trimmed(value, 0)))
            );
        }
        svg.push_str("</svg>");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_labelled_and_escaped() {
        let chart = Chart {
            id: "c1".to_string(),
            title: "Invånare <totalt>".to_string(),
            description: "Ökar".to_string(),
            series: vec![Series {
                label: "Östersund".to_string(),
                points: vec![(2015, 61_066.0), (2024, 64_979.0)],
                dash: "",
                colour: "#0b5cad",
                projected: false,
            }],
            target: Some((2040, 75_000.0)),
        };
        let svg = chart.to_svg();
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"c1-title\">Invånare &lt;totalt&gt;</title>"));
        assert!(svg.contains("Mål 75 000"));
        assert_eq!(svg.matches("<circle").count(), 2);
    }
}
