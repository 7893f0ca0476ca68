//! The reminders page: whether e-mail is set up, the record of reminders sent in the
//! current plan's periods, the reporters no reminder can reach, and "send now".

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{Role, format_stockholm};
use riktning_store::Store;
use serde::Deserialize;
use time::OffsetDateTime;

use super::{Chrome, render};
use crate::extract::{Form, Query};
use crate::i18n::text;
use crate::policy::{Action, authorize};
use crate::{AppError, Shared, Visitor};

const PATH: &str = "/arbeta/paminnelser";

struct Row {
    at: String,
    period: String,
    unit: String,
    to: String,
    kind: &'static str,
    outcome: String,
    sent: bool,
}

#[derive(Template)]
#[template(path = "reminders.html")]
struct RemindersPage {
    chrome: Chrome,
    /// How reminders go, in words; `None` when e-mail is not set up.
    setup: Option<String>,
    can_send: bool,
    rows: Vec<Row>,
    /// Reporters without an e-mail address.
    unreachable: Vec<String>,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    #[serde(default)]
    skickade: Option<usize>,
    #[serde(default)]
    misslyckade: Option<usize>,
    #[serde(default)]
    utan: Option<usize>,
}

pub async fn show<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(notice): Query<Notice>,
) -> Result<Response, AppError> {
    // The page names people and their addresses: for those who run the follow-up.
    authorize(&visitor.user, Action::ManagePlan)?;
    let tenant = state.tenant.id;
    let lang = visitor.lang;
    let users = state.store.users(tenant).await?;
    let emails = state.store.user_emails(tenant).await?;
    let units = state.store.org_units(tenant).await?;
    let mut rows = Vec::new();
    if let Some(plan) = state.store.plans(tenant).await?.into_iter().next() {
        for period in state.store.periods(tenant, plan.id).await? {
            for sent in state.store.reminders(tenant, period.id).await? {
                let user = users.iter().find(|u| u.id == sent.user_id);
                rows.push(Row {
                    at: format_stockholm(sent.sent_at),
                    period: period.name.clone(),
                    unit: units
                        .iter()
                        .find(|u| u.id == sent.org_unit_id)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                    to: format!(
                        "{} <{}>",
                        user.map(|u| u.display_name.as_str()).unwrap_or("?"),
                        sent.address
                    ),
                    kind: text(
                        lang,
                        if sent.kind == "overdue" {
                            "reminders-kind-overdue"
                        } else {
                            "reminders-kind-before"
                        },
                    ),
                    sent: sent.outcome == "sent",
                    outcome: if sent.outcome == "sent" {
                        text(lang, "reminders-sent").to_string()
                    } else {
                        format!("{} {}", text(lang, "reminders-not-sent"), sent.outcome)
                    },
                });
            }
        }
    }
    rows.sort_by(|a, b| b.at.cmp(&a.at));
    let unreachable = users
        .iter()
        .filter(|u| u.role == Role::Reporter && !u.disabled)
        .filter(|u| !emails.iter().any(|(id, _)| *id == u.id))
        .map(|u| format!("{} ({})", u.display_name, u.username))
        .collect();
    let setup = state.mailer.as_ref().map(|mailer| {
        let options = &mailer.options;
        let daily = options.daily_at.map_or_else(
            || text(lang, "reminders-no-daily").to_string(),
            |(h, m)| format!("{} {h:02}:{m:02}.", text(lang, "reminders-daily")),
        );
        format!(
            "{} {} {} {} {daily}",
            text(lang, "reminders-from"),
            options.from,
            options.days_before,
            text(lang, "reminders-days-before"),
        )
    });
    let notice = notice.skickade.map(|sent| {
        format!(
            "{} {sent}. {} {}. {} {}.",
            text(lang, "reminders-round-sent"),
            text(lang, "reminders-round-failed"),
            notice.misslyckade.unwrap_or(0),
            text(lang, "reminders-round-without"),
            notice.utan.unwrap_or(0)
        )
    });
    let view = RemindersPage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "reminders",
            text(lang, "reminders-title").to_string(),
            PATH.to_string(),
        ),
        can_send: state.mailer.is_some(),
        setup,
        rows,
        unreachable,
        notice,
    };
    Ok(render(&view))
}

#[derive(Debug, Deserialize)]
pub struct SendForm {
    #[serde(default)]
    csrf: String,
}

/// Sends the reminders due today now, instead of waiting for the daily round.
pub async fn send_now<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<SendForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let Some(mailer) = state.mailer.as_ref() else {
        return Err(AppError::Rejected {
            status: axum::http::StatusCode::CONFLICT,
            sv: text(crate::i18n::Lang::Sv, "reminders-off").to_string(),
            en: text(crate::i18n::Lang::En, "reminders-off").to_string(),
        });
    };
    let today = riktning_domain::in_stockholm(OffsetDateTime::now_utc()).date();
    let round = crate::reminders::send_due(&state, mailer, today).await?;
    tracing::info!(user = %visitor.user.username, ?round, "reminders sent on request");
    Ok(Redirect::to(&format!(
        "{PATH}?skickade={}&misslyckade={}&utan={}",
        round.sent, round.failed, round.without_address
    ))
    .into_response())
}
