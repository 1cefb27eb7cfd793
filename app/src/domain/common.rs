//! What every feature shares: text in both languages, references to people and orders, money,
//! and Georgia's calendar (the one place that knows the office's time zone).
use crate::i18n::Locale;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A name or text in both languages: Georgian for documents, English for the English screens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bilingual {
    pub ka: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(ka: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual {
            ka: ka.into(),
            en: en.into(),
        }
    }

    /// A text that reads the same in both languages: a number, a date, a period.
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Bilingual {
            ka: text.clone(),
            en: text,
        }
    }

    /// Both parts, when the record has both (optional joined columns).
    pub fn both(ka: Option<String>, en: Option<String>) -> Option<Self> {
        ka.zip(en).map(|(ka, en)| Bilingual { ka, en })
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Ka => &self.ka,
            Locale::En => &self.en,
        }
    }
}

/// A person, by name, for links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: i64,
    pub name: Bilingual,
}

impl PersonRef {
    /// "First Last" in both scripts, as lists and documents print a name.
    pub fn named(id: i64, first_ka: &str, last_ka: &str, first_en: &str, last_en: &str) -> Self {
        PersonRef {
            id,
            name: Bilingual::new(
                format!("{first_ka} {last_ka}"),
                format!("{first_en} {last_en}"),
            ),
        }
    }
}

/// An order of the registry, for links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    pub id: i64,
    pub number: String,
    pub order_date: NaiveDate,
}

// ---- Money --------------------------------------------------------------------------------

/// Stored amounts are whole tetri (1 GEL = 100 tetri); computed ones are exact decimals.
pub fn money_from_tetri(tetri: i64) -> Decimal {
    Decimal::new(tetri, 2)
}

/// An amount in tetri for storage, when it has no fraction of a tetri.
pub fn tetri(amount: Decimal) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    let scaled = amount * Decimal::ONE_HUNDRED;
    scaled.fract().is_zero().then(|| scaled.to_i64()).flatten()
}

/// Money as every screen, printout and export shows it: "1 350.00" (thin groups, two decimals).
pub fn format_money(amount: &Decimal) -> String {
    let text = format!("{:.2}", amount.round_dp(2));
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest.to_string()),
        None => ("", text),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    format!("{sign}{}.{fraction}", group_digits(whole))
}

/// Digits in groups of three joined by a no-break space, as Georgian documents write them:
/// `1500000` → `1 500 000`.
pub fn group_digits(digits: &str) -> String {
    let count = digits.chars().count();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (count - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    grouped
}

// ---- Georgia's calendar -------------------------------------------------------------------

/// Georgia keeps UTC+4 all year (no daylight saving since 2005).
const GEORGIA_OFFSET: Duration = Duration::hours(4);

/// The date in Georgia at an instant: "today" for every rule and screen.
pub fn georgia_date(at: DateTime<Utc>) -> NaiveDate {
    georgia_time(at).date()
}

/// The wall-clock time in Georgia at an instant.
pub fn georgia_time(at: DateTime<Utc>) -> NaiveDateTime {
    (at + GEORGIA_OFFSET).naive_utc()
}

/// The instant a day begins in Georgia (for "before that day" comparisons of timestamps).
pub fn georgia_day_start(date: NaiveDate) -> DateTime<Utc> {
    (NaiveDateTime::from(date) - GEORGIA_OFFSET).and_utc()
}

/// A timestamp as shown: Georgian local time to the minute.
pub fn stamp(at: DateTime<Utc>) -> String {
    georgia_time(at).format("%d.%m.%Y %H:%M").to_string()
}

/// A phone number as people write it in Georgia (`+995 555 12 34 56`, `555-12-34-56`,
/// `(0422) 27 11 11`): digits with spaces, dashes, brackets and a leading `+`; 6 to 15
/// digits. Empty is none.
pub fn phone(text: &str) -> Result<Option<String>, crate::i18n::Key> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let allowed = text.char_indices().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (c == '+' && i == 0)
    });
    if allowed && (6..=15).contains(&digits) && text.chars().count() <= 30 {
        Ok(Some(text.to_string()))
    } else {
        Err(crate::i18n::Key::ValidationPhone)
    }
}

/// A date as Georgian documents write it: `dd.mm.yyyy`.
/// The years a date typed into any form or import may fall in: from 1900 (the oldest birth
/// date or service record) to 2100 (the furthest planned term). Anything outside is a typing
/// mistake, refused next to its field; it also keeps date arithmetic far from its limits.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

pub fn date_in_range(date: NaiveDate) -> bool {
    use chrono::Datelike;
    DATE_YEARS.contains(&date.year())
}

/// What a date field shows for a value: a stored ISO date as `dd.mm.yyyy`, anything else (what
/// the user typed) as it is.
pub fn date_field_text(value: &str) -> String {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(date_text)
        .unwrap_or_else(|_| value.to_string())
}

/// A date as HR types it: ISO `2024-03-01` or Georgian `01.03.2024`, whatever the year.
pub fn parse_date_text(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .ok()
}

pub fn date_text(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// The last day of a term of `months` months that starts on `start` (its first day), by
/// DOMAIN §0.2, the one rule for every term counted in months (the evaluation's minimum service,
/// acting, probation and its quarters): the day before the same day `months` later, or, when
/// that day does not exist in the month, that month's last day. 1 Oct + 3 → 31 Dec;
/// 31 Aug + 3 → 30 Nov; 30 Nov 2027 + 3 → 29 Feb 2028. `None` past the calendar's end.
pub fn term_end(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    use chrono::{Datelike, Months};
    if months == 0 {
        return start.pred_opt();
    }
    let landed = start.checked_add_months(Months::new(months))?;
    if landed.day() == start.day() {
        landed.pred_opt()
    } else {
        // chrono clamped to the month's last day: the same day does not exist there.
        Some(landed)
    }
}

/// The days two periods share (each from its first day through its last, `None`: open-ended):
/// a holder's service under the terms in force, for example.
pub fn overlap(
    a: (NaiveDate, Option<NaiveDate>),
    b: (NaiveDate, Option<NaiveDate>),
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let from = a.0.max(b.0);
    let to = match (a.1, b.1) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    to.is_none_or(|t| t >= from).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_date_field_shows_stored_dates_the_georgian_way_and_keeps_what_was_typed() {
        assert_eq!(date_field_text("2026-03-01"), "01.03.2026");
        assert_eq!(date_field_text("01.03.2026"), "01.03.2026");
        assert_eq!(date_field_text("31.02.2026"), "31.02.2026");
        assert_eq!(date_field_text(""), "");
    }

    #[test]
    fn periods_overlap_on_the_days_they_share() {
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).expect("date");
        // Service from 1 March, still held; officer terms until 31 December.
        assert_eq!(
            overlap((d(3, 1), None), (d(1, 1), Some(d(12, 31)))),
            Some((d(3, 1), Some(d(12, 31))))
        );
        // Touching on one day.
        assert_eq!(
            overlap((d(3, 1), Some(d(5, 31))), (d(5, 31), None)),
            Some((d(5, 31), Some(d(5, 31))))
        );
        // The day after: nothing shared.
        assert_eq!(overlap((d(3, 1), Some(d(5, 30))), (d(5, 31), None)), None);
        assert_eq!(
            overlap((d(3, 1), None), (d(5, 31), None)),
            Some((d(5, 31), None))
        );
    }

    #[test]
    fn the_georgian_day_starts_at_20_00_utc() {
        let evening = Utc.with_ymd_and_hms(2026, 12, 31, 19, 59, 0).single();
        let midnight = Utc.with_ymd_and_hms(2026, 12, 31, 20, 0, 0).single();
        assert_eq!(
            evening.map(georgia_date),
            NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(
            midnight.map(georgia_date),
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
        let day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default();
        assert_eq!(Some(georgia_day_start(day)), midnight);
        assert_eq!(midnight.map(stamp).as_deref(), Some("01.01.2027 00:00"));
    }

    #[test]
    fn money_is_grouped_with_two_decimals() {
        assert_eq!(format_money(&Decimal::new(135000, 2)), "1\u{a0}350.00");
        assert_eq!(format_money(&Decimal::new(825, 1)), "82.50");
        assert_eq!(
            format_money(&Decimal::new(-123456789, 2)),
            "-1\u{a0}234\u{a0}567.89"
        );
        assert_eq!(tetri(Decimal::new(135000, 2)), Some(135000));
        assert_eq!(tetri(Decimal::new(1, 3)), None);
        assert_eq!(money_from_tetri(8250), Decimal::new(825, 1));
    }

    #[test]
    fn terms_in_months_follow_domain_0_2() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let cases = [
            (d(2026, 10, 1), 3, d(2026, 12, 31)),
            (d(2026, 1, 15), 3, d(2026, 4, 14)),
            (d(2026, 8, 31), 3, d(2026, 11, 30)),
            (d(2027, 11, 30), 3, d(2028, 2, 29)),
            (d(2026, 11, 29), 3, d(2027, 2, 28)),
            (d(2028, 2, 29), 12, d(2029, 2, 28)),
            (d(2028, 2, 29), 48, d(2032, 2, 28)),
            (d(2026, 1, 1), 12, d(2026, 12, 31)),
            (d(2026, 4, 1), 3, d(2026, 6, 30)),
            (d(2026, 1, 31), 1, d(2026, 2, 28)),
            (d(2026, 3, 31), 1, d(2026, 4, 30)),
            (d(2026, 12, 31), 2, d(2027, 2, 28)),
        ];
        for (start, months, end) in cases {
            assert_eq!(term_end(start, months), Some(end), "{start} + {months}");
        }
    }

    proptest::proptest! {
        /// A term ends before the same day N months later, never earlier than the clamped
        /// month end before it, and consecutive terms of 1 month never overlap or leave a gap.
        #[test]
        fn terms_are_contiguous_and_within_their_month(days in 0i64..40_000, months in 1u32..60) {
            let start = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default() + Duration::days(days);
            let end = term_end(start, months).expect("in range");
            let landed = start.checked_add_months(chrono::Months::new(months)).expect("in range");
            proptest::prop_assert!(end <= landed);
            proptest::prop_assert!(end >= landed - Duration::days(1));
            let next = end + Duration::days(1);
            let again = term_end(next, 1).expect("in range");
            proptest::prop_assert!(again > end);
        }
    }
}
