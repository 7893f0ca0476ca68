use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Id;
use crate::string_enum::string_enum;

string_enum!(
    /// Every kind of entity that can appear in the audit trail, including those that
    /// later parts of the system store (indicators, periods, assessments…).
    EntityKind, "entity kind" {
        Tenant => "tenant",
        OrgUnit => "org_unit",
        Plan => "plan",
        Goal => "goal",
        Commitment => "commitment",
        TextTarget => "text_target",
        Indicator => "indicator",
        Target => "target",
        Observation => "observation",
        Period => "period",
        Assessment => "assessment",
        /// The controller's conclusion on god ekonomisk hushållning in a period.
        Conclusion => "conclusion",
        Activity => "activity",
        /// An activity's or commitment's status and comment in a period.
        ProgressReport => "progress_report",
        Scale => "scale",
        FollowupSettings => "followup_settings",
        User => "user",
        /// The tenant's copy of Kolada's catalogue: KPIs, areas and area groups.
        Catalogue => "catalogue",
        /// A sync of Kolada data.
        Sync => "sync",
        /// A publication of a plan or a period.
        Publication => "publication",
        /// A visitor's report of an accessibility problem on the public site.
        AccessibilityReport => "accessibility_report",
        /// A personal API token (never its secret).
        ApiToken => "api_token",
    }
);

string_enum!(
    AuditAction, "audit action" {
        Create => "create",
        Update => "update",
        Delete => "delete",
        /// A plan created or replaced from a document; the event names the document.
        Import => "import",
    }
);

/// Who makes a change, and why. Passed to every write so that the audit event is
/// recorded in the same transaction as the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub actor: String,
    pub reason: Option<String>,
}

impl Change {
    pub fn by(actor: impl Into<String>) -> Self {
        Self {
            actor: actor.into(),
            reason: None,
        }
    }

    pub fn because(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Who is one line and must be named; the reason may have several lines.
    pub fn validate(&self) -> Result<(), crate::ValidationError> {
        use crate::validation::{Lines, check_optional, require_text};
        require_text("actor", &self.actor)?;
        check_optional("reason", self.reason.as_deref(), Lines::Many)
    }
}

/// One change on the record: who, when, what, and the entity before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: Id,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: String,
    pub entity: EntityKind,
    pub entity_id: Id,
    pub action: AuditAction,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<String>,
}
