//! What the demo holds, as data: the organisation, the committee goals, the indicators
//! with their targets and values, the periods, the assessments and the activities.
//! Everything refers to units by key ("BUN"), goals by code ("1.7.1") and periods by
//! name, so the tables read like the example they describe; `preflight` checks that
//! every reference resolves before anything is written.

use riktning_domain::{
    ActivityKind, Comparator, Direction, Gender, GoalLevel, GoalLink, Id, IndicatorSource,
    NewActivity, NewGoal, NewIndicator, NewOrgUnit, NewPeriod, NewTarget, Observation,
    ObservationSource, OrgUnitKind, StewardshipVerdict, WorkStatus,
};
use time::macros::{date, datetime};

pub(crate) use crate::examples::Example;
use time::{Date, OffsetDateTime};

/// Östersunds kommun in Kolada.
pub(crate) const KOLADA_ID: &str = "2380";
/// Kolada's group of municipalities like Östersund overall, which the demo compares with.
pub(crate) const COMPARISON_GROUP: &str = "G37609";
pub(crate) const COMPARISON_GROUP_TITLE: &str = "Liknande kommuner, övergripande, Östersund, 2025";
/// Its members' Kolada ids.
pub(crate) const COMPARISON_GROUP_MEMBERS: &[&str] =
    &["0780", "0880", "0980", "1080", "1286", "1383", "2080"];
pub(crate) const DOCUMENT_NAME: &str = "ostersund-budget-2024.md";
pub(crate) const DOCUMENT: &[u8] = include_bytes!("../../../examples/ostersund-budget-2024.md");
/// When the values are taken to have been fetched or entered; fixed so that two loads
/// store the same data.
pub(crate) const FETCHED_AT: OffsetDateTime = datetime!(2025-03-31 06:00 UTC);

/// The unit responsible for every council goal.
pub(crate) const COUNCIL_GOAL_OWNER: &str = "KS";
pub(crate) const CONTROLLER: &str = "demo:controller";

/// The actor that reports for a unit, e.g. "demo:sekreterare BUN".
pub(crate) fn reporter(unit: &str) -> String {
    format!("demo:sekreterare {unit}")
}

pub(crate) struct UnitSpec {
    pub key: &'static str,
    pub name: &'static str,
    pub short_name: Option<&'static str>,
    pub kind: OrgUnitKind,
    pub parent: Option<&'static str>,
}

impl UnitSpec {
    pub fn new_unit(&self, parent_id: Option<Id>) -> NewOrgUnit {
        NewOrgUnit {
            parent_id,
            kind: self.kind,
            name: self.name.to_string(),
            short_name: self.short_name.map(str::to_string),
        }
    }
}

/// Parents come before their children.
pub(crate) const UNITS: &[UnitSpec] = &[
    UnitSpec {
        key: "KF",
        name: "Kommunfullmäktige",
        short_name: Some("KF"),
        kind: OrgUnitKind::Council,
        parent: None,
    },
    UnitSpec {
        key: "KS",
        name: "Kommunstyrelsen",
        short_name: Some("KS"),
        kind: OrgUnitKind::ExecutiveBoard,
        parent: Some("KF"),
    },
    UnitSpec {
        key: "BUN",
        name: "Barn- och utbildningsnämnden",
        short_name: Some("BUN"),
        kind: OrgUnitKind::Committee,
        parent: Some("KS"),
    },
    UnitSpec {
        key: "VON",
        name: "Vård- och omsorgsnämnden",
        short_name: Some("VON"),
        kind: OrgUnitKind::Committee,
        parent: Some("KS"),
    },
    UnitSpec {
        key: "SBN",
        name: "Samhällsbyggnadsnämnden",
        short_name: Some("SBN"),
        kind: OrgUnitKind::Committee,
        parent: Some("KS"),
    },
    UnitSpec {
        key: "KFN",
        name: "Kultur- och fritidsnämnden",
        short_name: Some("KFN"),
        kind: OrgUnitKind::Committee,
        parent: Some("KS"),
    },
    UnitSpec {
        key: "Fastighetsbolaget",
        name: "Kommunens fastighetsbolag AB",
        short_name: Some("Fastighetsbolaget"),
        kind: OrgUnitKind::Company,
        parent: Some("KS"),
    },
];

pub(crate) struct CommitteeGoalSpec {
    pub code: &'static str,
    pub parent: &'static str,
    pub unit: &'static str,
    pub short_name: &'static str,
    pub statement: &'static str,
    pub political_text: &'static str,
}

impl CommitteeGoalSpec {
    /// A committee goal sits at its council goal's position, so it is listed under it.
    pub fn new_goal(&self, plan_id: Id, parent_id: Id, position: i32, unit: Id) -> NewGoal {
        NewGoal {
            plan_id,
            parent_id: Some(parent_id),
            code: self.code.to_string(),
            short_name: Some(self.short_name.to_string()),
            statement: self.statement.to_string(),
            heading: None,
            category: None,
            level: GoalLevel::Committee,
            political_text: self.political_text.to_string(),
            agenda2030: Vec::new(),
            responsible_units: vec![unit],
            position,
        }
    }
}

pub(crate) const COMMITTEE_GOALS: &[CommitteeGoalSpec] = &[
    CommitteeGoalSpec {
        code: "1.4.1",
        parent: "1.4",
        unit: "SBN",
        short_name: "Bygga och bo",
        statement: "Det är enkelt att bygga, bo och etablera sig i Östersund",
        political_text: "Fler ska kunna flytta hit och starta företag här. Nämnden ska korta \
            handläggningstiden för bygglov och ha **planlagd mark** redo för både bostäder och \
            verksamheter, i staden och i kommundelarna.",
    },
    CommitteeGoalSpec {
        code: "1.4.2",
        parent: "1.4",
        unit: "Fastighetsbolaget",
        short_name: "Lokaler för tillväxt",
        statement: "Bolaget erbjuder ändamålsenliga och energisnåla lokaler som gör det lätt \
            för företag att växa",
        political_text: "Bolaget ska kunna erbjuda lokaler när ett företag vill etablera sig \
            eller växa. Energianvändningen i beståndet ska minska varje år, och större \
            ombyggnader görs i dialog med hyresgästerna.",
    },
    CommitteeGoalSpec {
        code: "1.6.1",
        parent: "1.6",
        unit: "KFN",
        short_name: "Kultur och fritid för alla",
        statement: "Fler invånare i alla åldrar tar del av kultur-, idrotts- och friluftslivet",
        political_text: "Ett rikt kultur- och fritidsliv gör kommunen till en plats där man vill \
            bo. Nämnden ska prioritera aktiviteter för **barn och unga**, hålla simhall och \
            motionsspår tillgängliga året runt och stödja föreningslivet i hela kommunen.",
    },
    CommitteeGoalSpec {
        code: "1.7.1",
        parent: "1.7",
        unit: "BUN",
        short_name: "Fullföljda studier",
        statement: "Fler elever tar gymnasieexamen inom fyra år",
        political_text: "En gymnasieexamen är den viktigaste skyddsfaktorn för ett gott \
            vuxenliv. Nämnden ska upptäcka frånvaro tidigt, ge stöd innan eleven halkar efter \
            och följa upp varje elev som riskerar att inte nå examen.",
    },
    CommitteeGoalSpec {
        code: "1.7.2",
        parent: "1.7",
        unit: "BUN",
        short_name: "Trygghet i skolan",
        statement: "Eleverna känner sig trygga och trivs i skolan",
        political_text: "Trygghet och studiero är en förutsättning för lärande. Varje skola \
            ska ha en aktuell plan mot kränkande behandling, och **elevernas egna svar** i \
            enkäter ska ligga till grund för skolans arbete.",
    },
    CommitteeGoalSpec {
        code: "1.8.1",
        parent: "1.8",
        unit: "VON",
        short_name: "Kontinuitet i hemtjänsten",
        statement: "Den som har hemtjänst möter få olika medarbetare",
        political_text: "Trygghet i hemtjänsten bygger på att man känner igen den som kommer. \
            Nämnden ska planera arbetet i mindre grupper och följa upp personalkontinuiteten \
            i varje hemtjänstområde.",
    },
    CommitteeGoalSpec {
        code: "1.8.2",
        parent: "1.8",
        unit: "VON",
        short_name: "Nöjda brukare",
        statement: "Äldre som har hemtjänst är nöjda med stödet de får",
        political_text: "Stödet ska utgå från den enskildes egna önskemål. Nämnden ska låta \
            brukarna vara med och planera insatserna och använda brukarundersökningen för att \
            förbättra verksamheten.",
    },
];

#[derive(Clone, Copy)]
pub(crate) enum Source {
    Kolada(&'static str),
    Manual,
}

/// One of the council's financial goals. The budget document of the example has only
/// the operational goals, so the demo adds these three beside them, as a council adopts
/// them in the same budget. Their statements and texts are invented for the demo.
pub(crate) struct FinancialGoalSpec {
    pub code: &'static str,
    pub short_name: &'static str,
    pub statement: &'static str,
    pub political_text: &'static str,
}

impl FinancialGoalSpec {
    /// A council goal in the financial goals' category, after the document's goals.
    pub fn new_goal(&self, plan_id: Id, position: i32, owner: Id) -> NewGoal {
        NewGoal {
            plan_id,
            parent_id: None,
            code: self.code.to_string(),
            short_name: Some(self.short_name.to_string()),
            statement: self.statement.to_string(),
            heading: None,
            category: Some(riktning_domain::FINANCIAL_CATEGORY.to_string()),
            level: GoalLevel::Council,
            political_text: self.political_text.to_string(),
            agenda2030: Vec::new(),
            responsible_units: vec![owner],
            position,
        }
    }
}

pub(crate) const FINANCIAL_GOALS: &[FinancialGoalSpec] = &[
    FinancialGoalSpec {
        code: "2.1",
        short_name: "Resultat",
        statement: "Årets resultat ska vara minst 2 procent av skatteintäkter och generella statsbidrag",
        political_text: "Exempeltext: ett resultat på den nivån låter kommunen betala en \
            större del av sina investeringar själv och bygga en buffert för sämre år.",
    },
    FinancialGoalSpec {
        code: "2.2",
        short_name: "Soliditet",
        statement: "Soliditeten ska stärkas och vara minst 30 procent år 2027",
        political_text: "Exempeltext: en starkare soliditet ger handlingsutrymme när \
            kostnaderna för pensioner och lokaler växer.",
    },
    FinancialGoalSpec {
        code: "2.3",
        short_name: "Självfinansiering",
        statement: "Investeringarna ska till minst 80 procent betalas med egna medel",
        political_text: "Exempeltext: investeringar som betalas med egna medel håller nere \
            låneskulden och räntekostnaderna.",
    },
];

pub(crate) struct TargetSpec {
    pub year: i32,
    pub comparator: Comparator,
    pub value: f64,
    pub base: Option<(i32, f64)>,
    pub is_final: bool,
    /// The council goal whose political text states this target, to link the two.
    pub text_target_of: Option<&'static str>,
}

impl TargetSpec {
    pub fn new_target(&self, indicator_id: Id, text_target_id: Option<Id>) -> NewTarget {
        NewTarget {
            indicator_id,
            year: self.year,
            comparator: self.comparator,
            value: self.value,
            base_year: self.base.map(|(year, _)| year),
            base_value: self.base.map(|(_, value)| value),
            is_final: self.is_final,
            text_target_id,
        }
    }
}

pub(crate) struct IndicatorSpec {
    pub name: &'static str,
    pub source: Source,
    pub unit: &'static str,
    pub decimals: i32,
    pub direction: Direction,
    pub responsible: &'static str,
    /// Goal codes with their weights.
    pub goals: &'static [(&'static str, f64)],
    pub targets: &'static [TargetSpec],
    /// Values for the municipality, total for both genders, by year.
    pub values: &'static [(i32, f64)],
    /// Whether Kolada splits the KPI by gender (values kept by hand are totals).
    pub by_gender: bool,
    /// Invented values for a Kolada KPI the demo has no data for.
    pub example: Option<Example>,
}

impl IndicatorSpec {
    pub fn new_indicator(
        &self,
        goals: Vec<GoalLink>,
        responsible_unit: Option<Id>,
    ) -> NewIndicator {
        let (source, kolada_kpi) = match self.source {
            Source::Kolada(kpi) => (IndicatorSource::Kolada, Some(kpi.to_string())),
            Source::Manual => (IndicatorSource::Manual, None),
        };
        NewIndicator {
            name: self.name.to_string(),
            unit: Some(self.unit.to_string()),
            decimals: self.decimals,
            direction: self.direction,
            band_low: None,
            band_high: None,
            source,
            divided_by_gender: self.by_gender,
            kolada_kpi,
            responsible_unit,
            goals,
        }
    }

    /// The indicator's values as observations stored under `series`: the real or kept
    /// ones, then the example series, if any.
    pub fn observations(&self, series: &str) -> Vec<Observation> {
        let mut all = self.kept_observations(series);
        if let Some(example) = &self.example {
            all.extend(example.observations(series, self.decimals, self.unit == "%"));
        }
        all
    }

    fn kept_observations(&self, series: &str) -> Vec<Observation> {
        let (source, count) = match self.source {
            Source::Kolada(_) => (ObservationSource::Kolada, Some(1)),
            Source::Manual => (ObservationSource::Manual, None),
        };
        self.values
            .iter()
            .map(|&(year, value)| Observation {
                series: series.to_string(),
                area: KOLADA_ID.to_string(),
                period: year,
                gender: Gender::Total,
                value: Some(value),
                status: None,
                count,
                source,
                fetched_at: FETCHED_AT,
                published: None,
            })
            .collect()
    }
}

/// The Kolada indicators are named after the KPI's title in Kolada's catalogue, shortened.
/// The financial goals' indicators hold made-up example values, and their names say so
/// wherever they are shown: the values are neither Kolada's nor the municipality's.
pub(crate) const INDICATORS: &[IndicatorSpec] = &[
    IndicatorSpec {
        name: "Årets resultat som andel av skatt och generella statsbidrag (exempelvärden)",
        source: Source::Kolada("N03102"),
        unit: "%",
        decimals: 1,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("2.1", 1.0)],
        targets: &[TargetSpec {
            year: 2024,
            comparator: Comparator::AtLeast,
            value: 2.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (3.1, 1.4),
            gender_gap: None,
            country: (4.0, 2.2),
            group: (3.4, 1.9),
        }),
    },
    IndicatorSpec {
        name: "Soliditet, kommun (exempelvärden)",
        source: Source::Kolada("N03106"),
        unit: "%",
        decimals: 1,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("2.2", 1.0)],
        targets: &[TargetSpec {
            year: 2027,
            comparator: Comparator::AtLeast,
            value: 30.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (24.0, 28.5),
            gender_gap: None,
            country: (45.0, 47.0),
            group: (38.0, 40.0),
        }),
    },
    IndicatorSpec {
        name: "Självfinansieringsgrad för kommunens investeringar (exempelvärden)",
        source: Source::Kolada("N03103"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("2.3", 1.0)],
        targets: &[TargetSpec {
            year: 2024,
            comparator: Comparator::AtLeast,
            value: 80.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (92.0, 64.0),
            gender_gap: None,
            country: (78.0, 70.0),
            group: (85.0, 72.0),
        }),
    },
    IndicatorSpec {
        name: "Invånare totalt",
        source: Source::Kolada("N01951"),
        unit: "invånare",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.4", 1.0), ("1.4.1", 1.0)],
        targets: &[TargetSpec {
            year: 2040,
            comparator: Comparator::AtLeast,
            value: 75_000.0,
            base: Some((2023, 64_881.0)),
            is_final: true,
            text_target_of: Some("1.1"),
        }],
        // SCB's population on 31 December, as published in Kolada.
        values: &[
            (2015, 61_066.0),
            (2016, 61_745.0),
            (2017, 62_601.0),
            (2019, 63_779.0),
            (2020, 63_985.0),
            (2022, 64_714.0),
            (2023, 64_881.0),
            (2024, 64_979.0),
        ],
        by_gender: true,
        example: None,
    },
    IndicatorSpec {
        name: "Sjukfrånvaro bland kommunalt anställda",
        source: Source::Kolada("N00090"),
        unit: "%",
        decimals: 1,
        direction: Direction::LowerIsBetter,
        responsible: "KS",
        goals: &[("1.3", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtMost,
            value: 6.0,
            base: None,
            is_final: true,
            text_target_of: Some("1.3"),
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (7.4, 7.9),
            gender_gap: Some(3.0),
            country: (7.0, 7.6),
            group: (7.2, 7.5),
        }),
    },
    IndicatorSpec {
        name: "Handläggningstid (median) för bygglov, nybyggnad av en- och tvåbostadshus",
        source: Source::Kolada("N00820"),
        unit: "dagar",
        decimals: 0,
        direction: Direction::LowerIsBetter,
        responsible: "SBN",
        goals: &[("1.4.1", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtMost,
            value: 28.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (42.0, 31.0),
            gender_gap: None,
            country: (35.0, 30.0),
            group: (38.0, 33.0),
        }),
    },
    IndicatorSpec {
        name: "Medborgarundersökningen – det lokala kultur- och nöjeslivet är bra",
        source: Source::Kolada("N00593"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KFN",
        goals: &[("1.6.1", 1.0)],
        targets: &[TargetSpec {
            year: 2027,
            comparator: Comparator::AtLeast,
            value: 60.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (58.0, 55.0),
            gender_gap: Some(2.0),
            country: (52.0, 50.0),
            group: (55.0, 54.0),
        }),
    },
    IndicatorSpec {
        name: "Besök i simhallen (exempelvärden)",
        source: Source::Manual,
        unit: "besök",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KFN",
        goals: &[("1.6.1", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtLeast,
            value: 240_000.0,
            base: Some((2023, 211_300.0)),
            is_final: true,
            text_target_of: None,
        }],
        // Invented, and flat on purpose: this target is not on track.
        values: &[
            (2021, 212_400.0),
            (2022, 209_800.0),
            (2023, 211_300.0),
            (2024, 210_500.0),
        ],
        by_gender: false,
        example: None,
    },
    IndicatorSpec {
        name: "Gymnasieelever med examen inom 4 år, hemkommun",
        source: Source::Kolada("N17461"),
        unit: "%",
        decimals: 1,
        direction: Direction::HigherIsBetter,
        responsible: "BUN",
        goals: &[("1.7.1", 1.0)],
        targets: &[
            TargetSpec {
                year: 2026,
                comparator: Comparator::AtLeast,
                value: 76.0,
                base: None,
                is_final: false,
                text_target_of: None,
            },
            TargetSpec {
                year: 2028,
                comparator: Comparator::AtLeast,
                value: 80.0,
                base: None,
                is_final: true,
                text_target_of: Some("1.7"),
            },
        ],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (71.5, 74.8),
            gender_gap: Some(5.0),
            country: (70.8, 72.5),
            group: (71.0, 73.4),
        }),
    },
    IndicatorSpec {
        name: "Andel nöjda elever i årskurs 8 (exempelvärden)",
        source: Source::Manual,
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "BUN",
        goals: &[("1.7.2", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtLeast,
            value: 82.0,
            base: Some((2021, 78.0)),
            is_final: true,
            text_target_of: None,
        }],
        // Invented; already past the target in 2023.
        values: &[(2021, 78.0), (2022, 80.0), (2023, 83.0), (2024, 84.0)],
        by_gender: false,
        example: None,
    },
    IndicatorSpec {
        name: "Personalkontinuitet, antal personal som en hemtjänsttagare möter under 14 dagar",
        source: Source::Kolada("U21401"),
        unit: "personal",
        decimals: 0,
        direction: Direction::LowerIsBetter,
        responsible: "VON",
        goals: &[("1.8.1", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtMost,
            value: 12.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (16.0, 14.0),
            gender_gap: Some(-0.5),
            country: (16.0, 15.0),
            group: (15.0, 14.0),
        }),
    },
    IndicatorSpec {
        name: "Brukarbedömning hemtjänst äldreomsorg – helhetssyn",
        source: Source::Kolada("U21468"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "VON",
        goals: &[("1.8.2", 1.0)],
        targets: &[TargetSpec {
            year: 2027,
            comparator: Comparator::AtLeast,
            value: 92.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (84.0, 87.0),
            gender_gap: Some(-1.0),
            country: (86.0, 85.0),
            group: (85.0, 86.0),
        }),
    },
    // Two or three indicators for each council goal, kept by the executive board
    // unless a committee answers for the area; all with example values.
    IndicatorSpec {
        name: "Medborgarundersökningen – invånarnas möjlighet till insyn och inflytande är bra",
        source: Source::Kolada("N00669"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.1", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtLeast,
            value: 45.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (38.0, 41.0),
            gender_gap: Some(1.0),
            country: (40.0, 39.0),
            group: (39.0, 40.0),
        }),
    },
    IndicatorSpec {
        name: "Medborgarundersökningen – förtroende för kommunens politiker",
        source: Source::Kolada("N00664"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.1", 1.0)],
        targets: &[TargetSpec {
            year: 2027,
            comparator: Comparator::AtLeast,
            value: 45.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (39.0, 43.0),
            gender_gap: Some(2.0),
            country: (41.0, 40.0),
            group: (40.0, 41.0),
        }),
    },
    IndicatorSpec {
        name: "Utsläpp till luft av växthusgaser totalt per invånare",
        source: Source::Kolada("N00401"),
        unit: "ton CO2-ekv/inv",
        decimals: 1,
        direction: Direction::LowerIsBetter,
        responsible: "KS",
        goals: &[("1.2", 1.0)],
        targets: &[TargetSpec {
            year: 2030,
            comparator: Comparator::AtMost,
            value: 3.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (5.6, 4.1),
            gender_gap: None,
            country: (5.8, 4.5),
            group: (5.4, 4.2),
        }),
    },
    IndicatorSpec {
        name: "Ekologiska livsmedel i kommunens verksamhet",
        source: Source::Kolada("U07514"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.2", 1.0)],
        targets: &[TargetSpec {
            year: 2027,
            comparator: Comparator::AtLeast,
            value: 50.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (28.0, 41.0),
            gender_gap: None,
            country: (26.0, 37.0),
            group: (30.0, 38.0),
        }),
    },
    IndicatorSpec {
        name: "Sjukfrånvaro mer än 59 dagar, andel av all sjukfrånvaro",
        source: Source::Kolada("N00091"),
        unit: "%",
        decimals: 1,
        direction: Direction::LowerIsBetter,
        responsible: "KS",
        goals: &[("1.3", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtMost,
            value: 38.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (44.0, 41.0),
            gender_gap: None,
            country: (43.0, 42.0),
            group: (45.0, 42.0),
        }),
    },
    IndicatorSpec {
        name: "Företagsklimat enligt Insikt, totalt",
        source: Source::Kolada("U07453"),
        unit: "index",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.4", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtLeast,
            value: 75.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (68.0, 71.0),
            gender_gap: None,
            country: (70.0, 69.0),
            group: (69.0, 70.0),
        }),
    },
    IndicatorSpec {
        name: "Nystartade företag per 1 000 invånare 16–64 år",
        source: Source::Kolada("N00999"),
        unit: "företag",
        decimals: 1,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.4", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtLeast,
            value: 10.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (8.1, 9.4),
            gender_gap: None,
            country: (9.8, 10.2),
            group: (8.6, 9.1),
        }),
    },
    IndicatorSpec {
        name: "Hushåll med tillgång till bredband om minst 1 Gbit/s",
        source: Source::Kolada("N07918"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.5", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtLeast,
            value: 95.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (68.0, 91.0),
            gender_gap: None,
            country: (70.0, 90.0),
            group: (66.0, 88.0),
        }),
    },
    IndicatorSpec {
        name: "Hushåll i glesbebyggt område med bredband om minst 1 Gbit/s",
        source: Source::Kolada("N07920"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.5", 1.0)],
        targets: &[TargetSpec {
            year: 2027,
            comparator: Comparator::AtLeast,
            value: 80.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: false,
        example: Some(Example {
            municipality: (22.0, 64.0),
            gender_gap: None,
            country: (30.0, 66.0),
            group: (25.0, 58.0),
        }),
    },
    IndicatorSpec {
        name: "Medborgarundersökningen – bra möjlighet att nyttja idrotts- och motionsanläggningar",
        source: Source::Kolada("N00596"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.6", 1.0)],
        targets: &[TargetSpec {
            year: 2027,
            comparator: Comparator::AtLeast,
            value: 70.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (62.0, 66.0),
            gender_gap: Some(-2.0),
            country: (58.0, 57.0),
            group: (60.0, 61.0),
        }),
    },
    IndicatorSpec {
        name: "Medborgarundersökningen – kommunens arbete för kulturlivet är bra",
        source: Source::Kolada("N00594"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.6", 1.0)],
        targets: &[TargetSpec {
            year: 2027,
            comparator: Comparator::AtLeast,
            value: 60.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (51.0, 54.0),
            gender_gap: Some(3.0),
            country: (50.0, 49.0),
            group: (52.0, 52.0),
        }),
    },
    IndicatorSpec {
        name: "Gymnasieelever med examen inom 4 år, kommunala skolor",
        source: Source::Kolada("N17467"),
        unit: "%",
        decimals: 1,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.7", 1.0)],
        targets: &[TargetSpec {
            year: 2028,
            comparator: Comparator::AtLeast,
            value: 78.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (69.0, 73.0),
            gender_gap: Some(6.0),
            country: (68.0, 70.0),
            group: (69.0, 71.0),
        }),
    },
    IndicatorSpec {
        name: "Gymnasieelever med examen eller studiebevis inom 4 år, hemkommun",
        source: Source::Kolada("N17457"),
        unit: "%",
        decimals: 1,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.7", 1.0)],
        targets: &[TargetSpec {
            year: 2028,
            comparator: Comparator::AtLeast,
            value: 85.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (78.0, 81.0),
            gender_gap: Some(5.0),
            country: (77.5, 79.0),
            group: (78.0, 80.0),
        }),
    },
    IndicatorSpec {
        name: "Brukarbedömning särskilt boende äldreomsorg – helhetssyn",
        source: Source::Kolada("U23471"),
        unit: "%",
        decimals: 0,
        direction: Direction::HigherIsBetter,
        responsible: "KS",
        goals: &[("1.8", 1.0)],
        targets: &[TargetSpec {
            year: 2027,
            comparator: Comparator::AtLeast,
            value: 90.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (80.0, 84.0),
            gender_gap: Some(-2.0),
            country: (82.0, 81.0),
            group: (81.0, 83.0),
        }),
    },
    IndicatorSpec {
        name: "Hemtjänsttagare som möter fler än 20 personal under 14 dagar",
        source: Source::Kolada("U21436"),
        unit: "%",
        decimals: 0,
        direction: Direction::LowerIsBetter,
        responsible: "KS",
        goals: &[("1.8", 1.0)],
        targets: &[TargetSpec {
            year: 2026,
            comparator: Comparator::AtMost,
            value: 20.0,
            base: None,
            is_final: true,
            text_target_of: None,
        }],
        values: &[],
        by_gender: true,
        example: Some(Example {
            municipality: (34.0, 27.0),
            gender_gap: Some(2.0),
            country: (30.0, 28.0),
            group: (32.0, 29.0),
        }),
    },
];

pub(crate) struct PeriodSpec {
    pub name: &'static str,
    pub starts_on: Date,
    pub ends_on: Date,
    pub deadline: Date,
    pub values_through: i32,
}

impl PeriodSpec {
    pub fn new_period(&self, plan_id: Id) -> NewPeriod {
        NewPeriod {
            plan_id,
            name: self.name.to_string(),
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            deadline: self.deadline,
            values_through: Some(self.values_through),
        }
    }
}

pub(crate) const TERTIAL: &str = "Tertial 1 2024";
pub(crate) const INTERIM: &str = "Delår 2024";
pub(crate) const ANNUAL: &str = "Årsredovisning 2024";

pub(crate) const PERIODS: &[PeriodSpec] = &[
    PeriodSpec {
        name: TERTIAL,
        starts_on: date!(2024 - 01 - 01),
        ends_on: date!(2024 - 04 - 30),
        deadline: date!(2024 - 05 - 15),
        values_through: 2023,
    },
    PeriodSpec {
        name: INTERIM,
        starts_on: date!(2024 - 01 - 01),
        ends_on: date!(2024 - 08 - 31),
        deadline: date!(2024 - 09 - 20),
        values_through: 2023,
    },
    PeriodSpec {
        name: ANNUAL,
        starts_on: date!(2024 - 01 - 01),
        ends_on: date!(2024 - 12 - 31),
        deadline: date!(2025 - 02 - 15),
        values_through: 2024,
    },
];

/// The periods closed once everything in them is stored.
pub(crate) const CLOSED_PERIODS: &[&str] = &[TERTIAL];

/// A controller's conclusion on god ekonomisk hushållning in a period.
pub(crate) struct ConclusionSpec {
    pub period: &'static str,
    pub verdict: StewardshipVerdict,
    pub text: &'static str,
}

/// The demo's conclusions, written before their periods close. The text is an example
/// written for the demo and says so, like the financial goals' values.
pub(crate) const CONCLUSIONS: &[ConclusionSpec] = &[ConclusionSpec {
    period: TERTIAL,
    verdict: StewardshipVerdict::PartlyAchieved,
    text: "*Exempeltext i demon.*\n\n\
           Av de finansiella målen nås soliditeten. Resultatet når bara en del av målet, \
           och investeringarna finansieras inte helt med egna medel. Verksamhetsmålen \
           rör sig åt rätt håll men är i de flesta fall ännu inte nådda.\n\n\
           Sammantaget bedöms god ekonomisk hushållning delvis uppnås. Bedömningen är en \
           prognos efter årets första tertial och prövas igen i delårsrapporten.",
}];

/// How far an assessment goes through the workflow.
pub(crate) enum Flow {
    Draft,
    Submitted,
    Approved,
    /// Submitted, then sent back by the controller with this comment.
    Returned(&'static str),
}

pub(crate) struct AssessmentSpec {
    pub period: &'static str,
    pub goal: &'static str,
    pub unit: &'static str,
    pub level: &'static str,
    pub analysis: &'static str,
    pub actions: &'static str,
    pub flow: Flow,
}

/// The executive board's approved assessment of each council goal in the closed
/// period, so that the overview, the public site and the report have a whole picture.
/// Invented, like the committees' assessments.
pub(crate) const COUNCIL_ASSESSMENTS: &[AssessmentSpec] = &[
    council(
        "2.1",
        "delvis",
        "Prognosen för året är ett resultat på 1,4 procent av skatteintäkter och \
         generella statsbidrag, under målet men över noll. Högre kostnader för \
         försörjningsstöd och placeringar förklarar det mesta av avvikelsen.",
        "- Åtgärdsplaner i de nämnder som prognostiserar underskott",
    ),
    council(
        "2.2",
        "uppfyllt",
        "Soliditeten har stärkts varje år sedan 2019 och är på väg mot 30 procent till \
         2027 i den takt som planen förutsätter.",
        "",
    ),
    council(
        "2.3",
        "ej_uppfyllt",
        "Investeringarna i skolor och äldreboenden är större än de egna medlen räcker \
         till, och självfinansieringsgraden är under 80 procent.",
        "- Pröva investeringsplanen i budgetberedningen inför nästa år",
    ),
    council(
        "1.1",
        "delvis",
        "Fler invånare har lämnat synpunkter i de digitala dialogerna än året innan, men \
         svarsfrekvensen är fortfarande låg i de yngre åldersgrupperna.",
        "- Dialogträffar på gymnasieskolorna under hösten",
    ),
    council(
        "1.2",
        "delvis",
        "Energianvändningen i kommunens lokaler minskar enligt plan. Andelen fossilfria \
         fordon i bilparken har inte ökat sedan förra året.",
        "- Upphandla laddinfrastruktur vid förvaltningarnas parkeringar",
    ),
    council(
        "1.3",
        "ej_uppfyllt",
        "Sjukfrånvaron bland kommunens anställda ligger kvar över målnivån, och flera \
         yrkesgrupper inom vård och skola är svåra att rekrytera till.",
        "- Gemensam satsning på hälsofrämjande arbetsplatser\n\
         - Översyn av introduktionen för nyanställda",
    ),
    council(
        "1.4",
        "delvis",
        "Befolkningen fortsätter att öka, men långsammare än vad målet för 2040 kräver. \
         Företagsklimatet får bättre omdömen än tidigare år.",
        "- Samordnad marknadsföring av lediga tomter och lokaler",
    ),
    council(
        "1.5",
        "uppfyllt",
        "De planerade gång- och cykelvägarna är byggda och kollektivtrafikens nya linjer \
         till landsbygden har startat enligt tidplanen.",
        "",
    ),
    council(
        "1.6",
        "uppfyllt",
        "Deltagandet i kultur- och fritidsverksamhet har ökat, särskilt under loven, och \
         besöken på biblioteken är fler än året innan.",
        "",
    ),
    council(
        "1.7",
        "delvis",
        "Närvaron i skolan har blivit bättre, men andelen elever som fullföljer gymnasiet \
         inom fyra år har inte ökat i samma takt.",
        "- Sommarskola och uppföljning av elever med hög frånvaro",
    ),
    council(
        "1.8",
        "delvis",
        "Arbetet i mindre hemtjänstgrupper har kommit i gång i två områden. Väntetiden till \
         särskilt boende är fortfarande för lång.",
        "- Mindre grupper i alla hemtjänstområden under året",
    ),
];

const fn council(
    goal: &'static str,
    level: &'static str,
    analysis: &'static str,
    actions: &'static str,
) -> AssessmentSpec {
    AssessmentSpec {
        period: TERTIAL,
        goal,
        unit: COUNCIL_GOAL_OWNER,
        level,
        analysis,
        actions,
        flow: Flow::Approved,
    }
}

pub(crate) const ASSESSMENTS: &[AssessmentSpec] = &[
    AssessmentSpec {
        period: TERTIAL,
        goal: "1.6.1",
        unit: "KFN",
        level: "uppfyllt",
        analysis: "Sportlovets aktiviteter hade fler deltagare än något tidigare år, och \
            biblioteken har haft fler besök än under samma tid i fjol.",
        actions: "- Fortsätt med avgiftsfria lovaktiviteter\n\
            - Utvärdera bibliotekens längre öppettider före sommaren",
        flow: Flow::Approved,
    },
    AssessmentSpec {
        period: TERTIAL,
        goal: "1.7.1",
        unit: "BUN",
        level: "delvis",
        analysis: "Frånvaron under vårterminens första månader är lägre än i fjol, men flera \
            elever i årskurs 3 riskerar att inte nå examen i juni.",
        actions: "- Sommarskola för elever som saknar betyg i enstaka kurser\n\
            - Närvaroteamet följer upp varje elev med hög frånvaro",
        flow: Flow::Approved,
    },
    AssessmentSpec {
        period: TERTIAL,
        goal: "1.8.1",
        unit: "VON",
        level: "delvis",
        analysis: "Två av fem hemtjänstområden planerar nu arbetet i mindre grupper. Där möter \
            brukarna färre olika medarbetare än tidigare.",
        actions: "- Övriga områden går över till mindre grupper under hösten",
        flow: Flow::Approved,
    },
    AssessmentSpec {
        period: INTERIM,
        goal: "1.4.1",
        unit: "SBN",
        level: "delvis",
        analysis: "Handläggningen av bygglov går snabbare sedan e-tjänsten infördes. \
            Befolkningen ökade även 2023, men **långsammare** än vad som behövs för att nå \
            75 000 invånare år 2040.",
        actions: "- Prioritera detaljplaner för bostäder i kommundelarna\n\
            - Följ upp handläggningstiden varje månad",
        flow: Flow::Approved,
    },
    AssessmentSpec {
        period: INTERIM,
        goal: "1.7.1",
        unit: "BUN",
        level: "delvis",
        analysis: "Fler elever än i fjol tog examen i juni, men andelen med examen inom fyra \
            år ligger fortfarande under målet för 2026.",
        actions: "- Bemanna närvaroteamet fullt under hösten\n\
            - Erbjud studiehandledning på modersmål på alla program",
        flow: Flow::Approved,
    },
    AssessmentSpec {
        period: INTERIM,
        goal: "1.7.2",
        unit: "BUN",
        level: "uppfyllt",
        analysis: "Elevenkäten visar att fler elever i årskurs 8 trivs och känner sig trygga \
            än tidigare år, och målvärdet för 2026 är redan nått.",
        actions: "- Behåll rastvärdar och trygghetsteam på alla skolor",
        flow: Flow::Approved,
    },
    AssessmentSpec {
        period: INTERIM,
        goal: "1.8.1",
        unit: "VON",
        level: "delvis",
        analysis: "Tre av fem hemtjänstområden arbetar i mindre grupper. Sommarens vikarier \
            gjorde att brukarna mötte fler olika medarbetare i juli.",
        actions: "- Introducera sommarvikarier i samma grupp hela perioden\n\
            - Sista två områdena går över till mindre grupper i november",
        flow: Flow::Submitted,
    },
    AssessmentSpec {
        period: INTERIM,
        goal: "1.8.2",
        unit: "VON",
        level: "uppfyllt",
        analysis: "Brukarna är nöjda.",
        actions: "- Fortsätt som tidigare",
        flow: Flow::Returned(
            "Analysen behöver stödjas av brukarundersökningen. Beskriv också vilka åtgärder \
             nämnden planerar.",
        ),
    },
    AssessmentSpec {
        period: INTERIM,
        goal: "1.6.1",
        unit: "KFN",
        level: "delvis",
        analysis: "Utkast: simhallen har lika många besök som tidigare år, medan deltagandet \
            i lovaktiviteterna ökar.",
        actions: "- Se över simhallens öppettider för barnfamiljer",
        flow: Flow::Draft,
    },
];

pub(crate) struct ReportSpec {
    pub period: &'static str,
    pub status: WorkStatus,
    /// A level on the assignment scale; assignments only.
    pub level: Option<&'static str>,
    pub comment: &'static str,
}

pub(crate) struct ActivitySpec {
    pub kind: ActivityKind,
    pub title: &'static str,
    pub description: &'static str,
    pub unit: &'static str,
    pub goals: &'static [&'static str],
    pub starts_on: Option<Date>,
    pub due_on: Option<Date>,
    pub report: Option<ReportSpec>,
}

impl ActivitySpec {
    pub fn new_activity(&self, plan_id: Id, unit: Id, goals: Vec<Id>) -> NewActivity {
        NewActivity {
            plan_id,
            kind: self.kind,
            title: self.title.to_string(),
            description: self.description.to_string(),
            responsible_unit: Some(unit),
            goals,
            starts_on: self.starts_on,
            due_on: self.due_on,
            // The progress report, if any, sets the current status.
            status: WorkStatus::NotStarted,
        }
    }
}

pub(crate) const ACTIVITIES: &[ActivitySpec] = &[
    ActivitySpec {
        kind: ActivityKind::Assignment,
        title: "Utred en gemensam väg in för företag",
        description: "Kommunfullmäktige ger kommunstyrelsen i uppdrag att utreda hur företag \
            kan få **en väg in** till kommunen för tillstånd och rådgivning. Rapporteras till \
            kommunstyrelsen i november.",
        unit: "KS",
        goals: &["1.4"],
        starts_on: Some(date!(2024 - 02 - 01)),
        due_on: Some(date!(2024 - 11 - 30)),
        report: Some(ReportSpec {
            period: INTERIM,
            status: WorkStatus::Ongoing,
            level: Some("minst_80"),
            comment: "Förslaget är på remiss hos nämnderna; arbetet följer tidplanen.",
        }),
    },
    ActivitySpec {
        kind: ActivityKind::Activity,
        title: "Närvaroteam i gymnasieskolan",
        description: "Ett team med kurator, specialpedagog och studievägledare som följer upp \
            elever med hög frånvaro.",
        unit: "BUN",
        goals: &["1.7.1"],
        starts_on: Some(date!(2024 - 01 - 08)),
        due_on: Some(date!(2024 - 12 - 20)),
        report: Some(ReportSpec {
            period: INTERIM,
            status: WorkStatus::Delayed,
            level: None,
            comment: "Rekryteringen av kurator drog ut på tiden; teamet är fullt bemannat först \
                i oktober.",
        }),
    },
    ActivitySpec {
        kind: ActivityKind::Activity,
        title: "Mindre arbetsgrupper i hemtjänsten",
        description: "Varje hemtjänstområde delas in i grupper som ansvarar för samma brukare.",
        unit: "VON",
        goals: &["1.8.1", "1.8.2"],
        starts_on: Some(date!(2024 - 03 - 01)),
        due_on: Some(date!(2025 - 03 - 31)),
        report: Some(ReportSpec {
            period: INTERIM,
            status: WorkStatus::Ongoing,
            level: None,
            comment: "Tre av fem områden arbetar nu i mindre grupper.",
        }),
    },
    ActivitySpec {
        kind: ActivityKind::Activity,
        title: "Avgiftsfria lovaktiviteter för barn och unga",
        description: "Aktiviteter på sport-, sommar- och höstlov i samarbete med föreningarna.",
        unit: "KFN",
        goals: &["1.6.1"],
        starts_on: Some(date!(2024 - 02 - 01)),
        due_on: Some(date!(2024 - 12 - 31)),
        // Not reported in any period, so the follow-up status lists it as missing.
        report: None,
    },
];

/// A progress report on a commitment of a council goal's political text.
pub(crate) struct CommitmentReportSpec {
    pub goal: &'static str,
    /// The commitment's position in the goal's political text, from 0.
    pub position: i32,
    pub period: &'static str,
    pub status: WorkStatus,
    pub comment: &'static str,
}

pub(crate) const COMMITMENT_REPORTS: &[CommitmentReportSpec] = &[CommitmentReportSpec {
    goal: "1.4",
    position: 0,
    period: INTERIM,
    status: WorkStatus::Ongoing,
    comment: "Handläggningstiden följs upp varje månad, och e-tjänsten för bygglov är i drift \
        sedan maj.",
}];
