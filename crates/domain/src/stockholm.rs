//! Swedish local time (Europe/Stockholm), for times shown to people and for jobs that
//! run at a local hour. Sweden follows the EU rule: UTC+1, and UTC+2 from 01:00 UTC on
//! the last Sunday of March to 01:00 UTC on the last Sunday of October. Computing the
//! rule here avoids carrying a time-zone database for one zone.

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: Month) -> Date {
    let last_day = time::util::days_in_month(month, year);
    let mut date = Date::from_calendar_date(year, month, last_day).unwrap_or(Date::MIN);
    while date.weekday() != Weekday::Sunday {
        date = date.previous_day().unwrap_or(Date::MIN);
    }
    date
}

/// The offset from UTC in Stockholm at the instant `at`.
pub fn stockholm_offset(at: OffsetDateTime) -> UtcOffset {
    let utc = at.to_offset(UtcOffset::UTC);
    let year = utc.year();
    let switch = |month| {
        PrimitiveDateTime::new(
            last_sunday(year, month),
            Time::from_hms(1, 0, 0).unwrap_or(Time::MIDNIGHT),
        )
        .assume_utc()
    };
    let summer = utc >= switch(Month::March) && utc < switch(Month::October);
    UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The instant `at` in Stockholm time.
pub fn in_stockholm(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(stockholm_offset(at))
}

/// A time as Swedish pages write it, in Stockholm time: `2024-09-20 14:05`.
pub fn format_stockholm(at: OffsetDateTime) -> String {
    let local = in_stockholm(at);
    format!("{} {:02}:{:02}", local.date(), local.hour(), local.minute())
}

/// The first instant after `now` when the clock in Stockholm shows `hour:minute`. On
/// the night the clocks go forward an hour that does not exist is taken an hour
/// later; on the night they go back, the first of the two is taken.
pub fn next_stockholm_time(now: OffsetDateTime, hour: u8, minute: u8) -> OffsetDateTime {
    let wanted = Time::from_hms(hour.min(23), minute.min(59), 0).unwrap_or(Time::MIDNIGHT);
    let today = in_stockholm(now).date();
    for days_ahead in 0..3 {
        let date = today + Duration::days(days_ahead);
        let local = PrimitiveDateTime::new(date, wanted);
        // Try the winter offset, then the summer one; the right one maps back to
        // the same wall-clock time.
        let candidates = [1, 2]
            .map(|h| local.assume_offset(UtcOffset::from_hms(h, 0, 0).unwrap_or(UtcOffset::UTC)));
        let mut exact: Vec<OffsetDateTime> = candidates
            .into_iter()
            .filter(|c| in_stockholm(*c).time() == wanted)
            .collect();
        exact.sort();
        let chosen = exact.first().copied().unwrap_or(candidates[0]);
        if chosen > now {
            return chosen.to_offset(UtcOffset::UTC);
        }
    }
    now + Duration::days(1)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn summer_and_winter_time_follow_the_eu_rule() {
        assert_eq!(
            format_stockholm(datetime!(2024-09-20 12:05 UTC)),
            "2024-09-20 14:05"
        );
        assert_eq!(
            format_stockholm(datetime!(2024-01-15 12:05 UTC)),
            "2024-01-15 13:05"
        );
        // 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC.
        assert_eq!(
            format_stockholm(datetime!(2024-03-31 00:59 UTC)),
            "2024-03-31 01:59"
        );
        assert_eq!(
            format_stockholm(datetime!(2024-03-31 01:00 UTC)),
            "2024-03-31 03:00"
        );
        assert_eq!(
            format_stockholm(datetime!(2024-10-27 00:59 UTC)),
            "2024-10-27 02:59"
        );
        assert_eq!(
            format_stockholm(datetime!(2024-10-27 01:00 UTC)),
            "2024-10-27 02:00"
        );
        assert_eq!(
            format_stockholm(datetime!(2024-12-31 23:30 UTC)),
            "2025-01-01 00:30"
        );
    }

    #[test]
    fn the_next_local_hour_is_found_in_both_seasons() {
        // 03:00 in Stockholm is 01:00 UTC in summer and 02:00 UTC in winter.
        assert_eq!(
            next_stockholm_time(datetime!(2024-06-10 12:00 UTC), 3, 0),
            datetime!(2024-06-11 01:00 UTC)
        );
        assert_eq!(
            next_stockholm_time(datetime!(2024-12-10 00:30 UTC), 3, 0),
            datetime!(2024-12-10 02:00 UTC)
        );
        // The night the clocks go forward, 02:30 does not exist: an hour later.
        let spring = next_stockholm_time(datetime!(2024-03-30 12:00 UTC), 2, 30);
        assert_eq!(spring, datetime!(2024-03-31 01:30 UTC));
        // The night they go back, 02:30 happens twice: the first one.
        let autumn = next_stockholm_time(datetime!(2024-10-26 12:00 UTC), 2, 30);
        assert_eq!(autumn, datetime!(2024-10-27 00:30 UTC));
    }
}
