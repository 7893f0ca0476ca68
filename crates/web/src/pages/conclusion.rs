//! The controller's conclusion on god ekonomisk hushållning for a period. The page
//! shows what the conclusion rests on (the council's goals counted by kind and level,
//! and Riktning's suggested verdict with its rule); a controller states the verdict
//! and writes why. Every version is on the record, and the goal section's documents
//! and the publications carry the one that stands.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{
    Change, Conclusion, ConclusionContent, Id, MAX_CONCLUSION_CHARS, Period, StewardshipVerdict,
    format_stockholm,
};
use riktning_store::{Store, StoreRead};
use serde::Deserialize;

use super::overview::{PeriodChoice, period_choices};
use super::{Chrome, FieldErrors as _, PeriodQuery, plan_and_period_in, refused_save, render};
use crate::auth::clip;
use crate::extract::{Form, Query};
use crate::i18n::{Lang, text};
use crate::policy::{Action, allows, authorize};
use crate::{AppError, Reading, Shared, Visitor};

pub const PATH: &str = "/arbeta/slutsats";

#[derive(Debug, Default, Clone, Deserialize)]
pub struct ConclusionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    period: String,
    /// The version the writer read; empty when there was none yet.
    #[serde(default)]
    version: String,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    text: String,
}

impl ConclusionForm {
    /// What the form shows again after a refusal: what was typed, within bounds.
    fn kept(&self) -> ConclusionForm {
        ConclusionForm {
            csrf: String::new(),
            period: clip(&self.period, 20),
            version: clip(&self.version, 20),
            verdict: clip(&self.verdict, 40),
            text: clip(&self.text, MAX_CONCLUSION_CHARS + 1000),
        }
    }
}

/// What a refused form shows again.
struct Kept {
    form: ConclusionForm,
    /// Refused because someone saved another version since: the form moves onto
    /// that version, which the page shows above it, so that saving again overwrites
    /// only what the writer has now seen. Any other refusal keeps the version typed,
    /// so that a save in between is still caught.
    moved_on: bool,
}

/// One row of the counts: the kind of goal, then met, partly, not met, not assessed
/// and the total.
struct CountRow {
    kind: String,
    counts: Vec<usize>,
}

/// The conclusion that stands, as shown.
struct Standing {
    verdict: &'static str,
    html: String,
    written: String,
    history: String,
}

#[derive(Template)]
#[template(path = "conclusion.html")]
struct ConclusionPage {
    chrome: Chrome,
    periods: Vec<PeriodChoice>,
    period_id: Id,
    period_name: String,
    closed: bool,
    can_write: bool,
    count_header: Vec<String>,
    count_rows: Vec<CountRow>,
    suggestion: &'static str,
    rule: String,
    standing: Option<Standing>,
    /// The verdicts to choose from: key, label, chosen.
    verdicts: Vec<(&'static str, &'static str, bool)>,
    typed: ConclusionForm,
    errors: Vec<(String, String)>,
    max_chars: usize,
}

impl super::FieldErrors for ConclusionPage {
    fn errors(&self) -> &[(String, String)] {
        &self.errors
    }
}

/// The verdict in the visitor's language: the workspace, the history and the public
/// period page say it alike.
pub(crate) fn verdict_label(lang: Lang, verdict: StewardshipVerdict) -> &'static str {
    match lang {
        Lang::Sv => verdict.label(),
        Lang::En => verdict.label_en(),
    }
}

/// What the page shows for `chosen`, read through one transaction. `typed` is what a
/// refused form held, shown instead of the stored conclusion.
async fn load<R: StoreRead>(
    read: &mut R,
    tenant: Id,
    chosen: Option<Id>,
) -> Result<
    (
        Vec<Period>,
        Period,
        riktning_export::Evaluation,
        Option<Conclusion>,
    ),
    AppError,
> {
    let (plan, periods, period) = plan_and_period_in(read, tenant, chosen).await?;
    let report = riktning_publish::build(read, tenant, plan.id, Some(period.id))
        .await
        .map_err(|e| match e {
            riktning_publish::PublishError::Store(error) => AppError::from(error),
            other => AppError::Internal(format!("reading the period's evaluation: {other}")),
        })?;
    let mut conclusion = read.conclusion(tenant, period.id).await?;
    // The writer by the name the workspace shows: the report has looked it up.
    if let (Some(conclusion), Some(part)) = (
        conclusion.as_mut(),
        report.period.as_ref().and_then(|p| p.conclusion.as_ref()),
    ) {
        conclusion.written_by = part.written_by.clone();
    }
    Ok((
        periods,
        period,
        riktning_export::evaluation(&report),
        conclusion,
    ))
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    read: &mut S::Reader,
    chosen: Option<Id>,
    typed: Option<Kept>,
) -> Result<ConclusionPage, AppError> {
    let lang = visitor.lang;
    let (periods, period, evaluation, conclusion) = load(read, state.tenant.id, chosen).await?;
    let (count_header, rows) = evaluation.table();
    let count_rows = evaluation
        .kinds()
        .into_iter()
        .zip(rows)
        .map(|((_, counts), row)| CountRow {
            kind: row.first().cloned().unwrap_or_default(),
            counts: vec![
                counts.met,
                counts.partly,
                counts.not_met,
                counts.not_assessed,
                counts.total(),
            ],
        })
        .collect();
    let stored_version = conclusion
        .as_ref()
        .map_or(String::new(), |c| c.version.to_string());
    let typed = typed.map(|kept| match kept.moved_on {
        true => ConclusionForm {
            version: stored_version.clone(),
            ..kept.form
        },
        false => kept.form,
    });
    let typed = typed.unwrap_or_else(|| ConclusionForm {
        csrf: String::new(),
        period: period.id.to_string(),
        version: stored_version,
        verdict: conclusion
            .as_ref()
            .map(|c| c.verdict)
            .or(evaluation.suggestion.as_stewardship())
            .map_or(String::new(), |v| v.as_str().to_string()),
        text: conclusion
            .as_ref()
            .map_or(String::new(), |c| c.text.clone()),
    });
    let verdicts = StewardshipVerdict::ALL
        .iter()
        .map(|v| {
            (
                v.as_str(),
                verdict_label(lang, *v),
                typed.verdict == v.as_str(),
            )
        })
        .collect();
    let standing = conclusion.map(|c| Standing {
        verdict: verdict_label(lang, c.verdict),
        html: crate::markdown::render(&c.text),
        written: format!("{}, {}", c.written_by, format_stockholm(c.written_at)),
        history: format!("/arbeta/logg/conclusion/{}", c.id),
    });
    Ok(ConclusionPage {
        chrome: Chrome::new(
            state,
            visitor,
            "publish",
            format!("{}: {}", text(lang, "conclusion-title"), period.name),
            format!("{PATH}?period={}", period.id),
        )
        .below(
            text(lang, "publish-title").to_string(),
            super::publish::PATH.to_string(),
        ),
        periods: period_choices(&periods, period.id),
        period_id: period.id,
        period_name: period.name.clone(),
        closed: !period.is_open(),
        can_write: allows(&visitor.user, Action::ManagePlan),
        count_header,
        count_rows,
        // The page speaks the visitor's language; the documents stay in Swedish.
        suggestion: match (lang, evaluation.suggestion.as_stewardship()) {
            (_, None) => text(lang, "conclusion-cannot-say"),
            (lang, Some(verdict)) => verdict_label(lang, verdict),
        },
        rule: evaluation.rule,
        standing,
        verdicts,
        typed,
        errors: Vec::new(),
        max_chars: MAX_CONCLUSION_CHARS,
    })
}

pub async fn show<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let loaded = page(&state, &visitor, &mut read, query.period, None).await;
    read.finish().await?;
    Ok(render(&loaded?))
}

/// Shows the form again with `errors`, keeping what was typed.
async fn refused<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    status: StatusCode,
    period: Option<Id>,
    typed: Kept,
    errors: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let mut read = state.store.reader().await?;
    let loaded = page(state, visitor, &mut read, period, Some(typed)).await;
    read.finish().await?;
    let mut shown = loaded?;
    shown.errors = errors;
    Ok(super::render_with(status, &shown))
}

pub async fn save<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<ConclusionForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let tenant = state.tenant.id;
    let say = |field: &str, key: &str| (field.to_string(), text(lang, key).to_string());
    // The period must be one of the current plan's: the page offers no other.
    let chosen = form.period.trim().parse::<Id>().ok();
    let in_plan = match chosen {
        Some(id) => {
            let mut read = state.store.reader().await?;
            let found = plan_and_period_in(&mut read, tenant, Some(id)).await;
            read.finish().await?;
            found?.2.id == id
        }
        None => false,
    };
    let (Some(period), true) = (chosen, in_plan) else {
        return refused(
            &state,
            &visitor,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Kept {
                form: ConclusionForm::default(),
                moved_on: false,
            },
            vec![say("form", "conclusion-period-unknown")],
        )
        .await;
    };
    let mut errors = Vec::new();
    let verdict = form.verdict.trim().parse::<StewardshipVerdict>().ok();
    if verdict.is_none() {
        errors.push(say("verdict", "conclusion-verdict-missing"));
    }
    let version = match form.version.trim() {
        "" => Ok(None),
        typed => typed.parse::<i64>().map(Some),
    };
    if version.is_err() {
        errors.push(say("form", "goal-conflict"));
    }
    // A browser sends a line break as CRLF but counts it as one character.
    let text_typed = form.text.replace("\r\n", "\n");
    if text_typed.chars().count() > MAX_CONCLUSION_CHARS {
        errors.push(say("text", "conclusion-text-too-long"));
    }
    let (Some(verdict), Ok(version), true) = (verdict, version, errors.is_empty()) else {
        return refused(
            &state,
            &visitor,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(period),
            Kept {
                form: form.kept(),
                moved_on: false,
            },
            errors,
        )
        .await;
    };
    let content = ConclusionContent {
        verdict,
        text: text_typed,
    };
    match state
        .store
        .write_conclusion(
            tenant,
            period,
            &content,
            version,
            &Change::by(&visitor.user.username),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&super::done::to(
            &format!("{PATH}?period={period}"),
            "slutsats-sparad",
        ))
        .into_response()),
        Err(error) => {
            let moved_on = matches!(error, riktning_store::StoreError::Conflict { .. });
            let (message, status) = refused_save(error, lang, "form")?;
            refused(
                &state,
                &visitor,
                status,
                Some(period),
                Kept {
                    form: form.kept(),
                    moved_on,
                },
                vec![message],
            )
            .await
        }
    }
}
