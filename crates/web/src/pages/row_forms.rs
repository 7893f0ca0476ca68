//! A page of rows that each have an edit form, plus one form to add a row (periods,
//! units): which of those forms was refused, what was typed into it, and why.

use riktning_domain::Id;

pub struct RowForms<F> {
    /// What the form to add a row shows.
    pub typed: F,
    /// The row whose form was refused, with what was typed there.
    pub refused_row: Option<(Id, F)>,
    pub errors: Vec<(String, String)>,
}

impl<F> RowForms<F> {
    /// Nothing refused; the form to add a row shows `typed`.
    pub fn new(typed: F) -> Self {
        RowForms {
            typed,
            refused_row: None,
            errors: Vec::new(),
        }
    }

    /// The form of `row` (or, with `None`, the form to add one) was refused.
    pub fn refuse(&mut self, row: Option<Id>, typed: F, errors: Vec<(String, String)>) {
        match row {
            Some(id) => self.refused_row = Some((id, typed)),
            None => self.typed = typed,
        }
        self.errors = errors;
    }

    /// Whether the form of row `id` was the one refused, so that it shows open.
    pub fn is_refused(&self, id: Id) -> bool {
        self.refused_row.as_ref().is_some_and(|(row, _)| *row == id)
    }

    /// What was typed into row `id`'s refused form.
    pub fn typed_for(&self, id: Id) -> Option<&F> {
        self.refused_row
            .as_ref()
            .filter(|(row, _)| *row == id)
            .map(|(_, typed)| typed)
    }

    fn message(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, message)| message.as_str())
    }

    /// The message for `field` of the form to add a row.
    pub fn add_error(&self, field: &str) -> Option<&str> {
        self.refused_row
            .is_none()
            .then(|| self.message(field))
            .flatten()
    }

    /// The message for `field` of row `id`'s form.
    pub fn row_error(&self, id: Id, field: &str) -> Option<&str> {
        self.is_refused(id).then(|| self.message(field)).flatten()
    }
}
