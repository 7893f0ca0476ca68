//! The goal tree: a plan's goals as they break down, filtered and searched.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use riktning_domain::{Goal, Id, OrgUnit};
use riktning_store::{Store, StoreRead};
use serde::Deserialize;

use super::{Chrome, render};
use crate::extract::Query;
use crate::policy::{Action, authorize};
use crate::{AppError, Reading, Shared};

struct TreeNode {
    id: Id,
    code: String,
    statement: String,
    units: String,
    category: String,
    depth: usize,
}

#[derive(Template)]
#[template(path = "goals.html")]
struct TreePage {
    chrome: Chrome,
    nodes: Vec<TreeNode>,
    units: Vec<(Id, String, bool)>,
    categories: Vec<(String, bool)>,
    /// Every plan, with whether it is the one shown; the first is the current one.
    plans: Vec<(Id, String, bool)>,
    /// Set when the plan shown is not the current one: the current plan's title.
    current_title: Option<String>,
    /// The words searched for, as typed.
    search: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct TreeFilter {
    enhet: Option<String>,
    kategori: Option<String>,
    /// Another plan than the current one, to read last year's goals.
    plan: Option<String>,
    /// Words that the code, statement or short name must contain.
    sok: Option<String>,
}

/// Whether every word of `search` is in the goal's code, short name or statement,
/// ignoring case.
fn contains_words(goal: &Goal, search: &[String]) -> bool {
    let haystack = format!(
        "{} {} {}",
        goal.code,
        goal.short_name.as_deref().unwrap_or_default(),
        goal.statement
    )
    .to_lowercase();
    search.iter().all(|word| haystack.contains(word.as_str()))
}

pub(super) fn unit_names(units: &[OrgUnit], ids: &[Id]) -> String {
    ids.iter()
        .filter_map(|id| units.iter().find(|u| u.id == *id))
        .map(|u| u.short_name.clone().unwrap_or_else(|| u.name.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the goal or any goal under it matches the filter, so a match keeps its
/// ancestors in view.
fn matches(goal: &Goal, goals: &[Goal], filter: &Filter<'_>) -> bool {
    let own = filter
        .unit
        .is_none_or(|u| goal.responsible_units.contains(&u))
        && filter
            .category
            .is_none_or(|c| goal.category.as_deref() == Some(c))
        && contains_words(goal, filter.words);
    own || goals
        .iter()
        .filter(|g| g.parent_id == Some(goal.id))
        .any(|child| matches(child, goals, filter))
}

/// What the goal tree is narrowed to.
#[derive(Clone, Copy)]
struct Filter<'a> {
    unit: Option<Id>,
    category: Option<&'a str>,
    words: &'a [String],
}

pub async fn tree<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Query(filter): Query<TreeFilter>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let tenant = state.tenant.id;
    let chosen: Option<Id> = filter.plan.as_deref().and_then(|p| p.parse().ok());
    let loaded = async {
        let plans = read.plans(tenant).await?;
        let plan = chosen
            .and_then(|id| plans.iter().find(|p| p.id == id))
            .or(plans.first())
            .cloned()
            .ok_or(AppError::AddFirst(super::plans::NO_PLAN_PATH))?;
        let goals = read.goals(tenant, plan.id).await?;
        let units = read.org_units(tenant).await?;
        Ok::<_, AppError>((plans, plan, goals, units))
    }
    .await;
    read.finish().await?;
    let (plans, plan, goals, units) = loaded?;
    let unit_filter: Option<Id> = filter.enhet.as_deref().and_then(|u| u.parse().ok());
    let category_filter = filter.kategori.as_deref().filter(|c| !c.is_empty());
    let search = crate::auth::clip(filter.sok.as_deref().unwrap_or_default().trim(), 200);
    let words: Vec<String> = search
        .to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut nodes = Vec::new();
    fn walk(
        parent: Option<Id>,
        depth: usize,
        goals: &[Goal],
        units: &[OrgUnit],
        filter: &Filter<'_>,
        nodes: &mut Vec<TreeNode>,
    ) {
        for goal in goals.iter().filter(|g| g.parent_id == parent) {
            if !matches(goal, goals, filter) {
                continue;
            }
            nodes.push(TreeNode {
                id: goal.id,
                code: goal.code.clone(),
                statement: goal.statement.clone(),
                units: unit_names(units, &goal.responsible_units),
                category: goal.category.clone().unwrap_or_default(),
                depth,
            });
            walk(Some(goal.id), depth + 1, goals, units, filter, nodes);
        }
    }
    let narrowed = Filter {
        unit: unit_filter,
        category: category_filter,
        words: &words,
    };
    walk(None, 0, &goals, &units, &narrowed, &mut nodes);
    let current_title = plans
        .first()
        .filter(|current| current.id != plan.id)
        .map(|current| current.title.clone());
    let mut categories: Vec<String> = goals.iter().filter_map(|g| g.category.clone()).collect();
    categories.sort();
    categories.dedup();
    let page = TreePage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "goals",
            plan.title.clone(),
            "/arbeta/mal".to_string(),
        ),
        nodes,
        units: units
            .iter()
            .map(|u| (u.id, u.name.clone(), Some(u.id) == unit_filter))
            .collect(),
        categories: categories
            .into_iter()
            .map(|c| {
                let selected = Some(c.as_str()) == category_filter;
                (c, selected)
            })
            .collect(),
        plans: plans
            .iter()
            .map(|p| (p.id, p.title.clone(), p.id == plan.id))
            .collect(),
        current_title,
        search,
    };
    Ok(render(&page))
}
