//! Builds the report model from the store, through one read transaction.

use std::collections::HashMap;

use riktning_domain::{
    AssessmentState, AuditEvent, EntityKind, ForecastOptions, ForecastRequest, ForecastTarget,
    Gender, Goal, Id, Indicator, Observation, ObservationSource, OrgUnit, Period, Plan,
    ProgressSubject, Target, forecast,
};
use riktning_followup::PeriodContext;
use riktning_store::{AuditQuery, ObservationQuery, StoreError, StoreRead};

use crate::model::{
    AssessmentPart, CommitmentPart, ConclusionPart, DecisionPart, FORMAT, GoalPart, IndicatorPart,
    LevelPart, MethodPart, PeriodPart, PlanPart, Point, Report, SeriesPart, TargetPart,
};

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The period is not one of the plan's.
    #[error("the period belongs to another plan")]
    PeriodOfAnotherPlan,
    #[error("the report cannot be written: {0}")]
    Encode(String),
    /// The data changed while the report was built, every time it was tried.
    #[error("the data kept changing while the report was built; nothing was published, try again")]
    KeptChanging,
}

/// The approved picture of `plan`, in `period` or (for `None`) before it has results.
pub async fn build<R: StoreRead>(
    read: &mut R,
    tenant: Id,
    plan: Id,
    period: Option<Id>,
) -> Result<Report, PublishError> {
    let tenants = read.tenants().await?;
    let tenant_row = tenants
        .into_iter()
        .find(|t| t.id == tenant)
        .ok_or_else(|| StoreError::not_found(EntityKind::Tenant, tenant))?;
    let plan = read
        .plans(tenant)
        .await?
        .into_iter()
        .find(|p| p.id == plan)
        .ok_or_else(|| StoreError::not_found(EntityKind::Plan, plan))?;
    let period = match period {
        Some(id) => {
            let period = read.period(tenant, id).await?;
            if period.plan_id != plan.id {
                return Err(PublishError::PeriodOfAnotherPlan);
            }
            Some(period)
        }
        None => None,
    };
    let read_all = ReadAll::read(read, tenant, &plan, period.clone()).await?;
    let groups = read.comparison_groups(tenant).await?;
    let group = groups.into_iter().next();
    let linked: Vec<&Indicator> = read_all
        .indicators
        .iter()
        .filter(|i| {
            i.goals
                .iter()
                .any(|l| read_all.goals.iter().any(|g| g.id == l.goal_id))
        })
        .collect();
    let ids: Vec<Id> = linked.iter().map(|i| i.id).collect();
    let targets = read.indicator_targets(tenant, &ids).await?;
    let mut areas = vec![
        tenant_row.kolada_id.clone(),
        riktning_domain::COUNTRY_ID.to_string(),
    ];
    areas.extend(group.clone());
    let observations = if linked.is_empty() {
        Vec::new()
    } else {
        read.observations(
            tenant,
            &ObservationQuery {
                series: linked.iter().map(|i| i.series_key()).collect(),
                areas,
                genders: vec![Gender::Total, Gender::Women, Gender::Men],
                first_period: None,
                last_period: period.as_ref().map(|p| p.values_through),
            },
        )
        .await?
    };
    let names: HashMap<String, String> = read
        .users(tenant)
        .await?
        .into_iter()
        .map(|u| (u.username, u.display_name))
        .collect();
    let mut approvals = approvals(
        read.audit_events(
            tenant,
            &AuditQuery {
                entity: Some(EntityKind::Assessment),
                entity_id: None,
            },
        )
        .await?,
    );
    // The display name, never the sign-in name; an actor that is no user (an import,
    // the demo) is shown as it was recorded.
    for event in approvals.values_mut() {
        if let Some(name) = names.get(&event.actor) {
            event.actor = name.clone();
        }
    }
    let conclusion = match &period {
        Some(period) => read.conclusion(tenant, period.id).await?,
        None => None,
    }
    .map(|c| ConclusionPart {
        verdict: c.verdict,
        text: c.text,
        written_by: names.get(&c.written_by).cloned().unwrap_or(c.written_by),
        written_at: c.written_at,
    });
    let scale = read_all.goal_scale.clone();
    let units = |ids: &[Id]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| read_all.units.get(id))
            .map(|u| u.name.clone())
            .collect()
    };
    let values = Values {
        observations: &observations,
        targets: &targets,
        own: &tenant_row.kolada_id,
        group: group.as_deref(),
    };
    let goals = read_all
        .goals
        .iter()
        .map(|goal| GoalPart {
            id: goal.id,
            parent_id: goal.parent_id,
            code: goal.code.clone(),
            short_name: goal.short_name.clone(),
            statement: goal.statement.clone(),
            category: goal.category.clone(),
            level: goal.level,
            political_text: goal.political_text.clone(),
            units: units(&goal.responsible_units),
            commitments: read_all.commitments_of(goal.id),
            indicators: linked
                .iter()
                .filter(|i| i.goals.iter().any(|l| l.goal_id == goal.id))
                .map(|i| values.indicator(i))
                .collect(),
            assessments: read_all.approved_of(goal, &approvals),
        })
        .collect();
    Ok(Report {
        format: FORMAT,
        language: crate::model::CONTENT_LANGUAGE.to_string(),
        municipality: tenant_row.name.clone(),
        kolada_id: tenant_row.kolada_id.clone(),
        plan: PlanPart {
            title: plan.title.clone(),
            first_year: plan.first_year,
            last_year: plan.last_year,
            decision: plan.decision.as_ref().map(DecisionPart::from),
        },
        period: period.map(|p| PeriodPart {
            name: p.name,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
            values_through: p.values_through,
            conclusion,
        }),
        levels: scale
            .levels
            .iter()
            .map(|l| LevelPart {
                key: l.key.clone(),
                label: l.label.clone(),
                label_en: l.label_en.clone(),
                symbol: l.symbol.clone(),
                colour: l.colour.clone(),
                meaning: l.meaning,
            })
            .collect(),
        method: MethodPart {
            suggestion: read_all.settings.suggestion.into(),
            rollup: read_all.settings.rollup,
        },
        goals,
    })
}

/// Who approved each assessment, and when: the last event that made it approved.
fn approvals(events: Vec<AuditEvent>) -> HashMap<Id, AuditEvent> {
    let mut approved = HashMap::new();
    for event in events {
        let state = event
            .after
            .as_ref()
            .and_then(|after| after.get("state"))
            .and_then(|s| s.as_str());
        let was = event
            .before
            .as_ref()
            .and_then(|before| before.get("state"))
            .and_then(|s| s.as_str());
        if state == Some(AssessmentState::Approved.as_str())
            && was != Some(AssessmentState::Approved.as_str())
        {
            approved.insert(event.entity_id, event);
        }
    }
    approved
}

/// What the report is made of, with or without a period.
struct ReadAll {
    goals: Vec<Goal>,
    indicators: Vec<Indicator>,
    units: HashMap<Id, OrgUnit>,
    goal_scale: riktning_domain::AssessmentScale,
    settings: riktning_domain::FollowupSettings,
    commitments: Vec<riktning_domain::Commitment>,
    /// Empty without a period.
    context: Option<PeriodContext>,
}

impl ReadAll {
    async fn read<R: StoreRead>(
        read: &mut R,
        tenant: Id,
        plan: &Plan,
        period: Option<Period>,
    ) -> Result<Self, StoreError> {
        if let Some(period) = period {
            let context = PeriodContext::read(read, tenant, period).await?;
            return Ok(ReadAll {
                goals: context.goals.clone(),
                indicators: context.indicators.clone(),
                units: context.units.clone(),
                goal_scale: context.goal_scale(),
                settings: context.settings.clone(),
                commitments: context.commitments.clone(),
                context: Some(context),
            });
        }
        let settings = read.followup_settings(tenant).await?;
        let scales = read.scales(tenant).await?;
        let goal_scale = scales
            .into_iter()
            .find(|s| s.key == settings.goal_scale)
            .unwrap_or_else(riktning_domain::AssessmentScale::standard);
        Ok(ReadAll {
            goals: read.goals(tenant, plan.id).await?,
            indicators: read.indicators(tenant).await?,
            units: read
                .org_units(tenant)
                .await?
                .into_iter()
                .map(|u| (u.id, u))
                .collect(),
            goal_scale,
            settings,
            commitments: read.plan_commitments(tenant, plan.id).await?,
            context: None,
        })
    }

    /// A goal's commitments with the status reported for the period, or else their own.
    fn commitments_of(&self, goal: Id) -> Vec<CommitmentPart> {
        self.commitments
            .iter()
            .filter(|c| c.goal_id == goal)
            .map(|c| {
                let report = self.context.as_ref().and_then(|context| {
                    context
                        .progress
                        .iter()
                        .find(|r| r.subject == ProgressSubject::Commitment(c.id))
                });
                CommitmentPart {
                    text: c.text.clone(),
                    status: report.map_or(c.status, |r| r.status).as_str().to_string(),
                }
            })
            .collect()
    }

    /// The goal's approved assessments in the period, and no other.
    fn approved_of(&self, goal: &Goal, approvals: &HashMap<Id, AuditEvent>) -> Vec<AssessmentPart> {
        let Some(context) = &self.context else {
            return Vec::new();
        };
        context
            .assessments
            .iter()
            .filter(|a| a.goal_id == goal.id && a.state == AssessmentState::Approved)
            .map(|a| {
                let approval = approvals.get(&a.id);
                AssessmentPart {
                    unit: context.unit_name(a.org_unit_id),
                    level: a.level.clone(),
                    analysis: a.analysis.clone(),
                    actions: a.actions.clone(),
                    suggestion: a.suggestion.as_ref().map(|s| s.explanation.clone()),
                    deviation_reason: a.deviation_reason.clone(),
                    approved_by: approval.map(|e| e.actor.clone()),
                    approved_at: approval.map(|e| e.at),
                }
            })
            .collect()
    }
}

/// The values and targets of the report's indicators.
struct Values<'a> {
    observations: &'a [Observation],
    targets: &'a [Target],
    own: &'a str,
    group: Option<&'a str>,
}

impl Values<'_> {
    fn series(&self, indicator: &Indicator, area: &str, gender: Gender) -> Vec<Point> {
        let key = indicator.series_key();
        let mut points: Vec<Point> = self
            .observations
            .iter()
            .filter(|o| o.series == key && o.area == area && o.gender == gender)
            .filter_map(|o| {
                Some(Point {
                    year: o.period,
                    value: o.value?,
                    from_kolada: o.source == ObservationSource::Kolada,
                })
            })
            .collect();
        points.sort_by_key(|p| p.year);
        points
    }

    fn indicator(&self, indicator: &Indicator) -> IndicatorPart {
        let mut series = Vec::new();
        let mut wanted = vec![
            ("own", self.own, Gender::Total),
            ("own", self.own, Gender::Women),
            ("own", self.own, Gender::Men),
        ];
        if let Some(group) = self.group {
            wanted.push(("group", group, Gender::Total));
        }
        wanted.push(("country", riktning_domain::COUNTRY_ID, Gender::Total));
        for (name, area, gender) in wanted {
            let points = self.series(indicator, area, gender);
            if !points.is_empty() {
                series.push(SeriesPart {
                    area: name.to_string(),
                    gender: gender.as_str().to_string(),
                    points,
                });
            }
        }
        let targets: Vec<TargetPart> = self
            .targets
            .iter()
            .filter(|t| t.indicator_id == indicator.id)
            .map(|t| TargetPart {
                year: t.year,
                comparator: t.comparator,
                value: t.value,
                is_final: t.is_final,
            })
            .collect();
        let judged = targets
            .iter()
            .filter(|t| t.is_final)
            .max_by_key(|t| t.year)
            .or(targets.last());
        let own: Vec<(i32, f64)> = self
            .series(indicator, self.own, Gender::Total)
            .iter()
            .map(|p| (p.year, p.value))
            .collect();
        let unit = indicator.unit.clone().unwrap_or_default();
        let forecast = judged.and_then(|t| {
            forecast(&ForecastRequest {
                points: &own,
                options: ForecastOptions::default(),
                target: Some(ForecastTarget {
                    value: t.value,
                    comparator: t.comparator,
                    year: t.year,
                }),
                projection_year: None,
                direction: Some(indicator.direction),
                band: indicator.band_low.zip(indicator.band_high),
                unit: &unit,
                decimals: usize::try_from(indicator.decimals).unwrap_or(0),
            })
            .ok()
            .map(|f| f.explanation)
        });
        IndicatorPart {
            id: indicator.id,
            name: indicator.name.clone(),
            unit: indicator.unit.clone(),
            decimals: indicator.decimals,
            direction: indicator.direction,
            kolada_kpi: indicator.kolada_kpi.clone(),
            series,
            targets,
            forecast,
        }
    }
}
