//! The workspace's download of the annual report's goal section, for any period of
//! the current plan. A published period comes as it was published; any other is
//! written from what is approved now and marked "Utkast" on every page.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::Id;
use riktning_export::Format;
use riktning_store::{Store, StoreRead};
use serde::Deserialize;
use std::sync::Arc;

use crate::extract::Query;
use crate::i18n::{Lang, text};
use crate::policy::{Action, authorize};
use crate::{AppError, Reading, Shared};

pub const PATH: &str = "/arbeta/malavsnitt";

#[derive(Debug, Default, Deserialize)]
pub struct Which {
    /// A period of the current plan, or empty for the plan before it has results.
    #[serde(default)]
    period: String,
    #[serde(default)]
    format: String,
}

fn refused(key: &str) -> AppError {
    AppError::Rejected {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        sv: text(Lang::Sv, key).to_string(),
        en: text(Lang::En, key).to_string(),
    }
}

pub async fn download<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Query(which): Query<Which>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let Some(format) = Format::parse(&which.format).filter(|f| f.available()) else {
        read.finish().await?;
        return Err(refused("documents-format-unknown"));
    };
    let period = match which.period.trim() {
        "" => None,
        id => match id.parse::<Id>() {
            Ok(id) => Some(id),
            Err(_) => {
                read.finish().await?;
                return Err(refused("documents-period-unknown"));
            }
        },
    };
    let tenant = state.tenant.id;
    let found = async {
        let plan = read
            .plans(tenant)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::AddFirst(super::plans::NO_PLAN_PATH))?;
        if let Some(period) = period
            && !read
                .periods(tenant, plan.id)
                .await?
                .iter()
                .any(|p| p.id == period)
        {
            return Err(refused("documents-period-unknown"));
        }
        riktning_publish::for_document(&mut read, tenant, plan.id, period)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))
    }
    .await;
    read.finish().await?;
    let source = found?;
    let name = riktning_export::file_name(&source.report, format);
    let name = if source.draft {
        format!("utkast-{name}")
    } else {
        name
    };
    let bytes = crate::documents::render(
        Arc::new(source.report),
        format,
        riktning_export::Options {
            draft: source.draft,
        },
    )
    .await?;
    let mut response = ([(header::CACHE_CONTROL, "private, no-store")], bytes).into_response();
    crate::documents::headers(format, &name, &mut response);
    Ok(response)
}
