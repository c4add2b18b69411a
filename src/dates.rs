//! Dates to and from text, as mongosh reads and writes them: `ISODate('2026-01-02')` read by
//! mongosh's own rules, and a date printed as JavaScript's `Date#toISOString` prints it.
//!
//! mongosh's `ISODate(text)` matches its text with one regular expression (the date, then an
//! optional time and zone, the separators optional: `20201002T102950+0200` is read), writes
//! what it matched in full (`2020-10-02T10:29:50.000+0200`) and hands that to `new Date()`, so
//! the engine's own rules decide the rest: a day up to 31 in any month rolls over into the next
//! (`2021-02-30` is the 2nd of March, as in Node and Chromium), `24:00` is the next midnight, a
//! fraction keeps its first three digits, a zone needs its minutes; and the result must lie in
//! the years 0000 to 9999. JavaScript's `toISOString` writes years 0 to 9999 with four digits
//! and the others as `+010000` or `-000001`, and has no text for a time beyond 100,000,000 days
//! of 1970 (mongosh prints such a date as `Invalid Date`).
//!
//! bson's RFC 3339 reader and writer (the `time` crate) follow neither set of rules, and cost
//! the first load about 3.7 KB of gzip (their error texts, `io::Error`'s, and the format
//! machinery): the two conversions between a day number and a calendar date here are Howard
//! Hinnant's public-domain algorithms (`days_from_civil`, `civil_from_days`), the same natively
//! and in the browser; `tests/web.rs` checks both directions against the browser's own `Date`.

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// The furthest time from 1970 a JavaScript `Date` holds, either way (100,000,000 days).
const JAVASCRIPT_LIMIT_MS: i64 = 8_640_000_000_000_000;

/// The range mongosh's `ISODate()` accepts: `0000-01-01T00:00:00.000Z` to
/// `9999-12-31T23:59:59.999Z`.
const ISODATE_RANGE_MS: std::ops::RangeInclusive<i64> = -62_167_219_200_000..=253_402_300_799_999;

/// The day number (days since 1970-01-01) of a calendar date. `day` may run past its month's
/// end, and the date rolls over (`February 30` is two days after February 28 in a common year),
/// as JavaScript's `MakeDay` does.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar date (year, month 1–12, day 1–31) of a day number.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// `Date#toISOString`: `2026-01-02T03:04:05.006Z`, with a six-digit signed year outside 0 to
/// 9999 (`+010000-01-01T00:00:00.000Z`); `None` beyond what a JavaScript `Date` holds (where
/// `toISOString` throws).
pub fn to_iso_string(ms: i64) -> Option<String> {
    if !(-JAVASCRIPT_LIMIT_MS..=JAVASCRIPT_LIMIT_MS).contains(&ms) {
        return None;
    }
    let (year, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
    let year = if (0..=9_999).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{}{:06}", if year < 0 { '-' } else { '+' }, year.abs())
    };
    Some(format!("{year}-{month:02}-{day:02}T{}Z", time_of_day(ms)))
}

/// The time of day, `03:04:05.006`.
pub fn time_of_day(ms: i64) -> String {
    let in_day = ms.rem_euclid(DAY_MS);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1_000 % 60,
        in_day % 1_000
    )
}

/// What mongosh's `ISODate(text)` makes of `text`: the time in milliseconds since 1970, or
/// `None` where mongosh throws `"…" is not a valid ISODate`.
pub fn parse_isodate(text: &str) -> Option<i64> {
    let fields = IsoFields::read(text)?;
    let ms = fields.to_millis()?;
    ISODATE_RANGE_MS.contains(&ms).then_some(ms)
}

/// The fields of mongosh's pattern, as matched:
/// `^(?<Y>\d{4})-?(?<M>\d{2})-?(?<D>\d{2})([T ](?<h>\d{2})(:?(?<m>\d{2})(:?((?<s>\d{2})(\.(?<ms>\d+))?))?)?(?<tz>Z|([+-])(\d{2}):?(\d{2})?)?)?$`
/// (the pattern's alternatives never compete, so reading it from left to right, each optional
/// part taken when it is there, matches what the pattern matches). Missing parts are zero, as
/// mongosh's normalised text makes them.
struct IsoFields {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    /// The fraction's first three digits, as `new Date()` keeps them (it truncates).
    millis: i64,
    /// The zone written after the time; `None` for `Z` or none (UTC).
    zone: Option<Zone>,
}

/// A zone's offset as written: `+02:00`, `-0530`, or `+02` (which mongosh's pattern accepts and
/// `new Date()` refuses, as it refuses hours past 23 and minutes past 59).
struct Zone {
    west: bool,
    hours: i64,
    minutes: Option<i64>,
}

impl Zone {
    /// Minutes east of UTC, when `new Date()` reads the zone.
    fn east_minutes(&self) -> Option<i64> {
        let minutes = self.minutes.filter(|m| *m <= 59 && self.hours <= 23)?;
        let east = self.hours * 60 + minutes;
        Some(if self.west { -east } else { east })
    }
}

/// Reads digits, separators and signs from the front of a text.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    /// Exactly `count` ASCII digits, as a number.
    fn digits(&mut self, count: usize) -> Option<i64> {
        let taken = self.rest.get(..count)?;
        if !taken.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.rest = &self.rest[count..];
        Some(taken.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    }

    /// Two digits when they come next (an optional part of the pattern).
    fn optional_pair(&mut self) -> Option<i64> {
        self.rest
            .get(..2)
            .is_some_and(|pair| pair.iter().all(u8::is_ascii_digit))
            .then(|| self.digits(2))
            .flatten()
    }

    /// An optional `:` and two digits, taken together or not at all (a `:` alone leaves the
    /// text unmatched).
    fn colon_pair(&mut self) -> Option<i64> {
        let before = self.rest;
        self.skip(b':');
        let pair = self.optional_pair();
        if pair.is_none() {
            self.rest = before;
        }
        pair
    }

    /// One or more digits after a `.`: their first three as milliseconds, as `new Date()` keeps
    /// them (it truncates the rest).
    fn fraction(&mut self) -> Option<i64> {
        let count = self.rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let kept = count.min(3);
        if kept == 0 {
            return None;
        }
        let millis = self.digits(kept)? * [100, 10, 1][kept - 1];
        self.rest = &self.rest[count - kept..];
        Some(millis)
    }

    /// Takes `byte` when it comes next.
    fn skip(&mut self, byte: u8) -> bool {
        let here = self.rest.first() == Some(&byte);
        if here {
            self.rest = &self.rest[1..];
        }
        here
    }
}

impl IsoFields {
    fn read(text: &str) -> Option<Self> {
        let mut at = Cursor {
            rest: text.as_bytes(),
        };
        let year = at.digits(4)?;
        at.skip(b'-');
        let month = at.digits(2)?;
        at.skip(b'-');
        let day = at.digits(2)?;
        let mut fields = IsoFields {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            millis: 0,
            zone: None,
        };
        if at.rest.is_empty() {
            return Some(fields);
        }
        if !(at.skip(b'T') || at.skip(b' ')) {
            return None;
        }
        fields.hour = at.digits(2)?;
        if let Some(minute) = at.colon_pair() {
            fields.minute = minute;
            if let Some(second) = at.colon_pair() {
                fields.second = second;
                if at.skip(b'.') {
                    fields.millis = at.fraction()?;
                }
            }
        }
        if !at.skip(b'Z') {
            if let Some(&sign @ (b'+' | b'-')) = at.rest.first() {
                at.rest = &at.rest[1..];
                let hours = at.digits(2)?;
                at.skip(b':');
                fields.zone = Some(Zone {
                    west: sign == b'-',
                    hours,
                    minutes: at.optional_pair(),
                });
            }
        }
        at.rest.is_empty().then_some(fields)
    }

    /// The time `new Date()` gives the normalised text, or `None` where it gives an invalid
    /// date: a month outside 1–12, a day outside 1–31, an hour past 24 (or 24 but not
    /// `24:00:00.000`), a minute or second past 59, a zone past `23:59` or without minutes.
    fn to_millis(&self) -> Option<i64> {
        let valid = (1..=12).contains(&self.month)
            && (1..=31).contains(&self.day)
            && self.minute <= 59
            && self.second <= 59
            && (self.hour < 24
                || (self.hour == 24 && self.minute == 0 && self.second == 0 && self.millis == 0));
        let offset = match &self.zone {
            Some(zone) => zone.east_minutes()?,
            None => 0,
        };
        valid.then(|| {
            days_from_civil(self.year, self.month, self.day) * DAY_MS
                + ((self.hour * 60 + self.minute - offset) * 60 + self.second) * 1_000
                + self.millis
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{civil_from_days, days_from_civil, parse_isodate, to_iso_string};

    /// mongosh's own tests of `ISODate()` (`packages/shell-api/src/shell-bson.spec.ts`).
    #[test]
    fn isodate_reads_what_mongosh_reads() {
        for (text, ms) in [
            ("2020-10-02", 1_601_596_800_000),
            ("2020-10-02T10:29:50+00:00", 1_601_634_590_000),
            ("2020-10-02T10:29:50+02:00", 1_601_627_390_000),
            ("2020-10-02T10:29:50-02:00", 1_601_641_790_000),
            ("2020-10-02T10:29:50Z", 1_601_634_590_000),
            ("2020-10-02T10:29:50", 1_601_634_590_000),
            ("2020-10-02T10:29:50.124Z", 1_601_634_590_124),
            ("20201002T102950Z", 1_601_634_590_000),
            ("20201002T102950", 1_601_634_590_000),
            ("20201002T102950+0000", 1_601_634_590_000),
            ("20201002T102950-0000", 1_601_634_590_000),
            ("20201002T102950+0200", 1_601_627_390_000),
            ("20201002T102950-0200", 1_601_641_790_000),
            ("20201002 102950Z", 1_601_634_590_000),
            ("20201002 102950+0200", 1_601_627_390_000),
            ("20201002 102950", 1_601_634_590_000),
            ("20201002 102950.842", 1_601_634_590_842),
        ] {
            assert_eq!(parse_isodate(text), Some(ms), "{text}");
        }
        for text in [
            "1/4/1977",
            "1-4-1977",
            "9999-12-31T23:99:59.999Z",
            "bah",
            "\"",
        ] {
            assert_eq!(parse_isodate(text), None, "{text}");
        }
    }

    /// What Node's `new Date()` does with the normalised text (checked against the browser's
    /// own `Date` in `tests/web.rs`).
    #[test]
    fn the_engines_rules_decide_the_rest() {
        let cases = [
            ("2021-02-30", Some("2021-03-02T00:00:00.000Z")),
            ("2021-02-32", None),
            ("2021-13-01", None),
            ("2021-01-01T24:00", Some("2021-01-02T00:00:00.000Z")),
            ("2021-01-01T24:00:00.001", None),
            (
                "2021-01-01T10:00:00.1239Z",
                Some("2021-01-01T10:00:00.123Z"),
            ),
            ("2021-01-01T10:00:00.Z", None),
            ("2021-01-01T10:00+02", None),
            ("2021-01-01T10:00+02:", None),
            ("2021-01-01T10:00+23:59", Some("2020-12-31T10:01:00.000Z")),
            ("2021-01-01T10:00+24:00", None),
            ("2021-01-01T10:00+05:60", None),
            ("0000-01-01", Some("0000-01-01T00:00:00.000Z")),
            ("9999-12-31T23:59:59.999Z", Some("9999-12-31T23:59:59.999Z")),
            ("9999-12-31T24:00", None),
            ("0000-01-01T00:00+00:01", None),
        ];
        for (text, iso) in cases {
            assert_eq!(
                parse_isodate(text).and_then(to_iso_string).as_deref(),
                iso,
                "{text}"
            );
        }
    }

    #[test]
    fn dates_print_as_javascript_prints_them() {
        for (ms, text) in [
            (0, Some("1970-01-01T00:00:00.000Z")),
            (-1, Some("1969-12-31T23:59:59.999Z")),
            (253_402_300_800_000, Some("+010000-01-01T00:00:00.000Z")),
            (-62_167_219_200_001, Some("-000001-12-31T23:59:59.999Z")),
            (8_640_000_000_000_000, Some("+275760-09-13T00:00:00.000Z")),
            (8_640_000_000_000_001, None),
            (i64::MIN, None),
        ] {
            assert_eq!(to_iso_string(ms).as_deref(), text, "{ms}");
        }
    }

    #[test]
    fn day_numbers_and_dates_are_inverse() {
        for days in (-100_000_000..=100_000_000).step_by(9_973) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
