//! The audit trail of any entity: who changed what, when, before and after, and why.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;

use riktning_domain::{EntityKind, Id};
use riktning_store::{AuditQuery, Store};

use super::assess::{state_label, work_status_label};
use super::{Chrome, comparator_label, render};
use crate::extract::Path;
use crate::i18n::{Lang, lookup, text};
use crate::policy::{Action, authorize};
use crate::{AppError, Shared, Visitor};

struct EventView {
    at: String,
    actor: String,
    action: String,
    changes: Vec<(String, String, String)>,
    reason: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    events: Vec<EventView>,
}

/// What the history shows instead of stored ids and keys: unit names, goal codes and
/// the interface's own words.
struct Names {
    lang: Lang,
    units: HashMap<Id, String>,
    goals: HashMap<Id, String>,
}

impl Names {
    /// A field's label, or `None` for the bookkeeping fields nobody needs to see.
    fn field(&self, key: &str) -> Option<String> {
        if matches!(key, "id" | "tenant_id" | "plan_id" | "version") {
            return None;
        }
        Some(
            lookup(self.lang, &format!("audit-field-{key}"))
                .map_or_else(|| key.replace('_', " "), str::to_string),
        )
    }

    fn unit(&self, id: &serde_json::Value) -> String {
        id.as_i64()
            .and_then(|id| self.units.get(&id).cloned())
            .unwrap_or_else(|| id.to_string())
    }

    fn goal(&self, id: &serde_json::Value) -> String {
        id.as_i64()
            .and_then(|id| self.goals.get(&id).cloned())
            .unwrap_or_else(|| id.to_string())
    }

    /// A stored value as the interface writes it, cut to 200 characters.
    fn value(&self, key: &str, value: Option<&serde_json::Value>) -> String {
        use serde_json::Value;
        let list = |items: &Vec<Value>, each: &dyn Fn(&Value) -> String| {
            items.iter().map(each).collect::<Vec<_>>().join(", ")
        };
        let shown = match (key, value) {
            (_, None | Some(Value::Null)) => "–".to_string(),
            (_, Some(Value::Bool(yes))) => {
                text(self.lang, if *yes { "yes" } else { "no" }).to_string()
            }
            ("responsible_units" | "units", Some(Value::Array(ids))) => {
                list(ids, &|id| self.unit(id))
            }
            ("org_unit_id" | "responsible_unit", Some(id)) => self.unit(id),
            ("parent_id" | "goal_id", Some(id)) => self.goal(id),
            ("goals", Some(Value::Array(links))) => {
                list(links, &|link| match link.get("goal_id") {
                    Some(id) => self.goal(id),
                    None => self.goal(link),
                })
            }
            ("state", Some(Value::String(state))) => state
                .parse()
                .map_or_else(|_| state.clone(), |s| state_label(s, self.lang).to_string()),
            ("status", Some(Value::String(status))) => status.parse().map_or_else(
                |_| status.clone(),
                |s| work_status_label(s, self.lang).to_string(),
            ),
            ("comparator", Some(Value::String(comparator))) => comparator.parse().map_or_else(
                |_| comparator.clone(),
                |c| comparator_label(c, self.lang).to_string(),
            ),
            ("verdict", Some(Value::String(verdict))) => verdict
                .parse::<riktning_domain::StewardshipVerdict>()
                .map_or_else(
                    |_| verdict.clone(),
                    |v| super::conclusion::verdict_label(self.lang, v).to_string(),
                ),
            (_, Some(Value::String(text))) => text.clone(),
            (_, Some(other)) => other.to_string(),
        };
        shown.chars().take(200).collect()
    }

    /// The fields that differ between before and after, or every field of a creation.
    fn changes(
        &self,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
    ) -> Vec<(String, String, String)> {
        let empty = serde_json::Map::new();
        let before_map = before.and_then(|b| b.as_object()).unwrap_or(&empty);
        let after_map = after.and_then(|a| a.as_object()).unwrap_or(&empty);
        let mut keys: Vec<&String> = before_map.keys().chain(after_map.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|key| before_map.get(*key) != after_map.get(*key))
            .filter_map(|key| {
                Some((
                    self.field(key)?,
                    self.value(key, before_map.get(key)),
                    self.value(key, after_map.get(key)),
                ))
            })
            .collect()
    }
}

async fn names<S: Store>(state: &Shared<S>, lang: Lang) -> Result<Names, AppError> {
    let tenant = state.tenant.id;
    let units = state
        .store
        .org_units(tenant)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut goals = HashMap::new();
    for plan in state.store.plans(tenant).await? {
        for goal in state.store.goals(tenant, plan.id).await? {
            goals.insert(goal.id, goal.code);
        }
    }
    Ok(Names { lang, units, goals })
}

pub async fn page<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path((entity, id)): Path<(String, Id)>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let kind: EntityKind = entity
        .parse()
        .map_err(|e: riktning_domain::UnknownVariant| AppError::NotFound(e.to_string()))?;
    let events = state
        .store
        .audit_events(
            state.tenant.id,
            &AuditQuery {
                entity: Some(kind),
                entity_id: Some(id),
            },
        )
        .await?;
    let lang = visitor.lang;
    let names = names(&state, lang).await?;
    let what = match kind {
        EntityKind::Goal => names.goal(&serde_json::Value::from(id)),
        _ => id.to_string(),
    };
    let view = AuditPage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "",
            format!(
                "{} – {} {what}",
                text(lang, "audit-title"),
                lookup(lang, &format!("audit-entity-{kind}")).unwrap_or(kind.as_str()),
            ),
            format!("/arbeta/logg/{entity}/{id}"),
        ),
        events: events
            .iter()
            .map(|e| EventView {
                at: riktning_domain::format_stockholm(e.at),
                actor: e.actor.clone(),
                action: text(lang, &format!("audit-action-{}", e.action.as_str())).to_string(),
                changes: names.changes(e.before.as_ref(), e.after.as_ref()),
                reason: e.reason.clone().unwrap_or_default(),
            })
            .collect(),
    };
    Ok(render(&view))
}
