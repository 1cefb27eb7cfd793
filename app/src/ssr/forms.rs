//! Reading form fields on the server. Every form value arrives as text; these turn it into a
//! typed value or an error that names the field, with the message the user reads next to it.
use crate::domain::common::Bilingual;
use crate::domain::Coded;
use crate::error::AppError;
use crate::i18n::Key;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Short text: names, numbers of orders (required, at most 500 characters).
pub fn required_text(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, Key::ValidationRequired));
    }
    if value.chars().count() > crate::domain::csv_import::MAX_SHORT_TEXT {
        return Err(AppError::invalid(field, Key::ValidationTooLong));
    }
    Ok(value.to_string())
}

/// A code (a unit's, a competency's): required, upper-cased, Latin letters and digits joined by
/// `joiner`, at most `max` characters; `problem` says what a code looks like.
pub fn code(
    field: &str,
    value: &str,
    joiner: char,
    max: usize,
    problem: Key,
) -> Result<String, AppError> {
    let code = required_text(field, value)?.to_uppercase();
    match code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == joiner)
        && code.len() <= max
    {
        true => Ok(code),
        false => Err(AppError::invalid(field, problem)),
    }
}

/// A person named by name and surname or personal number, as typed (resolved against the
/// files by `people::service::resolve_person`).
pub fn person(field: &str, value: &str) -> Result<String, AppError> {
    crate::domain::personal_number::PersonQuery::parse(value)
        .map(|_| value.trim().to_string())
        .ok_or_else(|| AppError::invalid(field, Key::ValidationPersonQuery))
}

/// Free text of a form (objectives, comments, reasons): required, at most 5,000 characters.
pub fn long_text(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, Key::ValidationRequired));
    }
    if value.chars().count() > crate::domain::csv_import::MAX_LONG_TEXT {
        return Err(AppError::invalid(field, Key::ValidationTooLong));
    }
    Ok(value.to_string())
}

/// Free text that may be left empty.
pub fn optional_long_text(field: &str, value: &str) -> Result<Option<String>, AppError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        long_text(field, value).map(Some)
    }
}

/// Text that may be empty, trimmed, at most `max` characters.
pub fn optional_text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::invalid(field, Key::ValidationTooLong));
    }
    Ok(value.to_string())
}

/// Both language versions are required: the Georgian one for documents, the English one for
/// the English interface. The fields are `<field>_ka` and `<field>_en`.
pub fn bilingual(field: &str, ka: &str, en: &str) -> Result<Bilingual, AppError> {
    let mut problems = crate::error::Problems::default();
    let ka = problems.take(required_text(&format!("{field}_ka"), ka));
    let en = problems.take(required_text(&format!("{field}_en"), en));
    problems.finish()?;
    Ok(Bilingual::new(
        ka.unwrap_or_default(),
        en.unwrap_or_default(),
    ))
}

/// Texts in both languages that may be empty (job descriptions).
pub fn optional_bilingual(field: &str, ka: &str, en: &str) -> Result<Bilingual, AppError> {
    Ok(Bilingual::new(
        optional_text(&format!("{field}_ka"), ka, 5_000)?,
        optional_text(&format!("{field}_en"), en, 5_000)?,
    ))
}

/// Ending or removing something, or an act with legal effect, needs the box ticked.
pub fn confirmed(confirm: &Option<String>) -> Result<(), AppError> {
    match confirm.as_deref() {
        Some("yes") | Some("on") | Some("true") => Ok(()),
        _ => Err(AppError::invalid("confirm", Key::ValidationConfirm)),
    }
}

/// A ticked checkbox.
pub fn checked(value: &Option<String>) -> bool {
    matches!(value.as_deref(), Some("yes" | "on" | "true"))
}

pub fn required_date(field: &str, value: &str) -> Result<NaiveDate, AppError> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, Key::ValidationRequired));
    }
    let date = crate::domain::common::parse_date_text(value)
        .ok_or_else(|| AppError::invalid(field, Key::ValidationDate))?;
    if !crate::domain::common::date_in_range(date) {
        return Err(AppError::invalid(field, Key::ValidationDateRange));
    }
    Ok(date)
}

pub fn optional_date(field: &str, value: &str) -> Result<Option<NaiveDate>, AppError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        required_date(field, value).map(Some)
    }
}

/// A record chosen in a select (its id), or none.
pub fn optional_id(field: &str, value: &str) -> Result<Option<i64>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse::<i64>()
        .map(Some)
        .map_err(|_| AppError::invalid(field, Key::ValidationChoice))
}

/// A record that must be chosen.
pub fn required_id(field: &str, value: &str) -> Result<i64, AppError> {
    optional_id(field, value)?.ok_or_else(|| AppError::invalid(field, Key::ValidationRequired))
}

/// One of a closed set of states, by its code.
pub fn choice<T: Coded>(field: &str, value: &str) -> Result<T, AppError> {
    T::parse(value).ok_or_else(|| AppError::invalid(field, Key::ValidationChoice))
}

/// A whole number in `range`.
pub fn number(
    field: &str,
    value: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, AppError> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| AppError::invalid(field, Key::ValidationNumber))
}

/// A list's page number: refused beyond [`crate::page::MAX_PAGE`] (below 1 means the first).
pub fn page(page: Option<i64>) -> Result<Option<i64>, AppError> {
    match page {
        Some(p) if p > crate::page::MAX_PAGE => {
            Err(AppError::invalid("page", Key::ValidationNumber))
        }
        _ => Ok(page),
    }
}

/// A decimal number ("3.5" or "3,5").
pub fn decimal(field: &str, value: &str) -> Result<Decimal, AppError> {
    value
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| AppError::invalid(field, Key::ValidationNumber))
}

/// An amount of money in GEL ("1350", "1 350.00", "1350,5").
pub fn money(field: &str, value: &str) -> Result<Decimal, AppError> {
    crate::domain::csv_import::parse_money(value)
        .ok_or_else(|| AppError::invalid(field, Key::ValidationMoney))
}

/// The ids ticked in a list of checkboxes named `<field>[<id>]`.
pub fn ticked_ids(ticked: &Option<std::collections::HashMap<String, String>>) -> Vec<i64> {
    let mut ids: Vec<i64> = ticked
        .iter()
        .flatten()
        .filter_map(|(k, _)| k.parse().ok())
        .collect();
    ids.sort_unstable();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::staff::Gender;

    #[test]
    fn fields_name_themselves_in_their_errors() {
        assert_eq!(
            required_text("code", "  "),
            Err(AppError::invalid("code", Key::ValidationRequired))
        );
        assert_eq!(
            bilingual("name", "სახელი", "").map(|_| ()),
            Err(AppError::invalid("name_en", Key::ValidationRequired))
        );
        assert_eq!(
            required_date("d", "31.02.2026"),
            Err(AppError::invalid("d", Key::ValidationDate))
        );
        assert_eq!(choice::<Gender>("gender", "female"), Ok(Gender::Female));
        assert_eq!(
            choice::<Gender>("gender", "f"),
            Err(AppError::invalid("gender", Key::ValidationChoice))
        );
        assert_eq!(number("year", "2026", 2000..=2100), Ok(2026));
        assert!(number("year", "1999", 2000..=2100).is_err());
        assert_eq!(
            confirmed(&None),
            Err(AppError::invalid("confirm", Key::ValidationConfirm))
        );
    }
}
