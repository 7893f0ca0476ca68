//! Riktning's domain: the types a municipality's goal governance is made of, and the
//! rules that check them. No I/O and no async, so every rule is a plain function.

mod accessibility_report;
mod activity;
mod api_token;
mod assessment;
mod assessment_rules;
mod audit;
mod catalogue;
mod commitment;
mod comparison;
mod conclusion;
mod draft;
mod draft_edit;
mod forecast;
mod format;
mod goal;
mod indicator;
mod municipalities;
mod observation;
mod org;
mod period;
mod plan;
mod publication;
mod scale;
mod stockholm;
mod string_enum;
mod tenant;
mod text_target;
mod user;
mod validation;

pub use accessibility_report::{
    AccessibilityReport, MAX_DESCRIPTION_CHARS, MAX_FIELD_CHARS, NewAccessibilityReport,
};
pub use activity::{
    Activity, ActivityKind, NewActivity, NewProgressReport, ProgressReport, ProgressSubject,
    WorkStatus,
};
pub use api_token::{ApiToken, MAX_TOKEN_NAME_CHARS, MAX_TOKENS_PER_USER, NewApiToken, role_rank};
pub use assessment::{
    Assessment, AssessmentContent, AssessmentState, SuggestionSnapshot, Transition,
};
pub use assessment_rules::{
    ChildResult, Fulfilment, IndicatorEvidence, IndicatorStatus, Rollup, RollupRule, Suggestion,
    SuggestionRule, indicator_status, roll_up, suggest_assessment,
};
pub use audit::{AuditAction, AuditEvent, Change, EntityKind};
pub use catalogue::{Area, AreaGroup, KpiInfo};
pub use commitment::{Commitment, CommitmentStatus, NewCommitment};
pub use comparison::{
    AreaFigures, AreaKind, COUNTRY_ID, Comparison, ComparisonRequest, GroupFigures, Rank,
    area_kind, band_distance, compare,
};
pub use conclusion::{Conclusion, ConclusionContent, MAX_CONCLUSION_CHARS, StewardshipVerdict};
pub use draft::{
    CommitmentDraft, Confidence, DOUBTS, DecisionDraft, DraftWarning, GoalDraft, PlanDraft,
    TextTargetDraft, UnusedLine, UnusedReason, doubt_in_english,
};
pub use draft_edit::{DraftEdit, EditError};
pub use forecast::{
    DEFAULT_WINDOW_YEARS, Forecast, ForecastError, ForecastMethod, ForecastOptions,
    ForecastRequest, ForecastTarget, INTERVAL_LEVEL, Interval, LAST_SEARCH_YEAR, MethodChoice,
    NotReachedReason, Projection, TargetReach, Trend, comparator_words, forecast,
};
pub use format::{decimals_needed, format_number, format_number_trimmed, format_percent};
pub use goal::{
    Agenda2030Link, FINANCIAL_CATEGORY, Goal, GoalLevel, NewGoal, is_financial,
    normalise_goal_code, parent_code,
};
pub use indicator::{
    Direction, Gender, GoalLink, Indicator, IndicatorSource, NewIndicator, NewTarget, Target,
    is_kolada_kpi_id,
};
pub use municipalities::{
    Municipality, municipalities, municipality_by_id, municipality_mentioned_in,
};
pub use observation::{Observation, ObservationSource};
pub use org::{NewOrgUnit, OrgUnit, OrgUnitKind};
pub use period::{NewPeriod, Period, PeriodState};
pub use plan::{Decision, NewPlan, Plan, PlanStatus, years_in_title};
pub use publication::{NewPublication, Publication};
pub use scale::{AssessmentScale, FollowupSettings, ScaleLevel};
pub use stockholm::{format_stockholm, in_stockholm, next_stockholm_time, stockholm_offset};
pub use string_enum::UnknownVariant;
pub use tenant::{NewTenant, Tenant};
pub use text_target::{Comparator, NewTextTarget, TextTarget};
pub use user::{
    MAX_PASSWORD_CHARS, MAX_USERNAME_CHARS, MIN_PASSWORD_CHARS, NewUser, PasswordProblem, Role,
    Session, USERNAME_RULE, User, check_password, check_password_strength, fold_username,
    normalize_username,
};
pub use validation::{
    ValidationError, ValidationProblem, is_blank, is_invisible, is_one_line_text,
};

/// Database identifiers. Every stored entity has one; they are only unique per table.
pub type Id = i64;
