//! "Om data": where the published figures come from, the licence they are offered
//! under, and how a status is arrived at, all read from the current publication.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use riktning_domain::{RollupRule, format_percent};
use riktning_publish::Report;
use riktning_store::Store;

use super::chrome::{PublicChrome, html};
use super::{PublicPage, answer, open};
use crate::i18n::{Lang, text};
use crate::{AppError, Shared};

/// The licence the published data is offered under. CC0 unless the municipality
/// chooses otherwise: open data is most useful when nothing stands in its way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DataLicence {
    #[default]
    Cc0,
    CcBy4,
}

impl DataLicence {
    /// The SPDX identifier.
    pub fn id(self) -> &'static str {
        match self {
            DataLicence::Cc0 => "CC0-1.0",
            DataLicence::CcBy4 => "CC-BY-4.0",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DataLicence::Cc0 => "Creative Commons CC0 1.0",
            DataLicence::CcBy4 => "Creative Commons Erkännande 4.0 (CC BY 4.0)",
        }
    }

    pub fn url(self) -> &'static str {
        match self {
            DataLicence::Cc0 => "https://creativecommons.org/publicdomain/zero/1.0/",
            DataLicence::CcBy4 => "https://creativecommons.org/licenses/by/4.0/",
        }
    }

    /// What the licence lets a reader do, in words.
    pub fn terms_key(self) -> &'static str {
        match self {
            DataLicence::Cc0 => "public-licence-cc0",
            DataLicence::CcBy4 => "public-licence-cc-by",
        }
    }
}

impl std::str::FromStr for DataLicence {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_lowercase().as_str() {
            "cc0" | "cc0-1.0" => Ok(DataLicence::Cc0),
            "cc-by" | "cc-by-4.0" => Ok(DataLicence::CcBy4),
            other => Err(format!(
                "unknown data licence '{other}': use cc0 (the default) or cc-by"
            )),
        }
    }
}

/// An indicator as "Om data" lists it, with where its values come from.
struct SourceRow {
    name: String,
    goals: String,
    /// The Kolada KPI id, when the values come from Kolada.
    kolada: Option<String>,
}

struct LevelRow {
    symbol: String,
    label: String,
    class: String,
}

#[derive(Template)]
#[template(path = "public/about.html")]
struct AboutPage {
    chrome: PublicChrome,
    licence: DataLicence,
    /// What the current publication says about its method; `None` before anything
    /// is published.
    method: Option<Method>,
    sources: Vec<SourceRow>,
    /// The current publications, for their downloads: id and title.
    downloads: Vec<(riktning_domain::Id, String)>,
    /// The CSV files' columns: name and what it holds.
    goal_columns: Vec<(&'static str, &'static str)>,
    value_columns: Vec<(&'static str, &'static str)>,
}

struct Method {
    publication_title: String,
    fulfilled_at: String,
    partly_at: String,
    rollup: &'static str,
    levels: Vec<LevelRow>,
}

fn method_of(report: &Report, lang: Lang) -> Method {
    Method {
        publication_title: super::chrome::title_of(report),
        fulfilled_at: format_percent(report.method.suggestion.fulfilled_at * 100.0, 0),
        partly_at: format_percent(report.method.suggestion.partly_at * 100.0, 0),
        rollup: match report.method.rollup {
            RollupRule::WeightedMajority => text(lang, "rules-rollup-majority"),
            RollupRule::WorstOf => text(lang, "rules-rollup-worst"),
        },
        levels: report
            .levels
            .iter()
            .filter_map(|level| {
                let status = super::view::badge(report, &level.key, lang)?;
                Some(LevelRow {
                    symbol: status.symbol,
                    label: status.label,
                    class: status.class,
                })
            })
            .collect(),
    }
}

/// Every indicator of the report once, with the goals it follows.
fn sources_of(report: &Report) -> Vec<SourceRow> {
    report
        .indicators()
        .into_iter()
        .map(|(indicator, goals)| SourceRow {
            name: indicator.name.clone(),
            goals: goals
                .iter()
                .map(|g| g.code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            kolada: indicator.kolada_kpi.clone(),
        })
        .collect()
}

pub async fn page<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let shared = state.clone();
    answer(
        &shared,
        &headers,
        PublicPage::About(lang),
        move |published| async move {
            let report = match published.newest().map(|p| p.id) {
                Some(id) => Some(open(&state, &published, id).await?.1),
                None => None,
            };
            let mut downloads = Vec::new();
            for publication in published.current() {
                let (_, report) = open(&state, &published, publication.id).await?;
                downloads.push((publication.id, super::chrome::title_of(&report)));
            }
            let columns = |list: &[(&'static str, &'static str)]| {
                list.iter()
                    .map(|(name, key)| (*name, text(lang, key)))
                    .collect::<Vec<_>>()
            };
            let mut chrome = PublicChrome::new(
                &state,
                lang,
                text(lang, "public-about-title").to_string(),
                "/om-data".to_string(),
            );
            chrome.current = "about";
            html(&AboutPage {
                chrome,
                licence: state.data_licence,
                method: report.as_deref().map(|r| method_of(r, lang)),
                sources: report.as_deref().map(sources_of).unwrap_or_default(),
                downloads,
                goal_columns: columns(super::open_data::GOAL_COLUMNS),
                value_columns: columns(super::open_data::VALUE_COLUMNS),
            })
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::DataLicence;

    #[test]
    fn a_licence_is_named_as_people_write_it() {
        assert_eq!("cc0".parse::<DataLicence>(), Ok(DataLicence::Cc0));
        assert_eq!("CC-BY-4.0".parse::<DataLicence>(), Ok(DataLicence::CcBy4));
        assert!("gpl".parse::<DataLicence>().is_err());
        assert_eq!(DataLicence::default().id(), "CC0-1.0");
    }
}
