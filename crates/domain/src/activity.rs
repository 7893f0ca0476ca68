//! Assignments (uppdrag) and activities, and what is reported on them, and on the
//! commitments of the political text, each follow-up period.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::Id;
use crate::string_enum::string_enum;
use crate::validation::{Lines, ValidationError, check_optional, check_text, require_text};

string_enum!(
    /// Where an activity, an assignment or a commitment stands.
    WorkStatus, "status" {
        NotStarted => "not_started",
        Ongoing => "ongoing",
        Done => "done",
        Delayed => "delayed",
        Cancelled => "cancelled",
    }
);

impl WorkStatus {
    pub fn label(self) -> &'static str {
        match self {
            WorkStatus::NotStarted => "ej påbörjad",
            WorkStatus::Ongoing => "pågående",
            WorkStatus::Done => "genomförd",
            WorkStatus::Delayed => "försenad",
            WorkStatus::Cancelled => "avbruten",
        }
    }
}

string_enum!(
    ActivityKind, "activity kind" {
        /// Uppdrag: given by the council or a committee, often with a report back.
        Assignment => "assignment",
        /// Aktivitet: something a unit does to reach a goal.
        Activity => "activity",
    }
);

impl ActivityKind {
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Assignment => "uppdrag",
            ActivityKind::Activity => "aktivitet",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: Id,
    pub plan_id: Id,
    pub kind: ActivityKind,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub responsible_unit: Option<Id>,
    pub goals: Vec<Id>,
    pub starts_on: Option<Date>,
    pub due_on: Option<Date>,
    /// The latest reported status.
    pub status: WorkStatus,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewActivity {
    pub plan_id: Id,
    pub kind: ActivityKind,
    pub title: String,
    pub description: String,
    pub responsible_unit: Option<Id>,
    pub goals: Vec<Id>,
    pub starts_on: Option<Date>,
    pub due_on: Option<Date>,
    pub status: WorkStatus,
}

impl NewActivity {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_activity(&self.title, self.starts_on, self.due_on, &self.goals)?;
        check_text("description", &self.description, Lines::Many)
    }
}

impl Activity {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_activity(&self.title, self.starts_on, self.due_on, &self.goals)?;
        check_text("description", &self.description, Lines::Many)
    }
}

fn validate_activity(
    title: &str,
    starts_on: Option<Date>,
    due_on: Option<Date>,
    goals: &[Id],
) -> Result<(), ValidationError> {
    require_text("title", title)?;
    if let (Some(start), Some(due)) = (starts_on, due_on)
        && due < start
    {
        return Err(ValidationError::new(
            "due_on",
            format!("the due date ({due}) is before the start ({start})"),
        ));
    }
    if let Some((index, goal)) = goals
        .iter()
        .enumerate()
        .find(|(i, g)| goals[..*i].contains(g))
    {
        return Err(ValidationError::new(
            "goals",
            format!("goal {goal} is linked twice (position {})", index + 1),
        ));
    }
    Ok(())
}

/// What a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum ProgressSubject {
    Activity(Id),
    Commitment(Id),
}

/// The status of an activity or commitment in one follow-up period, with a comment.
/// An assignment may also carry a level on the tenant's assignment scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressReport {
    pub id: Id,
    pub period_id: Id,
    pub subject: ProgressSubject,
    pub status: WorkStatus,
    pub level: Option<String>,
    pub comment: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewProgressReport {
    pub period_id: Id,
    pub subject: ProgressSubject,
    pub status: WorkStatus,
    pub level: Option<String>,
    pub comment: String,
}

impl NewProgressReport {
    /// The comment may be empty; the level is checked against the scale by the store.
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_optional("level", self.level.as_deref(), Lines::One)?;
        check_text("comment", &self.comment, Lines::Many)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn activity() -> NewActivity {
        NewActivity {
            plan_id: 1,
            kind: ActivityKind::Assignment,
            title: "Utred gemensam växel".to_string(),
            description: String::new(),
            responsible_unit: None,
            goals: vec![1, 2],
            starts_on: Some(date!(2024 - 02 - 01)),
            due_on: Some(date!(2024 - 11 - 30)),
            status: WorkStatus::NotStarted,
        }
    }

    #[test]
    fn statuses_have_the_swedish_words() {
        let labels: Vec<&str> = WorkStatus::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(
            labels,
            [
                "ej påbörjad",
                "pågående",
                "genomförd",
                "försenad",
                "avbruten"
            ]
        );
    }

    #[test]
    fn bad_activities_name_the_field() {
        assert!(activity().validate().is_ok());
        let mut bad = activity();
        bad.due_on = Some(date!(2024 - 01 - 01));
        assert_eq!(bad.validate().unwrap_err().field, "due_on");
        let mut bad = activity();
        bad.goals = vec![3, 3];
        assert_eq!(bad.validate().unwrap_err().field, "goals");
        let mut bad = activity();
        bad.title = String::new();
        assert_eq!(bad.validate().unwrap_err().field, "title");
    }
}
