//! The rules that suggest an assessment, each a plain function whose result carries an
//! explanation a person can read and an auditor can check: every input, its value and
//! year, its status, its weight, and the rule's thresholds.
//!
//! - An indicator's status: target met, on track (the forecast reaches the target by
//!   the target year), not on track, or no data.
//! - A goal's suggested assessment: the weighted share of its indicators that meet their
//!   target or are on track, against thresholds (default ≥ 75 % uppfyllt, ≥ 40 % delvis
//!   uppfyllt, otherwise ej uppfyllt; no data at all: ej bedömt). Missing data counts
//!   as not met, never as success.
//! - A council goal's roll-up from its committee goals' approved assessments: weighted
//!   majority (the best level more than half of the weight reaches; an even split goes
//!   to the worse level) or worst-of, with who has and has not reported.

use serde::{Deserialize, Serialize};

use crate::forecast::meets;
use crate::string_enum::string_enum;
use crate::{ForecastTarget, TargetReach, format_number_trimmed, format_percent};

string_enum!(
    /// The default assessment scale's levels.
    Fulfilment, "fulfilment" {
        Fulfilled => "fulfilled",
        PartlyFulfilled => "partly_fulfilled",
        NotFulfilled => "not_fulfilled",
        NotAssessed => "not_assessed",
    }
);

impl Fulfilment {
    /// The Swedish label, as councils write it.
    pub fn label(self) -> &'static str {
        match self {
            Fulfilment::Fulfilled => "uppfyllt",
            Fulfilment::PartlyFulfilled => "delvis uppfyllt",
            Fulfilment::NotFulfilled => "ej uppfyllt",
            Fulfilment::NotAssessed => "ej bedömt",
        }
    }

    /// How good the level is, for comparing suggestions: not assessed is below all.
    pub fn rank(self) -> u8 {
        match self {
            Fulfilment::NotAssessed => 0,
            Fulfilment::NotFulfilled => 1,
            Fulfilment::PartlyFulfilled => 2,
            Fulfilment::Fulfilled => 3,
        }
    }
}

string_enum!(
    IndicatorStatus, "indicator status" {
        TargetMet => "target_met",
        OnTrack => "on_track",
        NotOnTrack => "not_on_track",
        NoData => "no_data",
    }
);

impl IndicatorStatus {
    pub fn label(self) -> &'static str {
        match self {
            IndicatorStatus::TargetMet => "målet nått",
            IndicatorStatus::OnTrack => "på väg att nå målet i tid",
            IndicatorStatus::NotOnTrack => "inte på väg att nå målet i tid",
            IndicatorStatus::NoData => "inga data",
        }
    }

    /// Whether it counts towards a goal's fulfilment.
    pub fn counts_as_success(self) -> bool {
        matches!(self, IndicatorStatus::TargetMet | IndicatorStatus::OnTrack)
    }

    /// How good the status is: no data lowest, target met highest.
    pub fn rank(self) -> u8 {
        match self {
            IndicatorStatus::NoData => 0,
            IndicatorStatus::NotOnTrack => 1,
            IndicatorStatus::OnTrack => 2,
            IndicatorStatus::TargetMet => 3,
        }
    }
}

/// An indicator's status from its latest value, its target and the forecast's verdict
/// on reaching it. Without a value or without a target there is nothing to judge.
pub fn indicator_status(
    latest: Option<(i32, f64)>,
    target: Option<&ForecastTarget>,
    reach: Option<&TargetReach>,
    decimals: usize,
) -> IndicatorStatus {
    let (Some((_, value)), Some(target)) = (latest, target) else {
        return IndicatorStatus::NoData;
    };
    if meets(value, target, decimals) {
        return IndicatorStatus::TargetMet;
    }
    match reach {
        Some(TargetReach::AlreadyMet { .. })
        | Some(TargetReach::Reached {
            by_target_year: true,
            ..
        }) => IndicatorStatus::OnTrack,
        _ => IndicatorStatus::NotOnTrack,
    }
}

/// One indicator as evidence for a goal's assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorEvidence {
    pub name: String,
    pub weight: f64,
    pub status: IndicatorStatus,
    /// The value the status was judged on and the year it is for: Kolada values lag,
    /// so this is often an earlier year than the follow-up period.
    pub latest: Option<(i32, f64)>,
    pub unit: Option<String>,
}

/// Thresholds for the share of (weighted) indicators that meet their target or are on
/// track.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SuggestionRule {
    pub fulfilled_at: f64,
    pub partly_at: f64,
}

impl Default for SuggestionRule {
    fn default() -> Self {
        Self {
            fulfilled_at: 0.75,
            partly_at: 0.40,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub fulfilment: Fulfilment,
    /// The weighted share that counts as success, 0–1; `None` without any data.
    pub share: Option<f64>,
    pub explanation: String,
}

fn percent(share: f64) -> String {
    format_percent(share * 100.0, 0)
}

/// Suggests a goal's assessment from its indicators, stating the rule.
pub fn suggest_assessment(evidence: &[IndicatorEvidence], rule: &SuggestionRule) -> Suggestion {
    let mut lines = Vec::with_capacity(evidence.len());
    for item in evidence {
        let value = match item.latest {
            Some((year, value)) => format!(
                "{}{} ({year})",
                format_number_trimmed(value, 2),
                item.unit
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default()
            ),
            None => "inget värde".to_string(),
        };
        lines.push(format!(
            "{}: {value}, {}, vikt {}",
            item.name,
            item.status.label(),
            format_number_trimmed(item.weight, 2)
        ));
    }
    let rule_text = format!(
        "Regel: andelen indikatorer (viktad) som nått målet eller är på väg att nå det i tid; minst {} ger uppfyllt, minst {} delvis uppfyllt, annars ej uppfyllt. Indikatorer utan data räknas som ej nådda.",
        percent(rule.fulfilled_at),
        percent(rule.partly_at)
    );
    let usable: Vec<&IndicatorEvidence> = evidence
        .iter()
        .filter(|e| e.weight.is_finite() && e.weight > 0.0)
        .collect();
    let total: f64 = usable.iter().map(|e| e.weight).sum();
    let has_data = usable.iter().any(|e| e.status != IndicatorStatus::NoData);
    if !has_data || total <= 0.0 {
        let explanation = if evidence.is_empty() {
            format!("Ej bedömt: målet har inga indikatorer. {rule_text}")
        } else {
            format!(
                "Ej bedömt: ingen indikator har data. {}. {rule_text}",
                lines.join("; ")
            )
        };
        return Suggestion {
            fulfilment: Fulfilment::NotAssessed,
            share: None,
            explanation,
        };
    }
    let success: f64 = usable
        .iter()
        .filter(|e| e.status.counts_as_success())
        .map(|e| e.weight)
        .sum();
    let share = (success / total).clamp(0.0, 1.0);
    let fulfilment = if share >= rule.fulfilled_at {
        Fulfilment::Fulfilled
    } else if share >= rule.partly_at {
        Fulfilment::PartlyFulfilled
    } else {
        Fulfilment::NotFulfilled
    };
    Suggestion {
        fulfilment,
        share: Some(share),
        explanation: format!(
            "Förslag: {} ({} av indikatorerna, viktat, har nått målet eller är på väg). {}. {rule_text}",
            fulfilment.label(),
            percent(share),
            lines.join("; ")
        ),
    }
}

string_enum!(
    RollupRule, "roll-up rule" {
        /// The best level that more than half of the approved weight reaches or
        /// exceeds (a weighted median); an even split goes to the worse level.
        WeightedMajority => "weighted_majority",
        /// The worst approved level.
        WorstOf => "worst_of",
    }
);

/// A committee or company goal under a council goal, with its approved assessment if
/// there is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChildResult {
    pub unit: String,
    pub goal: String,
    pub weight: f64,
    /// `None` when there is no approved assessment yet.
    pub approved: Option<Fulfilment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rollup {
    pub fulfilment: Fulfilment,
    /// Units with an approved assessment.
    pub reported: Vec<String>,
    /// Units with goals under the council goal but no approved assessment.
    pub missing: Vec<String>,
    pub explanation: String,
}

/// Rolls approved child assessments up to a council goal.
pub fn roll_up(children: &[ChildResult], rule: RollupRule) -> Rollup {
    let mut reported = Vec::new();
    let mut missing = Vec::new();
    let mut lines = Vec::new();
    for child in children {
        let unit_goal = format!("{} ({})", child.unit, child.goal);
        match child.approved {
            Some(level) => {
                lines.push(format!(
                    "{unit_goal}: {}, vikt {}",
                    level.label(),
                    format_number_trimmed(child.weight, 2)
                ));
                if !reported.contains(&child.unit) {
                    reported.push(child.unit.clone());
                }
            }
            None => {
                lines.push(format!("{unit_goal}: inte rapporterat"));
                if !missing.contains(&child.unit) {
                    missing.push(child.unit.clone());
                }
            }
        }
    }
    let assessed: Vec<(Fulfilment, f64)> = children
        .iter()
        .filter_map(|c| c.approved.map(|level| (level, c.weight)))
        .filter(|(level, weight)| {
            *level != Fulfilment::NotAssessed && weight.is_finite() && *weight > 0.0
        })
        .collect();
    let fulfilment = match rule {
        _ if assessed.is_empty() => Fulfilment::NotAssessed,
        RollupRule::WorstOf => assessed
            .iter()
            .map(|(level, _)| *level)
            .min_by_key(|level| level.rank())
            .unwrap_or(Fulfilment::NotAssessed),
        RollupRule::WeightedMajority => {
            // The best level that more than half of the weight reaches or exceeds: a
            // weighted median, so improving one child can never lower the result.
            let total: f64 = assessed.iter().map(|(_, w)| w).sum();
            [
                Fulfilment::Fulfilled,
                Fulfilment::PartlyFulfilled,
                Fulfilment::NotFulfilled,
            ]
            .into_iter()
            .find(|level| {
                let at_least: f64 = assessed
                    .iter()
                    .filter(|(l, _)| l.rank() >= level.rank())
                    .map(|(_, w)| w)
                    .sum();
                at_least > total / 2.0
            })
            .unwrap_or(Fulfilment::NotFulfilled)
        }
    };
    let rule_text = match rule {
        RollupRule::WeightedMajority => {
            "Regel: viktad majoritet, den bästa nivå som mer än hälften av vikten bland de godkända bedömningarna når eller överträffar."
        }
        RollupRule::WorstOf => "Regel: den sämsta godkända bedömningen.",
    };
    Rollup {
        fulfilment,
        explanation: format!(
            "{}: {}. {rule_text} Rapporterat: {} av {} enheter.",
            fulfilment.label(),
            lines.join("; "),
            reported.len(),
            reported.len() + missing.iter().filter(|m| !reported.contains(m)).count()
        ),
        reported,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::Comparator;

    fn evidence(name: &str, weight: f64, status: IndicatorStatus) -> IndicatorEvidence {
        IndicatorEvidence {
            name: name.to_string(),
            weight,
            status,
            latest: (status != IndicatorStatus::NoData).then_some((2023, 8.5)),
            unit: Some("%".to_string()),
        }
    }

    #[test]
    fn status_follows_value_target_and_forecast() {
        let target = ForecastTarget {
            value: 75_000.0,
            comparator: Comparator::AtLeast,
            year: 2040,
        };
        let on_time = TargetReach::Reached {
            year: 2038,
            by_target_year: true,
        };
        let late = TargetReach::Reached {
            year: 2046,
            by_target_year: false,
        };
        assert_eq!(
            indicator_status(Some((2024, 75_100.0)), Some(&target), None, 0),
            IndicatorStatus::TargetMet
        );
        assert_eq!(
            indicator_status(Some((2024, 64_979.0)), Some(&target), Some(&on_time), 0),
            IndicatorStatus::OnTrack
        );
        assert_eq!(
            indicator_status(Some((2024, 64_979.0)), Some(&target), Some(&late), 0),
            IndicatorStatus::NotOnTrack
        );
        assert_eq!(
            indicator_status(None, Some(&target), Some(&on_time), 0),
            IndicatorStatus::NoData
        );
        assert_eq!(
            indicator_status(Some((2024, 1.0)), None, None, 0),
            IndicatorStatus::NoData
        );
    }

    #[test]
    fn default_thresholds() {
        let rule = SuggestionRule::default();
        let three_of_four = [
            evidence("A", 1.0, IndicatorStatus::TargetMet),
            evidence("B", 1.0, IndicatorStatus::OnTrack),
            evidence("C", 1.0, IndicatorStatus::TargetMet),
            evidence("D", 1.0, IndicatorStatus::NotOnTrack),
        ];
        assert_eq!(
            suggest_assessment(&three_of_four, &rule).fulfilment,
            Fulfilment::Fulfilled
        );
        let weighted = [
            evidence("Sjukfrånvaro", 3.0, IndicatorStatus::NotOnTrack),
            evidence("Medarbetarenkät", 2.0, IndicatorStatus::TargetMet),
        ];
        let partly = suggest_assessment(&weighted, &rule);
        assert_eq!(
            (partly.fulfilment, partly.share),
            (Fulfilment::PartlyFulfilled, Some(0.4))
        );
        assert!(
            partly.explanation.contains("40 %") && partly.explanation.contains("75 %"),
            "{}",
            partly.explanation
        );
        let missing = [
            evidence("A", 1.0, IndicatorStatus::NoData),
            evidence("B", 1.0, IndicatorStatus::TargetMet),
        ];
        assert_eq!(
            suggest_assessment(&missing, &rule).share,
            Some(0.5),
            "missing data counts as not met"
        );
        let none = [evidence("A", 1.0, IndicatorStatus::NoData)];
        assert_eq!(
            suggest_assessment(&none, &rule).fulfilment,
            Fulfilment::NotAssessed
        );
        assert_eq!(
            suggest_assessment(&[], &rule).fulfilment,
            Fulfilment::NotAssessed
        );
    }

    #[test]
    fn roll_up_rules_and_coverage() {
        let child = |unit: &str, weight: f64, approved: Option<Fulfilment>| ChildResult {
            unit: unit.to_string(),
            goal: "1.3.1".to_string(),
            weight,
            approved,
        };
        let children = [
            child(
                "Barn- och utbildningsnämnden",
                2.0,
                Some(Fulfilment::Fulfilled),
            ),
            child("Socialnämnden", 1.0, Some(Fulfilment::NotFulfilled)),
            child("Teknisk nämnd", 1.0, Some(Fulfilment::PartlyFulfilled)),
            child("Östersundshem", 1.0, None),
        ];
        // Fulfilled carries 2 of 4, not more than half; partly or better carries 3 of 4.
        let majority = roll_up(&children, RollupRule::WeightedMajority);
        assert_eq!(majority.fulfilment, Fulfilment::PartlyFulfilled);
        assert_eq!(majority.missing, ["Östersundshem"]);
        assert_eq!(majority.reported.len(), 3);
        assert!(
            majority.explanation.contains("inte rapporterat"),
            "{}",
            majority.explanation
        );
        assert_eq!(
            roll_up(&children, RollupRule::WorstOf).fulfilment,
            Fulfilment::NotFulfilled
        );
        let tie = [
            child("A", 1.0, Some(Fulfilment::Fulfilled)),
            child("B", 1.0, Some(Fulfilment::NotFulfilled)),
        ];
        assert_eq!(
            roll_up(&tie, RollupRule::WeightedMajority).fulfilment,
            Fulfilment::NotFulfilled,
            "a tie goes to the worse level"
        );
        assert_eq!(
            roll_up(&[child("A", 1.0, None)], RollupRule::WorstOf).fulfilment,
            Fulfilment::NotAssessed
        );
    }

    fn status() -> impl Strategy<Value = IndicatorStatus> {
        prop::sample::select(IndicatorStatus::ALL.to_vec())
    }

    fn inputs() -> impl Strategy<Value = Vec<(f64, IndicatorStatus)>> {
        prop::collection::vec((0.1f64..10.0, status()), 1..8)
    }

    fn as_evidence(inputs: &[(f64, IndicatorStatus)]) -> Vec<IndicatorEvidence> {
        inputs
            .iter()
            .enumerate()
            .map(|(i, (weight, status))| evidence(&format!("Indikator {i}"), *weight, *status))
            .collect()
    }

    proptest! {
        #[test]
        fn improving_an_input_never_worsens_the_suggestion(inputs in inputs(), index in any::<usize>(), better in status()) {
            let index = index % inputs.len();
            if better.rank() <= inputs[index].1.rank() {
                return Ok(());
            }
            let rule = SuggestionRule::default();
            let before = suggest_assessment(&as_evidence(&inputs), &rule);
            let mut improved = inputs.clone();
            improved[index].1 = better;
            let after = suggest_assessment(&as_evidence(&improved), &rule);
            prop_assert!(after.fulfilment.rank() >= before.fulfilment.rank());
        }

        #[test]
        fn missing_data_never_counts_as_success(inputs in inputs(), index in any::<usize>()) {
            let index = index % inputs.len();
            let rule = SuggestionRule::default();
            let mut with_gap = inputs.clone();
            with_gap[index].1 = IndicatorStatus::NoData;
            let mut with_failure = inputs.clone();
            with_failure[index].1 = IndicatorStatus::NotOnTrack;
            let gap = suggest_assessment(&as_evidence(&with_gap), &rule);
            let failure = suggest_assessment(&as_evidence(&with_failure), &rule);
            // A gap is never better than a known failure.
            prop_assert!(gap.fulfilment == Fulfilment::NotAssessed || gap.fulfilment.rank() <= failure.fulfilment.rank());
            prop_assert!(gap.share.unwrap_or(0.0) <= failure.share.unwrap_or(0.0) + 1e-12);
        }

        #[test]
        fn the_explanation_names_every_input(inputs in inputs()) {
            let evidence = as_evidence(&inputs);
            let suggestion = suggest_assessment(&evidence, &SuggestionRule::default());
            for item in &evidence {
                prop_assert!(suggestion.explanation.contains(&item.name), "{} missing", item.name);
            }
            prop_assert!(suggestion.explanation.contains("Regel:"));
        }

        #[test]
        fn improving_a_child_never_worsens_the_roll_up(
            levels in prop::collection::vec((0.1f64..5.0, prop::option::of(prop::sample::select(Fulfilment::ALL.to_vec()))), 1..6),
            index in any::<usize>(),
            better in prop::sample::select(Fulfilment::ALL.to_vec()),
        ) {
            let index = index % levels.len();
            let Some(current) = levels[index].1 else { return Ok(()); };
            if current == Fulfilment::NotAssessed || better.rank() <= current.rank() {
                return Ok(());
            }
            let children = |levels: &[(f64, Option<Fulfilment>)]| -> Vec<ChildResult> {
                levels.iter().enumerate().map(|(i, (weight, approved))| ChildResult {
                    unit: format!("Nämnd {i}"), goal: "1.1".into(), weight: *weight, approved: *approved,
                }).collect()
            };
            let mut improved = levels.clone();
            improved[index].1 = Some(better);
            for rule in RollupRule::ALL {
                let before = roll_up(&children(&levels), *rule);
                let after = roll_up(&children(&improved), *rule);
                prop_assert!(after.fulfilment.rank() >= before.fulfilment.rank(), "{rule}");
                for child in children(&levels) {
                    prop_assert!(before.explanation.contains(&child.unit));
                }
            }
        }
    }
}
