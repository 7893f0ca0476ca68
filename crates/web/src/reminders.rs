//! E-mail reminders: before a period's deadline, and when it has passed, the reporters
//! of units that have not reported get an e-mail with what is missing and a link to
//! their tasks. Each reminder is recorded, sent or not, and none is sent twice.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use riktning_domain::{Id, Role, User, next_stockholm_time};
use riktning_followup::{PeriodContext, UnitStatus, followup_status};
use riktning_store::{ReminderSent, Store, StoreError};
use time::{Date, OffsetDateTime};

use crate::Shared;

/// How reminders are sent, from `serve`'s flags. Its `Debug` leaves the SMTP
/// credentials out.
#[derive(Clone)]
pub struct MailOptions {
    /// `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://…` (TLS),
    /// or `smtp://relay:25` (no encryption) for a relay on the local network. It holds
    /// a password, so it is never logged.
    pub smtp_url: String,
    /// The sender, e.g. `Riktning <riktning@kommun.se>`.
    pub from: String,
    /// The workspace's address as people reach it, for the link in the e-mail.
    pub public_url: String,
    /// How many days before the deadline the first reminder goes.
    pub days_before: i64,
    /// When to send each day, Stockholm time; `None` only when asked on the page.
    pub daily_at: Option<(u8, u8)>,
}

impl std::fmt::Debug for MailOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailOptions")
            .field("smtp_url", &without_credentials(&self.smtp_url))
            .field("from", &self.from)
            .field("public_url", &self.public_url)
            .field("days_before", &self.days_before)
            .field("daily_at", &self.daily_at)
            .finish()
    }
}

impl std::fmt::Display for MailOptions {
    /// The options without the SMTP URL's credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "from {} via {}",
            self.from,
            without_credentials(&self.smtp_url)
        )
    }
}

/// The URL with any user and password taken out.
fn without_credentials(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}{}", &url[..scheme + 3], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// A configured sender.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    pub options: MailOptions,
    /// One round at a time (the daily one, "send now"), so that two rounds cannot
    /// both find a reminder unsent and both send it.
    round: tokio::sync::Mutex<()>,
}

impl Mailer {
    /// Checks the options: a usable SMTP URL and sender. The message says which is
    /// wrong, without the password.
    pub fn new(options: MailOptions) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&options.smtp_url)
            .map_err(|e| format!("--smtp-url {}: {e}", without_credentials(&options.smtp_url)))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from: Mailbox = options
            .from
            .parse()
            .map_err(|e| format!("--mail-from '{}': {e}", options.from))?;
        Ok(Mailer {
            transport,
            from,
            options,
            round: tokio::sync::Mutex::new(()),
        })
    }
}

/// Whether an address can be written to: for the users form.
pub fn is_valid_address(address: &str) -> bool {
    address.len() <= 254 && address.parse::<Address>().is_ok()
}

/// What one round of reminders did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub failed: usize,
    /// Reporters who would have been reminded but have no e-mail address.
    pub without_address: usize,
}

/// Which reminder a period calls for on `today`, if any.
fn kind_for(deadline: Date, today: Date, days_before: i64) -> Option<&'static str> {
    if today > deadline {
        Some("overdue")
    } else if (deadline - today).whole_days() <= days_before {
        Some("before")
    } else {
        None
    }
}

/// Sends the reminders that are due on `today` and not yet sent, and records each.
pub async fn send_due<S: Store>(
    state: &Shared<S>,
    mailer: &Mailer,
    today: Date,
) -> Result<Round, StoreError> {
    let _one_round_at_a_time = mailer.round.lock().await;
    let tenant = state.tenant.id;
    let mut round = Round::default();
    let Some(plan) = state.store.plans(tenant).await?.into_iter().next() else {
        return Ok(round);
    };
    let users = state.store.users(tenant).await?;
    let emails = state.store.user_emails(tenant).await?;
    for period in state.store.periods(tenant, plan.id).await? {
        if !period.is_open() {
            continue;
        }
        let Some(kind) = kind_for(period.deadline, today, mailer.options.days_before) else {
            continue;
        };
        let already = state.store.reminders(tenant, period.id).await?;
        let context = PeriodContext::load(&state.store, tenant, period.id).await?;
        let status = followup_status(&context, today);
        for unit in status.units.iter().filter(|u| !u.is_complete()) {
            for user in reporters_of(&users, unit.unit_id) {
                let done = already.iter().any(|r| {
                    r.org_unit_id == unit.unit_id
                        && r.user_id == user.id
                        && r.kind == kind
                        && r.outcome == "sent"
                });
                if done {
                    continue;
                }
                let Some((_, address)) = emails.iter().find(|(id, _)| *id == user.id) else {
                    round.without_address += 1;
                    continue;
                };
                let outcome = match send_one(mailer, user, address, &context, unit, kind).await {
                    Ok(()) => {
                        round.sent += 1;
                        "sent".to_string()
                    }
                    Err(reason) => {
                        round.failed += 1;
                        tracing::warn!(user = %user.username, %reason, "a reminder was not sent");
                        reason
                    }
                };
                state
                    .store
                    .record_reminder(
                        tenant,
                        &ReminderSent {
                            period_id: period.id,
                            org_unit_id: unit.unit_id,
                            user_id: user.id,
                            kind: kind.to_string(),
                            address: address.clone(),
                            sent_at: OffsetDateTime::now_utc(),
                            outcome,
                        },
                    )
                    .await?;
            }
        }
    }
    Ok(round)
}

/// The reporters who answer for `unit` and may sign in.
fn reporters_of(users: &[User], unit: Id) -> impl Iterator<Item = &User> {
    users
        .iter()
        .filter(move |u| u.role == Role::Reporter && !u.disabled && u.units.contains(&unit))
}

/// The e-mail, in Swedish: what is missing, by when, and where to report.
fn message_text(
    user: &User,
    context: &PeriodContext,
    unit: &UnitStatus,
    kind: &str,
    public_url: &str,
) -> (String, String) {
    let period = &context.period;
    let subject = if kind == "overdue" {
        format!(
            "Försenat: rapporten för {} skulle varit klar {}",
            period.name, period.deadline
        )
    } else {
        format!(
            "Påminnelse: rapportera för {} senast {}",
            period.name, period.deadline
        )
    };
    let mut missing = Vec::new();
    for expected in &unit.assessments {
        let done = matches!(
            expected.state,
            Some(
                riktning_domain::AssessmentState::Submitted
                    | riktning_domain::AssessmentState::Approved
            )
        );
        if !done {
            let goal = context
                .goal(expected.goal_id)
                .map(|g| {
                    format!(
                        "{} {}",
                        g.code,
                        g.short_name.as_deref().unwrap_or(&g.statement)
                    )
                })
                .unwrap_or_else(|| expected.code.clone());
            missing.push(format!("- Bedömning av mål {goal}"));
        }
    }
    for report in &unit.missing_progress {
        missing.push(format!("- Läget för {}", report.title));
    }
    let when = if kind == "overdue" {
        format!("Sista dag var {}.", period.deadline)
    } else {
        format!("Sista dag är {}.", period.deadline)
    };
    let body = format!(
        "Hej {}!\n\n{} har inte rapporterat allt för {}. {when}\n\nDet som saknas:\n{}\n\nRapportera här: {}{}\n\nDet här meddelandet kommer från Riktning, kommunens system för mål och uppföljning.\n",
        user.display_name,
        unit.unit,
        period.name,
        missing.join("\n"),
        public_url.trim_end_matches('/'),
        crate::pages::tasks::PATH,
    );
    (subject, body)
}

async fn send_one(
    mailer: &Mailer,
    user: &User,
    address: &str,
    context: &PeriodContext,
    unit: &UnitStatus,
    kind: &str,
) -> Result<(), String> {
    let to: Address = address
        .parse()
        .map_err(|e| format!("the address is not usable: {e}"))?;
    let (subject, body) = message_text(user, context, unit, kind, &mailer.options.public_url);
    let message = Message::builder()
        .from(mailer.from.clone())
        .to(Mailbox::new(Some(user.display_name.clone()), to))
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| format!("composing the e-mail: {e}"))?;
    mailer
        .transport
        .send(message)
        .await
        .map(drop)
        .map_err(|e| format!("the SMTP server refused or could not be reached: {e}"))
}

/// Sends the reminders that are due each day at `hour:minute` Stockholm time.
pub fn spawn_daily<S: Store>(state: Shared<S>, hour: u8, minute: u8) {
    tokio::spawn(async move {
        loop {
            let now = OffsetDateTime::now_utc();
            let next = next_stockholm_time(now, hour, minute);
            tokio::time::sleep((next - now).max(time::Duration::seconds(1)).unsigned_abs()).await;
            let Some(mailer) = state.mailer.as_ref() else {
                return;
            };
            let today = riktning_domain::in_stockholm(OffsetDateTime::now_utc()).date();
            match send_due(&state, mailer, today).await {
                Ok(round) => tracing::info!(?round, "daily reminders"),
                Err(error) => tracing::warn!(%error, "daily reminders stopped"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_period_calls_for_a_reminder_before_and_after_its_deadline() {
        let deadline = date!(2024 - 09 - 20);
        assert_eq!(kind_for(deadline, date!(2024 - 09 - 01), 7), None);
        assert_eq!(kind_for(deadline, date!(2024 - 09 - 13), 7), Some("before"));
        assert_eq!(kind_for(deadline, date!(2024 - 09 - 20), 7), Some("before"));
        assert_eq!(
            kind_for(deadline, date!(2024 - 09 - 21), 7),
            Some("overdue")
        );
    }

    #[test]
    fn the_smtp_password_stays_out_of_messages() {
        assert_eq!(
            without_credentials("smtp://riktning:hemligt@mail.kommun.se:587"),
            "smtp://mail.kommun.se:587"
        );
        assert_eq!(
            without_credentials("smtp://127.0.0.1:25"),
            "smtp://127.0.0.1:25"
        );
    }
}
