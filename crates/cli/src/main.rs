//! The `riktning` command: one binary for every job.

mod args;
mod args_followup;
mod args_web;
mod commands;
mod db;
mod lookup;
mod output;
mod tenant;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use riktning_domain::{Change, PlanDraft};
use riktning_store::{ImportOptions, Store};

use args::{
    CatalogueCommand, Cli, Command, GroupsCommand, IndicatorCommand, KoladaCommand, TargetCommand,
};
use args_followup::FollowupCommand;
use commands::{
    activities, assess, audit, backup, followup_status, import, indicator_show, indicators, kolada,
    org, periods, publish, report, scales, serve, show, users,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    riktning_import::silence_handled_extractor_panics();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // One line, with the chain of causes, so a script or a person sees all of it.
            eprintln!("error: {}", output::for_terminal(&format!("{error:#}")));
            ExitCode::FAILURE
        }
    }
}

/// The reader of our output went away (`riktning goals | head`): not an error.
fn is_closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs `$body` with `$store` bound to whichever backend `$database` opened.
macro_rules! with_store {
    ($database:expr, $store:ident => $body:expr) => {
        match $database {
            db::Database::Sqlite($store) => $body,
            db::Database::Postgres($store) => $body,
        }
    };
}

async fn run(cli: Cli) -> Result<()> {
    let location = db::location(cli.global.db.as_deref())?;
    let actor = actor(cli.global.actor.as_deref());
    let tenant_id = cli.global.tenant.as_deref();
    match &cli.command {
        Command::Import(args) => {
            // Parse before opening the database, so a bad document changes nothing.
            let draft = import::parse(args)?;
            if args.dry_run {
                return import::print_dry_run(&draft, args.json);
            }
            if draft.goals.is_empty() {
                anyhow::bail!(
                    "{}: no goals to store; see the lines with --dry-run and mark goals with --edits (line-to-goal)",
                    args.file.display()
                );
            }
            let options = import::options(args, &draft)?;
            with_store!(db::open(&location).await?, store => {
                import_and_show(&store, tenant_id, &options, &draft, &actor).await
            })
        }
        Command::Backup { out } => backup::backup(&location, out).await,
        Command::Restore { file, force } => backup::restore(&location, file, *force).await,
        Command::Plans { json } => with_store!(db::open(&location).await?, store => {
            let tenant = tenant::resolve(&store, tenant_id, false, &Change::by(&actor)).await?;
            show::plans(&store, tenant.id, *json).await
        }),
        Command::Goals { plan, json } => with_store!(db::open(&location).await?, store => {
            let tenant = tenant::resolve(&store, tenant_id, false, &Change::by(&actor)).await?;
            show::goals(&store, tenant.id, plan.as_deref(), *json).await
        }),
        Command::Serve(args) => {
            init_logging();
            with_store!(db::open(&location).await?, store => {
                serve::run(store, tenant_id, args, &actor).await
            })
        }
        Command::User(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            users::run(&store, tenant.id, command, &change).await
        }),
        Command::Org(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, true, &change).await?;
            org::run_org(&store, tenant.id, command, &change).await
        }),
        Command::Goal(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            org::run_goal(&store, tenant.id, command, &change).await
        }),
        Command::Report {
            plan,
            period,
            format,
            out,
        } => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            report::report(&store, tenant.id, plan.as_deref(), period.as_deref(), *format, out).await
        }),
        Command::Publish {
            period,
            plan,
            reason,
            list,
        } => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            if *list {
                publish::list(&store, tenant.id).await
            } else {
                publish::publish(&store, tenant.id, plan.as_deref(), period.as_deref(), reason, &change).await
            }
        }),
        Command::Period(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            periods::run(&store, tenant.id, command, &change).await
        }),
        Command::Assess(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            assess::run(&store, tenant.id, command, &change).await
        }),
        Command::Followup(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            match command {
                FollowupCommand::Status { period, plan, today, json } => {
                    followup_status::status(&store, tenant.id, period, plan.as_deref(), today.as_deref(), *json).await
                }
                FollowupCommand::Rules { fulfilled_at, partly_at, rollup } => {
                    scales::rules(&store, tenant.id, *fulfilled_at, *partly_at, rollup.as_deref(), &change).await
                }
            }
        }),
        Command::Scale(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            scales::run(&store, tenant.id, command, &change).await
        }),
        Command::Activity(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            activities::run_activity(&store, tenant.id, command, &change).await
        }),
        Command::Commitment(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            activities::run_commitment(&store, tenant.id, command, &change).await
        }),
        Command::Indicator(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            match command {
                IndicatorCommand::Add(args) => indicators::add(&store, tenant.id, args, &change).await,
                IndicatorCommand::List { json } => indicators::list(&store, tenant.id, *json).await,
                IndicatorCommand::Show { id, year, json } => {
                    indicator_show::show(&store, tenant.id, *id, *year, *json).await
                }
            }
        }),
        Command::Target(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
            match command {
                TargetCommand::Add(args) => indicators::add_target(&store, tenant.id, args, &change).await,
                TargetCommand::List { indicator, json } => {
                    indicators::list_targets(&store, tenant.id, *indicator, *json).await
                }
            }
        }),
        Command::Kolada(command) => with_store!(db::open(&location).await?, store => {
            let change = Change::by(&actor);
            // Data may come before any budget document: --tenant registers the municipality.
            let tenant = tenant::resolve(&store, tenant_id, true, &change).await?;
            run_kolada(&store, &tenant, command, &change).await
        }),
        Command::Audit { entity, id, json } => with_store!(db::open(&location).await?, store => {
            let tenant = tenant::resolve(&store, tenant_id, false, &Change::by(&actor)).await?;
            audit::audit(&store, tenant.id, entity.as_deref(), *id, *json).await
        }),
    }
}

/// One line per request and per notable event, on stderr; `RUST_LOG` overrides.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    // Colour codes only on a terminal, so a log file stays plain text.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .compact()
        .init();
}

fn actor(given: Option<&str>) -> String {
    given.map(str::to_string).unwrap_or_else(|| {
        let user = std::env::var("USER").unwrap_or_else(|_| "unknown".to_string());
        format!("cli:{user}")
    })
}

async fn run_kolada<S: Store>(
    store: &S,
    tenant: &riktning_domain::Tenant,
    command: &KoladaCommand,
    change: &Change,
) -> Result<()> {
    match command {
        KoladaCommand::Catalogue(CatalogueCommand::Import { files, online, api }) => {
            let online = online.then_some(api.url.as_str());
            kolada::catalogue_import(store, tenant.id, files, online).await
        }
        KoladaCommand::Search { query, limit, json } => {
            kolada::search(store, tenant.id, query, *limit, *json).await
        }
        KoladaCommand::Suggest {
            goal,
            plan,
            limit,
            json,
        } => kolada::suggest(store, tenant.id, goal, plan.as_deref(), *limit, *json).await,
        KoladaCommand::Groups(GroupsCommand::List { search }) => {
            kolada::groups_list(store, tenant.id, search.as_deref()).await
        }
        KoladaCommand::Groups(GroupsCommand::Use { groups }) => {
            kolada::groups_use(store, tenant.id, groups, change).await
        }
        KoladaCommand::Sync(args) => kolada::sync(store, tenant, args, change).await,
        KoladaCommand::Import { files } => {
            kolada::import_files(store, tenant.id, files, change).await
        }
    }
}

async fn import_and_show<S: Store>(
    store: &S,
    tenant_id: Option<&str>,
    options: &ImportOptions,
    draft: &PlanDraft,
    actor: &str,
) -> Result<()> {
    let change = Change::by(actor);
    let tenant = match (tenant_id, draft.municipality.as_deref()) {
        (None, Some(named)) => tenant::for_document(store, named, &change).await?,
        _ => tenant::resolve(store, tenant_id, true, &change).await?,
    };
    let outcome = import::store(store, tenant.id, options, draft, actor).await?;
    output::print_import(&outcome, &draft.warnings)?;
    writeln!(std::io::stdout().lock())?;
    let view = show::load_plan(store, tenant.id, Some(&outcome.plan.title)).await?;
    output::print_plan(&view)?;
    Ok(())
}
