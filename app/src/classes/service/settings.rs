//! Class titles, bonus rates and promotion rules: read with what is in force, and new values
//! added for a future date only, so past registers and decisions never change.
use super::super::repo::{self, NewRate, RateRecord, RuleRecord};
use super::super::{ClassSettings, RateForm, RuleForm, RuleValue};
use super::class_number;
use crate::domain::class::ClassRules;
use crate::domain::rule::Certainty;
use crate::domain::Bilingual;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::SqliteConnection;

/// Rule keys HR may change, besides `ClassRules::KEYS`.
pub const EXTRA_RULES: [&str; 2] = ["class.legal_visa", "class.first_paid_after_months"];

/// Marks the rows in force on `today` and those still to come, among rows of the same class
/// or key (sorted by date).
fn mark_current(rows: &mut [RuleValue], today: NaiveDate) {
    for i in 0..rows.len() {
        let next_same = rows
            .get(i + 1)
            .filter(|n| n.key == rows[i].key && n.class_no == rows[i].class_no);
        rows[i].current =
            rows[i].valid_from <= today && next_same.is_none_or(|n| n.valid_from > today);
        rows[i].future = rows[i].valid_from > today;
    }
}

fn rate_value(r: RateRecord) -> RuleValue {
    RuleValue {
        key: "class.bonus_rate".into(),
        class_no: Some(r.class_no as u8),
        value: r.rate,
        valid_from: r.valid_from,
        source: crate::ssr::repo::cited(r.legal_source, r.legal_source_en),
        certainty: r.certainty,
        current: false,
        future: false,
    }
}

fn rule_value(r: RuleRecord) -> RuleValue {
    RuleValue {
        key: r.key,
        class_no: None,
        value: r.value,
        valid_from: r.valid_from,
        source: crate::ssr::repo::cited(r.legal_source, r.legal_source_en),
        certainty: r.certainty,
        current: false,
        future: false,
    }
}

pub async fn settings(db: &Db, today: NaiveDate) -> Result<ClassSettings, AppError> {
    let mut conn = db.read.acquire().await?;
    let mut rates: Vec<RuleValue> = repo::rates(&mut conn)
        .await?
        .into_iter()
        .map(rate_value)
        .collect();
    let mut rules: Vec<RuleValue> = repo::class_rules(&mut conn)
        .await?
        .into_iter()
        .map(rule_value)
        .collect();
    mark_current(&mut rates, today);
    mark_current(&mut rules, today);
    Ok(ClassSettings {
        revision: repo::settings_revision(&mut conn).await?,
        today,
        titles: repo::titles(&mut conn, today).await?,
        rates,
        rules,
    })
}

/// The class rules in force on `on`.
pub async fn rules_on(conn: &mut SqliteConnection, on: NaiveDate) -> Result<ClassRules, AppError> {
    let mut values = [0u32; 6];
    for (i, key) in ClassRules::KEYS.iter().enumerate() {
        values[i] = crate::ssr::rules::number(conn, key, on).await?;
    }
    ClassRules::from_values(&values)
        .ok_or_else(|| AppError::internal(format!("class rules out of range on {on}")))
}

/// A future date for a new rule or rate: past registers and decisions keep theirs.
fn future_date(field: &str, text: &str, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let date = forms::required_date(field, text)?;
    if date <= today {
        return Err(AppError::invalid(field, Key::ClassDateNotFuture));
    }
    Ok(date)
}

/// What every new value of a setting carries: a future date, its legal source in both languages
/// and how certain it is (fields `valid_from`, `legal_source_ka`, `legal_source_en`, `certainty`).
fn dated_source(
    p: &mut crate::error::Problems,
    [valid_from, source_ka, source_en, certainty]: [&str; 4],
    today: NaiveDate,
) -> (Option<NaiveDate>, Option<Bilingual>, Option<Certainty>) {
    (
        p.take(future_date("valid_from", valid_from, today)),
        p.take(forms::bilingual("legal_source", source_ka, source_en)),
        p.take(forms::choice("certainty", certainty)),
    )
}

/// A new bonus rate, checked.
pub struct RateInput {
    pub class_no: u8,
    pub rate: Decimal,
    pub valid_from: NaiveDate,
    pub source: Bilingual,
    pub certainty: Certainty,
}

impl RateInput {
    /// Every field checked, every problem reported at once.
    pub fn parse(form: &RateForm, today: NaiveDate) -> Result<Self, AppError> {
        let mut p = crate::error::Problems::default();
        let class_no = p.take(class_number("class_no", &form.class_no));
        let rate = p.take(
            form.rate
                .trim()
                .replace(',', ".")
                .parse()
                .ok()
                .filter(|r: &Decimal| {
                    *r >= Decimal::ZERO && *r <= Decimal::ONE_HUNDRED && r.scale() <= 2
                })
                .ok_or_else(|| AppError::invalid("rate", Key::ClassRateInvalid)),
        );
        let (valid_from, source, certainty) = dated_source(
            &mut p,
            [
                &form.valid_from,
                &form.legal_source_ka,
                &form.legal_source_en,
                &form.certainty,
            ],
            today,
        );
        p.finish()?;
        match (class_no, rate, valid_from, source, certainty) {
            (Some(class_no), Some(rate), Some(valid_from), Some(source), Some(certainty)) => {
                Ok(RateInput {
                    class_no,
                    rate,
                    valid_from,
                    source,
                    certainty,
                })
            }
            _ => Err(AppError::Conflict(Key::ValidationRequired)),
        }
    }
}

/// Adds a rate to the settings loaded at `revision`.
pub async fn set_rate(
    db: &Db,
    actor: &Actor,
    revision: i64,
    input: RateInput,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let next = advance(&mut tx, Revised::ClassSettings, 0, revision).await?;
    if repo::rate_exists(&mut tx, input.class_no, input.valid_from).await? {
        return Err(AppError::invalid("valid_from", Key::ClassRuleDateTaken));
    }
    let id = repo::insert_rate(
        &mut tx,
        NewRate {
            class_no: input.class_no,
            rate: input.rate,
            valid_from: input.valid_from,
            legal_source: &input.source,
            certainty: input.certainty,
            created_by: actor.user.id,
            created_at: actor.at,
        },
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "class_rate.create",
        "class_bonus_rate",
        id,
        None,
        Some(
            json!({ "class": input.class_no, "rate": input.rate, "valid_from": input.valid_from,
                     "source": input.source, "certainty": input.certainty, "revision": next }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new value of a class rule, checked on its own (the service checks it with the others).
pub struct RuleInput {
    pub key: String,
    pub value: u32,
    pub valid_from: NaiveDate,
    pub source: Bilingual,
    pub certainty: Certainty,
}

impl RuleInput {
    /// Every field checked, every problem reported at once.
    pub fn parse(form: &RuleForm, today: NaiveDate) -> Result<Self, AppError> {
        let mut p = crate::error::Problems::default();
        let key = form.key.trim().to_string();
        if !ClassRules::KEYS.contains(&key.as_str()) && !EXTRA_RULES.contains(&key.as_str()) {
            p.add("key", Key::ValidationChoice);
        }
        let value = p.take(
            form.value
                .trim()
                .parse()
                .map_err(|_| AppError::invalid("value", Key::ValidationNumber)),
        );
        let (valid_from, source, certainty) = dated_source(
            &mut p,
            [
                &form.valid_from,
                &form.legal_source_ka,
                &form.legal_source_en,
                &form.certainty,
            ],
            today,
        );
        p.finish()?;
        match (value, valid_from, source, certainty) {
            (Some(value), Some(valid_from), Some(source), Some(certainty)) => Ok(RuleInput {
                key,
                value,
                valid_from,
                source,
                certainty,
            }),
            _ => Err(AppError::Conflict(Key::ValidationRequired)),
        }
    }
}

/// Adds a rule value to the settings loaded at `revision`.
pub async fn set_rule(
    db: &Db,
    actor: &Actor,
    revision: i64,
    input: RuleInput,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let next = advance(&mut tx, Revised::ClassSettings, 0, revision).await?;
    // The value must make sense together with the others in force from that date.
    let fits = match ClassRules::KEYS.iter().position(|k| *k == input.key) {
        Some(i) => {
            let mut values = [0u32; 6];
            for (j, k) in ClassRules::KEYS.iter().enumerate() {
                values[j] = crate::ssr::rules::number(&mut tx, k, input.valid_from).await?;
            }
            values[i] = input.value;
            ClassRules::from_values(&values).is_some()
        }
        None if input.key == "class.legal_visa" => input.value <= 1,
        None => input.value <= 3,
    };
    if !fits {
        return Err(AppError::invalid("value", Key::ClassRuleOutOfRange));
    }
    if repo::rule_exists(&mut tx, &input.key, input.valid_from).await? {
        return Err(AppError::invalid("valid_from", Key::ClassRuleDateTaken));
    }
    let id = repo::insert_rule(
        &mut tx,
        &input.key,
        input.value,
        input.valid_from,
        &input.source,
        input.certainty,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "rule_setting.create",
        "rule_setting",
        id,
        None,
        Some(
            json!({ "key": input.key, "value": input.value, "valid_from": input.valid_from,
                     "source": input.source, "certainty": input.certainty, "revision": next }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
