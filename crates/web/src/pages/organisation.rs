//! The organisation: the council, board, committees, administrations, units and
//! companies that goals are broken down to. Adding, renaming, moving and retiring
//! units, and removing one that nothing refers to.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{Change, Id, NewOrgUnit, OrgUnit, OrgUnitKind, is_one_line_text};
use riktning_store::{Store, StoreError};
use serde::Deserialize;

use super::row_forms::RowForms;
use super::{Chrome, FieldErrors as _, refused_save, render, render_with};
use crate::auth::clip;
use crate::extract::{Form, Path, Query};
use crate::i18n::{Lang, text};
use crate::policy::{Action, allows, authorize};
use crate::{AppError, Shared, Visitor};

const PATH: &str = "/arbeta/organisation";

/// A unit in the tree, with its depth for the indentation.
struct UnitRow {
    unit: OrgUnit,
    depth: usize,
    kind: &'static str,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent: String,
    /// The checkbox: present when ticked.
    #[serde(default)]
    retired: Option<String>,
}

impl UnitForm {
    fn kept(&self) -> UnitForm {
        UnitForm {
            csrf: String::new(),
            version: self.version,
            name: clip(&self.name, 200),
            short_name: clip(&self.short_name, 60),
            kind: clip(&self.kind, 30),
            parent: clip(&self.parent, 20),
            retired: self.retired.as_ref().map(|_| "on".to_string()),
        }
    }

    fn of(unit: &OrgUnit) -> UnitForm {
        UnitForm {
            csrf: String::new(),
            version: unit.version,
            name: unit.name.clone(),
            short_name: unit.short_name.clone().unwrap_or_default(),
            kind: unit.kind.as_str().to_string(),
            parent: unit.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            retired: unit.retired.then(|| "on".to_string()),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    #[serde(default)]
    klart: Option<String>,
    #[serde(default)]
    enhet: Option<Id>,
    /// The name of a unit just removed, which can no longer be looked up.
    #[serde(default)]
    namn: Option<String>,
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    chrome: Chrome,
    rows: Vec<UnitRow>,
    kinds: Vec<(&'static str, &'static str)>,
    notice: Option<String>,
    can_manage: bool,
    forms: RowForms<UnitForm>,
}

impl super::FieldErrors for OrganisationPage {
    fn errors(&self) -> &[(String, String)] {
        &self.forms.errors
    }
}

impl OrganisationPage {
    fn refused(&self, unit: &OrgUnit) -> bool {
        self.forms.is_refused(unit.id)
    }

    fn add_error(&self, field: &str) -> Option<&str> {
        self.forms.add_error(field)
    }

    fn edit_error(&self, unit: &OrgUnit, field: &str) -> Option<&str> {
        self.forms.row_error(unit.id, field)
    }

    /// What the edit form of `unit` shows.
    fn edit_typed(&self, unit: &OrgUnit) -> UnitForm {
        self.forms
            .typed_for(unit.id)
            .cloned()
            .unwrap_or_else(|| UnitForm::of(unit))
    }

    /// The units `unit` may be placed under: any but itself and those under it.
    fn parents_for(&self, unit: &OrgUnit) -> Vec<&UnitRow> {
        // The rows are in tree order, so a unit's descendants follow it directly.
        let mut inside = false;
        let mut depth = 0;
        let mut allowed = Vec::new();
        for row in &self.rows {
            if row.unit.id == unit.id {
                inside = true;
                depth = row.depth;
                continue;
            }
            if inside && row.depth > depth {
                continue;
            }
            inside = false;
            allowed.push(row);
        }
        allowed
    }

    fn indent(&self, row: &UnitRow) -> String {
        "— ".repeat(row.depth)
    }
}

/// The units in tree order: each followed by the units under it, by name.
fn tree(units: Vec<OrgUnit>, lang: Lang) -> Vec<UnitRow> {
    fn walk(
        parent: Option<Id>,
        depth: usize,
        units: &[OrgUnit],
        lang: Lang,
        rows: &mut Vec<UnitRow>,
    ) {
        let mut children: Vec<&OrgUnit> = units.iter().filter(|u| u.parent_id == parent).collect();
        children.sort_by(|a, b| a.name.cmp(&b.name));
        for unit in children {
            rows.push(UnitRow {
                unit: unit.clone(),
                depth,
                kind: text(lang, &format!("org-kind-{}", unit.kind.as_str())),
            });
            // Bounded: a stored cycle must not loop forever.
            if depth < 32 {
                walk(Some(unit.id), depth + 1, units, lang, rows);
            }
        }
    }
    let mut rows = Vec::with_capacity(units.len());
    walk(None, 0, &units, lang, &mut rows);
    // A unit whose parent is missing still shows, at the top.
    for unit in &units {
        if !rows.iter().any(|r| r.unit.id == unit.id) {
            rows.push(UnitRow {
                unit: unit.clone(),
                depth: 0,
                kind: text(lang, &format!("org-kind-{}", unit.kind.as_str())),
            });
        }
    }
    rows
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
) -> Result<OrganisationPage, AppError> {
    let lang = visitor.lang;
    let units = state.store.org_units(state.tenant.id).await?;
    Ok(OrganisationPage {
        chrome: Chrome::new(
            state,
            visitor,
            "organisation",
            text(lang, "org-title").to_string(),
            PATH.to_string(),
        ),
        rows: tree(units, lang),
        kinds: OrgUnitKind::ALL
            .iter()
            .map(|k| (k.as_str(), text(lang, &format!("org-kind-{}", k.as_str()))))
            .collect(),
        notice: None,
        can_manage: allows(&visitor.user, Action::ManagePlan),
        forms: RowForms::new(UnitForm {
            kind: OrgUnitKind::Committee.as_str().to_string(),
            ..UnitForm::default()
        }),
    })
}

pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(notice): Query<Notice>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let mut shown = page(&state, &visitor).await?;
    let lang = visitor.lang;
    shown.notice = notice.klart.as_deref().and_then(|done| {
        let name = match done {
            "borttagen" => notice.namn.clone().map(|n| clip(&n, 200))?,
            _ => shown
                .rows
                .iter()
                .find(|r| Some(r.unit.id) == notice.enhet)
                .map(|r| r.unit.name.clone())?,
        };
        let key = match done {
            "tillagd" => "org-added",
            "andrad" => "org-changed",
            "borttagen" => "org-removed",
            _ => return None,
        };
        Some(format!("{} {name}.", text(lang, key)))
    });
    Ok(render(&shown))
}

async fn refused<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    status: StatusCode,
    unit: Option<Id>,
    typed: UnitForm,
    errors: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let mut shown = page(state, visitor).await?;
    shown.forms.refuse(unit, typed, errors);
    Ok(render_with(status, &shown))
}

/// The form's fields, checked with messages in the visitor's language.
fn checked(
    form: &UnitForm,
    lang: Lang,
    errors: &mut Vec<(String, String)>,
) -> (String, Option<String>, Option<OrgUnitKind>, Option<Id>) {
    let name = form.name.trim().to_string();
    if !is_one_line_text(&name) || name.chars().count() > 200 {
        errors.push(("name".into(), text(lang, "org-name-missing").into()));
    }
    let short = Some(form.short_name.trim().to_string()).filter(|s| !s.is_empty());
    if short
        .as_deref()
        .is_some_and(|s| s.chars().count() > 60 || !is_one_line_text(s))
    {
        errors.push(("short_name".into(), text(lang, "org-short-too-long").into()));
    }
    let kind = form.kind.parse::<OrgUnitKind>().ok();
    if kind.is_none() {
        errors.push(("kind".into(), text(lang, "org-choose-kind").into()));
    }
    let parent = match form.parent.trim() {
        "" => None,
        typed => match typed.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(("parent".into(), text(lang, "org-choose-parent").into()));
                None
            }
        },
    };
    (name, short, kind, parent)
}

/// Why the store refused, as the form shows it: a parent that does not exist, or a
/// unit that is still in use, are the visitor's to fix.
fn refusal(error: StoreError, lang: Lang) -> Result<((String, String), StatusCode), AppError> {
    match error {
        StoreError::NotFound { .. } => Ok((
            ("parent".into(), text(lang, "org-choose-parent").into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        StoreError::StillReferenced(_) => Ok((
            ("form".into(), text(lang, "org-in-use").into()),
            StatusCode::CONFLICT,
        )),
        StoreError::Invalid { source, .. } if source.field == "parent_id" => Ok((
            ("parent".into(), text(lang, "org-parent-cycle").into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        StoreError::Duplicate(_) => Ok((
            ("name".into(), text(lang, "org-name-taken").into()),
            StatusCode::CONFLICT,
        )),
        other => refused_save(other, lang, "name"),
    }
}

fn done(what: &str, unit: Id) -> Response {
    Redirect::to(&format!("{PATH}?klart={what}&enhet={unit}")).into_response()
}

pub async fn add<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<UnitForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let mut errors = Vec::new();
    let (name, short_name, kind, parent_id) = checked(&form, lang, &mut errors);
    let (Some(kind), true) = (kind, errors.is_empty()) else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return refused(&state, &visitor, status, None, form.kept(), errors).await;
    };
    let new = NewOrgUnit {
        parent_id,
        kind,
        name,
        short_name,
    };
    match state
        .store
        .create_org_unit(state.tenant.id, &new, &Change::by(&visitor.user.username))
        .await
    {
        Ok(unit) => Ok(done("tillagd", unit.id)),
        Err(error) => {
            let (message, status) = refusal(error, lang)?;
            refused(&state, &visitor, status, None, form.kept(), vec![message]).await
        }
    }
}

/// Renames a unit, changes its kind, or moves it under another.
pub async fn edit<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(form): Form<UnitForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let stored = state.store.org_unit(state.tenant.id, id).await?;
    let mut errors = Vec::new();
    let (name, short_name, kind, parent_id) = checked(&form, lang, &mut errors);
    if parent_id == Some(id) {
        errors.push(("parent".into(), text(lang, "org-parent-cycle").into()));
    }
    let (Some(kind), true) = (kind, errors.is_empty()) else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return refused(&state, &visitor, status, Some(id), form.kept(), errors).await;
    };
    let changed = OrgUnit {
        parent_id,
        kind,
        name,
        short_name,
        retired: form.retired.is_some(),
        version: form.version,
        ..stored
    };
    match state
        .store
        .update_org_unit(
            state.tenant.id,
            &changed,
            &Change::by(&visitor.user.username),
        )
        .await
    {
        Ok(_) => Ok(done("andrad", id)),
        Err(error) => {
            let (message, status) = refusal(error, lang)?;
            refused(
                &state,
                &visitor,
                status,
                Some(id),
                form.kept(),
                vec![message],
            )
            .await
        }
    }
}

/// Removes a unit that no goal, indicator, user or unit refers to.
pub async fn remove<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(form): Form<UnitForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let stored = state.store.org_unit(state.tenant.id, id).await?;
    match state
        .store
        .delete_org_unit(
            state.tenant.id,
            id,
            form.version,
            &Change::by(&visitor.user.username),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "{PATH}?klart=borttagen&namn={}",
            super::url_encode(&stored.name)
        ))
        .into_response()),
        Err(error) => {
            let (message, status) = refusal(error, lang)?;
            let typed = UnitForm::of(&stored);
            refused(&state, &visitor, status, Some(id), typed, vec![message]).await
        }
    }
}
