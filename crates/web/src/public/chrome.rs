//! The frame every public page is drawn in, and the words and renderer they share.

use askama::Template;
use riktning_publish::Report;

use super::Rendered;
use crate::i18n::{Lang, text};
use crate::{AppError, Shared};

/// The frame of every public page.
pub(super) struct PublicChrome {
    pub lang: Lang,
    pub title: String,
    pub municipality: String,
    /// This page's address, for the language switch to come back to.
    pub here: String,
    pub current: &'static str,
    pub demo: bool,
    pub trail: Vec<(String, String)>,
    /// The language the published content is written in, for its `lang` attribute
    /// when the interface is in another.
    pub content_lang: String,
}

impl PublicChrome {
    pub(super) fn new<S>(state: &Shared<S>, lang: Lang, title: String, here: String) -> Self {
        PublicChrome {
            lang,
            title,
            municipality: state.tenant.name.clone(),
            here,
            current: "",
            demo: state.demo,
            trail: Vec::new(),
            content_lang: riktning_publish::CONTENT_LANGUAGE.to_string(),
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        text(self.lang, key)
    }
}

pub(super) fn html(template: &impl Template) -> Result<Rendered, AppError> {
    let body = template
        .render()
        .map_err(|error| AppError::Internal(format!("rendering a public page: {error}")))?;
    Ok(Rendered {
        body: body.into(),
        content_type: "text/html; charset=utf-8",
        document: None,
    })
}

/// A publication's name: the plan, and the period when it has one.
pub(super) fn title_of(report: &Report) -> String {
    match &report.period {
        Some(period) => format!("{}, {}", report.plan.title, period.name),
        None => report.plan.title.clone(),
    }
}
