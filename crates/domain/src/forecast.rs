//! Trend forecasts: "at this rate, 75 000 inhabitants is reached in 2046".
//!
//! The rule is deliberately plain so that a controller can explain it to a politician:
//!
//! 1. Take the yearly values from the last `window_years` calendar years of data
//!    (default 10). Years may be missing; a missing year is simply not a point.
//! 2. Draw the least-squares trend line through them: either a straight line
//!    (`value = a + b·year`, the same number added every year) or a log-linear line
//!    (`ln(value) = a + b·year`, the same percentage added every year).
//! 3. Read the line off in the target year, with a 95 % prediction interval, and find
//!    the first whole year in which the line meets the target.
//!
//! Everything here is a pure function of its input: no clock, no I/O.

use serde::{Deserialize, Serialize};

use crate::{Comparator, Direction, format_number, format_number_trimmed};

/// How many calendar years of data the trend is drawn through, unless chosen otherwise.
pub const DEFAULT_WINDOW_YEARS: u32 = 10;

/// The last year searched when looking for the year a target is reached. Targets in
/// municipal plans lie decades ahead, not centuries; beyond this the answer is "not at
/// this rate".
pub const LAST_SEARCH_YEAR: i32 = 2200;

/// Never search more than this many years past the data. It only matters for odd
/// input (data from centuries ago) and keeps the search bounded whatever the years are.
const MAX_YEARS_AHEAD: i32 = 300;

/// The confidence level of the prediction interval; fixed so that every forecast in a
/// report means the same thing.
pub const INTERVAL_LEVEL: f64 = 0.95;

/// Automatic choice only switches to log-linear when its squared error (measured in the
/// indicator's own units) is at most this share of the straight line's. See
/// [`choose_method`] for why.
const LOG_LINEAR_ADVANTAGE: f64 = 0.8;

/// Which kind of trend line the caller wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodChoice {
    /// A straight line, unless a log-linear line fits clearly better (see [`choose_method`]).
    #[default]
    Automatic,
    Linear,
    LogLinear,
}

/// The kind of trend line a forecast was drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastMethod {
    /// `value = a + b·year`: the same amount is added each year.
    Linear,
    /// `ln(value) = a + b·year`: the value grows by the same percentage each year.
    LogLinear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastOptions {
    /// The trend is drawn through the data from the last this-many calendar years,
    /// counted back from the latest year with a value (10 → 2015–2024 when the latest
    /// value is from 2024).
    pub window_years: u32,
    pub method: MethodChoice,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        Self {
            window_years: DEFAULT_WINDOW_YEARS,
            method: MethodChoice::Automatic,
        }
    }
}

/// The target a forecast is measured against, e.g. at least 75 000 in 2040.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ForecastTarget {
    pub value: f64,
    pub comparator: Comparator,
    pub year: i32,
}

/// Everything a forecast needs. Only `points` is required; the rest has defaults.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ForecastRequest<'a> {
    /// (year, value) pairs in any order. Non-finite values are ignored; when a year
    /// appears twice the later pair wins, as a correction would.
    pub points: &'a [(i32, f64)],
    pub options: ForecastOptions,
    pub target: Option<ForecastTarget>,
    /// The year to project to. Defaults to the target's year.
    pub projection_year: Option<i32>,
    /// The indicator's direction, to say whether the trend is going the right way.
    pub direction: Option<Direction>,
    /// `(band_low, band_high)` for a `within_band` indicator.
    pub band: Option<(f64, f64)>,
    /// The unit written after numbers in the explanation, e.g. "invånare" or "%".
    pub unit: &'a str,
    /// Decimals to show for values, as on the indicator.
    pub decimals: usize,
}

/// Why no forecast could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum ForecastError {
    #[error("För få värden för en prognos: {points} år med värden, minst {needed} behövs.")]
    NotEnoughData { points: usize, needed: usize },
    #[error("En prognos med jämn procentuell förändring kräver att alla värden är större än noll.")]
    LogLinearNeedsPositiveValues,
    #[error("Värdena är för stora för att räkna fram en trend.")]
    ValuesOutOfRange,
}

/// A projected value with its prediction interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub year: i32,
    pub value: f64,
    /// The 95 % prediction interval: where a single future value is expected to fall if
    /// the trend holds. `None` with only two points, which leave no spread to measure.
    pub interval: Option<Interval>,
    /// Whether the projected value meets the target; `None` without a target.
    pub meets_target: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
    /// 0.95 for a 95 % interval.
    pub level: f64,
}

/// When the target is reached at the current rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum TargetReach {
    /// The latest observed value already meets the target.
    AlreadyMet { year: i32 },
    /// The first whole year in which the trend line meets the target.
    Reached { year: i32, by_target_year: bool },
    /// The trend line does not meet the target by [`LAST_SEARCH_YEAR`].
    NotReached { reason: NotReachedReason },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotReachedReason {
    /// The trend goes away from the target.
    MovingAway,
    /// The trend is flat.
    Flat,
    /// The trend goes towards the target, but too slowly to reach it by 2200.
    TooSlow,
}

/// Whether the trend goes the way the indicator's direction calls good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improving,
    Worsening,
    /// Flat, or (for a band) inside the band and staying there.
    Steady,
}

/// A finished forecast. The numbers are what a report or chart shows; `explanation` is
/// the same in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub method: ForecastMethod,
    /// True when the method was picked by [`MethodChoice::Automatic`].
    pub chosen_automatically: bool,
    pub first_year: i32,
    pub last_year: i32,
    /// How many yearly values the line was drawn through.
    pub points: usize,
    /// The line's intercept at year 0, in model units: the value for a straight line,
    /// ln(value) for a log-linear line. Together with `slope` it gives the line.
    pub intercept: f64,
    /// The line's slope in model units per year: value per year, or ln(value) per year.
    pub slope: f64,
    /// The rate a person reads: units per year for a straight line, percent per year
    /// for a log-linear line (e^slope − 1, the yearly compound growth).
    pub slope_per_year: f64,
    /// The residual standard error in model units; `None` with two points.
    pub residual_standard_error: Option<f64>,
    /// The latest observed (year, value).
    pub latest: (i32, f64),
    pub projection: Option<Projection>,
    pub target: Option<ForecastTarget>,
    pub reach: Option<TargetReach>,
    pub trend: Option<Trend>,
    /// The forecast in Swedish, for people who do not read charts.
    pub explanation: String,
}

impl Forecast {
    /// The trend line's value in `year`.
    pub fn value_at(&self, year: i32) -> f64 {
        let model = self.intercept + self.slope * f64::from(year);
        match self.method {
            ForecastMethod::Linear => model,
            ForecastMethod::LogLinear => model.exp(),
        }
    }
}

/// A least-squares line through (year, y) points, kept in centred form
/// (`y = mean_y + slope·(year − mean_year)`), which avoids the rounding loss of adding a
/// large intercept to a large slope·year.
#[derive(Debug, Clone, Copy)]
struct Fit {
    n: usize,
    mean_year: f64,
    mean_y: f64,
    slope: f64,
    /// Σ (year − mean_year)², needed for the interval.
    sxx: f64,
    /// Residual standard error with n − 2 degrees of freedom; `None` when n < 3.
    s: Option<f64>,
}

impl Fit {
    fn through(points: &[(f64, f64)]) -> Fit {
        let n = points.len();
        let count = n as f64;
        let mean_year = points.iter().map(|p| p.0).sum::<f64>() / count;
        let mean_y = points.iter().map(|p| p.1).sum::<f64>() / count;
        let sxx: f64 = points.iter().map(|p| (p.0 - mean_year).powi(2)).sum();
        let sxy: f64 = points
            .iter()
            .map(|p| (p.0 - mean_year) * (p.1 - mean_y))
            .sum();
        let slope = sxy / sxx;
        let sse: f64 = points
            .iter()
            .map(|p| (p.1 - (mean_y + slope * (p.0 - mean_year))).powi(2))
            .sum();
        let s = (n >= 3).then(|| (sse / (count - 2.0)).sqrt());
        Fit {
            n,
            mean_year,
            mean_y,
            slope,
            sxx,
            s,
        }
    }

    fn at(&self, year: f64) -> f64 {
        self.mean_y + self.slope * (year - self.mean_year)
    }

    /// Half the width of the prediction interval at `year`, in model units:
    /// t · s · √(1 + 1/n + (year − mean_year)² / Sxx). The "1 +" makes it an interval
    /// for a single new value, not just for the line, which is what a reader means by
    /// "where will the value be".
    fn half_width(&self, year: f64) -> Option<f64> {
        let s = self.s?;
        let n = self.n as f64;
        let t = t_quantile_975(self.n - 2);
        Some(t * s * (1.0 + 1.0 / n + (year - self.mean_year).powi(2) / self.sxx).sqrt())
    }

    fn is_finite(&self) -> bool {
        self.mean_y.is_finite() && self.slope.is_finite() && self.s.is_none_or(f64::is_finite)
    }
}

/// Two-sided 95 % quantile of Student's t (the 0.975 quantile) for `df` degrees of
/// freedom.
///
/// Up to 30 degrees of freedom the standard table values are used. Above that the
/// Cornish–Fisher expansion around the normal quantile is within 0.0001 of the exact
/// value (2.0211 at 40, 1.9799 at 120), far below what changes a displayed interval.
fn t_quantile_975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010,
        2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739,
        2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df - 1],
        _ => {
            let z: f64 = 1.959_963_984_540_054;
            let v = df as f64;
            let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
            z + (z3 + z) / (4.0 * v)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v)
        }
    }
}

/// Picks the trend line for [`MethodChoice::Automatic`].
///
/// A straight line is the default because it is the easiest to explain ("+435 per
/// year") and because most municipal indicators (shares, rates, populations) do not
/// grow like compound interest over ten years. Log-linear is picked only when:
/// - every value is above zero (a logarithm needs that),
/// - there are at least 3 points (with 2, both lines pass through both points), and
/// - its squared error, measured in the indicator's own units so both lines are judged
///   the same way, is at most 80 % of the straight line's, that is, it is clearly better
///   and not just better by rounding.
fn choose_method(points: &[(f64, f64)], linear: &Fit, log: Option<&Fit>) -> ForecastMethod {
    let Some(log) = log else {
        return ForecastMethod::Linear;
    };
    if points.len() < 3 {
        return ForecastMethod::Linear;
    }
    let sse_linear: f64 = points.iter().map(|p| (p.1 - linear.at(p.0)).powi(2)).sum();
    let sse_log: f64 = points
        .iter()
        .map(|p| (p.1 - log.at(p.0).exp()).powi(2))
        .sum();
    if sse_log < LOG_LINEAR_ADVANTAGE * sse_linear {
        ForecastMethod::LogLinear
    } else {
        ForecastMethod::Linear
    }
}

/// Whether `value` meets `target` by the target's comparator. `Equal` counts as met when
/// the value rounds to the target at the shown decimals, since a measured value is never
/// exactly equal.
pub(crate) fn meets(value: f64, target: &ForecastTarget, decimals: usize) -> bool {
    match target.comparator {
        Comparator::AtLeast => value >= target.value,
        Comparator::AtMost => value <= target.value,
        Comparator::MoreThan => value > target.value,
        Comparator::LessThan => value < target.value,
        Comparator::Equal => {
            (value - target.value).abs() <= 0.5 * 10f64.powi(-(decimals.min(12) as i32))
        }
    }
}

/// Builds a forecast from yearly values. See the module documentation for the rule.
pub fn forecast(request: &ForecastRequest<'_>) -> Result<Forecast, ForecastError> {
    // Clean the input: finite values only, one value per year (the later pair wins),
    // in year order.
    let mut cleaned: Vec<(i32, f64)> = Vec::with_capacity(request.points.len());
    for &(year, value) in request.points {
        if !value.is_finite() {
            continue;
        }
        match cleaned.iter_mut().find(|p| p.0 == year) {
            Some(existing) => existing.1 = value,
            None => cleaned.push((year, value)),
        }
    }
    cleaned.sort_by_key(|p| p.0);

    let Some(&(last_year, _)) = cleaned.last() else {
        return Err(ForecastError::NotEnoughData {
            points: 0,
            needed: 2,
        });
    };
    // The window counts calendar years back from the latest value, so gaps shrink the
    // number of points but never stretch the period.
    let first_allowed = i64::from(last_year) - i64::from(request.options.window_years) + 1;
    let window: Vec<(i32, f64)> = cleaned
        .into_iter()
        .filter(|p| i64::from(p.0) >= first_allowed)
        .collect();
    if window.len() < 2 {
        return Err(ForecastError::NotEnoughData {
            points: window.len(),
            needed: 2,
        });
    }

    let xy: Vec<(f64, f64)> = window.iter().map(|&(y, v)| (f64::from(y), v)).collect();
    let all_positive = xy.iter().all(|p| p.1 > 0.0);
    let linear = Fit::through(&xy);
    let log = all_positive.then(|| {
        let logged: Vec<(f64, f64)> = xy.iter().map(|p| (p.0, p.1.ln())).collect();
        Fit::through(&logged)
    });

    let (method, chosen_automatically) = match request.options.method {
        MethodChoice::Linear => (ForecastMethod::Linear, false),
        MethodChoice::LogLinear if all_positive => (ForecastMethod::LogLinear, false),
        MethodChoice::LogLinear => return Err(ForecastError::LogLinearNeedsPositiveValues),
        MethodChoice::Automatic => (choose_method(&xy, &linear, log.as_ref()), true),
    };
    let fit = match (method, log) {
        (ForecastMethod::LogLinear, Some(log)) => log,
        _ => linear,
    };
    if !fit.is_finite() {
        return Err(ForecastError::ValuesOutOfRange);
    }
    let back = |model: f64| match method {
        ForecastMethod::Linear => model,
        ForecastMethod::LogLinear => model.exp(),
    };
    let line = |year: i32| back(fit.at(f64::from(year)));

    let first_year = window[0].0;
    let latest = window[window.len() - 1];
    let target = request.target.filter(|t| t.value.is_finite());
    let decimals = request.decimals;

    let projection = request
        .projection_year
        .or(target.map(|t| t.year))
        .map(|year| {
            let x = f64::from(year);
            let centre = fit.at(x);
            // Bounds are computed in model units and then transformed back, so a
            // log-linear interval is wider above than below, as growth compounds.
            let interval = fit.half_width(x).map(|half| Interval {
                low: back(centre - half),
                high: back(centre + half),
                level: INTERVAL_LEVEL,
            });
            let value = back(centre);
            Projection {
                year,
                value,
                interval,
                meets_target: target.map(|t| meets(value, &t, decimals)),
            }
        });

    let flat = is_flat(&fit, first_year, last_year);
    let reach = target.map(|t| reach_year(&t, latest, flat, fit.slope, decimals, &line));
    let trend = request.direction.and_then(|direction| {
        trend_of(
            direction,
            request.band,
            flat,
            fit.slope,
            line(last_year),
            line(last_year.saturating_add(1)),
        )
    });

    let slope_per_year = match method {
        ForecastMethod::Linear => fit.slope,
        ForecastMethod::LogLinear => fit.slope.exp_m1() * 100.0,
    };
    let mut forecast = Forecast {
        method,
        chosen_automatically,
        first_year,
        last_year,
        points: window.len(),
        intercept: fit.mean_y - fit.slope * fit.mean_year,
        slope: fit.slope,
        slope_per_year,
        residual_standard_error: fit.s,
        latest,
        projection,
        target,
        reach,
        trend,
        explanation: String::new(),
    };
    forecast.explanation = explain(&forecast, request.unit, decimals);
    Ok(forecast)
}

/// A line is flat when its change over the whole window is lost in rounding: a series
/// of equal values gives a slope of 1e-17 rather than 0, and calling that "moving
/// away" would be wrong.
fn is_flat(fit: &Fit, first_year: i32, last_year: i32) -> bool {
    let span = (f64::from(last_year) - f64::from(first_year)).max(1.0);
    (fit.slope * span).abs() <= 1e-9 * fit.mean_y.abs().max(f64::MIN_POSITIVE)
}

/// Finds when the target is reached: already (by the latest observed value), or the
/// first whole year after the data whose trend value meets it.
fn reach_year(
    target: &ForecastTarget,
    latest: (i32, f64),
    flat: bool,
    slope: f64,
    decimals: usize,
    line: &impl Fn(i32) -> f64,
) -> TargetReach {
    let (last_year, last_value) = latest;
    if meets(last_value, target, decimals) {
        return TargetReach::AlreadyMet { year: last_year };
    }
    // For an exact value the line may jump past it between two whole years, so it
    // counts as reached in the first year the line arrives at or passes the value.
    let below = last_value < target.value;
    let arrived = |value: f64| {
        meets(value, target, decimals)
            || (target.comparator == Comparator::Equal && (value >= target.value) == below)
    };
    let end = LAST_SEARCH_YEAR.min(last_year.saturating_add(MAX_YEARS_AHEAD));
    let start = last_year.saturating_add(1);
    if let Some(year) = (start..=end).find(|&year| arrived(line(year))) {
        return TargetReach::Reached {
            year,
            by_target_year: year <= target.year,
        };
    }
    let needs_increase = match target.comparator {
        Comparator::AtLeast | Comparator::MoreThan => true,
        Comparator::AtMost | Comparator::LessThan => false,
        Comparator::Equal => below,
    };
    let reason = if flat {
        NotReachedReason::Flat
    } else if (slope > 0.0) != needs_increase {
        NotReachedReason::MovingAway
    } else {
        NotReachedReason::TooSlow
    };
    TargetReach::NotReached { reason }
}

/// Whether the trend goes the good way. For a band, "good" means the distance to the
/// band shrinks from the last data year to the next.
fn trend_of(
    direction: Direction,
    band: Option<(f64, f64)>,
    flat: bool,
    slope: f64,
    now: f64,
    next: f64,
) -> Option<Trend> {
    let by_sign = |good_when_rising: bool| {
        if flat {
            Trend::Steady
        } else if (slope > 0.0) == good_when_rising {
            Trend::Improving
        } else {
            Trend::Worsening
        }
    };
    match direction {
        Direction::HigherIsBetter => Some(by_sign(true)),
        Direction::LowerIsBetter => Some(by_sign(false)),
        Direction::WithinBand => {
            let (low, high) = band?;
            let distance = |v: f64| (low - v).max(v - high).max(0.0);
            let (d_now, d_next) = (distance(now), distance(next));
            Some(if flat || d_now == d_next {
                Trend::Steady
            } else if d_next < d_now {
                Trend::Improving
            } else {
                Trend::Worsening
            })
        }
    }
}

/// A value with the unit after it: "64 979 invånare", "12,5 %".
fn with_unit(value: f64, decimals: usize, unit: &str) -> String {
    let number = format_number(value, decimals);
    if unit.trim().is_empty() {
        number
    } else {
        format!("{number} {}", unit.trim())
    }
}

/// Enough decimals for a rate to show two significant digits (0,12 rather than 0,1),
/// but never fewer than the indicator's own decimals.
fn rate_decimals(rate: f64, minimum: usize) -> usize {
    (minimum..=6)
        .find(|&d| rate.abs() * 10f64.powi(d as i32) >= 10.0)
        .unwrap_or(6)
}

fn signed(number: String, rate: f64) -> String {
    if number.chars().any(|c| c.is_ascii_digit() && c != '0') {
        if rate > 0.0 {
            format!("+{number}")
        } else {
            number
        }
    } else {
        format!("±{number}")
    }
}

/// The rate in words: "+435 invånare per år", "+1,2 % per år", "−0,3 procentenheter per år".
fn rate_text(forecast: &Forecast, unit: &str, decimals: usize) -> String {
    let rate = forecast.slope_per_year;
    match forecast.method {
        ForecastMethod::Linear => {
            let d = rate_decimals(rate, decimals);
            // A change in a share is in percentage points, not percent.
            let unit = if unit.trim() == "%" {
                "procentenheter"
            } else {
                unit
            };
            format!("{} per år", signed(with_unit(rate, d, unit), rate))
        }
        ForecastMethod::LogLinear => {
            let d = rate_decimals(rate, 1);
            format!("{} % per år", signed(format_number(rate, d), rate))
        }
    }
}

/// The comparator as Swedish words before a value: "minst ", "högst ", "mer än " …
pub fn comparator_words(comparator: Comparator) -> &'static str {
    match comparator {
        Comparator::AtLeast => "minst ",
        Comparator::AtMost => "högst ",
        Comparator::MoreThan => "mer än ",
        Comparator::LessThan => "mindre än ",
        Comparator::Equal => "",
    }
}

fn range_text(interval: &Interval, decimals: usize, unit: &str) -> String {
    let low = format_number(interval.low, decimals);
    let high = with_unit(interval.high, decimals, unit);
    // An en dash range reads badly next to a minus sign, so fall back to words.
    if interval.low < 0.0 || interval.high < 0.0 {
        format!("{low} till {high}")
    } else {
        format!("{low}–{high}")
    }
}

/// The forecast in Swedish, e.g. "Med takten 2015–2024, +435 invånare per år, nås målet
/// minst 75 000 invånare år 2046. Det är 6 år efter målåret 2040. …"
fn explain(forecast: &Forecast, unit: &str, decimals: usize) -> String {
    let period = format!("{}–{}", forecast.first_year, forecast.last_year);
    let rate = rate_text(forecast, unit, decimals);
    let mut sentences: Vec<String> = Vec::new();

    let projection_text = forecast.projection.map(|p| {
        let interval = p
            .interval
            .map(|i| {
                format!(
                    " (95 % prognosintervall {})",
                    range_text(&i, decimals, unit)
                )
            })
            .unwrap_or_default();
        (p, interval)
    });

    match (forecast.target, forecast.reach) {
        (Some(target), Some(reach)) => {
            let goal = format!(
                "{}{}",
                comparator_words(target.comparator),
                with_unit(
                    target.value,
                    decimals.max(decimal_count(target.value)),
                    unit
                )
            );
            sentences.push(match reach {
                TargetReach::AlreadyMet { year } => format!(
                    "Målet {goal} är redan nått: {year} var värdet {}.",
                    with_unit(forecast.latest.1, decimals, unit)
                ),
                TargetReach::Reached { year, .. } => {
                    let timing = if year <= target.year {
                        format!("Det är i tid till målåret {}.", target.year)
                    } else {
                        let late = i64::from(year) - i64::from(target.year);
                        format!("Det är {late} år efter målåret {}.", target.year)
                    };
                    format!("Med takten {period}, {rate}, nås målet {goal} år {year}. {timing}")
                }
                TargetReach::NotReached {
                    reason: NotReachedReason::MovingAway,
                } => format!(
                    "Med takten {period}, {rate}, går utvecklingen bort från målet, så {goal} nås inte i den här takten."
                ),
                TargetReach::NotReached {
                    reason: NotReachedReason::Flat,
                } => format!(
                    "Under {period} har värdet legat i stort sett still, så {goal} nås inte i den här takten."
                ),
                TargetReach::NotReached {
                    reason: NotReachedReason::TooSlow,
                } => format!(
                    "Med takten {period}, {rate}, nås inte {goal} före år {}.",
                    LAST_SEARCH_YEAR + 1
                ),
            });
            if let Some((p, interval)) = projection_text {
                let mut sentence = format!(
                    "Prognosen för {} är {}{interval}.",
                    p.year,
                    with_unit(p.value, decimals, unit)
                );
                // When the target is already met, say whether the trend keeps it met.
                if matches!(reach, TargetReach::AlreadyMet { .. }) {
                    sentence.push_str(if p.meets_target == Some(true) {
                        " Målet är då fortfarande nått."
                    } else {
                        " Målet är då inte längre nått."
                    });
                }
                sentences.push(sentence);
            }
        }
        _ => match projection_text {
            Some((p, interval)) => sentences.push(format!(
                "Med takten {period}, {rate}, blir värdet {} år {}{interval}.",
                with_unit(p.value, decimals, unit),
                p.year
            )),
            None => sentences.push(format!("Takten {period} är {rate}.")),
        },
    }

    sentences.push(match forecast.method {
        ForecastMethod::Linear => format!(
            "Beräkningen är en rak trendlinje genom {} årsvärden (minsta kvadratmetoden).",
            forecast.points
        ),
        ForecastMethod::LogLinear => format!(
            "Beräkningen är en trendlinje med samma procentuella förändring varje år, genom {} årsvärden (minsta kvadratmetoden på logaritmerade värden).",
            forecast.points
        ),
    });

    if let Some(trend) = forecast.trend {
        sentences.push(
            match trend {
                Trend::Improving => "Utvecklingen går åt rätt håll.",
                Trend::Worsening => "Utvecklingen går åt fel håll.",
                Trend::Steady => "Utvecklingen står i stort sett still.",
            }
            .to_string(),
        );
    }
    sentences.join(" ")
}

/// How many decimals a target value needs to be shown as written (8,5 → 1).
fn decimal_count(value: f64) -> usize {
    let trimmed = format_number_trimmed(value, 6);
    trimmed
        .split_once(',')
        .map_or(0, |(_, fraction)| fraction.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Östersund's population on 31 December (SCB, via Kolada N01951). 2018 and 2021
    /// are missing on purpose: the forecast must cope with gaps.
    const OSTERSUND: [(i32, f64); 8] = [
        (2015, 61_066.0),
        (2016, 61_745.0),
        (2017, 62_601.0),
        (2019, 63_779.0),
        (2020, 63_985.0),
        (2022, 64_714.0),
        (2023, 64_881.0),
        (2024, 64_979.0),
    ];

    fn population_request(points: &[(i32, f64)]) -> ForecastRequest<'_> {
        ForecastRequest {
            points,
            target: Some(ForecastTarget {
                value: 75_000.0,
                comparator: Comparator::AtLeast,
                year: 2040,
            }),
            direction: Some(Direction::HigherIsBetter),
            unit: "invånare",
            ..ForecastRequest::default()
        }
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn ostersund_does_not_reach_75_000_by_2040_at_the_2015_2024_rate() {
        let f = forecast(&population_request(&OSTERSUND)).unwrap();

        // By hand: years 2015, 2016, 2017, 2019, 2020, 2022, 2023, 2024 (n = 8).
        //   mean year  x̄ = 16 156 / 8 = 2019.5
        //   mean value ȳ = 507 750 / 8 = 63 468.75
        //   Sxx = Σ(x − x̄)² = 20.25+12.25+6.25+0.25+0.25+6.25+12.25+20.25 = 78
        //   Sxy = Σ(x − x̄)(y − ȳ) = 33 970
        //   slope b = 33 970 / 78 = 435.51 inhabitants per year
        //   intercept a = ȳ − b·x̄ = 63 468.75 − 435.51·2019.5 = −816 049.39
        //   2040: a + b·2040 = 63 468.75 + 435.51·20.5 = 72 396.76 < 75 000
        //   75 000 is met when year ≥ (75 000 − a) / b = 2045.98, so first in 2046.
        // The automatic choice keeps the straight line: growth is slowing, so the
        // log-linear line fits worse (its squared error is higher, not 20 % lower).
        assert_eq!(f.method, ForecastMethod::Linear);
        assert!(f.chosen_automatically);
        assert_eq!((f.first_year, f.last_year, f.points), (2015, 2024, 8));
        assert!(close(f.slope, 33_970.0 / 78.0, 1e-9));
        assert!(close(f.intercept, -816_049.391_025_641, 1e-4));
        assert_eq!(f.latest, (2024, 64_979.0));

        let p = f.projection.unwrap();
        assert_eq!(p.year, 2040);
        assert!(close(p.value, 72_396.762_820_5, 1e-3));
        assert!(p.value < 75_000.0);
        assert_eq!(p.meets_target, Some(false));
        // s = √(SSE / 6) = 385.54; t(6) = 2.4469;
        // half width = 2.4469 · 385.54 · √(1 + 1/8 + 20.5²/78) = 2 407.5.
        let i = p.interval.unwrap();
        assert!(close(i.low, 69_989.2, 1.0), "{i:?}");
        assert!(close(i.high, 74_804.3, 1.0), "{i:?}");
        // Even the top of the interval stays under 75 000.
        assert!(i.high < 75_000.0);

        assert_eq!(
            f.reach,
            Some(TargetReach::Reached {
                year: 2046,
                by_target_year: false
            })
        );
        assert_eq!(f.trend, Some(Trend::Improving));

        assert!(f.explanation.contains("2015–2024"), "{}", f.explanation);
        assert!(
            f.explanation.contains("+436 invånare per år"),
            "{}",
            f.explanation
        );
        assert!(
            f.explanation.contains("minst 75 000 invånare år 2046"),
            "{}",
            f.explanation
        );
        assert!(
            f.explanation.contains("6 år efter målåret 2040"),
            "{}",
            f.explanation
        );
        assert!(
            f.explanation.contains("72 397 invånare"),
            "{}",
            f.explanation
        );
        assert!(
            f.explanation.contains("69 989–74 804 invånare"),
            "{}",
            f.explanation
        );
    }

    #[test]
    fn log_linear_can_be_chosen_and_reports_percent_per_year() {
        let request = ForecastRequest {
            options: ForecastOptions {
                method: MethodChoice::LogLinear,
                ..ForecastOptions::default()
            },
            ..population_request(&OSTERSUND)
        };
        let f = forecast(&request).unwrap();
        assert_eq!(f.method, ForecastMethod::LogLinear);
        assert!(!f.chosen_automatically);
        // ln-slope 0.006891 per year → e^0.006891 − 1 = 0.69 % per year.
        assert!(
            close(f.slope_per_year, 0.6915, 1e-3),
            "{}",
            f.slope_per_year
        );
        assert!(
            f.explanation.contains("+0,69 % per år"),
            "{}",
            f.explanation
        );
        // Compound growth reaches 75 000 sooner than the straight line does.
        assert_eq!(
            f.reach,
            Some(TargetReach::Reached {
                year: 2044,
                by_target_year: false
            })
        );
        let i = f.projection.unwrap().interval.unwrap();
        assert!(i.low < f.projection.unwrap().value && f.projection.unwrap().value < i.high);
    }

    #[test]
    fn automatic_picks_log_linear_for_compound_growth() {
        // 5 % a year: a straight line misses the curve, the log-linear line hits it.
        let points: Vec<(i32, f64)> = (0..10)
            .map(|i| (2015 + i, 1000.0 * 1.05f64.powi(i)))
            .collect();
        let f = forecast(&ForecastRequest {
            points: &points,
            ..ForecastRequest::default()
        })
        .unwrap();
        assert_eq!(f.method, ForecastMethod::LogLinear);
        assert!(close(f.slope_per_year, 5.0, 1e-9));
        assert!(close(f.value_at(2030), 1000.0 * 1.05f64.powi(15), 1e-6));
    }

    #[test]
    fn window_counts_calendar_years_back_from_the_latest_value() {
        let request = ForecastRequest {
            options: ForecastOptions {
                window_years: 5,
                ..ForecastOptions::default()
            },
            ..population_request(&OSTERSUND)
        };
        let f = forecast(&request).unwrap();
        // 2020–2024 holds 2020, 2022, 2023, 2024 (2021 is missing).
        assert_eq!((f.first_year, f.last_year, f.points), (2020, 2024, 4));
        assert!(f.explanation.contains("2020–2024"), "{}", f.explanation);
    }

    #[test]
    fn too_little_data_is_a_clear_outcome() {
        assert_eq!(
            forecast(&population_request(&[])),
            Err(ForecastError::NotEnoughData {
                points: 0,
                needed: 2
            })
        );
        assert_eq!(
            forecast(&population_request(&[(2024, 64_979.0), (2024, 65_000.0)])),
            Err(ForecastError::NotEnoughData {
                points: 1,
                needed: 2
            })
        );
        // Only the last year is inside a one-year window.
        let one_year = ForecastRequest {
            options: ForecastOptions {
                window_years: 1,
                ..ForecastOptions::default()
            },
            ..population_request(&OSTERSUND)
        };
        assert!(matches!(
            forecast(&one_year),
            Err(ForecastError::NotEnoughData { points: 1, .. })
        ));
        let message = forecast(&population_request(&[(2024, 1.0)]))
            .unwrap_err()
            .to_string();
        assert!(message.contains("minst 2"), "{message}");
    }

    #[test]
    fn two_points_give_a_line_but_no_interval() {
        let f = forecast(&population_request(&[(2023, 64_881.0), (2024, 64_979.0)])).unwrap();
        assert!(close(f.slope, 98.0, 1e-9));
        assert_eq!(f.residual_standard_error, None);
        assert_eq!(f.projection.unwrap().interval, None);
        assert!(!f.explanation.contains("prognosintervall"));
    }

    #[test]
    fn log_linear_needs_positive_values() {
        let request = ForecastRequest {
            points: &[(2022, -1.0), (2023, 2.0), (2024, 3.0)],
            options: ForecastOptions {
                method: MethodChoice::LogLinear,
                ..ForecastOptions::default()
            },
            ..ForecastRequest::default()
        };
        assert_eq!(
            forecast(&request),
            Err(ForecastError::LogLinearNeedsPositiveValues)
        );
        // Automatic falls back to a straight line for the same data.
        let automatic = ForecastRequest {
            options: ForecastOptions::default(),
            ..request
        };
        assert_eq!(forecast(&automatic).unwrap().method, ForecastMethod::Linear);
    }

    #[test]
    fn already_met_and_moving_away_and_flat() {
        let request = |points: &'static [(i32, f64)], comparator, value| ForecastRequest {
            points,
            target: Some(ForecastTarget {
                value,
                comparator,
                year: 2030,
            }),
            unit: "%",
            decimals: 1,
            direction: Some(Direction::LowerIsBetter),
            ..ForecastRequest::default()
        };
        // Sick leave falling towards at most 7 %, already at 6,9 %.
        let met = forecast(&request(
            &[(2022, 7.5), (2023, 7.2), (2024, 6.9)],
            Comparator::AtMost,
            7.0,
        ))
        .unwrap();
        assert_eq!(met.reach, Some(TargetReach::AlreadyMet { year: 2024 }));
        assert_eq!(met.trend, Some(Trend::Improving));
        assert!(
            met.explanation
                .contains("redan nått: 2024 var värdet 6,9 %"),
            "{}",
            met.explanation
        );
        assert!(
            met.explanation.contains("Prognosen för 2030 är 5,1 %"),
            "{}",
            met.explanation
        );
        assert!(
            met.explanation.contains("Målet är då fortfarande nått."),
            "{}",
            met.explanation
        );

        // Rising away from at most 6 %.
        let away = forecast(&request(
            &[(2022, 6.5), (2023, 6.8), (2024, 7.1)],
            Comparator::AtMost,
            6.0,
        ))
        .unwrap();
        assert_eq!(
            away.reach,
            Some(TargetReach::NotReached {
                reason: NotReachedReason::MovingAway
            })
        );
        assert_eq!(away.trend, Some(Trend::Worsening));
        assert!(
            away.explanation.contains("+0,30 procentenheter per år"),
            "{}",
            away.explanation
        );
        assert!(
            away.explanation.contains("nås inte i den här takten"),
            "{}",
            away.explanation
        );

        // Flat at 7,1 % with a target of at most 6 %.
        let flat = forecast(&request(
            &[(2022, 7.1), (2023, 7.1), (2024, 7.1)],
            Comparator::AtMost,
            6.0,
        ))
        .unwrap();
        assert_eq!(
            flat.reach,
            Some(TargetReach::NotReached {
                reason: NotReachedReason::Flat
            })
        );
        assert_eq!(flat.trend, Some(Trend::Steady));
    }

    #[test]
    fn too_slow_and_exact_targets() {
        let slow = forecast(&ForecastRequest {
            points: &[(2022, 100.0), (2023, 100.1), (2024, 100.2)],
            options: ForecastOptions {
                method: MethodChoice::Linear,
                ..ForecastOptions::default()
            },
            target: Some(ForecastTarget {
                value: 1000.0,
                comparator: Comparator::MoreThan,
                year: 2030,
            }),
            ..ForecastRequest::default()
        })
        .unwrap();
        assert_eq!(
            slow.reach,
            Some(TargetReach::NotReached {
                reason: NotReachedReason::TooSlow
            })
        );
        assert!(
            slow.explanation.contains("före år 2201"),
            "{}",
            slow.explanation
        );

        // An exact target of 50 from 0, 10, 20 (+10 a year) is reached in 2027 on the
        // nose; one of 55 is passed between 2027 and 2028, so 2028.
        let exact = |value| {
            forecast(&ForecastRequest {
                points: &[(2022, 0.0), (2023, 10.0), (2024, 20.0)],
                target: Some(ForecastTarget {
                    value,
                    comparator: Comparator::Equal,
                    year: 2030,
                }),
                ..ForecastRequest::default()
            })
            .unwrap()
            .reach
        };
        assert_eq!(
            exact(50.0),
            Some(TargetReach::Reached {
                year: 2027,
                by_target_year: true
            })
        );
        assert_eq!(
            exact(55.0),
            Some(TargetReach::Reached {
                year: 2028,
                by_target_year: true
            })
        );
    }

    #[test]
    fn band_trend_is_about_distance_to_the_band() {
        let trend = |points: &'static [(i32, f64)]| {
            forecast(&ForecastRequest {
                points,
                direction: Some(Direction::WithinBand),
                band: Some((2.0, 4.0)),
                ..ForecastRequest::default()
            })
            .unwrap()
            .trend
        };
        assert_eq!(trend(&[(2023, 8.0), (2024, 7.0)]), Some(Trend::Improving));
        assert_eq!(trend(&[(2023, 1.0), (2024, 0.5)]), Some(Trend::Worsening));
        assert_eq!(trend(&[(2023, 2.5), (2024, 3.0)]), Some(Trend::Steady));
        // Without the band limits nothing can be said.
        let no_band = forecast(&ForecastRequest {
            points: &[(2023, 8.0), (2024, 7.0)],
            direction: Some(Direction::WithinBand),
            ..ForecastRequest::default()
        })
        .unwrap();
        assert_eq!(no_band.trend, None);
    }

    #[test]
    fn without_target_it_projects_the_requested_year() {
        let f = forecast(&ForecastRequest {
            points: &OSTERSUND,
            projection_year: Some(2030),
            unit: "invånare",
            ..ForecastRequest::default()
        })
        .unwrap();
        assert_eq!(f.reach, None);
        assert!(
            f.explanation.starts_with(
                "Med takten 2015–2024, +436 invånare per år, blir värdet 68 042 invånare år 2030"
            ),
            "{}",
            f.explanation
        );
        let plain = forecast(&ForecastRequest {
            points: &OSTERSUND,
            ..ForecastRequest::default()
        })
        .unwrap();
        assert_eq!(plain.projection, None);
        assert!(
            plain
                .explanation
                .starts_with("Takten 2015–2024 är +436 per år."),
            "{}",
            plain.explanation
        );
    }

    #[test]
    fn far_apart_years_do_not_overflow() {
        // Found by the property test below: the span between these years does not fit
        // in an i32, so year arithmetic is done in i64 or f64.
        let f = forecast(&ForecastRequest {
            points: &[(697_359_926, 0.0), (-1_450_123_722, 0.0)],
            options: ForecastOptions {
                window_years: u32::MAX,
                ..ForecastOptions::default()
            },
            target: Some(ForecastTarget {
                value: 0.0,
                comparator: Comparator::AtLeast,
                year: i32::MIN,
            }),
            direction: Some(Direction::HigherIsBetter),
            ..ForecastRequest::default()
        })
        .unwrap();
        assert_eq!(f.reach, Some(TargetReach::AlreadyMet { year: 697_359_926 }));
        assert_eq!(f.trend, Some(Trend::Steady));
    }

    #[test]
    fn t_quantiles_match_the_table() {
        assert!(close(t_quantile_975(6), 2.4469, 1e-9));
        assert!(close(t_quantile_975(30), 2.0423, 1e-9));
        assert!(close(t_quantile_975(40), 2.0211, 1e-4));
        assert!(close(t_quantile_975(120), 1.9799, 1e-4));
        assert!(close(t_quantile_975(100_000), 1.96, 1e-3));
    }

    fn method() -> impl Strategy<Value = MethodChoice> {
        prop_oneof![
            Just(MethodChoice::Automatic),
            Just(MethodChoice::Linear),
            Just(MethodChoice::LogLinear),
        ]
    }

    fn comparator() -> impl Strategy<Value = Comparator> {
        prop::sample::select(Comparator::ALL.to_vec())
    }

    fn reach_rank(reach: Option<TargetReach>) -> i64 {
        match reach {
            Some(TargetReach::AlreadyMet { .. }) => 0,
            Some(TargetReach::Reached { year, .. }) => i64::from(year),
            _ => i64::MAX,
        }
    }

    proptest! {
        #[test]
        fn a_perfect_line_is_forecast_on_the_line(
            start in 1990i32..2020,
            years in prop::collection::btree_set(0i32..10, 2..10),
            base in -1000.0f64..100_000.0,
            slope in 0.01f64..500.0,
            ask in 2000i32..2100,
        ) {
            let points: Vec<(i32, f64)> = years
                .iter()
                .map(|&t| (start + t, base + slope * f64::from(t)))
                .collect();
            let f = forecast(&ForecastRequest {
                points: &points,
                projection_year: Some(ask),
                ..ForecastRequest::default()
            })
            .unwrap();
            prop_assert_eq!(f.method, ForecastMethod::Linear);
            let expected = base + slope * f64::from(ask - start);
            let tolerance = 1e-7 * expected.abs().max(base.abs()).max(1.0);
            prop_assert!(close(f.value_at(ask), expected, tolerance));
            let p = f.projection.unwrap();
            prop_assert!(close(p.value, expected, tolerance));
            prop_assert!(close(f.slope_per_year, slope, 1e-7 * slope.max(1.0)));
            if let Some(i) = p.interval {
                prop_assert!(close(i.low, expected, tolerance * 10.0));
                prop_assert!(close(i.high, expected, tolerance * 10.0));
            }
        }

        #[test]
        fn a_steeper_series_never_reaches_the_target_later(
            years in prop::collection::btree_set(2000i32..2025, 2..12),
            base in 1.0f64..1000.0,
            gentle in 0.0f64..0.2,
            extra in 0.0f64..0.2,
            noise in prop::collection::vec(-0.05f64..0.05, 12),
            goal in 1.0f64..5000.0,
            log in any::<bool>(),
        ) {
            // Both series share their start and their noise; only the rate differs. For
            // a log-linear line the rates are relative, for a straight line absolute.
            let series = |rate: f64| -> Vec<(i32, f64)> {
                years
                    .iter()
                    .zip(&noise)
                    .map(|(&y, e)| {
                        let t = f64::from(y - 2000);
                        let v = if log {
                            base * (rate * t + e).exp()
                        } else {
                            base + base * (rate * t + e)
                        };
                        (y, v)
                    })
                    .collect()
            };
            let reach = |points: &[(i32, f64)]| {
                forecast(&ForecastRequest {
                    points,
                    options: ForecastOptions {
                        window_years: 30,
                        method: if log { MethodChoice::LogLinear } else { MethodChoice::Linear },
                    },
                    target: Some(ForecastTarget {
                        value: goal,
                        comparator: Comparator::AtLeast,
                        year: 2040,
                    }),
                    ..ForecastRequest::default()
                })
                .unwrap()
                .reach
            };
            let slow = reach(&series(gentle));
            let fast = reach(&series(gentle + extra));
            prop_assert!(reach_rank(fast) <= reach_rank(slow), "{:?} vs {:?}", fast, slow);
        }

        #[test]
        fn noisy_or_odd_input_never_panics(
            points in prop::collection::vec(
                (
                    prop_oneof![1900i32..2100, any::<i32>()],
                    prop_oneof![
                        -1e6f64..1e6,
                        any::<f64>(),
                        Just(f64::NAN),
                        Just(0.0),
                        Just(f64::MAX),
                    ],
                ),
                0..20,
            ),
            window in prop_oneof![0u32..30, any::<u32>()],
            method in method(),
            comparator in comparator(),
            goal in prop_oneof![-1e6f64..1e6, any::<f64>()],
            target_year in any::<i32>(),
            direction in prop::sample::select(Direction::ALL.to_vec()),
            decimals in 0usize..8,
        ) {
            let result = forecast(&ForecastRequest {
                points: &points,
                options: ForecastOptions { window_years: window, method },
                target: Some(ForecastTarget { value: goal, comparator, year: target_year }),
                direction: Some(direction),
                band: Some((-1.0, 1.0)),
                unit: "st",
                decimals,
                ..ForecastRequest::default()
            });
            if let Ok(f) = result {
                prop_assert!(f.points >= 2);
                prop_assert!(!f.explanation.is_empty());
            }
        }

        #[test]
        fn fewer_than_two_points_never_panics(
            year in any::<i32>(),
            value in any::<f64>(),
            one in any::<bool>(),
            method in method(),
        ) {
            let points = [(year, value)];
            let points: &[(i32, f64)] = if one { &points } else { &[] };
            let result = forecast(&ForecastRequest {
                points,
                options: ForecastOptions { method, ..ForecastOptions::default() },
                ..population_request(points)
            });
            let is_not_enough = matches!(result, Err(ForecastError::NotEnoughData { .. }));
            prop_assert!(is_not_enough);
        }
    }
}
