//! Editing a goal, and breaking a goal down into a committee's or unit's own goal.

use askama::Template;
use axum::extract::{RawForm, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{Change, Goal, GoalLevel, Id, NewGoal, normalise_goal_code};
use riktning_store::{Store, StoreRead};
use serde::Deserialize;

use super::{Chrome, FieldErrors as _, render};
use crate::extract::{Path, Query};
use crate::policy::{Action, Owners, allows, authorize, authorize_change};
use crate::{AppError, Shared, Visitor};

/// A goal form's fields, as typed.
#[derive(Debug, Default, Clone)]
struct Fields {
    csrf: String,
    version: i64,
    code: String,
    statement: String,
    short_name: String,
    category: String,
    political_text: String,
    units: Vec<Id>,
}

/// Reads the form by hand: the unit checkboxes repeat one name, which serde's form
/// decoder does not gather into a list.
fn parse_fields(body: &[u8]) -> Fields {
    let mut fields = Fields::default();
    for (key, value) in form_pairs(body) {
        match key.as_str() {
            "csrf" => fields.csrf = value,
            "version" => fields.version = value.parse().unwrap_or(0),
            "code" => fields.code = value,
            "statement" => fields.statement = value,
            "short_name" => fields.short_name = value,
            "category" => fields.category = value,
            "political_text" => fields.political_text = value,
            "unit" => {
                if let Ok(id) = value.parse() {
                    fields.units.push(id);
                }
            }
            _ => {}
        }
    }
    fields
}

/// The statement is one line, typed in a text area for its length: line breaks typed
/// there become spaces, and nothing else changes.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fields of a urlencoded form body, repeated names kept.
pub(super) fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

struct UnitChoice {
    id: Id,
    name: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "goal_form.html")]
struct GoalForm {
    chrome: Chrome,
    action: String,
    heading: String,
    parent: Option<(Id, String)>,
    is_new: bool,
    fields: Fields,
    units: Vec<UnitChoice>,
    errors: Vec<(String, String)>,
}

impl super::FieldErrors for GoalForm {
    fn errors(&self) -> &[(String, String)] {
        self.errors.as_slice()
    }
}

impl GoalForm {}

async fn unit_choices<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    checked: &[Id],
) -> Result<Vec<UnitChoice>, AppError> {
    Ok(state
        .store
        .org_units(state.tenant.id)
        .await?
        .into_iter()
        // A retired unit is offered only to a goal that has it already.
        .filter(|u| {
            checked.contains(&u.id)
                || (!u.retired && allows(&visitor.user, Action::Report { unit: u.id }))
        })
        .map(|u| UnitChoice {
            checked: checked.contains(&u.id),
            id: u.id,
            name: u.name,
        })
        .collect())
}

fn fields_of(goal: &Goal, csrf: &str) -> Fields {
    Fields {
        csrf: csrf.to_string(),
        version: goal.version,
        code: goal.code.clone(),
        statement: goal.statement.clone(),
        short_name: goal.short_name.clone().unwrap_or_default(),
        category: goal.category.clone().unwrap_or_default(),
        political_text: goal.political_text.clone(),
        units: goal.responsible_units.clone(),
    }
}

/// The form for editing `goal`, with `fields` as typed or stored.
fn edit_view<S>(
    state: &Shared<S>,
    visitor: &Visitor,
    goal: &Goal,
    fields: Fields,
    units: Vec<UnitChoice>,
    errors: Vec<(String, String)>,
) -> GoalForm {
    let heading = format!(
        "{} {}",
        crate::i18n::text(visitor.lang, "edit-goal"),
        goal.code
    );
    let address = format!("/arbeta/mal/{}/redigera", goal.id);
    GoalForm {
        chrome: Chrome::new(state, visitor, "goals", heading.clone(), address.clone())
            .with_trail(super::goal_trail(visitor.lang, goal)),
        action: address,
        heading,
        parent: None,
        is_new: false,
        fields,
        units,
        errors,
    }
}

pub async fn edit_form<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    let goal = state.store.goal(state.tenant.id, id).await?;
    authorize_change(&visitor.user, &Owners::of_goal(&goal))?;
    let units = unit_choices(&state, &visitor, &goal.responsible_units).await?;
    let view = edit_view(
        &state,
        &visitor,
        &goal,
        fields_of(&goal, &visitor.csrf),
        units,
        Vec::new(),
    );
    Ok(render(&view))
}

fn some_text(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

pub async fn save_edit<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    RawForm(body): RawForm,
) -> Result<Response, AppError> {
    let fields = parse_fields(&body);
    visitor.check_csrf(&fields.csrf)?;
    let stored = state.store.goal(state.tenant.id, id).await?;
    // Both the units it had and those it gets must be the reporter's own. With no unit
    // chosen, the form is refused below with a message for anyone who may edit it.
    let before = Owners::of_goal(&stored);
    let after = if fields.units.is_empty() {
        before.clone()
    } else {
        Owners::units(fields.units.iter().copied())
    };
    authorize_change(&visitor.user, &before.and(&after))?;
    if fields.units.is_empty() {
        // As when a goal is added: a goal nobody is responsible for is asked of no one.
        let errors = vec![(
            "units".to_string(),
            crate::i18n::text(visitor.lang, "goal-needs-unit").to_string(),
        )];
        let units = unit_choices(&state, &visitor, &fields.units).await?;
        let view = edit_view(&state, &visitor, &stored, fields, units, errors);
        return Ok(super::render_with(StatusCode::UNPROCESSABLE_ENTITY, &view));
    }
    let mut goal = stored.clone();
    goal.version = fields.version;
    goal.statement = one_line(&fields.statement);
    goal.short_name = some_text(&fields.short_name);
    goal.category = some_text(&fields.category);
    goal.political_text = fields.political_text.clone();
    goal.responsible_units = fields.units.clone();
    match state
        .store
        .update_goal(state.tenant.id, &goal, &Change::by(&visitor.user.username))
        .await
    {
        Ok(saved) => Ok((
            StatusCode::SEE_OTHER,
            [(
                header::LOCATION,
                super::done::to(&format!("/arbeta/mal/{}", saved.id), "mal-sparat"),
            )],
        )
            .into_response()),
        Err(error) => {
            let (error, status) = super::refused_save(error, visitor.lang, "code")?;
            let errors = vec![error];
            let units = unit_choices(&state, &visitor, &fields.units).await?;
            let view = edit_view(&state, &visitor, &stored, fields, units, errors);
            Ok(super::render_with(status, &view))
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ParentQuery {
    /// The goal the new one breaks down; without it, a council goal of the current
    /// plan.
    forelder: Option<Id>,
}

/// Where a new goal goes: under a goal, or at the top of the current plan.
struct Place {
    plan_id: Id,
    parent: Option<Goal>,
    /// The code the form suggests: the next free number at that place.
    next_code: String,
    /// The position among its siblings.
    position: i32,
}

/// The place for a new goal, once the visitor may add one there: anyone who may
/// break a goal down for a unit of theirs, or, for the plan's own (council) goals,
/// a controller or administrator.
async fn place_of<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    parent: Option<Id>,
) -> Result<Place, AppError> {
    let tenant = state.tenant.id;
    match parent {
        Some(id) => {
            authorize(&visitor.user, Action::View)?;
            let parent = state.store.goal(tenant, id).await?;
            let children = state
                .store
                .goals(tenant, parent.plan_id)
                .await?
                .iter()
                .filter(|g| g.parent_id == Some(parent.id))
                .count();
            Ok(Place {
                plan_id: parent.plan_id,
                next_code: format!("{}.{}", parent.code, children + 1),
                position: parent.position,
                parent: Some(parent),
            })
        }
        None => {
            authorize(&visitor.user, Action::ManagePlan)?;
            let mut read = state.store.reader().await?;
            let plan = super::current_plan_in(&mut read, tenant).await;
            read.finish().await?;
            let plan = plan?;
            let top: Vec<Goal> = state
                .store
                .goals(tenant, plan.id)
                .await?
                .into_iter()
                .filter(|g| g.parent_id.is_none())
                .collect();
            Ok(Place {
                plan_id: plan.id,
                next_code: (top.len() + 1).to_string(),
                position: top.iter().map(|g| g.position).max().map_or(1, |p| p + 1),
                parent: None,
            })
        }
    }
}

fn new_form<S>(
    state: &Shared<S>,
    visitor: &Visitor,
    place: &Place,
    fields: Fields,
    units: Vec<UnitChoice>,
    errors: Vec<(String, String)>,
) -> GoalForm {
    let lang = visitor.lang;
    let (heading, action) = match &place.parent {
        Some(parent) => (
            format!("{} {}", crate::i18n::text(lang, "break-down"), parent.code),
            format!("/arbeta/mal/ny?forelder={}", parent.id),
        ),
        None => (
            crate::i18n::text(lang, "goal-new-council").to_string(),
            "/arbeta/mal/ny".to_string(),
        ),
    };
    GoalForm {
        chrome: Chrome::new(state, visitor, "goals", heading.clone(), action.clone()).with_trail(
            match &place.parent {
                Some(parent) => super::goal_trail(lang, parent),
                None => vec![(
                    crate::i18n::text(lang, "nav-goals").to_string(),
                    "/arbeta/mal".to_string(),
                )],
            },
        ),
        action,
        heading,
        parent: place
            .parent
            .as_ref()
            .map(|p| (p.id, format!("{} {}", p.code, p.statement))),
        is_new: true,
        fields,
        units,
        errors,
    }
}

pub async fn create_form<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(query): Query<ParentQuery>,
) -> Result<Response, AppError> {
    let place = place_of(&state, &visitor, query.forelder).await?;
    let fields = Fields {
        csrf: visitor.csrf.clone(),
        code: place.next_code.clone(),
        ..Fields::default()
    };
    let units = unit_choices(&state, &visitor, &[]).await?;
    Ok(render(&new_form(
        &state,
        &visitor,
        &place,
        fields,
        units,
        Vec::new(),
    )))
}

pub async fn create<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(query): Query<ParentQuery>,
    RawForm(body): RawForm,
) -> Result<Response, AppError> {
    let fields = parse_fields(&body);
    visitor.check_csrf(&fields.csrf)?;
    // The new goal must belong to the user's units alone. It may sit under any goal:
    // breaking the council's goals down is what committees do. With no unit chosen
    // the form is refused below with a message, for anyone who could have chosen one.
    let owners = if fields.units.is_empty() {
        Owners::units(visitor.user.units.iter().copied())
    } else {
        Owners::units(fields.units.iter().copied())
    };
    authorize_change(&visitor.user, &owners)?;
    let place = place_of(&state, &visitor, query.forelder).await?;
    let mut errors = Vec::new();
    let code = normalise_goal_code(&fields.code);
    if code.is_none() {
        errors.push((
            "code".to_string(),
            crate::i18n::text(visitor.lang, "goal-code-format").to_string(),
        ));
    }
    if fields.units.is_empty() {
        errors.push((
            "units".to_string(),
            crate::i18n::text(visitor.lang, "goal-needs-unit").to_string(),
        ));
    }
    let result = match code {
        Some(code) if errors.is_empty() => {
            let level = match place.parent.as_ref().map(|p| p.level) {
                None => GoalLevel::Council,
                Some(GoalLevel::Council) => GoalLevel::Committee,
                Some(_) => GoalLevel::Unit,
            };
            let parent_category = place.parent.as_ref().and_then(|p| p.category.clone());
            state
                .store
                .create_goal(
                    state.tenant.id,
                    &NewGoal {
                        plan_id: place.plan_id,
                        parent_id: place.parent.as_ref().map(|p| p.id),
                        code,
                        short_name: some_text(&fields.short_name),
                        statement: one_line(&fields.statement),
                        heading: None,
                        category: some_text(&fields.category).or(parent_category),
                        level,
                        political_text: fields.political_text.clone(),
                        agenda2030: Vec::new(),
                        responsible_units: fields.units.clone(),
                        position: place.position,
                    },
                    &Change::by(&visitor.user.username),
                )
                .await
                .map(Some)
        }
        _ => Ok(None),
    };
    let status = match result {
        Ok(Some(goal)) => {
            return Ok((
                StatusCode::SEE_OTHER,
                [(
                    header::LOCATION,
                    super::done::to(&format!("/arbeta/mal/{}", goal.id), "mal-skapat"),
                )],
            )
                .into_response());
        }
        Ok(None) => StatusCode::UNPROCESSABLE_ENTITY,
        Err(error) => {
            let (error, status) = super::refused_save(error, visitor.lang, "code")?;
            errors.push(error);
            status
        }
    };
    let units = unit_choices(&state, &visitor, &fields.units).await?;
    Ok(super::render_with(
        status,
        &new_form(&state, &visitor, &place, fields, units, errors),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_checkboxes_and_encoded_text_are_read() {
        let fields = parse_fields(
            b"csrf=abc&unit=3&unit=5&statement=Fler+%C3%A4ldre+tr%C3%A4nar&version=2&x=%",
        );
        assert_eq!(fields.units, vec![3, 5]);
        assert_eq!(fields.statement, "Fler äldre tränar");
        assert_eq!(fields.version, 2);
        assert_eq!(fields.csrf, "abc");
    }
}
