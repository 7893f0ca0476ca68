//! `riktning kolada …`: the catalogue, KPI search and suggestions, comparison groups,
//! sync from the API and import of data files.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use riktning_domain::{Change, Id, Observation};
use riktning_kolada::{CatalogueFile, CatalogueLoaded, Client, Kpi, SearchIndex};
use riktning_store::{ObservationChanges, ObservationWriter, Store};
use time::{Date, OffsetDateTime};

use crate::args::SyncArgs;
use crate::commands::show::load_plan;
use crate::output::say;

pub async fn catalogue_import<S: Store>(
    store: &S,
    tenant: Id,
    files: &[PathBuf],
    online: Option<&str>,
) -> Result<()> {
    // Read everything before storing anything, so a bad file changes nothing.
    let mut parts = Vec::new();
    if let Some(url) = online {
        let client = Client::new(url)?;
        say!("Fetching the catalogue from {url} …");
        parts.push(CatalogueFile::Kpis(
            client.kpis().await?.into_iter().map(Into::into).collect(),
        ));
        parts.push(CatalogueFile::Areas(
            client
                .municipalities()
                .await?
                .into_iter()
                .map(Into::into)
                .collect(),
        ));
        parts.push(CatalogueFile::Groups(
            client
                .municipality_groups()
                .await?
                .into_iter()
                .map(Into::into)
                .collect(),
        ));
    }
    for file in files {
        parts.push(CatalogueFile::read(file)?);
    }
    for part in parts {
        match part.store_into(store, tenant).await? {
            CatalogueLoaded::Kpis(count) => say!("KPIs: {count}"),
            CatalogueLoaded::Areas(count) => say!("Municipalities and regions: {count}"),
            CatalogueLoaded::Groups(count) => say!("Municipality groups: {count}"),
        }
    }
    Ok(())
}

async fn search_index<S: Store>(store: &S, tenant: Id) -> Result<SearchIndex> {
    let catalogue = store.kpi_catalogue(tenant).await?;
    if catalogue.is_empty() {
        bail!(
            "the KPI catalogue is empty; load it first with `riktning kolada catalogue import kpi.json` (or --online)"
        );
    }
    let kpis: Vec<Kpi> = catalogue.iter().map(Kpi::from).collect();
    Ok(SearchIndex::new(&kpis))
}

fn print_hits(hits: &[riktning_kolada::Hit], json: bool) -> Result<()> {
    if json {
        say!("{}", serde_json::to_string_pretty(hits)?);
    } else if hits.is_empty() {
        say!("No KPI matches.");
    } else {
        for hit in hits {
            say!("{}  {:>7.1}  {}", hit.id, hit.score, hit.title);
        }
    }
    Ok(())
}

pub async fn search<S: Store>(
    store: &S,
    tenant: Id,
    query: &str,
    limit: usize,
    json: bool,
) -> Result<()> {
    let index = search_index(store, tenant).await?;
    print_hits(&index.search(query, limit), json)
}

pub async fn suggest<S: Store>(
    store: &S,
    tenant: Id,
    code: &str,
    plan: Option<&str>,
    limit: usize,
    json: bool,
) -> Result<()> {
    let view = load_plan(store, tenant, plan).await?;
    let Some(goal) = view.goals.iter().find(|g| g.goal.code == code) else {
        bail!("plan '{}' has no goal {code}", view.plan.title);
    };
    let text = format!("{}\n\n{}", goal.goal.statement, goal.goal.political_text);
    let index = search_index(store, tenant).await?;
    print_hits(&index.suggest_for_text(&text, limit), json)
}

pub async fn groups_list<S: Store>(store: &S, tenant: Id, search: Option<&str>) -> Result<()> {
    let chosen = store.comparison_groups(tenant).await?;
    let needle = search.map(str::to_lowercase);
    let groups = store.area_groups(tenant).await?;
    if groups.is_empty() {
        bail!(
            "no municipality groups are loaded; run `riktning kolada catalogue import municipality_groups.json` (or --online)"
        );
    }
    for group in groups.iter().filter(|g| {
        needle
            .as_ref()
            .is_none_or(|n| g.title.to_lowercase().contains(n))
    }) {
        let mark = if chosen.contains(&group.id) { "*" } else { " " };
        say!(
            "{mark} {:<9} {} ({} members)",
            group.id,
            group.title,
            group.members.len()
        );
    }
    if !chosen.is_empty() {
        say!("\n* = compared with");
    }
    Ok(())
}

pub async fn groups_use<S: Store>(
    store: &S,
    tenant: Id,
    groups: &[String],
    change: &Change,
) -> Result<()> {
    store.set_comparison_groups(tenant, groups, change).await?;
    if groups.is_empty() {
        say!("Comparing with the whole country only.");
    } else {
        say!(
            "Comparing with the whole country and {}.",
            groups.join(", ")
        );
    }
    Ok(())
}

fn parse_date(text: &str) -> Result<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, format).with_context(|| format!("--from-date {text}: use YYYY-MM-DD"))
}

pub async fn sync<S: Store>(
    store: &S,
    tenant: &riktning_domain::Tenant,
    args: &SyncArgs,
    change: &Change,
) -> Result<()> {
    let goals = match &args.plan {
        Some(title) => {
            let plan = load_plan(store, tenant.id, Some(title)).await?;
            Some(plan.goals.iter().map(|g| g.goal.id).collect::<Vec<Id>>())
        }
        None => None,
    };
    let from_date = args.from_date.as_deref().map(parse_date).transpose()?;
    let Some(plan) =
        riktning_kolada::tenant_plan(store, tenant, goals.as_deref(), from_date).await?
    else {
        bail!(
            "no indicator follows a Kolada KPI yet; add one with `riktning indicator add --kpi N01951 --goal 1.1`"
        );
    };
    if store.areas(tenant.id).await?.is_empty() {
        eprintln!(
            "note: no municipalities in the catalogue, so no rank; load municipality.json to get one"
        );
    }
    let client = Client::new(&args.api.url)?;
    eprintln!(
        "Syncing {} KPI(s) for {} areas from {} …",
        plan.kpis.len(),
        plan.areas.len(),
        args.api.url
    );
    let report = riktning_kolada::sync_tenant(store, tenant, &client, &plan, change, |p| {
        if p.skipped {
            eprintln!(
                "  [{}/{}] already stored by the interrupted sync",
                p.chunk, p.chunks
            );
        } else {
            eprintln!(
                "  [{}/{}] {} values: {} new, {} revised",
                p.chunk, p.chunks, p.rows, p.changes.inserted, p.changes.revised
            );
        }
    })
    .await?;
    if report.resumed {
        say!(
            "Resumed an interrupted sync: {} of {} chunks were already stored.",
            report.skipped_chunks,
            report.chunks
        );
    }
    print_changes(report.rows, report.changes)?;
    Ok(())
}

fn print_changes(rows: usize, changes: ObservationChanges) -> Result<()> {
    say!(
        "{rows} values: {} new, {} revised, {} unchanged.",
        changes.inserted,
        changes.revised,
        changes.unchanged
    );
    if changes.revised > 0 {
        say!(
            "The values they replaced are on the audit trail: `riktning audit --entity observation`."
        );
    }
    Ok(())
}

/// Rows per batch handed from the reading thread to the store.
const IMPORT_BATCH: usize = 10_000;

/// The ids a data file may use: KPIs from the stored catalogue (when it is loaded),
/// and areas: Sweden's municipalities and regions, the country, and groups from the
/// stored catalogue.
struct KnownIds {
    kpis: std::collections::HashSet<String>,
    groups: std::collections::HashSet<String>,
    municipalities: std::collections::HashSet<&'static str>,
}

impl KnownIds {
    async fn load<S: Store>(store: &S, tenant: Id) -> Result<Self> {
        Ok(Self {
            kpis: store
                .kpi_catalogue(tenant)
                .await?
                .into_iter()
                .map(|k| k.id)
                .collect(),
            groups: store
                .area_groups(tenant)
                .await?
                .into_iter()
                .map(|g| g.id)
                .collect(),
            municipalities: riktning_domain::municipalities().map(|m| m.id).collect(),
        })
    }

    fn check(&self, kpi: &str, area: &str) -> std::result::Result<(), String> {
        let kpi_known = if self.kpis.is_empty() {
            riktning_domain::is_kolada_kpi_id(kpi)
        } else {
            self.kpis.contains(kpi)
        };
        if !kpi_known {
            return Err(format!("unknown KPI id '{kpi}'"));
        }
        let area_known = if area.starts_with('G') {
            self.groups.is_empty() || self.groups.contains(area)
        } else {
            self.municipalities.contains(area)
        };
        if !area_known {
            return Err(format!(
                "'{area}' is not a municipality, region or group id"
            ));
        }
        Ok(())
    }
}

pub async fn import_files<S: Store>(
    store: &S,
    tenant: Id,
    files: &[PathBuf],
    change: &Change,
) -> Result<()> {
    let change = change.clone().because(format!(
        "Kolada data import: {}",
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let known = std::sync::Arc::new(KnownIds::load(store, tenant).await?);
    let mut writer = store.observation_writer(tenant, &change).await?;
    let mut rows = 0usize;
    for file in files {
        // The reader is blocking and streams; it runs on its own thread and hands over
        // bounded batches, so memory stays flat however large the file is.
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<Observation>>(4);
        let path = file.clone();
        let known = known.clone();
        let reader = tokio::task::spawn_blocking(move || read_in_batches(&path, &known, &sender));
        let mut file_rows = 0usize;
        while let Some(batch) = receiver.recv().await {
            file_rows += batch.len();
            writer.write(&batch).await?;
        }
        let stats = reader
            .await
            .context("the file reader stopped unexpectedly")??;
        rows += file_rows;
        eprintln!(
            "{}: {file_rows} values in {} page(s){}",
            file.display(),
            stats.pages,
            if stats.deleted > 0 {
                format!(", {} deleted rows dropped", stats.deleted)
            } else {
                String::new()
            }
        );
    }
    // Every file read cleanly: only now does anything become visible.
    let totals = writer.commit().await?;
    print_changes(rows, totals)
}

fn read_in_batches(
    path: &Path,
    known: &KnownIds,
    sender: &tokio::sync::mpsc::Sender<Vec<Observation>>,
) -> Result<riktning_kolada::DataStats> {
    let fetched_at = OffsetDateTime::now_utc();
    let mut batch = Vec::with_capacity(IMPORT_BATCH);
    let mut value_number = 0u64;
    let stats = riktning_kolada::read_data_file::<anyhow::Error>(path, |row| {
        value_number += 1;
        if let Err(problem) = known.check(&row.kpi, &row.municipality) {
            bail!(
                "{}, value {value_number} (kpi {}, municipality {}, {}): {problem}",
                path.display(),
                row.kpi,
                row.municipality,
                row.period
            );
        }
        batch.push(row.into_observation(fetched_at));
        if batch.len() == IMPORT_BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(IMPORT_BATCH));
            sender
                .blocking_send(full)
                .map_err(|_| anyhow::anyhow!("storing stopped"))?;
        }
        Ok(())
    })?;
    if !batch.is_empty() {
        sender
            .blocking_send(batch)
            .map_err(|_| anyhow::anyhow!("storing stopped"))?;
    }
    Ok(stats)
}
