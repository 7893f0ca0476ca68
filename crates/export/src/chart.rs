//! Small SVG line charts for indicators. Each chart has a title for screen readers;
//! what it shows is said once, in words beside it, and the same numbers are in a
//! table. Series differ by line pattern and marker as well as by colour, and the
//! legend is HTML under the chart, so that it wraps and stays readable on a phone.
//! The same drawing goes onto the workspace's and the public pages, into the PDF as a
//! vector and, rasterised, into the Word document.

use std::fmt::Write;

use riktning_domain::{Forecast, format_number_trimmed};

use crate::xml::escape;

/// The forecast drawn as a dashed grey line from the latest value's year to the
/// target year, marked as projected, under `label` ("Prognos"): the same in the
/// workspace, on the public site and in the documents.
pub fn forecast_line(fitted: &Forecast, last_year: i32, target_year: i32, label: &str) -> Series {
    Series {
        label: label.to_string(),
        points: vec![
            (last_year, fitted.value_at(last_year)),
            (target_year, fitted.value_at(target_year)),
        ],
        dash: "2 3",
        colour: "#5c6670",
        projected: true,
    }
}

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
    pub series: Vec<Series>,
    /// The target, drawn as a marked point with its label.
    pub target: Option<(i32, f64)>,
    /// "Mål" or "Target", for the target's label.
    pub target_word: &'static str,
}

// A narrow drawing, so that its text is still large enough when a phone shrinks it.
const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 78.0;
// Room for half of the last year label, drawn centred on the right edge of the plot.
const RIGHT: f64 = 34.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 36.0;
const FONT: f64 = 15.0;
const TEXT: &str = "#1f2328";
/// The height of a row of the legend drawn inside a document's chart.
const LEGEND_ROW: f64 = 24.0;

/// A coordinate to one decimal, written from whole tenths: formatting a float to a
/// fixed precision is the slowest step of drawing a chart.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Coordinates lie within the drawing; anything else is drawn at its edge.
        let tenths = (self.0 * 10.0).round().clamp(-1e9, 1e9) as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let tenths = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

/// Tick values at a round step (1, 2 or 5 times a power of ten) covering `low..=high`,
/// at most about `wanted` of them, so that the axis reads 60 000, 65 000, 70 000.
pub fn round_ticks(low: f64, high: f64, wanted: usize) -> Vec<f64> {
    if !low.is_finite() || !high.is_finite() || high < low {
        return Vec::new();
    }
    let span = if high > low {
        high - low
    } else {
        low.abs().max(1.0)
    };
    let rough = span / wanted.max(1) as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * magnitude);
    let first = (low / step).floor() * step;
    let last = (high / step).ceil() * step;
    let count = ((last - first) / step).round() as usize;
    (0..=count.min(20))
        .map(|i| {
            let value = first + step * i as f64;
            // Keep -0 and float dust out of the labels.
            if value.abs() < step / 1e6 { 0.0 } else { value }
        })
        .collect()
}

/// The decimals a tick step needs: none for whole steps, one for 0.5, two for 0.25.
fn tick_decimals(ticks: &[f64]) -> usize {
    let step = match ticks {
        [a, b, ..] => b - a,
        _ => 1.0,
    };
    (0..=3)
        .find(|d| {
            let scaled = step * 10f64.powi(*d);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .map_or(3, |d| d as usize)
}

impl Chart {
    /// Whether there is nothing to draw: no value in any series.
    pub fn is_empty(&self) -> bool {
        self.series.iter().all(|s| s.points.is_empty())
    }

    pub fn to_svg(&self) -> String {
        self.draw(false)
    }

    /// The chart with its legend drawn under it, inside the picture: for documents,
    /// where the chart is one image with no HTML beside it.
    pub fn to_svg_with_legend(&self) -> String {
        self.draw(true)
    }

    fn legend_items(&self) -> Vec<(&str, &'static str, &'static str, f64)> {
        let mut items: Vec<(&str, &'static str, &'static str, f64)> = self
            .series
            .iter()
            .filter(|s| !s.points.is_empty())
            .map(|s| (s.label.as_str(), s.dash, s.colour, s.stroke_width()))
            .collect();
        if self.target.is_some() {
            items.push((self.target_word, "", "", 0.0));
        }
        items
    }

    fn draw(&self, with_legend: bool) -> String {
        let legend = if with_legend {
            self.legend_items()
        } else {
            Vec::new()
        };
        let legend_height = legend.len().div_ceil(2) as f64 * LEGEND_ROW
            + if legend.is_empty() { 0.0 } else { 8.0 };
        let points = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().copied())
            .chain(self.target);
        let (mut x0, mut x1, mut low, mut high) = (i32::MAX, i32::MIN, f64::MAX, f64::MIN);
        for (year, value) in points {
            x0 = x0.min(year);
            x1 = x1.max(year);
            low = low.min(value);
            high = high.max(value);
        }
        let mut svg = String::new();
        let _ = write!(
            svg,
            r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title>"#,
            height = HEIGHT + legend_height,
            id = self.id,
            title = escape(&self.title),
        );
        if x0 > x1 {
            svg.push_str("</svg>");
            return svg;
        }
        let ticks = round_ticks(low, high, 4);
        let (y0, y1) = match (ticks.first(), ticks.last()) {
            (Some(first), Some(last)) if last > first => (*first, *last),
            _ => (low - 1.0, high + 1.0),
        };
        let span_x = f64::from((x1 - x0).max(1));
        let x = |year: i32| LEFT + (f64::from(year - x0) / span_x) * (WIDTH - LEFT - RIGHT);
        let y = |value: f64| TOP + (1.0 - (value - y0) / (y1 - y0)) * (HEIGHT - TOP - BOTTOM);
        let bottom = HEIGHT - BOTTOM;
        // Faint grid lines at the round values, then the axes.
        let decimals = tick_decimals(&ticks);
        for tick in &ticks {
            let _ = write!(
                svg,
                r##"<line x1="{LEFT}" y1="{ty}" x2="{r}" y2="{ty}" stroke="#d0d7de" stroke-width="1"/><text x="{lx}" y="{ly}" font-size="{FONT}" text-anchor="end" fill="{TEXT}">{label}</text>"##,
                ty = Tenths(y(*tick)),
                r = WIDTH - RIGHT,
                lx = Tenths(LEFT - 8.0),
                ly = Tenths(y(*tick) + 5.0),
                label = escape(&format_number_trimmed(*tick, decimals))
            );
        }
        let _ = write!(
            svg,
            r##"<g class="axes" stroke="#5c6670" stroke-width="1"><line x1="{LEFT}" y1="{bottom}" x2="{r}" y2="{bottom}"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/></g>"##,
            r = WIDTH - RIGHT
        );
        // At most five year labels, so that they never run into each other.
        let step = ((x1 - x0 + 4) / 5).max(1);
        let mut year = x0;
        while year <= x1 {
            let _ = write!(
                svg,
                r##"<text x="{}" y="{}" font-size="{FONT}" text-anchor="middle" fill="{TEXT}">{year}</text>"##,
                Tenths(x(year)),
                Tenths(bottom + 22.0)
            );
            year += step;
        }
        for series in self.series.iter().filter(|s| !s.points.is_empty()) {
            let path: Vec<String> = series
                .points
                .iter()
                .map(|(year, value)| format!("{},{}", Tenths(x(*year)), Tenths(y(*value))))
                .collect();
            let _ = write!(
                svg,
                r#"<polyline fill="none" stroke="{}" stroke-width="{}" stroke-dasharray="{}" points="{}"/>"#,
                series.colour,
                series.stroke_width(),
                series.dash,
                path.join(" ")
            );
            if !series.projected {
                for (year, value) in &series.points {
                    let _ = write!(
                        svg,
                        r#"<circle cx="{}" cy="{}" r="3.5" fill="{}"/>"#,
                        Tenths(x(*year)),
                        Tenths(y(*value)),
                        series.colour
                    );
                }
            }
        }
        if let Some((year, value)) = self.target {
            let _ = write!(
                svg,
                r##"<g class="target"><rect x="{}" y="{}" width="12" height="12" fill="none" stroke="{TEXT}" stroke-width="2"/><text x="{}" y="{}" font-size="{FONT}" text-anchor="end" fill="{TEXT}">{}</text></g>"##,
                Tenths(x(year) - 6.0),
                Tenths(y(value) - 6.0),
                Tenths(x(year) - 10.0),
                Tenths(y(value) - 10.0),
                escape(&format!(
                    "{} {}",
                    self.target_word,
                    format_number_trimmed(value, 3)
                ))
            );
        }
        for (index, (label, dash, colour, width)) in legend.iter().enumerate() {
            let x = 10.0 + (index % 2) as f64 * (WIDTH / 2.0);
            let y = HEIGHT + 4.0 + (index / 2) as f64 * LEGEND_ROW;
            let sample = if colour.is_empty() {
                format!(
                    r#"<rect x="{}" y="{}" width="12" height="12" fill="none" stroke="{TEXT}" stroke-width="2"/>"#,
                    Tenths(x + 10.0),
                    Tenths(y + 4.0)
                )
            } else {
                format!(
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="{width}" stroke-dasharray="{dash}"/>"#,
                    Tenths(x),
                    Tenths(y + 10.0),
                    Tenths(x + 32.0),
                    Tenths(y + 10.0)
                )
            };
            let _ = write!(
                svg,
                r#"{sample}<text x="{}" y="{}" font-size="{FONT}" fill="{TEXT}">{}</text>"#,
                Tenths(x + 40.0),
                Tenths(y + 15.0),
                escape(label)
            );
        }
        svg.push_str("</svg>");
        svg
    }

    /// The legend as an HTML list: a sample of each line and its label. Hidden from
    /// screen readers, which have the table with the same series as columns.
    pub fn legend_html(&self) -> String {
        let mut html = String::from(r#"<ul class="legend" aria-hidden="true">"#);
        for series in self.series.iter().filter(|s| !s.points.is_empty()) {
            let _ = write!(
                html,
                r#"<li><svg width="32" height="12" viewBox="0 0 32 12"><line x1="0" y1="6" x2="32" y2="6" stroke="{}" stroke-width="{}" stroke-dasharray="{}"/></svg> {}</li>"#,
                series.colour,
                series.stroke_width(),
                series.dash,
                escape(&series.label)
            );
        }
        if self.target.is_some() {
            let _ = write!(
                html,
                r#"<li><svg width="32" height="12" viewBox="0 0 32 12"><rect x="10" y="1" width="10" height="10" fill="none" stroke="{TEXT}" stroke-width="2"/></svg> {}</li>"#,
                escape(self.target_word)
            );
        }
        html.push_str("</ul>");
        html
    }
}

impl Series {
    fn stroke_width(&self) -> f64 {
        if self.projected { 1.5 } else { 2.5 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn population() -> Chart {
        Chart {
            id: "c1".to_string(),
            title: "Invånare <totalt>".to_string(),
            series: vec![Series {
                label: "Östersund".to_string(),
                points: vec![(2015, 61_066.0), (2024, 64_979.0)],
                dash: "",
                colour: "#0b5cad",
                projected: false,
            }],
            target: Some((2040, 75_000.0)),
            target_word: "Mål",
        }
    }

    #[test]
    fn a_chart_is_labelled_once_and_escaped() {
        let svg = population().to_svg();
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"c1-title\">Invånare &lt;totalt&gt;</title>"));
        assert!(
            !svg.contains("<desc"),
            "the words beside the chart say it once"
        );
        assert!(svg.contains("Mål 75 000"));
        assert_eq!(svg.matches("<circle").count(), 2);
    }

    #[test]
    fn the_axis_has_round_values() {
        assert_eq!(
            round_ticks(61_066.0, 75_000.0, 4),
            [60_000.0, 65_000.0, 70_000.0, 75_000.0]
        );
        assert_eq!(round_ticks(4.2, 6.9, 4), [4.0, 5.0, 6.0, 7.0]);
        let small = round_ticks(0.21, 0.68, 4);
        let expected = [0.2, 0.4, 0.6, 0.8];
        assert_eq!(small.len(), expected.len(), "{small:?}");
        assert!(
            small
                .iter()
                .zip(expected)
                .all(|(a, b)| (a - b).abs() < 1e-9)
        );
        assert_eq!(tick_decimals(&small), 1);
        assert_eq!(round_ticks(50.0, 50.0, 4), [40.0, 60.0]);
        let svg = population().to_svg();
        for label in [">60 000<", ">65 000<", ">70 000<", ">75 000<"] {
            assert!(svg.contains(label), "{label} in {svg}");
        }
    }

    #[test]
    fn the_legend_names_each_series_with_values() {
        let mut chart = population();
        chart.series.push(Series {
            label: "Riket".to_string(),
            points: Vec::new(),
            dash: "6 4",
            colour: "#6e3fa3",
            projected: false,
        });
        let legend = chart.legend_html();
        assert!(legend.contains("Östersund"));
        assert!(
            !legend.contains("Riket"),
            "a series without values is left out"
        );
        assert!(legend.contains("Mål"));
    }

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        assert_eq!(Tenths(78.0).to_string(), "78.0");
        assert_eq!(Tenths(12.34).to_string(), "12.3");
        assert_eq!(Tenths(12.36).to_string(), "12.4");
        assert_eq!(Tenths(-0.04).to_string(), "0.0");
        assert_eq!(Tenths(-3.25).to_string(), "-3.3");
    }

    #[test]
    fn a_documents_chart_carries_its_legend() {
        let chart = population();
        let plain = chart.to_svg();
        let with_legend = chart.to_svg_with_legend();
        assert!(!plain.contains(">Östersund<"));
        assert!(with_legend.contains(">Östersund<"), "{with_legend}");
        assert!(with_legend.contains(">Mål<"));
        assert!(
            with_legend.contains(r#"viewBox="0 0 560 292""#),
            "one row of two items"
        );
    }

    #[test]
    fn a_chart_without_values_says_it_is_empty() {
        let mut chart = population();
        chart.series[0].points.clear();
        assert!(chart.is_empty());
    }
}
