/// Error for a text that names no variant of a closed vocabulary (a status, a kind…).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{given}'; expected one of: {expected}")]
pub struct UnknownVariant {
    pub what: &'static str,
    pub given: String,
    pub expected: String,
}

/// Declares a fieldless enum that is stored and serialised as stable snake_case text.
/// Storage, JSON and the command line all use the same spelling, so it is defined once.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::string_enum::UnknownVariant;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::string_enum::UnknownVariant {
                        what: $what,
                        given: text.to_string(),
                        expected: [$($text),+].join(", "),
                    }),
                }
            }
        }
    };
}
pub(crate) use string_enum;
