//! Finding what a command names: a plan by title, a goal by code, a unit by name, a
//! period by name. Each miss says what there is to choose from.

use anyhow::{Context, Result, bail};
use riktning_domain::{Goal, Id, OrgUnit, Period, Plan, normalise_goal_code};
use riktning_store::{Store, StoreRead};
use time::Date;
use time::macros::format_description;

/// Runs `lookup` in a read transaction of its own.
macro_rules! reading {
    ($store:expr, $read:ident => $lookup:expr) => {{
        let mut $read = $store.reader().await?;
        let found = $lookup.await;
        $read.finish().await?;
        found
    }};
}

/// The plan titled `title`, or the current one (chosen in the workspace, else the newest).
pub async fn plan<S: Store>(store: &S, tenant: Id, title: Option<&str>) -> Result<Plan> {
    reading!(store, read => plan_in(&mut read, tenant, title))
}

/// [`plan`] through a command's read transaction.
pub async fn plan_in<R: StoreRead>(read: &mut R, tenant: Id, title: Option<&str>) -> Result<Plan> {
    match title {
        Some(title) => read.plan_by_title(tenant, title).await?.with_context(|| {
            format!("no plan titled '{title}'; `riktning plans` lists the stored plans")
        }),
        None => read.plans(tenant).await?.into_iter().next().context(
            "no plans are stored yet; import a budget document first with `riktning import FILE`",
        ),
    }
}

pub async fn goal<S: Store>(store: &S, tenant: Id, plan: &Plan, code: &str) -> Result<Goal> {
    reading!(store, read => goal_in(&mut read, tenant, plan, code))
}

/// [`goal`] through a command's read transaction.
pub async fn goal_in<R: StoreRead>(
    read: &mut R,
    tenant: Id,
    plan: &Plan,
    code: &str,
) -> Result<Goal> {
    let wanted = normalise_goal_code(code).unwrap_or_else(|| code.trim().to_string());
    let goals = read.goals(tenant, plan.id).await?;
    let codes: Vec<&str> = goals.iter().map(|g| g.code.as_str()).collect();
    match goals.iter().find(|g| g.code == wanted) {
        Some(goal) => Ok(goal.clone()),
        None => bail!(
            "plan '{}' has no goal {code}; its goals are {}",
            plan.title,
            codes.join(", ")
        ),
    }
}

/// A unit by id, name or short name, ignoring case.
pub async fn unit<S: Store>(store: &S, tenant: Id, given: &str) -> Result<OrgUnit> {
    let units = store.org_units(tenant).await?;
    let wanted = given.trim().to_lowercase();
    let found = units.iter().find(|u| {
        u.id.to_string() == wanted
            || u.name.to_lowercase() == wanted
            || u.short_name.as_deref().map(str::to_lowercase) == Some(wanted.clone())
    });
    match found {
        Some(unit) => Ok(unit.clone()),
        None if units.is_empty() => {
            bail!(
                "no org unit '{given}': none are stored yet; add one with `riktning org add NAME`"
            )
        }
        None => {
            let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
            bail!("no org unit '{given}'; there are: {}", names.join(", "))
        }
    }
}

pub async fn period<S: Store>(store: &S, tenant: Id, plan: &Plan, name: &str) -> Result<Period> {
    reading!(store, read => period_in(&mut read, tenant, plan, name))
}

/// [`period`] through a command's read transaction.
pub async fn period_in<R: StoreRead>(
    read: &mut R,
    tenant: Id,
    plan: &Plan,
    name: &str,
) -> Result<Period> {
    let periods = read.periods(tenant, plan.id).await?;
    let wanted = name.trim().to_lowercase();
    match periods.iter().find(|p| p.name.to_lowercase() == wanted) {
        Some(period) => Ok(period.clone()),
        None if periods.is_empty() => bail!(
            "no period '{name}': plan '{}' has none yet; add one with `riktning period add`",
            plan.title
        ),
        None => {
            let names: Vec<&str> = periods.iter().map(|p| p.name.as_str()).collect();
            bail!(
                "no period '{name}' in plan '{}'; there are: {}",
                plan.title,
                names.join(", ")
            )
        }
    }
}

/// A YYYY-MM-DD date given to `flag`.
pub fn date(text: &str, flag: &str) -> Result<Date> {
    Date::parse(text.trim(), format_description!("[year]-[month]-[day]"))
        .with_context(|| format!("{flag} {text}: write the date as YYYY-MM-DD, e.g. 2024-08-31"))
}

/// A value of a snake_case vocabulary given to `flag`.
pub fn choice<T>(text: &str, flag: &str) -> Result<T>
where
    T: std::str::FromStr<Err = riktning_domain::UnknownVariant>,
{
    text.trim().parse().with_context(|| flag.to_string())
}

pub fn read_markdown(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}
