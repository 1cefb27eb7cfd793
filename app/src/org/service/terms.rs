//! Dated pay terms (issue 13, item 3): a position's official salary, category and coefficient
//! and employment type change by an act from a date, its holders staying in place and the
//! history kept; a new base salary from a date recomputes every base × coefficient position.
//! The pay register, the evaluation population and class eligibility read the terms in force
//! on each day; the position row shows today's.
use super::super::repo::{self, NewTerms, TermsRecord};
use super::super::{BaseSalaryForm, BaseSalaryLine, BaseSalaryPreview, PositionTerms, TermsForm};
use super::positions::salary_tetri;
use crate::domain::common::{money_from_tetri, tetri};
use crate::domain::order::OrderType;
use crate::domain::pay::{month_end, official_salary};
use crate::domain::rule::Certainty;
use crate::domain::staff::EmploymentType;
use crate::domain::Bilingual;
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, with_revision, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::SqliteConnection;

/// New terms for one position, checked.
pub struct TermsInput {
    pub valid_from: NaiveDate,
    pub employment_type: EmploymentType,
    pub category_id: Option<i64>,
    /// None: base salary × the category's coefficient in force on `valid_from`.
    pub salary: Option<Decimal>,
    pub order: OrderInput,
}

impl TermsInput {
    pub fn parse(form: &TermsForm) -> Result<Self, AppError> {
        // Every field is checked, so the form shows all its problems at once.
        let mut problems = Problems::default();
        let valid_from = problems.take(forms::required_date("valid_from", &form.valid_from));
        let employment_type = problems.take(
            forms::choice::<EmploymentType>("employment_type", &form.employment_type)
                .map_err(|_| AppError::invalid("employment_type", Key::ValidationEmploymentType)),
        );
        let category_id = problems.take(forms::optional_id("category_id", &form.category_id));
        let salary = problems.take(match form.salary.trim() {
            "" => Ok(None),
            text => forms::money("salary", text).map(Some),
        });
        let order = problems.take(OrderInput::parse(&form.order));
        problems.take(forms::confirmed(&form.confirm));
        problems.finish()?;
        match (valid_from, employment_type, category_id, salary, order) {
            (
                Some(valid_from),
                Some(employment_type),
                Some(category_id),
                Some(salary),
                Some(order),
            ) => Ok(TermsInput {
                valid_from,
                employment_type,
                category_id,
                salary,
                order,
            }),
            _ => Err(AppError::Request),
        }
    }
}

/// The official salary as entered, or base × the category's coefficient under the base salary
/// in force on `on`; with the coefficient when computed.
pub async fn salary_of(
    conn: &mut SqliteConnection,
    salary: Option<Decimal>,
    coefficient: Option<&str>,
    on: NaiveDate,
) -> Result<(Decimal, Option<Decimal>), AppError> {
    match (salary, coefficient) {
        (Some(salary), _) => Ok((salary, None)),
        (None, Some(coefficient)) => {
            let coefficient = Decimal::from_str_exact(coefficient).map_err(AppError::internal)?;
            let base = base_salary_on(conn, on)
                .await?
                .ok_or_else(|| AppError::invalid("salary", Key::ValidationRequired))?;
            Ok((official_salary(base, coefficient), Some(coefficient)))
        }
        (None, None) => Err(AppError::invalid("salary", Key::ValidationSalaryOrCategory)),
    }
}

async fn base_salary_on(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Option<Decimal>, AppError> {
    match crate::ssr::repo::rule_setting(conn, "pay.base_salary", on).await? {
        Some(row) => Ok(Some(
            Decimal::from_str_exact(&row.value).map_err(AppError::internal)?,
        )),
        None => Ok(None),
    }
}

/// When terms from `from` reach into months whose registers are closed, the first open
/// register pays the difference for them as arrears.
async fn first_paid(
    conn: &mut SqliteConnection,
    from: NaiveDate,
) -> Result<Option<NaiveDate>, AppError> {
    Ok(crate::classes::repo::closed_span(conn)
        .await?
        .filter(|(_, last)| from <= month_end(*last))
        .map(|(_, last)| last + Months::new(1)))
}

/// Changes a position's terms from a date by an act: the terms before stay in the history,
/// its holders stay in place. The position was loaded at `revision`.
pub async fn change_terms(
    db: &Db,
    actor: &Actor,
    position: i64,
    revision: i64,
    input: TermsInput,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let span = repo::position_span(&mut tx, position)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = advance(&mut tx, Revised::Position, position, revision).await?;
    if input.valid_from <= span.valid_from || span.valid_to.is_some_and(|to| input.valid_from > to)
    {
        return Err(AppError::invalid(
            "valid_from",
            Key::ValidationPositionNotInEffect,
        ));
    }
    let history = repo::terms_history(&mut tx, position).await?;
    if history.iter().any(|t| t.valid_from == input.valid_from) {
        return Err(AppError::invalid("valid_from", Key::TermsDateTaken));
    }
    let rank = repo::position_rank(&mut tx, position).await?;
    let category = match input.category_id {
        Some(id) => {
            let category = repo::category_terms(&mut tx, id)
                .await?
                .ok_or_else(|| AppError::invalid("category_id", Key::ValidationChoice))?;
            // A different rank is a different line of the staff list (end it, create another).
            if rank.is_some_and(|r| r != category.rank) {
                return Err(AppError::invalid("category_id", Key::TermsRankChange));
            }
            Some(category)
        }
        None => None,
    };
    if input.employment_type == EmploymentType::Officer && category.is_none() {
        return Err(AppError::invalid(
            "category_id",
            Key::ValidationOfficerNeedsCategory,
        ));
    }
    let (salary, coefficient) = salary_of(
        &mut tx,
        input.salary,
        category.as_ref().map(|c| c.coefficient.as_str()),
        input.valid_from,
    )
    .await?;
    let salary_tetri = salary_tetri(salary)?;
    let order_id = input
        .order
        .resolve(
            &mut tx,
            actor,
            &span.title_ka,
            input.valid_from,
            OrderType::Main,
        )
        .await?;
    let first_paid = first_paid(&mut tx, input.valid_from).await?;
    let before = history
        .iter()
        .rev()
        .find(|t| t.valid_from < input.valid_from)
        .map(terms_json);
    let id = repo::insert_terms(
        &mut tx,
        NewTerms {
            position_id: position,
            valid_from: input.valid_from,
            employment_type: input.employment_type,
            salary_tetri,
            category_id: input.category_id,
            salary_coefficient: coefficient,
            order_id: Some(order_id),
            first_paid,
            created_at: actor.at,
        },
    )
    .await?;
    repo::apply_terms_in_force(&mut tx, actor.today(), Some(position)).await?;
    let after = json!({"terms_id": id, "valid_from": input.valid_from,
        "employment_type": input.employment_type, "salary": salary, "category_id": input.category_id,
        "coefficient": coefficient, "order_id": order_id, "first_paid": first_paid});
    audit(
        &mut tx,
        actor,
        "position.terms_changed",
        "position",
        position,
        before,
        Some(with_revision(after, Revised::Position, next)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn terms_json(t: &TermsRecord) -> serde_json::Value {
    json!({"valid_from": t.valid_from, "employment_type": t.employment_type,
        "salary": money_from_tetri(t.salary_tetri), "category_id": t.category_id,
        "coefficient": t.salary_coefficient})
}

/// A position's terms for its page, oldest first.
pub async fn terms_of(
    conn: &mut SqliteConnection,
    position: i64,
) -> Result<Vec<PositionTerms>, AppError> {
    Ok(repo::terms_history(conn, position)
        .await?
        .into_iter()
        .map(|t| PositionTerms {
            valid_from: t.valid_from,
            valid_to: t.valid_to,
            employment_type: t.employment_type,
            salary: money_from_tetri(t.salary_tetri),
            category: Bilingual::both(t.category_ka, t.category_en),
            coefficient: t
                .salary_coefficient
                .as_deref()
                .and_then(|c| Decimal::from_str_exact(c).ok()),
            order: t.order_number.zip(t.order_date),
        })
        .collect())
}

/// A base salary revision, checked.
pub struct BaseSalaryInput {
    pub valid_from: NaiveDate,
    pub amount: Decimal,
}

impl BaseSalaryInput {
    pub fn parse(valid_from: &str, amount: &str) -> Result<Self, AppError> {
        let mut problems = Problems::default();
        let valid_from = problems.take(forms::required_date("valid_from", valid_from));
        let amount = problems
            .take(forms::money("amount", amount))
            .filter(|amount| {
                let positive = tetri(*amount).is_some_and(|t| t > 0);
                if !positive {
                    problems.add("amount", Key::ValidationMoney);
                }
                positive
            });
        problems.finish()?;
        match (valid_from, amount) {
            (Some(valid_from), Some(amount)) => Ok(BaseSalaryInput { valid_from, amount }),
            _ => Err(AppError::Request),
        }
    }
}

/// What a new base salary from a date would do: every base × coefficient position in effect
/// that day with its salary before and after (HR confirms the list as one act).
pub async fn base_salary_preview(
    db: &Db,
    input: &BaseSalaryInput,
) -> Result<BaseSalaryPreview, AppError> {
    let mut conn = db.read.acquire().await?;
    let current = base_salary_on(&mut conn, input.valid_from).await?;
    let lines = revised_lines(&mut conn, input).await?;
    Ok(BaseSalaryPreview {
        valid_from: input.valid_from,
        amount: input.amount,
        current,
        lines,
    })
}

async fn revised_lines(
    conn: &mut SqliteConnection,
    input: &BaseSalaryInput,
) -> Result<Vec<BaseSalaryLine>, AppError> {
    let terms = repo::coefficient_terms_on(conn, input.valid_from).await?;
    let titles = repo::position_titles(
        conn,
        &terms.iter().map(|t| t.position_id).collect::<Vec<_>>(),
    )
    .await?;
    let mut lines = Vec::new();
    for t in terms {
        let Some(coefficient) = t
            .salary_coefficient
            .as_deref()
            .and_then(|c| Decimal::from_str_exact(c).ok())
        else {
            continue;
        };
        let after = official_salary(input.amount, coefficient);
        let before = money_from_tetri(t.salary_tetri);
        if after == before {
            continue;
        }
        let (title, unit) = titles.get(&t.position_id).cloned().unwrap_or_default();
        lines.push(BaseSalaryLine {
            position_id: t.position_id,
            title,
            unit,
            coefficient,
            before,
            after,
        });
    }
    Ok(lines)
}

/// HR revises the base salary from a date: the setting gains the new value with the act as its
/// source, and every base × coefficient position in effect that day gets new terms from it, in
/// one transaction under one order, audited.
pub async fn revise_base_salary(
    db: &Db,
    actor: &Actor,
    form: &BaseSalaryForm,
) -> Result<usize, AppError> {
    let input = BaseSalaryInput::parse(&form.valid_from, &form.amount)?;
    let order = OrderInput::parse(&form.order)?;
    forms::confirmed(&form.confirm)?;
    let expected: usize = form.expected.trim().parse().unwrap_or(usize::MAX);
    let mut tx = db.write.begin().await?;
    let lines = revised_lines(&mut tx, &input).await?;
    // The list HR confirmed must still be the list: otherwise someone changed it meanwhile.
    if lines.len() != expected {
        return Err(AppError::Conflict(Key::BaseSalaryListChanged));
    }
    if crate::classes::repo::rule_exists(&mut tx, "pay.base_salary", input.valid_from).await? {
        return Err(AppError::invalid("valid_from", Key::TermsDateTaken));
    }
    let order_id = order
        .resolve(
            &mut tx,
            actor,
            Key::BaseSalaryOrderTitle.text(crate::i18n::Locale::Ka),
            input.valid_from,
            OrderType::Main,
        )
        .await?;
    let date = crate::domain::common::date_text(order.date);
    let cite = |locale| {
        Key::BaseSalarySource.format(locale, &[("number", &order.number), ("date", &date)])
    };
    let source =
        crate::domain::Bilingual::new(cite(crate::i18n::Locale::Ka), cite(crate::i18n::Locale::En));
    crate::ssr::repo::insert_rule_setting(
        &mut tx,
        "pay.base_salary",
        &input.amount.to_string(),
        input.valid_from,
        &source,
        Certainty::Confirmed,
    )
    .await?;
    let first_paid = first_paid(&mut tx, input.valid_from).await?;
    for line in &lines {
        let Some(current) = repo::terms_on(&mut tx, line.position_id, input.valid_from).await?
        else {
            continue;
        };
        let new = NewTerms {
            position_id: line.position_id,
            valid_from: input.valid_from,
            employment_type: current.employment_type,
            salary_tetri: salary_tetri(line.after)?,
            category_id: current.category_id,
            salary_coefficient: Some(line.coefficient),
            order_id: Some(order_id),
            first_paid,
            created_at: actor.at,
        };
        if current.valid_from == input.valid_from {
            repo::replace_terms_salary(&mut tx, current.id, new.salary_tetri, order_id).await?;
        } else {
            repo::insert_terms(&mut tx, new).await?;
        }
        advance_quietly(&mut tx, line.position_id).await?;
    }
    repo::apply_terms_in_force(&mut tx, actor.today(), None).await?;
    audit(
        &mut tx,
        actor,
        "pay.base_salary_revised",
        "order",
        order_id,
        None,
        Some(
            json!({"valid_from": input.valid_from, "amount": input.amount,
            "positions": lines.iter().map(|l| json!({"position_id": l.position_id,
                "before": l.before, "after": l.after})).collect::<Vec<_>>(),
            "first_paid": first_paid}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(lines.len())
}

/// A revised position's open forms are stale: its revision moves on.
async fn advance_quietly(conn: &mut SqliteConnection, position: i64) -> Result<(), AppError> {
    repo::bump_position_revision(conn, position).await?;
    Ok(())
}

/// Brings every position row to the terms in force on `today` (run at start and hourly, so a
/// change dated in the future shows on the staff list from its day).
pub async fn bring_terms_up_to(db: &Db, today: NaiveDate) -> Result<u64, AppError> {
    let mut tx = db.write.begin().await?;
    let changed = repo::apply_terms_in_force(&mut tx, today, None).await?;
    tx.commit().await?;
    Ok(changed)
}
