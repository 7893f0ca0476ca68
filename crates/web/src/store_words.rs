//! What the store's refusals say to a person, in their language. The store explains
//! itself in English for logs and the command line; a page says the same in Swedish
//! or English, in words that tell the visitor what to do.

use riktning_domain::{EntityKind, ValidationError, ValidationProblem};

use crate::i18n::{Lang, lookup, text};

/// A value the store refused, as the form shows it beside the field. A rule is looked
/// up by the kind of thing and the field ("invalid-assessment-state"), then by the
/// field alone for the fields that mean the same everywhere ("invalid-code").
pub fn invalid(lang: Lang, entity: EntityKind, error: &ValidationError) -> String {
    match error.problem {
        ValidationProblem::Empty => text(lang, "invalid-empty").to_string(),
        ValidationProblem::ControlCharacter { at } => {
            format!(
                "{} {at}. {}",
                text(lang, "invalid-control-at"),
                text(lang, "invalid-control")
            )
        }
        ValidationProblem::Other => {
            let field = error.field.replace(['.', '_'], "-");
            let entity = entity.as_str().replace('_', "-");
            let said = lookup(lang, &format!("invalid-{entity}-{field}"))
                .or_else(|| lookup(lang, &format!("invalid-{field}")));
            match (said, lang) {
                (Some(words), _) => words.to_string(),
                // The store's own sentence is English already, and more precise than
                // a general one.
                (None, Lang::En) => sentence(&error.message),
                (None, Lang::Sv) => text(lang, "invalid-other").to_string(),
            }
        }
    }
}

/// A value that must be unique and is not, about `field` of the form.
pub fn duplicate(lang: Lang, field: &str) -> String {
    let key = format!("duplicate-{}", field.replace(['.', '_'], "-"));
    lookup(lang, &key)
        .unwrap_or_else(|| text(lang, "duplicate-other"))
        .to_string()
}

/// `message` with a capital letter and a full stop.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_refusal_is_said_in_swedish() {
        let plan = EntityKind::Plan;
        let empty = riktning_domain::NewPlan {
            title: "\u{200b}".to_string(),
            first_year: 2025,
            last_year: 2025,
            status: riktning_domain::PlanStatus::Draft,
            decision: None,
            source_name: None,
            source_sha256: None,
        }
        .validate()
        .expect_err("empty title");
        assert_eq!(
            invalid(Lang::Sv, plan, &empty),
            "Fältet är tomt. Fyll i det och spara igen."
        );
        let year = ValidationError::new("year", "1850 is not a plausible year");
        assert!(invalid(Lang::Sv, EntityKind::Target, &year).contains("årtal"));
        // The same field name means different rules for different things.
        let closed = ValidationError::new("state", "the period is closed");
        assert!(invalid(Lang::Sv, EntityKind::Period, &closed).contains("stängd"));
        let submitted = ValidationError::new("state", "the assessment is submitted");
        assert!(invalid(Lang::Sv, EntityKind::Assessment, &submitted).contains("inskickad"));
        let odd = ValidationError::new("something_new", "is odd");
        assert!(invalid(Lang::Sv, plan, &odd).starts_with("Värdet"));
        assert_eq!(invalid(Lang::En, plan, &odd), "Is odd.");
        assert!(duplicate(Lang::Sv, "year").contains("målvärde"));
        assert!(duplicate(Lang::Sv, "whatever").starts_with("Det finns redan"));
    }
}
