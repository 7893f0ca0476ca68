//! The values of an indicator kept by hand: the table of what is stored, and a form to
//! add a year's value or correct it. Values of a Kolada indicator come from Kolada and
//! are only shown here; a correction of a kept value goes on the audit trail with the
//! value it replaced.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{
    Change, Gender, Id, Indicator, IndicatorSource, Observation, ObservationSource,
    format_number_trimmed,
};
use riktning_store::{ObservationQuery, ObservationWriter as _, Store};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{Chrome, FieldErrors as _, render};
use crate::extract::{Form, Path, Query};
use crate::i18n::{Lang, text};
use crate::policy::{allows_change, authorize_change, indicator_owners};
use crate::{AppError, Shared, Visitor};

/// One year of the table: the total, and women and men where the indicator is split.
struct YearRow {
    year: i32,
    total: String,
    women: String,
    men: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct Typed {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    value: String,
    /// "T", "K" or "M".
    #[serde(default)]
    gender: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    /// The year whose value was just saved.
    #[serde(default)]
    sparat: Option<i32>,
}

#[derive(Template)]
#[template(path = "values.html")]
struct ValuesPage {
    chrome: Chrome,
    indicator: Indicator,
    rows: Vec<YearRow>,
    /// Kept by hand, so the form is offered to those who may change the indicator.
    kept_by_hand: bool,
    can_edit: bool,
    genders: Vec<(&'static str, &'static str)>,
    typed: Typed,
    errors: Vec<(String, String)>,
    notice: Option<String>,
}

impl super::FieldErrors for ValuesPage {
    fn errors(&self) -> &[(String, String)] {
        &self.errors
    }
}

/// Where the values page of indicator `id` is.
pub fn path(id: Id) -> String {
    format!("/arbeta/indikator/{id}/varden")
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    indicator: Indicator,
    typed: Typed,
    errors: Vec<(String, String)>,
) -> Result<ValuesPage, AppError> {
    let lang = visitor.lang;
    let tenant = &state.tenant;
    let can_edit = allows_change(
        &visitor.user,
        &indicator_owners(&state.store, tenant.id, &indicator).await?,
    );
    let query = ObservationQuery {
        areas: vec![tenant.kolada_id.clone()],
        ..ObservationQuery::series(indicator.series_key())
    };
    let stored = state.store.observations(tenant.id, &query).await?;
    let decimals = usize::try_from(indicator.decimals).unwrap_or(0);
    let mut years: Vec<i32> = stored.iter().map(|o| o.period).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let value_of = |year: i32, gender: Gender| {
        stored
            .iter()
            .find(|o| o.period == year && o.gender == gender)
            .and_then(|o| o.value)
            .map_or_else(|| "–".to_string(), |v| format_number_trimmed(v, decimals))
    };
    let rows = years
        .into_iter()
        .map(|year| YearRow {
            year,
            total: value_of(year, Gender::Total),
            women: value_of(year, Gender::Women),
            men: value_of(year, Gender::Men),
        })
        .collect();
    Ok(ValuesPage {
        chrome: Chrome::new(
            state,
            visitor,
            "goals",
            format!("{}: {}", text(lang, "values-title"), indicator.name),
            path(indicator.id),
        )
        .with_trail(vec![(
            text(lang, "nav-goals").to_string(),
            "/arbeta/mal".to_string(),
        )]),
        kept_by_hand: indicator.source != IndicatorSource::Kolada,
        genders: gender_choices(&indicator, lang),
        indicator,
        rows,
        can_edit,
        typed,
        errors,
        notice: None,
    })
}

fn gender_choices(indicator: &Indicator, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut choices = vec![("T", text(lang, "values-total"))];
    if indicator.divided_by_gender {
        choices.push(("K", text(lang, "women")));
        choices.push(("M", text(lang, "men")));
    }
    choices
}

pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Query(notice): Query<Notice>,
) -> Result<Response, AppError> {
    crate::policy::authorize(&visitor.user, crate::policy::Action::View)?;
    let indicator = state.store.indicator(state.tenant.id, id).await?;
    let mut shown = page(&state, &visitor, indicator, Typed::default(), Vec::new()).await?;
    shown.notice = notice
        .sparat
        .map(|year| format!("{} {year}.", text(visitor.lang, "values-saved")));
    Ok(render(&shown))
}

/// Adds a year's value, or corrects the one stored for that year.
pub async fn save<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(typed): Form<Typed>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&typed.csrf)?;
    let tenant = &state.tenant;
    let indicator = state.store.indicator(tenant.id, id).await?;
    authorize_change(
        &visitor.user,
        &indicator_owners(&state.store, tenant.id, &indicator).await?,
    )?;
    let lang = visitor.lang;
    let mut errors = Vec::new();
    if indicator.source == IndicatorSource::Kolada {
        errors.push((
            "form".to_string(),
            text(lang, "values-from-kolada").to_string(),
        ));
    }
    let year = typed
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y));
    if year.is_none() {
        errors.push((
            "year".to_string(),
            text(lang, "values-bad-year").to_string(),
        ));
    }
    let value = super::parse_number(&typed.value).filter(|v| v.is_finite());
    if value.is_none() {
        errors.push((
            "value".to_string(),
            text(lang, "values-bad-value").to_string(),
        ));
    }
    let gender = match typed.gender.as_str() {
        "" | "T" => Some(Gender::Total),
        "K" if indicator.divided_by_gender => Some(Gender::Women),
        "M" if indicator.divided_by_gender => Some(Gender::Men),
        _ => None,
    };
    if gender.is_none() {
        errors.push((
            "gender".to_string(),
            text(lang, "values-bad-gender").to_string(),
        ));
    }
    let kept = Typed {
        csrf: String::new(),
        year: crate::auth::clip(&typed.year, 8),
        value: crate::auth::clip(&typed.value, 40),
        gender: crate::auth::clip(&typed.gender, 2),
    };
    let (Some(year), Some(value), Some(gender), true) = (year, value, gender, errors.is_empty())
    else {
        let view = page(&state, &visitor, indicator, kept, errors).await?;
        return Ok(super::render_with(StatusCode::UNPROCESSABLE_ENTITY, &view));
    };
    let observation = Observation {
        series: indicator.series_key(),
        area: tenant.kolada_id.clone(),
        period: year,
        gender,
        value: Some(value),
        status: None,
        count: None,
        source: ObservationSource::Manual,
        fetched_at: OffsetDateTime::now_utc(),
        published: None,
    };
    // Through a writer, whose commit puts the entry on the audit trail even when it
    // adds a year rather than correcting one.
    let saved = async {
        let mut writer = state
            .store
            .observation_writer(tenant.id, &Change::by(&visitor.user.username))
            .await?;
        writer.write(&[observation]).await?;
        writer.commit().await
    }
    .await;
    match saved {
        Ok(_) => Ok((
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("{}?sparat={year}", path(id)))],
        )
            .into_response()),
        Err(error) => {
            let (message, status) = super::refused_save(error, lang, "year")?;
            let view = page(&state, &visitor, indicator, kept, vec![message]).await?;
            Ok(super::render_with(status, &view))
        }
    }
}
