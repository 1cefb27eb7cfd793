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
    let digits: Vec<char> = whole.chars().collect();
    let mut grouped = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(*c);
    }
    format!("{sign}{grouped}.{fraction}")
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
}
