//! A person's corrections to the reading in the import review: each is a small form
//! (no JavaScript needed) that changes the draft kept on the server and comes back to
//! the review, so the corrected draft is what a reload shows and what is stored.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{DraftEdit, EditError};
use riktning_store::Store;
use serde::Deserialize;

use super::pending::{self, Edited};
use super::{Problem, review_address};
use crate::extract::Form;
use crate::i18n::{Lang, text};
use crate::policy::{Action, authorize};
use crate::{AppError, Shared, Visitor};

/// The correction forms' fields; which are used depends on `edit`.
#[derive(Debug, Default, Deserialize)]
pub struct CorrectionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    edit: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    line: String,
    /// Which of the unused entries with this line number (from 0).
    #[serde(default)]
    nth: String,
    /// For set-area "1" or "0"; for move-under the area's code, empty for the top.
    #[serde(default)]
    area: String,
    #[serde(default)]
    statement: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    paragraph: String,
    #[serde(default)]
    target: String,
}

/// The longest statement or short name a correction may set.
const MAX_TEXT: usize = 2_000;

/// The edit a form asks for, or the catalogue key of what is wrong with it.
fn edit_of(form: &CorrectionForm) -> Result<DraftEdit, &'static str> {
    let number = |field: &str| {
        field
            .trim()
            .parse::<usize>()
            .map_err(|_| "import-fix-bad-form")
    };
    let code = form.code.trim().to_string();
    Ok(match form.edit.as_str() {
        "line-to-goal" | "line-to-area" => DraftEdit::LineToGoal {
            line: number(&form.line)?,
            area: form.edit == "line-to-area",
            nth: if form.nth.trim().is_empty() {
                0
            } else {
                number(&form.nth)?
            },
        },
        "not-a-goal" => DraftEdit::NotAGoal { code },
        "set-area" => DraftEdit::SetArea {
            code,
            area: form.area == "1",
        },
        "merge-with-previous" => DraftEdit::MergeWithPrevious { code },
        "split" => DraftEdit::Split {
            code,
            paragraph: number(&form.paragraph)?,
        },
        "rename" => {
            if form.statement.chars().count() > MAX_TEXT
                || form.short_name.chars().count() > MAX_TEXT
            {
                return Err("import-fix-too-long");
            }
            DraftEdit::Rename {
                code,
                statement: form.statement.clone(),
                short_name: Some(form.short_name.clone()),
            }
        }
        "move-under" => DraftEdit::MoveUnder {
            code,
            area: Some(form.area.trim().to_string()).filter(|a| !a.is_empty()),
        },
        "drop-target" => DraftEdit::DropTarget {
            code,
            target: number(&form.target)?,
        },
        _ => return Err("import-fix-bad-form"),
    })
}

/// The confirmation each kind of edit gets (`done-<key>`).
fn done_key(edit: &DraftEdit) -> &'static str {
    match edit {
        DraftEdit::LineToGoal { area: false, .. } => "import-line-to-goal",
        DraftEdit::LineToGoal { area: true, .. } => "import-line-to-area",
        DraftEdit::NotAGoal { .. } => "import-not-a-goal",
        DraftEdit::SetArea { area: true, .. } => "import-made-area",
        DraftEdit::SetArea { area: false, .. } => "import-made-goal",
        DraftEdit::MergeWithPrevious { .. } => "import-merged",
        DraftEdit::Split { .. } => "import-split",
        DraftEdit::Rename { .. } => "import-renamed",
        DraftEdit::MoveUnder { .. } => "import-moved",
        DraftEdit::DropTarget { .. } => "import-target-dropped",
    }
}

/// Why an edit did not fit the draft, in the visitor's language.
fn refusal(lang: Lang, error: &EditError) -> String {
    let key = match error {
        EditError::NoGoal(_) => "import-fix-no-goal",
        EditError::NoLine(_) => "import-fix-no-line",
        EditError::NothingBefore(_) => "import-fix-nothing-before",
        EditError::NoParagraph { .. } => "import-fix-no-paragraph",
        EditError::NoTarget { .. } => "import-fix-no-target",
        EditError::Cycle => "import-fix-cycle",
        EditError::EmptyStatement => "import-fix-empty-statement",
        EditError::BrokenTree => "import-fix-broken-tree",
    };
    text(lang, key).to_string()
}

/// `POST /arbeta/import/ratta`: applies one correction and goes back to the review,
/// or shows the review with why it could not be made.
pub async fn correct<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<CorrectionForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::Import)?;
    let lang = visitor.lang;
    let user = visitor.user.id;
    let expired = || AppError::Rejected {
        status: StatusCode::NOT_FOUND,
        sv: text(Lang::Sv, "import-expired").to_string(),
        en: text(Lang::En, "import-expired").to_string(),
    };
    let problem = match edit_of(&form) {
        Ok(edit) => {
            let applied = pending::edit(&form.token, user, |upload| upload.draft.apply(&edit))
                .ok_or_else(expired)?;
            match applied {
                Ok(()) => {
                    let back =
                        super::super::done::to(&review_address(&form.token), done_key(&edit));
                    return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response());
                }
                Err(Edited::Refused(error)) => refusal(lang, &error),
                Err(Edited::TooLarge) => text(lang, "import-fix-too-large").to_string(),
            }
        }
        Err(key) => text(lang, key).to_string(),
    };
    let upload = pending::read(&form.token, user).ok_or_else(expired)?;
    let page = super::review_page(
        &state,
        &visitor,
        form.token.clone(),
        &upload,
        Problem::Correction(problem),
    )
    .await?;
    Ok(super::super::render_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        &page,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(edit: &str) -> CorrectionForm {
        CorrectionForm {
            edit: edit.into(),
            code: " 2 ".into(),
            ..CorrectionForm::default()
        }
    }

    #[test]
    fn forms_become_edits_and_odd_forms_are_refused() {
        let line = CorrectionForm {
            line: "12".into(),
            ..form("line-to-area")
        };
        assert_eq!(
            edit_of(&line),
            Ok(DraftEdit::LineToGoal {
                line: 12,
                area: true,
                nth: 0
            })
        );
        assert_eq!(
            edit_of(&form("not-a-goal")),
            Ok(DraftEdit::NotAGoal { code: "2".into() })
        );
        assert_eq!(
            edit_of(&form("move-under")),
            Ok(DraftEdit::MoveUnder {
                code: "2".into(),
                area: None
            })
        );
        assert_eq!(edit_of(&form("split")), Err("import-fix-bad-form"));
        assert_eq!(edit_of(&form("drop-table")), Err("import-fix-bad-form"));
        let long = CorrectionForm {
            statement: "x".repeat(MAX_TEXT + 1),
            ..form("rename")
        };
        assert_eq!(edit_of(&long), Err("import-fix-too-long"));
    }
}
