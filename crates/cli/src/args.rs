use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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

    /// The municipality or region, by Kolada id (e.g. 2380 for Östersund). Needed once,
    /// when the database holds no municipality yet, or when it holds several.
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
        /// The plan's title. [default: the newest plan]
        #[arg(long)]
        plan: Option<String>,
        /// Print JSON with every field, commitments and targets included.
        #[arg(long)]
        json: bool,
    },
    /// Show the audit trail: who changed what, when, and why.
    Audit {
        /// Only events for this kind of entity (plan, goal, commitment, text_target, org_unit, tenant).
        #[arg(long)]
        entity: Option<String>,
        /// Only events for the entity with this id.
        #[arg(long)]
        id: Option<i64>,
        /// Print JSON with the before and after states.
        #[arg(long)]
        json: bool,
    },
    /// Write a consistent copy of the SQLite database, also while it is in use.
    Backup {
        /// The file to write; it must not exist.
        #[arg(long)]
        out: PathBuf,
    },
    /// Replace the SQLite database with a backup made by `riktning backup`.
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

    /// Update the plan with the same title instead of refusing. Unchanged goals and
    /// commitments keep their identity and status; every change is audited.
    #[arg(long)]
    pub replace: bool,
}
