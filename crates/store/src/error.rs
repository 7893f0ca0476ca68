use riktning_domain::{EntityKind, Id, ValidationError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{entity} {id} was not found")]
    NotFound { entity: EntityKind, id: String },

    /// Someone else saved the entity since it was read. Nothing was changed.
    #[error(
        "{entity} {id} was changed by someone else (you edited version {expected}, it is now at version {actual}); reload and try again"
    )]
    Conflict {
        entity: EntityKind,
        id: Id,
        expected: i64,
        actual: i64,
    },

    #[error("{0}")]
    Duplicate(String),

    #[error("{0}")]
    StillReferenced(String),

    /// The database is in use by another process in a way that forbids this, e.g. a
    /// restore while a server has it open.
    #[error("{0}")]
    InUse(String),

    /// The cause names the field; it is the error's source, so `{:#}` shows both once.
    #[error("invalid {entity}")]
    Invalid {
        entity: EntityKind,
        #[source]
        source: ValidationError,
    },

    /// A stored value that cannot be read back, e.g. an unknown status text.
    #[error("corrupt data in {table}.{column}: {detail}")]
    Corrupt {
        table: &'static str,
        column: String,
        detail: String,
    },

    /// Other writers held the database for longer than we wait, or PostgreSQL chose
    /// this transaction to end a deadlock or a serialisation failure. Nothing was
    /// changed; trying again later may succeed.
    #[error("the database was busy while {context}; nothing was changed, try again")]
    Busy { context: String },

    #[error("database error while {context}: {detail}")]
    Database { context: String, detail: String },
}

impl StoreError {
    pub fn not_found(entity: EntityKind, id: impl ToString) -> Self {
        Self::NotFound {
            entity,
            id: id.to_string(),
        }
    }

    pub fn invalid(entity: EntityKind, source: ValidationError) -> Self {
        Self::Invalid { entity, source }
    }

    pub fn database(context: impl Into<String>, detail: impl ToString) -> Self {
        Self::Database {
            context: context.into(),
            detail: detail.to_string(),
        }
    }
}
