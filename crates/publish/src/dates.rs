//! Dates in a report as people and other systems read them: `2024-04-30`. Reports of
//! format 1 stored a date as `[year, day of the year]`; reading accepts both, so that
//! every stored publication still opens.

use serde::{Deserialize, Deserializer, Serializer};
use time::{Date, Month};

fn parse(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = Month::try_from(parts.next()?.parse::<u8>().ok()?).ok()?;
    let day = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Stored {
    Text(String),
    /// Format 1: the year and the day of the year.
    Ordinal(i32, u16),
}

pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&format_args!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    ))
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let stored = Stored::deserialize(deserializer)?;
    let date = match &stored {
        Stored::Text(text) => parse(text),
        Stored::Ordinal(year, day) => Date::from_ordinal_date(*year, *day).ok(),
    };
    date.ok_or_else(|| serde::de::Error::custom("a date is written as YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use time::macros::date;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dated {
        #[serde(with = "super")]
        on: time::Date,
    }

    #[test]
    fn dates_are_written_as_iso_and_both_forms_are_read() {
        let dated = Dated {
            on: date!(2024 - 04 - 30),
        };
        let json = serde_json::to_string(&dated).expect("json");
        assert_eq!(json, r#"{"on":"2024-04-30"}"#);
        assert_eq!(serde_json::from_str::<Dated>(&json).expect("iso"), dated);
        let stored: Dated = serde_json::from_str(r#"{"on":[2024,121]}"#).expect("format 1");
        assert_eq!(stored, dated);
        assert!(serde_json::from_str::<Dated>(r#"{"on":"2024-02-30"}"#).is_err());
    }
}
