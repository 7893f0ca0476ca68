use riktning_domain::ValidationError;
use riktning_import::ImportError;
use riktning_store::StoreError;

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The demo only goes into an empty database; nothing was changed.
    #[error(
        "the database already holds {}; the demo is only loaded into an empty database",
        .tenants.join(", ")
    )]
    NotEmpty {
        /// The names of the municipalities or regions already stored.
        tenants: Vec<String>,
    },

    #[error("the example budget document {document} could not be read")]
    Import {
        document: &'static str,
        #[source]
        source: ImportError,
    },

    /// A value of the demo breaks a domain rule; found before anything is written.
    #[error("the demo's {what} is invalid")]
    Invalid {
        what: String,
        #[source]
        source: ValidationError,
    },

    /// The demo refers to something it does not hold, e.g. a goal code the example
    /// document lacks; found before anything is written.
    #[error("the demo is inconsistent: {0}")]
    Inconsistent(String),

    /// The closed period could not be published.
    #[error("the demo's closed period could not be published")]
    Publish(#[source] riktning_publish::PublishError),

    #[error("loading the demo failed while {context}")]
    Store {
        context: String,
        #[source]
        source: StoreError,
    },
}

impl DemoError {
    pub(crate) fn invalid(what: impl Into<String>, source: ValidationError) -> Self {
        Self::Invalid {
            what: what.into(),
            source,
        }
    }
}

/// Names the step a store error happened in.
pub(crate) trait StoreContext<T> {
    fn during(self, context: impl FnOnce() -> String) -> Result<T, DemoError>;
}

impl<T> StoreContext<T> for Result<T, StoreError> {
    fn during(self, context: impl FnOnce() -> String) -> Result<T, DemoError> {
        self.map_err(|source| DemoError::Store {
            context: context(),
            source,
        })
    }
}
