//! The public pages: the current picture, every publication, one publication's plan
//! and one goal in it.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use riktning_domain::{Id, Publication, WorkStatus, format_stockholm};
use riktning_publish::{GoalPart, Report};
use riktning_store::Store;

use super::chrome::{PublicChrome, html, title_of};
use super::view::{self, IndicatorView, Status};
use super::{PublicPage, Published, Rendered, answer, open};
use crate::extract::Path;
use crate::i18n::{Lang, text};
use crate::{AppError, Shared};

/// Which version a page shows, and whether a newer one has replaced it.
pub(super) struct VersionLine {
    /// The publication's id: its permanent address is `/publicering/{id}`.
    pub id: Id,
    pub number: i64,
    pub published: String,
    pub reason: String,
    /// The newest version's id and reason.
    pub replaced_by: Option<(Id, String)>,
    /// What the newer version changed (for a replaced one), or what this version
    /// corrected (for a correction), in words; shown on the plan page.
    pub changes: Vec<String>,
    pub changes_heading: String,
}

fn version_line(published: &Published, publication: &Publication) -> VersionLine {
    VersionLine {
        id: publication.id,
        number: publication.version,
        published: format_stockholm(publication.published_at),
        reason: publication.reason.clone(),
        replaced_by: published
            .replaced_by(publication)
            .map(|newest| (newest.id, newest.reason.clone())),
        changes: Vec::new(),
        changes_heading: String::new(),
    }
}

/// The version line with what changed between this version and the newest (when it
/// is replaced) or the one before it (when it is a correction).
async fn version_with_changes<S: Store>(
    state: &Shared<S>,
    published: &Published,
    publication: &Publication,
    report: &Report,
    lang: Lang,
) -> Result<VersionLine, AppError> {
    let mut line = version_line(published, publication);
    let same =
        |p: &&Publication| p.plan_id == publication.plan_id && p.period_id == publication.period_id;
    if let Some(newest) = published.replaced_by(publication) {
        let (_, newer) = open(state, published, newest.id).await?;
        line.changes = super::changes::between(report, &newer, lang);
        line.changes_heading = text(lang, "public-changes-later").to_string();
    } else if let Some(previous) = published
        .list
        .iter()
        .filter(same)
        .find(|p| p.version == publication.version - 1)
    {
        let (_, older) = open(state, published, previous.id).await?;
        line.changes = super::changes::between(&older, report, lang);
        line.changes_heading = format!(
            "{} {}",
            text(lang, "public-changes-since"),
            previous.version
        );
    }
    if line.changes.is_empty() && !line.changes_heading.is_empty() {
        // Compared, and nothing differs: say so, so that the reader need not look.
        line.changes
            .push(text(lang, "public-change-nothing").to_string());
    }
    Ok(line)
}

fn decision_line(report: &Report, lang: Lang) -> String {
    crate::pages::decision_in_words(
        &report.plan.title,
        report
            .plan
            .decision
            .as_ref()
            .map(riktning_domain::Decision::from)
            .as_ref(),
        "public-plan-not-adopted",
        lang,
    )
}

#[derive(Template)]
#[template(path = "public/empty.html")]
struct EmptyPage {
    chrome: PublicChrome,
}

/// The current picture: the newest publication's plan page, or a page that says
/// nothing is published yet.
pub async fn home<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let shared = state.clone();
    answer(
        &shared,
        &headers,
        PublicPage::Home(lang),
        move |published| async move {
            match published.newest().map(|p| p.id) {
                Some(id) => plan_page(&state, &published, id, lang, "/").await,
                None => {
                    let mut chrome = PublicChrome::new(
                        &state,
                        lang,
                        text(lang, "public-nav-goals").to_string(),
                        "/".to_string(),
                    );
                    chrome.current = "home";
                    html(&EmptyPage { chrome })
                }
            }
        },
    )
    .await
}

struct ListRow {
    id: Id,
    title: String,
    version: i64,
    published: String,
    reason: String,
    replaced: bool,
}

#[derive(Template)]
#[template(path = "public/list.html")]
struct ListPage {
    chrome: PublicChrome,
    rows: Vec<ListRow>,
}

/// Every publication, newest first, replaced versions marked.
pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let shared = state.clone();
    answer(
        &shared,
        &headers,
        PublicPage::List(lang),
        move |published| async move {
            let mut rows = Vec::new();
            for publication in &published.list {
                // The title is in the report; a list of a municipality's publications is
                // short (a few a year), and this runs once per publication version.
                let (_, report) = open(&state, &published, publication.id).await?;
                rows.push(ListRow {
                    id: publication.id,
                    title: title_of(&report),
                    version: publication.version,
                    published: format_stockholm(publication.published_at),
                    reason: publication.reason.clone(),
                    replaced: published.replaced_by(publication).is_some(),
                });
            }
            let mut chrome = PublicChrome::new(
                &state,
                lang,
                text(lang, "public-nav-publications").to_string(),
                "/publiceringar".to_string(),
            );
            chrome.current = "list";
            html(&ListPage { chrome, rows })
        },
    )
    .await
}

struct GoalRow {
    id: Id,
    code: String,
    statement: String,
    units: String,
    status: Option<Status>,
}

fn goal_row(report: &Report, goal: &GoalPart, lang: Lang) -> GoalRow {
    GoalRow {
        id: goal.id,
        code: goal.code.clone(),
        statement: goal.statement.clone(),
        units: goal.units.join(", "),
        status: view::status_of(report, goal, lang),
    }
}

#[derive(Template)]
#[template(path = "public/plan.html")]
struct PlanPage {
    chrome: PublicChrome,
    version: VersionLine,
    decision: String,
    publication_id: Id,
    /// The council's goals by category, in document order.
    categories: Vec<(String, Vec<GoalRow>)>,
    /// The goal section's documents, for a published period: address and label.
    documents: Vec<(String, &'static str)>,
    /// The controller's conclusion on god ekonomisk hushållning, as published: the
    /// verdict, the reasoning as sanitised HTML, and who wrote it when.
    conclusion: Option<(&'static str, String, String)>,
}

async fn plan_page<S: Store>(
    state: &Shared<S>,
    published: &Published,
    id: Id,
    lang: Lang,
    here: &str,
) -> Result<Rendered, AppError> {
    let (publication, report) = open(state, published, id).await?;
    let mut categories: Vec<(String, Vec<GoalRow>)> = Vec::new();
    for goal in report.goals.iter().filter(|g| g.parent_id.is_none()) {
        let category = goal
            .category
            .as_deref()
            .map(capitalised)
            .unwrap_or_else(|| text(lang, "public-goals-heading").to_string());
        let row = goal_row(&report, goal, lang);
        match categories.iter_mut().find(|(c, _)| *c == category) {
            Some((_, rows)) => rows.push(row),
            None => categories.push((category, vec![row])),
        }
    }
    let mut chrome = PublicChrome::new(state, lang, title_of(&report), here.to_string());
    chrome.content_lang = report.language.clone();
    if here == "/" {
        chrome.current = "home";
    }
    html(&PlanPage {
        chrome,
        version: version_with_changes(state, published, &publication, &report, lang).await?,
        decision: decision_line(&report, lang),
        publication_id: publication.id,
        categories,
        documents: if publication.period_id.is_some() {
            riktning_export::Format::ALL
                .into_iter()
                .filter(|f| f.available())
                .map(|f| {
                    (
                        format!(
                            "/publicering/{}/{}",
                            publication.id,
                            crate::documents::public_file_name(f)
                        ),
                        text(lang, &format!("document-{}", f.extension())),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        conclusion: report
            .period
            .as_ref()
            .and_then(|p| p.conclusion.as_ref())
            .map(|c| {
                (
                    crate::pages::conclusion::verdict_label(lang, c.verdict),
                    crate::markdown::render(&c.text),
                    format!(
                        "{}, {}",
                        c.written_by,
                        riktning_domain::format_stockholm(c.written_at)
                    ),
                )
            }),
    })
}

/// One publication's plan page, at its permanent address.
pub async fn plan<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let shared = state.clone();
    answer(
        &shared,
        &headers,
        PublicPage::Plan(id, lang),
        move |published| async move {
            plan_page(&state, &published, id, lang, &format!("/publicering/{id}")).await
        },
    )
    .await
}

/// A heading from a category written in lower case, as documents often do.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct AssessmentView {
    unit: String,
    status: Option<Status>,
    analysis_html: String,
    actions_html: String,
    /// Who approved it and when, and what Riktning suggested by which rule.
    provenance: String,
}

#[derive(Template)]
#[template(path = "public/goal.html")]
struct GoalPage {
    chrome: PublicChrome,
    version: VersionLine,
    publication_id: Id,
    statement: String,
    status: Option<Status>,
    units: String,
    assessments: Vec<AssessmentView>,
    political_html: String,
    commitments: Vec<(String, &'static str)>,
    indicators: Vec<IndicatorView>,
    children: Vec<GoalRow>,
    /// The code to embed the goal's status elsewhere: a frame, and a badge.
    embed: Option<(String, String)>,
}

/// One goal as a publication shows it.
pub async fn goal<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    Path((id, goal)): Path<(Id, Id)>,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let shared = state.clone();
    answer(
        &shared,
        &headers,
        PublicPage::Goal(id, goal, lang),
        move |published| async move {
            let (publication, report) = open(&state, &published, id).await?;
            let part = report
                .goal(goal)
                .ok_or_else(|| AppError::NotFound(format!("goal {goal}")))?;
            let mut trail = vec![(title_of(&report), format!("/publicering/{id}"))];
            let mut above = Vec::new();
            let mut next = part.parent_id;
            while let Some(parent) = next.and_then(|p| report.goal(p)) {
                if above.len() >= 16 {
                    break;
                }
                above.push((
                    parent.code.clone(),
                    format!("/publicering/{id}/mal/{}", parent.id),
                ));
                next = parent.parent_id;
            }
            above.reverse();
            trail.extend(above);
            let mut chrome = PublicChrome::new(
                &state,
                lang,
                format!(
                    "{} {}",
                    part.code,
                    part.short_name.clone().unwrap_or_default()
                )
                .trim()
                .to_string(),
                format!("/publicering/{id}/mal/{goal}"),
            );
            chrome.trail = trail;
            let assessments = part
                .assessments
                .iter()
                .map(|a| AssessmentView {
                    unit: a.unit.clone(),
                    status: view::badge(&report, &a.level, lang),
                    analysis_html: view::markdown_html(&a.analysis),
                    actions_html: view::markdown_html(&a.actions),
                    provenance: provenance(a, lang),
                })
                .collect();
            chrome.content_lang = report.language.clone();
            // The code is for the municipality's own (Swedish) site, like the badge.
            let embed = super::embed::embed_code(&state.public_url, id, &report, goal, Lang::Sv);
            let page = GoalPage {
                embed,
                chrome,
                version: version_line(&published, &publication),
                publication_id: id,
                statement: part.statement.clone(),
                status: view::status_of(&report, part, lang),
                units: part.units.join(", "),
                assessments,
                political_html: view::markdown_html(&part.political_text),
                commitments: part
                    .commitments
                    .iter()
                    .map(|c| {
                        let status = c
                            .status
                            .parse::<WorkStatus>()
                            .map_or("–", |s| crate::pages::assess::work_status_label(s, lang));
                        (c.text.clone(), status)
                    })
                    .collect(),
                indicators: part
                    .indicators
                    .iter()
                    .enumerate()
                    .map(|(index, indicator)| view::indicator(&report, indicator, index, lang))
                    .collect(),
                children: report
                    .children(part.id)
                    .map(|child| goal_row(&report, child, lang))
                    .collect(),
            };
            html(&page)
        },
    )
    .await
}

fn provenance(assessment: &riktning_publish::AssessmentPart, lang: Lang) -> String {
    let mut words = Vec::new();
    if let (Some(by), Some(at)) = (&assessment.approved_by, assessment.approved_at) {
        words.push(format!(
            "{} {by} {}",
            text(lang, "public-approved-by"),
            format_stockholm(at)
        ));
    }
    if let Some(suggestion) = &assessment.suggestion {
        words.push(format!("{}: {suggestion}", text(lang, "public-suggestion")));
    }
    if let Some(reason) = &assessment.deviation_reason {
        words.push(format!("{}: {reason}", text(lang, "public-deviation")));
    }
    words.join(" · ")
}
