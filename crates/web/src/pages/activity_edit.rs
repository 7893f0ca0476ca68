//! Editing an assignment or activity: title, kind, dates, responsible unit and
//! description.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{Activity, ActivityKind, Change, Id};
use riktning_store::Store;
use serde::Deserialize;
use time::Date;

use super::{Chrome, FieldErrors as _, render};
use crate::extract::{Form, Path};
use crate::policy::{Action, activity_owners, allows, authorize_change};
use crate::{AppError, Shared, Visitor};

#[derive(Debug, Default, Clone, Deserialize)]
pub struct Typed {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    unit: Option<Id>,
    #[serde(default)]
    start: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    description: String,
}

#[derive(Template)]
#[template(path = "activity_form.html")]
struct ActivityForm {
    chrome: Chrome,
    id: Id,
    typed: Typed,
    units: Vec<(Id, String)>,
    error: Option<(String, String)>,
}

impl super::FieldErrors for ActivityForm {
    fn errors(&self) -> &[(String, String)] {
        self.error.as_slice()
    }
}

impl ActivityForm {
    fn is_owner(&self, unit: &Id) -> bool {
        self.typed.unit == Some(*unit)
    }
}

fn typed_of(activity: &Activity, csrf: &str) -> Typed {
    let date = |d: Option<Date>| d.map_or(String::new(), |d| d.to_string());
    Typed {
        csrf: csrf.to_string(),
        version: activity.version,
        title: activity.title.clone(),
        kind: activity.kind.as_str().to_string(),
        unit: activity.responsible_unit,
        start: date(activity.starts_on),
        due: date(activity.due_on),
        description: activity.description.clone(),
    }
}

async fn form_page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    id: Id,
    typed: Typed,
    error: Option<(String, String)>,
) -> Result<ActivityForm, AppError> {
    let units = state
        .store
        .org_units(state.tenant.id)
        .await?
        .into_iter()
        .filter(|u| {
            typed.unit == Some(u.id)
                || (!u.retired && allows(&visitor.user, Action::Report { unit: u.id }))
        })
        .map(|u| (u.id, u.name))
        .collect();
    Ok(ActivityForm {
        chrome: Chrome::new(
            state,
            visitor,
            "activities",
            format!(
                "{}: {}",
                crate::i18n::text(visitor.lang, "activity-edit"),
                typed.title
            ),
            format!("/arbeta/aktivitet/{id}/redigera"),
        )
        .with_trail(vec![(
            crate::i18n::text(visitor.lang, "nav-activities").to_string(),
            "/arbeta/aktiviteter".to_string(),
        )]),
        id,
        typed,
        units,
        error,
    })
}

pub async fn form<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    let activity = state.store.activity(state.tenant.id, id).await?;
    authorize_change(
        &visitor.user,
        &activity_owners(&state.store, state.tenant.id, &activity).await?,
    )?;
    let typed = typed_of(&activity, &visitor.csrf);
    Ok(render(&form_page(&state, &visitor, id, typed, None).await?))
}

/// An optional date: empty is none, anything else must be a date.
fn parse_date(text: &str) -> Result<Option<Date>, ()> {
    match text.trim() {
        "" => Ok(None),
        text => super::periods::parse_date(text).map(Some).ok_or(()),
    }
}

pub async fn save<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(typed): Form<Typed>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&typed.csrf)?;
    let stored = state.store.activity(state.tenant.id, id).await?;
    // The goals it serves stay; its unit may change, and both must be the user's.
    let before = activity_owners(&state.store, state.tenant.id, &stored).await?;
    let after = activity_owners(
        &state.store,
        state.tenant.id,
        &Activity {
            responsible_unit: typed.unit,
            ..stored.clone()
        },
    )
    .await?;
    authorize_change(&visitor.user, &before.and(&after))?;
    let lang = visitor.lang;
    let dates = (parse_date(&typed.start), parse_date(&typed.due));
    let outcome = match dates {
        (Ok(starts_on), Ok(due_on)) => {
            let activity = Activity {
                title: typed.title.trim().to_string(),
                kind: typed.kind.parse().unwrap_or(ActivityKind::Activity),
                responsible_unit: typed.unit,
                starts_on,
                due_on,
                description: typed.description.clone(),
                version: typed.version,
                ..stored.clone()
            };
            match state
                .store
                .update_activity(
                    state.tenant.id,
                    &activity,
                    &Change::by(&visitor.user.username),
                )
                .await
            {
                Ok(_) => Ok(()),
                Err(error) => {
                    let ((field, message), status) = super::refused_save(error, lang, "form")?;
                    Err((field, message, status))
                }
            }
        }
        (start, _) => Err((
            if start.is_err() {
                "starts_on"
            } else {
                "due_on"
            }
            .to_string(),
            crate::i18n::text(lang, "activity-bad-date").to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
    };
    match outcome {
        Ok(()) => Ok((
            StatusCode::SEE_OTHER,
            [(
                header::LOCATION,
                super::done::to("/arbeta/aktiviteter", "aktivitet-sparad"),
            )],
        )
            .into_response()),
        Err((field, message, status)) => {
            let response = super::render_with(
                status,
                &form_page(&state, &visitor, id, typed, Some((field, message))).await?,
            );
            Ok(response)
        }
    }
}
