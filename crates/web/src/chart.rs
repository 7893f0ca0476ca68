//! The workspace's and the public site's charts: drawn by the export crate's chart
//! module, so that a chart looks the same on a page and in the annual report.

use riktning_domain::Forecast;
pub use riktning_export::chart::{Chart, Series};

use crate::i18n::{Lang, text};

/// The forecast line under the page language's word for it.
pub fn forecast_line(fitted: &Forecast, last_year: i32, target_year: i32, lang: Lang) -> Series {
    riktning_export::chart::forecast_line(
        fitted,
        last_year,
        target_year,
        text(lang, "chart-forecast"),
    )
}
