use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::args_followup::{
    ActivityCommand, AssessCommand, CommitmentCommand, FollowupCommand, GoalCommand, OrgCommand,
    PeriodCommand, ScaleCommand,
};
use crate::args_web::{ServeArgs, UserCommand};

/// Riktning: goal governance for Swedish municipalities.
///
/// Imports the council's budget document into a structured plan of goals,
/// commitments and targets, and keeps every change on the record.
#[derive(Debug, Parser)]
#[command(name = "riktning", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database: a `sqlite:` URL or file path, or a `postgres://` URL.
    /// [default: riktning.db in the platform data folder, e.g. ~/.local/share/riktning/]
    #[arg(long, global = true, env = "RIKTNING_DB")]
    pub db: Option<String>,

    /// The municipality or region, by Kolada id (e.g. 2380 for Östersund). Needed when
    /// the database holds several, and for a first import of a document that does not
    /// name its municipality. Without it, `import` uses the municipality the document
    /// names if the database is empty or holds it, and says so.
    #[arg(long, global = true, env = "RIKTNING_TENANT")]
    pub tenant: Option<String>,

    /// Who is making changes, for the audit trail. [default: cli:$USER]
    #[arg(
        long = "as",
        global = true,
        env = "RIKTNING_ACTOR",
        value_name = "NAME"
    )]
    pub actor: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the public site (at /, from publications only) and the staff workspace (at
    /// /arbeta) in the browser (with --demo: load the Östersund example into an empty
    /// database first). On an empty database without --demo, the first
    /// visit sets up the municipality and its first administrator, with the start code
    /// printed here.
    Serve(ServeArgs),
    /// The people who sign in: add, list, disable, enable, reset-password.
    #[command(subcommand)]
    User(UserCommand),
    /// Read a budget document (.txt, .md, .docx, .pdf) and store it as a plan.
    Import(ImportArgs),
    /// List the stored plans.
    Plans {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show a plan's goals with their commitments and text targets.
    Goals {
        /// The plan's title. [default: the current plan]
        #[arg(long)]
        plan: Option<String>,
        /// Print JSON with every field, commitments and targets included.
        #[arg(long)]
        json: bool,
    },
    /// Show the audit trail: who changed what, when, and why.
    Audit {
        /// Only events for this kind of entity: plan, goal, commitment, text_target,
        /// org_unit, tenant, indicator, target, observation, period, assessment,
        /// activity, progress_report, scale, followup_settings.
        #[arg(long)]
        entity: Option<String>,
        /// Only events for the entity with this id.
        #[arg(long)]
        id: Option<i64>,
        /// Print JSON with the before and after states.
        #[arg(long)]
        json: bool,
    },
    /// The organisation: committees, boards, administrations, units and companies.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Add goals (e.g. a committee's goal under a council goal) and set who answers for them.
    #[command(subcommand)]
    Goal(GoalCommand),
    /// Follow-up periods: add, list, close and reopen.
    #[command(subcommand)]
    Period(PeriodCommand),
    /// Assessments: suggestions with their rule, writing them, submit, approve, return.
    #[command(subcommand)]
    Assess(AssessCommand),
    /// Follow-up status per unit, and the suggestion and roll-up rules.
    #[command(subcommand)]
    Followup(FollowupCommand),
    /// Assessment scales: list, add, and choose one for goals or assignments.
    #[command(subcommand)]
    Scale(ScaleCommand),
    /// Assignments (uppdrag) and activities, and their status per period.
    #[command(subcommand)]
    Activity(ActivityCommand),
    /// Commitments from the political text, and their status per period.
    #[command(subcommand)]
    Commitment(CommitmentCommand),
    /// Indicators that follow up goals: add and list.
    #[command(subcommand)]
    Indicator(IndicatorCommand),
    /// Target values for indicators: add and list.
    #[command(subcommand)]
    Target(TargetCommand),
    /// Kolada: the KPI catalogue, search, comparison groups, sync and data files.
    #[command(subcommand)]
    Kolada(KoladaCommand),
    /// Write the annual report's goal section for a period as Word, Excel, tagged PDF or
    /// printable HTML. A published period is written from its newest publication; any
    /// other is written from what is approved now and marked "Utkast" on every page.
    Report {
        /// The plan's title. [default: the current plan]
        #[arg(long)]
        plan: Option<String>,
        /// The period's name, e.g. "Årsredovisning 2024". Without it: the plan's goals
        /// before they have results.
        #[arg(long)]
        period: Option<String>,
        /// docx, xlsx, pdf or html.
        #[arg(long, value_parser = parse_format)]
        format: riktning_export::Format,
        /// The file to write; "-" writes to standard output.
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
    },
    /// Publish the approved picture of a period (or, without --period, of the plan
    /// before it has results) on the public site, the read API and the open data.
    /// Publishing it again makes a new version, which needs --reason.
    Publish {
        /// The period's name, e.g. "Tertial 1 2024".
        #[arg(long)]
        period: Option<String>,
        /// The plan's title. [default: the current plan]
        #[arg(long)]
        plan: Option<String>,
        /// What a new version corrects.
        #[arg(long, default_value = "")]
        reason: String,
        /// List the publications instead.
        #[arg(long)]
        list: bool,
    },
    /// Write a consistent copy of the SQLite database, also while it is in use.
    Backup {
        /// The file to write; it must not exist.
        #[arg(long)]
        out: PathBuf,
    },
    /// Replace the SQLite database with a backup made by `riktning backup`.
    ///
    /// Refused while a server, any other riktning command or another program has the
    /// database open (riktning holds a lock on `<database>.lock`): stop the server first.
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Overwrite a database that already holds data.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The document: plain text (also text extracted from PDF), Markdown, DOCX or PDF.
    pub file: PathBuf,

    /// The plan's title. [default: found in the document, e.g. "Budget 2024"]
    #[arg(long)]
    pub plan: Option<String>,

    /// The years the plan covers, e.g. 2024 or 2024-2026. [default: from the title]
    #[arg(long)]
    pub years: Option<String>,

    /// Parse and print the draft; touch no database.
    #[arg(long)]
    pub dry_run: bool,

    /// With --dry-run: print the draft as JSON.
    #[arg(long, requires = "dry_run")]
    pub json: bool,

    /// Corrections to apply to what was read before it is shown or stored: a JSON list
    /// of edits naming lines and goal codes as --dry-run shows them, e.g.
    /// [{"edit": "line-to-goal", "line": 12, "area": false},
    ///  {"edit": "not-a-goal", "code": "3"},
    ///  {"edit": "merge-with-previous", "code": "4"},
    ///  {"edit": "split", "code": "2", "paragraph": 3},
    ///  {"edit": "rename", "code": "1", "statement": "…", "short_name": "Trygghet"},
    ///  {"edit": "set-area", "code": "1", "area": true},
    ///  {"edit": "move-under", "code": "2", "area": "1"},
    ///  {"edit": "drop-target", "code": "2", "target": 1}].
    /// Edits apply in order; one that does not fit stops the import.
    #[arg(long, value_name = "FILE")]
    pub edits: Option<PathBuf>,

    /// Update the plan with the same title instead of refusing. Unchanged goals and
    /// commitments keep their identity and status; every change is audited.
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Subcommand)]
pub enum IndicatorCommand {
    /// Add an indicator, from a Kolada KPI or kept by hand, and link it to goals.
    Add(IndicatorAddArgs),
    /// List the indicators with their goals and targets.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show an indicator's values by year and gender, the comparison with the country
    /// and the comparison groups, and the forecast to its final target.
    Show {
        /// The indicator's id (see `riktning indicator list`).
        id: i64,
        /// The year to compare. [default: the latest year with a value]
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct IndicatorAddArgs {
    /// The indicator's name. [default: the KPI's title from the catalogue]
    #[arg(long)]
    pub name: Option<String>,
    /// A Kolada KPI id, e.g. N01951; without it the indicator is kept by hand.
    #[arg(long)]
    pub kpi: Option<String>,
    /// The unit shown with values, e.g. "invånare" or "%".
    #[arg(long)]
    pub unit: Option<String>,
    /// Decimals to show.
    #[arg(long, default_value_t = 0)]
    pub decimals: i32,
    /// higher (higher is better), lower, or band (best between --band-low and --band-high).
    #[arg(long, default_value = "higher")]
    pub direction: String,
    #[arg(long)]
    pub band_low: Option<f64>,
    #[arg(long)]
    pub band_high: Option<f64>,
    /// Values come split by gender (T/K/M). [default: from the catalogue for a KPI]
    #[arg(long)]
    pub gender_split: bool,
    /// A goal the indicator follows up, by code, optionally with a weight: 1.1 or 1.1=2.
    #[arg(long = "goal", value_name = "CODE[=WEIGHT]")]
    pub goals: Vec<String>,
    /// The plan the goal codes belong to. [default: the current plan]
    #[arg(long)]
    pub plan: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TargetCommand {
    /// Add a target for an indicator, or turn a text target from the budget into one.
    Add(TargetAddArgs),
    /// List an indicator's targets.
    List {
        #[arg(long)]
        indicator: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct TargetAddArgs {
    /// The indicator's id (see `riktning indicator list`).
    #[arg(long)]
    pub indicator: i64,
    /// Take comparator, value and year from this text target (see `riktning goals --json`).
    #[arg(long, conflicts_with_all = ["year", "value"])]
    pub from_text_target: Option<i64>,
    #[arg(long, required_unless_present = "from_text_target")]
    pub year: Option<i32>,
    #[arg(
        long,
        required_unless_present = "from_text_target",
        allow_negative_numbers = true
    )]
    pub value: Option<f64>,
    /// at_least, at_most, more_than, less_than or equal.
    #[arg(long, default_value = "at_least")]
    pub comparator: String,
    #[arg(long)]
    pub base_year: Option<i32>,
    #[arg(long, allow_negative_numbers = true)]
    pub base_value: Option<f64>,
    /// A milestone on the way rather than the final target.
    #[arg(long)]
    pub milestone: bool,
}

#[derive(Debug, Subcommand)]
pub enum KoladaCommand {
    /// Load Kolada's catalogue: KPIs, municipalities and municipality groups.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    /// Find KPIs by words or id, best first.
    Search {
        /// Words, e.g. "sjukfrånvaro anställda", or a KPI id.
        query: String,
        /// How many to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print `[{"id", "title", "score"}, …]`.
        #[arg(long)]
        json: bool,
    },
    /// Suggest KPIs for a goal from its statement and political text.
    Suggest {
        /// The goal's code, e.g. 1.3.
        #[arg(long)]
        goal: String,
        /// The plan the goal belongs to. [default: the current plan]
        #[arg(long)]
        plan: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// The Kolada groups to compare with, besides the whole country.
    #[command(subcommand)]
    Groups(GroupsCommand),
    /// Fetch the values of every Kolada KPI that an indicator follows, for this
    /// municipality, the country, the comparison groups and all municipalities (for
    /// the rank). Resumes an interrupted sync; running it again changes nothing.
    Sync(SyncArgs),
    /// Load Kolada data files (v3 shape, one or more pages, optionally gzipped) without
    /// network, streaming, in one transaction per file.
    Import {
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// Load catalogue files (what each holds is read from its content), or the
    /// whole catalogue from the API with --online.
    Import {
        /// kpi.json, municipality.json and/or municipality_groups.json in the v3 shape.
        #[arg(required_unless_present = "online")]
        files: Vec<std::path::PathBuf>,
        /// Fetch KPIs, municipalities and groups from the Kolada API.
        #[arg(long, conflicts_with = "files")]
        online: bool,
        #[command(flatten)]
        api: KoladaApi,
    },
}

#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// List groups from the catalogue, optionally only those whose title contains TEXT.
    List {
        #[arg(long)]
        search: Option<String>,
    },
    /// Compare with these groups (replaces the earlier choice; none clears it).
    Use { groups: Vec<String> },
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only the indicators of this plan's goals. [default: every Kolada indicator]
    #[arg(long)]
    pub plan: Option<String>,
    /// Only values updated after this date (YYYY-MM-DD), for a quick incremental sync.
    #[arg(long)]
    pub from_date: Option<String>,
    #[command(flatten)]
    pub api: KoladaApi,
}

#[derive(Debug, Args)]
pub struct KoladaApi {
    /// The Kolada v3 API.
    #[arg(
        long = "kolada-url",
        env = "RIKTNING_KOLADA_URL",
        default_value = "https://api.kolada.se/v3"
    )]
    pub url: String,
}

fn parse_format(name: &str) -> Result<riktning_export::Format, String> {
    match riktning_export::Format::parse(name) {
        Some(format) if format.available() => Ok(format),
        Some(_) => {
            Err("this build has no PDF support (built without the `pdf` feature)".to_string())
        }
        None => Err(format!(
            "unknown format {name:?}: use docx, xlsx, pdf or html"
        )),
    }
}
