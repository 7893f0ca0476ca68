//! Arguments of `serve` and `user`.

use clap::{Args, Subcommand};

/// `Debug` is written by hand below, to keep the SMTP password out of any output.
#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "RIKTNING_BIND")]
    pub bind: std::net::SocketAddr,
    /// Load the Östersund example (plan, organisation, indicators, periods and
    /// assessments in every state) into an empty database first.
    #[arg(long)]
    pub demo: bool,
    /// Mark cookies Secure; use when the workspace is reached over https.
    #[arg(long, env = "RIKTNING_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// When to fetch the indicators' values from Kolada each night, as HH:MM in
    /// Stockholm time, or "off" to fetch only when someone asks on the Kolada page.
    #[arg(long, env = "RIKTNING_FETCH_AT", default_value = "03:00", value_parser = parse_fetch_at)]
    pub fetch_at: FetchAt,
    #[command(flatten)]
    pub api: crate::args::KoladaApi,
    /// The SMTP server for e-mail reminders: smtp://user:password@mail.kommun.se:587?tls=required
    /// (STARTTLS), smtps://user:password@mail.kommun.se (TLS), or smtp://relay:25 (no
    /// encryption, for a relay on the local network). Without it no reminders are sent.
    #[arg(long, env = "RIKTNING_SMTP_URL", hide_env_values = true, requires_all = ["mail_from", "public_url"])]
    pub smtp_url: Option<String>,
    /// The sender of reminders, e.g. "Riktning <riktning@kommun.se>".
    #[arg(long, env = "RIKTNING_MAIL_FROM", requires = "smtp_url")]
    pub mail_from: Option<String>,
    /// The address people reach Riktning at, e.g. https://mal.kommun.se: for the links
    /// in e-mails and in the code that embeds a goal's status on another website.
    /// Needed with --smtp-url; otherwise http:// and the --bind address.
    #[arg(long, env = "RIKTNING_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The licence the published data is offered under: cc0 (Creative Commons CC0
    /// 1.0) or cc-by (CC BY 4.0). Shown on "Om data".
    #[arg(long, env = "RIKTNING_DATA_LICENCE", default_value = "cc0")]
    pub data_licence: riktning_web::public::DataLicence,
    /// An e-mail address for questions about the open data, named in the DCAT-AP-SE
    /// catalogue at /dcat.rdf that Sweden's data portal harvests.
    #[arg(long, env = "RIKTNING_DATA_CONTACT")]
    pub data_contact: Option<String>,
    /// How many days before a period's deadline the first reminder goes.
    #[arg(long, env = "RIKTNING_REMIND_DAYS", default_value_t = 7)]
    pub remind_days: i64,
    /// When reminders are sent each day, HH:MM Stockholm time, or "off" to send only
    /// from the Påminnelser page.
    #[arg(long, env = "RIKTNING_REMIND_AT", default_value = "07:00", value_parser = parse_fetch_at)]
    pub remind_at: FetchAt,
}

impl std::fmt::Debug for ServeArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeArgs")
            .field("bind", &self.bind)
            .field("demo", &self.demo)
            .field("secure_cookies", &self.secure_cookies)
            .field("fetch_at", &self.fetch_at)
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "(set)"))
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .field("data_licence", &self.data_licence)
            .field("data_contact", &self.data_contact)
            .finish_non_exhaustive()
    }
}

/// `--fetch-at` and `--remind-at`: a time of day, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchAt(pub Option<(u8, u8)>);

fn parse_fetch_at(text: &str) -> Result<FetchAt, String> {
    if text.trim().eq_ignore_ascii_case("off") {
        return Ok(FetchAt(None));
    }
    let (hour, minute) = text
        .trim()
        .split_once(':')
        .ok_or_else(|| format!("'{text}': write a time as HH:MM, e.g. 03:00, or off"))?;
    match (hour.parse::<u8>(), minute.parse::<u8>()) {
        (Ok(hour), Ok(minute)) if hour < 24 && minute < 60 => Ok(FetchAt(Some((hour, minute)))),
        _ => Err(format!(
            "'{text}': write a time as HH:MM, e.g. 03:00, or off"
        )),
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; prints a one-time password unless one is given on stdin.
    ///
    /// The user name is 1–64 characters from a–z, 0–9 and . _ - @, starting with a
    /// letter or digit. Upper case is read as lower case (after Unicode NFKC
    /// normalisation), so `Anna.Berg` is stored as `anna.berg` and no name can sit
    /// beside a look-alike. A one-time password must be changed at the first sign-in.
    /// A password from stdin needs 12–256 characters, must not contain the user's
    /// names and must not be common or a pattern (repeats, sequences, keyboard rows);
    /// a few unrelated words make a good one.
    Add {
        /// The user name: a–z, 0–9, . _ - @ (1–64 characters).
        username: String,
        /// The name shown in the workspace.
        #[arg(long)]
        name: String,
        /// administrator, controller, reporter or reader.
        #[arg(long)]
        role: String,
        /// An org unit a reporter reports for (repeat for several).
        #[arg(long = "unit", value_name = "ORG")]
        units: Vec<String>,
        /// Read the password from the first line of stdin instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users with their roles and units.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop a user from signing in; ends their sessions.
    Disable { username: String },
    /// Allow a disabled user to sign in again.
    Enable { username: String },
    /// Give a user a new one-time password (or one from stdin); ends their sessions.
    /// A one-time password must be changed at the next sign-in.
    ResetPassword {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Make a personal API token for a user, for an integration that pushes values or
    /// reads drafts through /api/v1 (see /api/openapi.json). Prints the token once;
    /// only its hash is kept. The same as Konto → API-nycklar in the workspace.
    Token {
        username: String,
        /// What the token is for, e.g. "Lönesystemet".
        #[arg(long)]
        name: String,
        /// administrator, controller, reporter or reader; at most the user's own.
        #[arg(long, default_value = "reporter")]
        role: String,
        /// One org unit the token is limited to (by name, short name or id).
        #[arg(long, value_name = "ORG")]
        unit: Option<String>,
    },
}
