//! The audit trail of any entity: who changed what, when, before and after, and why.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use riktning_domain::{EntityKind, Id};
use riktning_store::{AuditQuery, Store};

use super::{Chrome, render};
use crate::extract::Path;
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

fn short(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => "–".to_string(),
        Some(serde_json::Value::String(text)) => text.chars().take(200).collect(),
        Some(other) => other.to_string().chars().take(200).collect(),
    }
}

/// The fields that differ between before and after, or every field of a creation.
fn changes(
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
        .filter(|key| key.as_str() != "version")
        .filter(|key| before_map.get(*key) != after_map.get(*key))
        .map(|key| {
            (
                key.clone(),
                short(before_map.get(key)),
                short(after_map.get(key)),
            )
        })
        .collect()
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
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    let view = AuditPage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "",
            format!(
                "{} – {kind} {id}",
                crate::i18n::text(visitor.lang, "audit-title")
            ),
            format!("/logg/{entity}/{id}"),
        ),
        events: events
            .iter()
            .map(|e| EventView {
                at: e.at.format(&format).unwrap_or_default(),
                actor: e.actor.clone(),
                action: e.action.to_string(),
                changes: changes(e.before.as_ref(), e.after.as_ref()),
                reason: e.reason.clone().unwrap_or_default(),
            })
            .collect(),
    };
    Ok(render(&view))
}
