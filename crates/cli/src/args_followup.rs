//! Arguments of the organisation and follow-up commands.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add a committee, board, administration, unit or company.
    Add {
        /// The unit's name, e.g. "Barn- och utbildningsnämnden".
        name: String,
        /// council, executive_board, committee, administration, unit or company.
        #[arg(long, default_value = "committee")]
        kind: String,
        /// The unit above it, by name, short name or id.
        #[arg(long)]
        parent: Option<String>,
        /// A short name such as "BUN", accepted wherever a unit is asked for.
        #[arg(long)]
        short: Option<String>,
    },
    /// List the organisation as a tree.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum GoalCommand {
    /// Add a goal, e.g. a committee's goal under a council goal.
    Add {
        /// The goal's code, e.g. 1.1.1.
        code: String,
        /// The goal sentence.
        #[arg(long)]
        statement: String,
        /// The goal it breaks down, by code.
        #[arg(long)]
        parent: Option<String>,
        /// A unit responsible for it (repeat for several).
        #[arg(long = "unit", value_name = "ORG")]
        units: Vec<String>,
        /// council, committee or unit. [default: committee under a parent, else council]
        #[arg(long)]
        level: Option<String>,
        #[arg(long)]
        short_name: Option<String>,
        /// The plan. [default: the current plan]
        #[arg(long)]
        plan: Option<String>,
    },
    /// Set the units responsible for a goal (replaces the earlier ones).
    Units {
        /// The goal's code.
        code: String,
        #[arg(long = "unit", value_name = "ORG")]
        units: Vec<String>,
        #[arg(long)]
        plan: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PeriodCommand {
    /// Add a follow-up period to a plan.
    Add {
        /// E.g. "Tertial 1 2024", "Delår 2024" or "Årsredovisning 2024".
        name: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: String,
        /// When reports are due, YYYY-MM-DD.
        #[arg(long)]
        deadline: String,
        /// The last year of indicator values to judge on. Kolada lags, so the annual
        /// report often uses the year before. [default: the year the period ends]
        #[arg(long)]
        values_through: Option<i32>,
        #[arg(long)]
        plan: Option<String>,
    },
    /// List a plan's periods.
    List {
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Close a period: its assessments and reports are frozen.
    Close {
        name: String,
        #[arg(long)]
        plan: Option<String>,
    },
    /// Reopen a closed period; the reason goes on the audit trail.
    Reopen {
        name: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        plan: Option<String>,
    },
}

/// Which assessment: goal, unit and period.
#[derive(Debug, Args)]
pub struct AssessmentKey {
    /// The goal's code.
    #[arg(long)]
    pub goal: String,
    /// The assessing unit, by name, short name or id.
    #[arg(long)]
    pub unit: String,
    /// The period's name.
    #[arg(long)]
    pub period: String,
    #[arg(long)]
    pub plan: Option<String>,
    /// Only save if the assessment is still at this version (as shown by `assess
    /// show`); a newer save by someone else is shown instead of overwritten.
    #[arg(long)]
    pub expect_version: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum AssessCommand {
    /// For every goal (or one), the suggested assessment and the rule behind it.
    Suggest {
        #[arg(long)]
        period: String,
        /// Only this goal.
        #[arg(long)]
        goal: Option<String>,
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write or change an assessment (a draft). The suggestion is stored with it; a
    /// level other than the suggested one needs --reason.
    Set {
        #[command(flatten)]
        key: AssessmentKey,
        /// A level on the tenant's goal scale (see `riktning scale list`).
        #[arg(long)]
        level: String,
        /// Why the level differs from the suggestion.
        #[arg(long)]
        reason: Option<String>,
        /// The analysis, as a Markdown file.
        #[arg(long)]
        analysis_file: Option<PathBuf>,
        /// The actions, as a Markdown file.
        #[arg(long)]
        actions_file: Option<PathBuf>,
    },
    /// Submit a draft for approval.
    Submit {
        #[command(flatten)]
        key: AssessmentKey,
    },
    /// Approve a submitted assessment; only approved assessments count.
    Approve {
        #[command(flatten)]
        key: AssessmentKey,
    },
    /// Send a submitted or approved assessment back, saying what to fix.
    Return {
        #[command(flatten)]
        key: AssessmentKey,
        #[arg(long)]
        comment: String,
    },
    /// Show one assessment with its suggestion and history.
    Show {
        #[command(flatten)]
        key: AssessmentKey,
        #[arg(long)]
        json: bool,
    },
    /// List a period's assessments.
    List {
        #[arg(long)]
        period: String,
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FollowupCommand {
    /// Which units have reported what in a period, what is missing and what is overdue.
    Status {
        #[arg(long)]
        period: String,
        #[arg(long)]
        plan: Option<String>,
        /// Judge "overdue" as of this day, YYYY-MM-DD. [default: today]
        #[arg(long)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show or change the suggestion thresholds and the roll-up rule.
    Rules {
        /// Share of indicators (0–1, weighted) meeting or on track for "uppfyllt".
        #[arg(long)]
        fulfilled_at: Option<f64>,
        /// Share for "delvis uppfyllt".
        #[arg(long)]
        partly_at: Option<f64>,
        /// weighted_majority or worst_of.
        #[arg(long)]
        rollup: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScaleCommand {
    /// List the assessment scales with their levels.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a scale from a JSON file: {"key", "name", "levels": [{"key", "label",
    /// "label_en", "symbol", "colour", "meaning"}]}, best level first.
    Add { file: PathBuf },
    /// Assess goals (or, with --for assignments, assignments) on this scale.
    Use {
        key: String,
        /// goals or assignments.
        #[arg(long = "for", default_value = "goals")]
        purpose: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// Add an assignment (uppdrag) or an activity.
    Add {
        title: String,
        /// assignment or activity.
        #[arg(long, default_value = "activity")]
        kind: String,
        /// The responsible unit.
        #[arg(long)]
        unit: Option<String>,
        /// A goal it serves, by code (repeat for several).
        #[arg(long = "goal", value_name = "CODE")]
        goals: Vec<String>,
        /// YYYY-MM-DD.
        #[arg(long)]
        start: Option<String>,
        /// YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
        /// A Markdown file describing it.
        #[arg(long)]
        description_file: Option<PathBuf>,
        #[arg(long)]
        plan: Option<String>,
    },
    /// List the plan's assignments and activities.
    List {
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Report an activity's status for a period, with a comment.
    Report {
        /// The activity's id (see `riktning activity list`).
        id: i64,
        #[command(flatten)]
        report: ProgressArgs,
    },
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    #[arg(long)]
    pub period: String,
    /// not_started, ongoing, done, delayed or cancelled.
    #[arg(long)]
    pub status: String,
    /// For an assignment: a level on the assignment scale.
    #[arg(long)]
    pub level: Option<String>,
    #[arg(long, default_value = "")]
    pub comment: String,
    #[arg(long)]
    pub plan: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CommitmentCommand {
    /// Report a commitment's status for a period, with a comment.
    Report {
        /// The goal's code.
        #[arg(long)]
        goal: String,
        /// The commitment's number within the goal, from 1, as `riktning commitment
        /// list` shows it.
        #[arg(long)]
        number: usize,
        #[command(flatten)]
        report: ProgressArgs,
    },
    /// List a goal's commitments with their status.
    List {
        #[arg(long)]
        goal: String,
        #[arg(long)]
        plan: Option<String>,
    },
}
