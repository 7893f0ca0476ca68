//! Importing a budget document by upload: the upload form, the review of what was read
//! (and of what a replace will change), and the confirmation that stores it.
//!
//! Nothing is stored until the person confirms. The parsed draft waits on the server
//! ([`pending`]) so that what is stored is exactly what was reviewed.

mod corrections;
mod diff;
mod pending;
mod words;

pub use corrections::correct;

use askama::Template;
use axum::extract::multipart::{Field, Multipart, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::handler::Handler;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{
    Change, GoalDraft, GoalLevel, PlanDraft, TextTargetDraft, format_number_trimmed, years_in_title,
};
use riktning_store::{AssessmentQuery, ImportOptions, Store, StoreError};
use serde::Deserialize;

use self::diff::{GoalChange, GoalLine, PlanChanges, StoredGoal};
use self::pending::Upload;
use super::{Chrome, render};
use crate::extract::Form;
use crate::i18n::{Lang, text};
use crate::policy::{Action, authorize};
use crate::{AppError, Shared, Visitor};

/// Budget documents as PDF often pass axum's default limit of 2 MB.
const MAX_UPLOAD_MB: usize = 20;
const ADDRESS: &str = "/arbeta/import";

/// Where the review of the kept draft `token` is: a page of its own, so that a reload
/// shows the draft as corrected so far.
fn review_address(token: &str) -> String {
    format!("{ADDRESS}/granska?token={token}")
}
/// The most characters the form's own text fields (title, years, token) may hold. A
/// plan's name is a line; a longer field is not kept, and the person is told.
const MAX_FIELD_CHARS: usize = 500;

/// The most areas each goal's move form lists as choices.
const MAX_LISTED_AREAS: usize = 30;

/// Messages for the person, each next to its field: (field, message).
type FieldErrors = Vec<(&'static str, String)>;

// ---------------------------------------------------------------- the upload form

#[derive(Template)]
#[template(path = "import.html")]
struct UploadPage {
    chrome: Chrome,
    title: String,
    years: String,
    /// On the fields `document` and `years`.
    errors: FieldErrors,
    max_mb: usize,
}

impl UploadPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, message)| message.as_str())
    }
}

fn upload_page<S>(
    state: &Shared<S>,
    visitor: &Visitor,
    typed: &Received,
    errors: FieldErrors,
) -> UploadPage {
    UploadPage {
        chrome: chrome(state, visitor, "import-title"),
        title: typed.title.clone(),
        years: typed.years.clone(),
        errors,
        max_mb: MAX_UPLOAD_MB,
    }
}

fn chrome<S>(state: &Shared<S>, visitor: &Visitor, title_key: &str) -> Chrome {
    Chrome::new(
        state,
        visitor,
        "import",
        text(visitor.lang, title_key).to_string(),
        ADDRESS.to_string(),
    )
}

pub async fn form<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::Import)?;
    let page = upload_page(&state, &visitor, &Received::default(), Vec::new());
    Ok(render(&page))
}

// ---------------------------------------------------------------- receiving the upload

/// The upload form's fields as they arrived.
#[derive(Debug, Default)]
struct Received {
    csrf: String,
    title: String,
    years: String,
    /// The file's name (without any folders a browser may send) and its bytes.
    document: Option<(String, Vec<u8>)>,
    /// Text fields longer than [`MAX_FIELD_CHARS`]; they were not kept.
    too_long: Vec<&'static str>,
}

async fn read_fields(mut multipart: Multipart) -> Result<Received, MultipartError> {
    let mut received = Received::default();
    while let Some(field) = multipart.next_field().await? {
        match field.name().unwrap_or_default() {
            "csrf" => match short_text(field).await? {
                Some(text) => received.csrf = text,
                None => received.too_long.push("csrf"),
            },
            "title" => match short_text(field).await? {
                Some(text) => received.title = text,
                None => received.too_long.push("title"),
            },
            "years" => match short_text(field).await? {
                Some(text) => received.years = text,
                None => received.too_long.push("years"),
            },
            "document" => {
                let name = field.file_name().map(base_name).unwrap_or_default();
                let bytes = field.bytes().await?;
                received.document = Some((name, Vec::from(bytes)));
            }
            // Fields this form does not have are skipped, not refused.
            _ => {}
        }
    }
    Ok(received)
}

/// A short text field, or `None` when it is longer than [`MAX_FIELD_CHARS`]: past the
/// bytes those characters can take, the rest is read and dropped, not kept.
pub(super) async fn short_text(mut field: Field<'_>) -> Result<Option<String>, MultipartError> {
    let most_bytes = MAX_FIELD_CHARS * 4;
    let mut bytes = Vec::new();
    let mut fits = true;
    while let Some(chunk) = field.chunk().await? {
        fits = fits && bytes.len() + chunk.len() <= most_bytes;
        if fits {
            bytes.extend_from_slice(&chunk);
        }
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok((fits && text.chars().count() <= MAX_FIELD_CHARS).then_some(text))
}

/// Old browsers send the whole path of the file; the plan records only its name.
pub(super) fn base_name(file_name: &str) -> String {
    file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_string()
}

/// `POST /import`. The body limit is raised for this handler only: it wraps the real
/// handler in axum's body-limit layer, since the router is shared with other pages.
pub async fn upload<S: Store>(State(state): State<Shared<S>>, request: Request) -> Response {
    let limited = receive::<S>.layer(DefaultBodyLimit::max(MAX_UPLOAD_MB * 1024 * 1024));
    Handler::call(limited, request, state).await
}

async fn receive<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    // The role is checked before the body is read, so a refused upload is not received.
    authorize(&visitor.user, Action::Import)?;
    let multipart = multipart.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let mut received = match read_fields(multipart).await {
        Ok(received) => received,
        Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Ok(too_large(&state, &visitor));
        }
        Err(error) => return Err(AppError::BadRequest(error.body_text())),
    };
    visitor.check_csrf(&received.csrf)?;
    if !received.too_long.is_empty() {
        let message = format!(
            "{} {MAX_FIELD_CHARS} {}",
            text(visitor.lang, "import-field-too-long"),
            text(visitor.lang, "import-field-too-long-unit")
        );
        let errors = received
            .too_long
            .iter()
            .map(|field| (*field, message.clone()))
            .collect();
        let page = upload_page(&state, &visitor, &Received::default(), errors);
        return Ok(super::render_with(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    match prepare(&mut received, visitor.lang).await? {
        Ok(upload) => match pending::keep(visitor.user.id, upload) {
            Ok(token) => {
                // The review is its own address, so a reload neither posts the file
                // again nor loses the corrections.
                let review = review_address(&token);
                Ok((StatusCode::SEE_OTHER, [(header::LOCATION, review)]).into_response())
            }
            Err(pending::TooLarge) => {
                let message = format!(
                    "{} {} MB.",
                    text(visitor.lang, "import-draft-too-large"),
                    pending::MAX_DRAFT_BYTES / (1024 * 1024)
                );
                let page = upload_page(&state, &visitor, &received, vec![("document", message)]);
                Ok(super::render_with(StatusCode::PAYLOAD_TOO_LARGE, &page))
            }
        },
        Err(errors) => {
            let page = upload_page(&state, &visitor, &received, errors);
            Ok(super::render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// The upload form again, saying how large a file may be. Nothing typed can be kept:
/// the form was not read to its end.
fn too_large<S>(state: &Shared<S>, visitor: &Visitor) -> Response {
    let message = format!(
        "{} {MAX_UPLOAD_MB} MB.",
        text(visitor.lang, "import-file-too-large")
    );
    let page = upload_page(
        state,
        visitor,
        &Received::default(),
        vec![("document", message)],
    );
    super::render_with(StatusCode::PAYLOAD_TOO_LARGE, &page)
}

/// Parses the document and settles the title and years; the outer error is the
/// server's, the inner one the person's, shown next to the field.
/// The document is moved out of `received`: it can be large, and only the typed
/// fields are shown again.
async fn prepare(
    received: &mut Received,
    lang: Lang,
) -> Result<Result<Upload, FieldErrors>, AppError> {
    let Some((name, bytes)) = received
        .document
        .take()
        .filter(|(name, bytes)| !name.is_empty() || !bytes.is_empty())
    else {
        let missing = text(lang, "import-file-missing").to_string();
        return Ok(Err(vec![("document", missing)]));
    };
    let mut draft = match parse(name, bytes).await? {
        Ok(draft) => draft,
        Err(error) => {
            let message = format!(
                "{}: {}",
                text(lang, "import-file-unreadable"),
                words::unreadable(lang, &error)
            );
            return Ok(Err(vec![("document", message)]));
        }
    };
    let title = received.title.trim();
    if !title.is_empty() {
        draft.title = title.to_string();
    }
    Ok(match years(&received.years, &draft.title, lang) {
        Ok((first_year, last_year)) => Ok(Upload {
            draft,
            first_year,
            last_year,
        }),
        Err(message) => Err(vec![("years", message)]),
    })
}

/// Reading a PDF or Word file is CPU work; it runs off the async workers.
async fn parse(
    name: String,
    bytes: Vec<u8>,
) -> Result<Result<PlanDraft, riktning_import::ImportError>, AppError> {
    // A document without recognisable goals still comes to the review, line by line,
    // for the person to mark the goals.
    tokio::task::spawn_blocking(move || riktning_import::parse_document_or_lines(&name, &bytes))
        .await
        .map_err(|error| AppError::Internal(format!("reading an uploaded document: {error}")))
}

/// The years typed in the form, else those the title names.
fn years(typed: &str, title: &str, lang: Lang) -> Result<(i32, i32), String> {
    let typed = typed.trim();
    if typed.is_empty() {
        years_in_title(title).ok_or_else(|| text(lang, "import-years-needed").to_string())
    } else {
        years_in_title(typed).ok_or_else(|| text(lang, "import-years-invalid").to_string())
    }
}

// ---------------------------------------------------------------- the review

struct TargetView {
    /// The indicator a table names for this target; empty when the text names none.
    indicator: String,
    /// Why the reading is doubtful; empty when it is not.
    doubt: String,
    text: String,
    comparator: String,
    value: String,
    unit: String,
    year: String,
}

struct GoalView {
    code: String,
    area: bool,
    first: bool,
    parent: String,
    line: String,
    /// Why the reading is doubtful, with its confidence; empty when it is not.
    doubt: String,
    /// The paragraphs a goal can be split at (from the second): (number, its start).
    split_points: Vec<(usize, String)>,
    short_name: String,
    statement: String,
    category: String,
    heading: String,
    commitments: Vec<String>,
    targets: Vec<TargetView>,
}

struct RemovedView {
    code: String,
    statement: String,
    level: String,
    commitments: usize,
    assessments: usize,
}

struct ChangedView {
    code: String,
    statement: Option<(String, String)>,
    fields: String,
    commitments_added: Vec<String>,
    commitments_removed: Vec<String>,
    targets_added: Vec<String>,
    targets_removed: Vec<String>,
}

/// The stored plan of the same title and what replacing it changes.
struct Existing {
    title: String,
    years: String,
    added: Vec<GoalLine>,
    removed: Vec<RemovedView>,
    changed: Vec<ChangedView>,
    unchanged: bool,
}

#[derive(Template)]
#[template(path = "import_review.html")]
struct ReviewPage {
    chrome: Chrome,
    token: String,
    title: String,
    years: String,
    source: String,
    /// The decision of record the document states, in words; empty when it states none.
    decision: String,
    /// Set when the document names another municipality than this one: its name.
    other_municipality: Option<String>,
    commitment_count: usize,
    target_count: usize,
    goals: Vec<GoalView>,
    warnings: Vec<String>,
    existing: Option<Existing>,
    /// Why the last confirmation was refused, next to the replace checkbox.
    replace_error: Option<String>,
    /// Why the store refused the plan, at the top.
    store_error: Option<String>,
    /// Why the last correction could not be made, at the top.
    correction_error: Option<String>,
    /// The document's text outside the goals, as paragraphs.
    introduction: Vec<String>,
    not_used: Vec<UnusedView>,
    /// The areas a goal can be moved under: (code, name).
    areas: Vec<(String, String)>,
    /// With this many areas or fewer, each goal's move form lists them; with more, the
    /// area's code is typed, so the page does not grow as goals times areas.
    areas_listed: bool,
    doubtful: usize,
}

struct UnusedView {
    line: usize,
    /// Which of the entries with this line number it is (from 0).
    nth: usize,
    /// Its first words, to name its buttons.
    opening: String,
    text: String,
    reason: String,
}

/// What went wrong with a confirmation or a correction, for the review page to show.
enum Problem {
    None,
    ReplaceNotTicked,
    Refused(String),
    Correction(String),
}

#[derive(Debug, Deserialize)]
pub struct ReviewQuery {
    #[serde(default)]
    token: String,
}

/// `GET /arbeta/import/granska?token=…`: the draft kept for this person, as corrected.
pub async fn review<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(query): Query<ReviewQuery>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::Import)?;
    let upload =
        pending::read(&query.token, visitor.user.id).ok_or_else(|| AppError::Rejected {
            status: StatusCode::NOT_FOUND,
            sv: text(Lang::Sv, "import-expired").to_string(),
            en: text(Lang::En, "import-expired").to_string(),
        })?;
    let page = review_page(&state, &visitor, query.token, &upload, Problem::None).await?;
    Ok(render(&page))
}

/// "Kommunfullmäktige 2024-11-27 § 187, diarienummer KS 2024/311", with what the
/// document leaves out said as missing.
fn decision_in_words(decision: &riktning_domain::DecisionDraft, lang: Lang) -> String {
    let missing = text(lang, "import-decision-missing");
    let mut words = vec![decision.body.clone().unwrap_or_else(|| missing.to_string())];
    words.push(
        decision
            .date
            .map_or_else(|| missing.to_string(), |d| d.to_string()),
    );
    words.extend(decision.paragraph.clone());
    format!(
        "{}, {} {}{}",
        words.join(" "),
        text(lang, "plans-case-number").to_lowercase(),
        decision.case_number.as_deref().unwrap_or(missing),
        if decision.complete().is_some() {
            String::new()
        } else {
            format!(" – {}", text(lang, "import-decision-incomplete"))
        }
    )
}

async fn review_page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    token: String,
    upload: &Upload,
    problem: Problem,
) -> Result<ReviewPage, AppError> {
    let lang = visitor.lang;
    let draft = &upload.draft;
    let existing = existing_plan(state, &draft.title)
        .await?
        .map(|(plan, stored)| existing_view(&plan, &diff::compare(draft, &stored), lang));
    let (replace_error, store_error, correction_error) = match problem {
        Problem::None => (None, None, None),
        Problem::ReplaceNotTicked => (
            Some(text(lang, "import-replace-needed").to_string()),
            None,
            None,
        ),
        Problem::Refused(message) => (None, Some(message), None),
        Problem::Correction(message) => (None, None, Some(message)),
    };
    let areas: Vec<(String, String)> = draft
        .goals
        .iter()
        .filter(|g| g.area)
        .map(|g| {
            let name = g.short_name.clone().unwrap_or_else(|| g.statement.clone());
            (g.code.clone(), name)
        })
        .collect();
    Ok(ReviewPage {
        chrome: chrome(state, visitor, "import-review-title"),
        token,
        title: draft.title.clone(),
        years: year_span(upload.first_year, upload.last_year),
        source: draft.source_name.clone().unwrap_or_default(),
        other_municipality: draft
            .municipality
            .as_deref()
            .filter(|named| *named != state.tenant.kolada_id)
            .and_then(riktning_domain::municipality_by_id)
            .map(|m| m.name.to_string()),
        decision: draft
            .decision
            .as_ref()
            .map(|d| decision_in_words(d, visitor.lang))
            .unwrap_or_default(),
        commitment_count: draft.goals.iter().map(|g| g.commitments.len()).sum(),
        target_count: draft.goals.iter().map(|g| g.targets.len()).sum(),
        goals: draft
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| goal_view(g, i == 0, lang))
            .collect(),
        doubtful: draft
            .goals
            .iter()
            .filter(|g| g.confidence.is_doubtful())
            .count(),
        introduction: draft
            .introduction
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string)
            .collect(),
        not_used: draft
            .not_used
            .iter()
            .enumerate()
            .map(|(i, u)| UnusedView {
                line: u.line,
                nth: draft.not_used[..i]
                    .iter()
                    .filter(|v| v.line == u.line)
                    .count(),
                opening: opening(&u.text),
                text: u.text.clone(),
                reason: text(lang, &format!("import-unused-{}", u.reason.key())).to_string(),
            })
            .collect(),
        areas_listed: areas.len() <= MAX_LISTED_AREAS,
        areas,
        correction_error,
        warnings: draft
            .warnings
            .iter()
            .map(|w| words::warning(visitor.lang, w))
            .collect(),
        existing,
        replace_error,
        store_error,
    })
}

/// The stored plan with `title`, with its goals' commitments and targets, if any.
async fn existing_plan<S: Store>(
    state: &Shared<S>,
    title: &str,
) -> Result<Option<(riktning_domain::Plan, Vec<StoredGoal>)>, AppError> {
    let tenant = state.tenant.id;
    let Some(plan) = state.store.plan_by_title(tenant, title).await? else {
        return Ok(None);
    };
    let mut stored = Vec::new();
    for goal in state.store.goals(tenant, plan.id).await? {
        let commitments = state.store.commitments(tenant, goal.id).await?;
        let targets = state.store.text_targets(tenant, goal.id).await?;
        let of_goal = AssessmentQuery {
            goal: Some(goal.id),
            ..AssessmentQuery::default()
        };
        let assessments = state.store.assessments(tenant, &of_goal).await?;
        stored.push(StoredGoal {
            commitments: commitments.into_iter().map(|c| c.text).collect(),
            targets: targets.into_iter().map(|t| t.text).collect(),
            assessments: assessments.len(),
            goal,
        });
    }
    Ok(Some((plan, stored)))
}

fn year_span(first: i32, last: i32) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    }
}

/// What a table cell shows for a value the document did not give: a dash, not an empty
/// cell that a screen reader announces as blank.
fn or_dash(value: Option<String>) -> String {
    value
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "–".to_string())
}

/// The first words of a paragraph, to choose where to split.
fn opening(paragraph: &str) -> String {
    let words: Vec<&str> = paragraph
        .trim_start_matches(['#', '-', ' '])
        .split_whitespace()
        .collect();
    let mut shown = words.iter().take(8).copied().collect::<Vec<_>>().join(" ");
    if words.len() > 8 {
        shown.push('…');
    }
    shown
}

/// "Osäker läsning (60 %). En onumrerad rubrik …", or nothing for a sure reading.
fn doubt_in_words(
    confidence: riktning_domain::Confidence,
    doubt: Option<&str>,
    lang: Lang,
) -> String {
    if !confidence.is_doubtful() {
        return String::new();
    }
    let reason = doubt
        .and_then(|key| crate::i18n::lookup(lang, &format!("import-doubt-{key}")))
        .unwrap_or_default();
    format!(
        "{} ({} %). {reason}",
        text(lang, "import-doubtful"),
        confidence.0
    )
}

fn goal_view(goal: &GoalDraft, first: bool, lang: Lang) -> GoalView {
    let doubt = doubt_in_words(goal.confidence, goal.doubt.as_deref(), lang);
    GoalView {
        code: goal.code.clone(),
        area: goal.area,
        first,
        parent: goal.parent.clone().unwrap_or_default(),
        line: goal.line.map(|l| l.to_string()).unwrap_or_default(),
        doubt,
        split_points: goal
            .text
            .split("\n\n")
            .enumerate()
            .skip(1)
            .map(|(i, p)| (i + 1, opening(p)))
            .collect(),
        short_name: goal.short_name.clone().unwrap_or_default(),
        statement: goal.statement.clone(),
        category: or_dash(goal.category.clone()),
        heading: goal.heading.clone().unwrap_or_default(),
        commitments: goal.commitments.iter().map(|c| c.text.clone()).collect(),
        targets: goal.targets.iter().map(|t| target_view(t, lang)).collect(),
    }
}

fn target_view(target: &TextTargetDraft, lang: Lang) -> TargetView {
    TargetView {
        indicator: target.indicator.clone().unwrap_or_default(),
        doubt: doubt_in_words(target.confidence, target.doubt.as_deref(), lang),
        text: target.text.clone(),
        comparator: or_dash(
            target
                .comparator
                .map(|c| text(lang, &format!("import-comparator-{}", c.as_str())).to_string()),
        ),
        value: or_dash(target.value.map(|v| format_number_trimmed(v, 2))),
        unit: or_dash(target.unit.clone()),
        year: or_dash(target.year.map(|y| y.to_string())),
    }
}

fn existing_view(plan: &riktning_domain::Plan, changes: &PlanChanges, lang: Lang) -> Existing {
    Existing {
        title: plan.title.clone(),
        years: year_span(plan.first_year, plan.last_year),
        added: changes.added.clone(),
        removed: changes
            .removed
            .iter()
            .map(|g| removed_view(g, lang))
            .collect(),
        changed: changes
            .changed
            .iter()
            .map(|c| changed_view(c, lang))
            .collect(),
        unchanged: changes.is_empty(),
    }
}

fn removed_view(goal: &GoalLine, lang: Lang) -> RemovedView {
    let level = goal.level.unwrap_or(GoalLevel::Council);
    RemovedView {
        code: goal.code.clone(),
        statement: goal.statement.clone(),
        level: text(lang, &format!("import-level-{}", level.as_str())).to_string(),
        commitments: goal.commitments,
        assessments: goal.assessments,
    }
}

fn changed_view(change: &GoalChange, lang: Lang) -> ChangedView {
    ChangedView {
        code: change.code.clone(),
        statement: change.statement.clone(),
        fields: change
            .fields
            .iter()
            .map(|field| text(lang, &format!("import-field-{field}")))
            .collect::<Vec<_>>()
            .join(", "),
        commitments_added: change.commitments_added.clone(),
        commitments_removed: change.commitments_removed.clone(),
        targets_added: change.targets_added.clone(),
        targets_removed: change.targets_removed.clone(),
    }
}

// ---------------------------------------------------------------- the confirmation

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    replace: Option<String>,
}

/// What became of a confirmed upload.
enum Stored {
    /// Stored as the plan with this id.
    Done(riktning_domain::Id),
    NeedsReplace,
    Refused(String),
}

pub async fn confirm<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::Import)?;
    let user = visitor.user.id;
    // Taken, not read, so that a double click cannot store the plan twice; it is put
    // back below whenever nothing was stored.
    let upload = pending::take(&form.token, user).ok_or_else(|| AppError::Rejected {
        status: StatusCode::NOT_FOUND,
        sv: text(Lang::Sv, "import-expired").to_string(),
        en: text(Lang::En, "import-expired").to_string(),
    })?;
    let outcome = store_upload(&state, &visitor, &upload, form.replace.is_some()).await;
    let problem = match outcome {
        Ok(Stored::Done(plan)) => {
            // The tree of the plan just stored, which need not be the current one.
            let goals = super::done::to(&format!("/arbeta/mal?plan={plan}"), "plan-importerad");
            return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, goals)]).into_response());
        }
        Ok(Stored::NeedsReplace) => Problem::ReplaceNotTicked,
        Ok(Stored::Refused(message)) => Problem::Refused(message),
        Err(error) => {
            pending::restore(&form.token, user, upload);
            return Err(error);
        }
    };
    pending::restore(&form.token, user, upload.clone());
    let page = review_page(&state, &visitor, form.token, &upload, problem).await?;
    Ok(super::render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

async fn store_upload<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    upload: &Upload,
    replace: bool,
) -> Result<Stored, AppError> {
    let tenant = state.tenant.id;
    let title = &upload.draft.title;
    if upload.draft.goals.is_empty() {
        return Ok(Stored::Refused(
            text(visitor.lang, "import-no-goals-to-store").to_string(),
        ));
    }
    // Checked here as well as by the store, so that the answer is the review page with
    // the checkbox rather than an error page.
    if !replace && state.store.plan_by_title(tenant, title).await?.is_some() {
        return Ok(Stored::NeedsReplace);
    }
    let options = ImportOptions {
        title: title.clone(),
        first_year: upload.first_year,
        last_year: upload.last_year,
        replace,
    };
    let change = Change::by(&visitor.user.username).because("uppladdad i webbläsaren");
    match state
        .store
        .import_plan(tenant, &upload.draft, &options, &change)
        .await
    {
        Ok(outcome) => Ok(Stored::Done(outcome.plan.id)),
        // Someone stored a plan with this title since the check above.
        Err(StoreError::Duplicate(_)) => Ok(Stored::NeedsReplace),
        Err(StoreError::Invalid { entity, source }) => Ok(Stored::Refused(
            crate::store_words::invalid(visitor.lang, entity, &source),
        )),
        Err(other) => Err(other.into()),
    }
}
