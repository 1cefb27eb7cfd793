//! The staff list's lines: new positions (with the salary from the category's coefficient),
//! their texts, their end, and who supervises whom.
use super::super::repo::{self, NewPosition, PositionTextsRecord};
use super::super::{EndPositionForm, PositionForm, PositionTextsForm, SupervisionForm};
use super::read::snapshot;
use crate::domain::common::tetri;
use crate::domain::order::OrderType;
use crate::domain::staff::{EmploymentType, UnitKind};
use crate::domain::structure::OrgSnapshot;
use crate::domain::Bilingual;
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, with_revision, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::SqliteConnection;

/// A new line of the staff list, checked (the form and the CSV import build it).
pub struct PositionInput {
    pub unit_id: Option<i64>,
    pub title: Bilingual,
    pub category_id: Option<i64>,
    pub employment_type: EmploymentType,
    /// None: computed as base salary × the category's coefficient.
    pub salary: Option<Decimal>,
    pub is_head: bool,
    pub valid_from: NaiveDate,
    pub job_description: Bilingual,
    pub requirements_min: Bilingual,
    pub requirements_extra: Bilingual,
}

impl PositionInput {
    pub fn parse(form: &PositionForm) -> Result<Self, AppError> {
        // Every field is checked, so the form shows all its problems at once.
        let mut problems = Problems::default();
        let texts = problems.take(PositionTexts::parse(&form.texts));
        let unit_id = problems.take(forms::optional_id("unit_id", &form.unit_id));
        let category_id = problems.take(forms::optional_id("category_id", &form.category_id));
        let employment_type = problems.take(
            forms::choice::<EmploymentType>("employment_type", &form.employment_type)
                .map_err(|_| AppError::invalid("employment_type", Key::ValidationEmploymentType)),
        );
        let salary = problems.take(match form.salary.trim() {
            "" => Ok(None),
            text => forms::money("salary", text).map(Some),
        });
        let valid_from = problems.take(forms::required_date("valid_from", &form.valid_from));
        problems.finish()?;
        match (
            texts,
            unit_id,
            category_id,
            employment_type,
            salary,
            valid_from,
        ) {
            (
                Some(texts),
                Some(unit_id),
                Some(category_id),
                Some(employment_type),
                Some(salary),
                Some(valid_from),
            ) => Ok(PositionInput {
                unit_id,
                title: texts.title,
                category_id,
                employment_type,
                salary,
                is_head: forms::checked(&form.is_head),
                valid_from,
                job_description: texts.job_description,
                requirements_min: texts.requirements_min,
                requirements_extra: texts.requirements_extra,
            }),
            _ => Err(AppError::Request),
        }
    }

    /// What the audit row records.
    pub fn json(&self) -> serde_json::Value {
        json!({"unit_id": self.unit_id, "title_ka": self.title.ka, "title_en": self.title.en,
            "category_id": self.category_id, "employment_type": self.employment_type,
            "salary": self.salary, "is_head": self.is_head, "valid_from": self.valid_from})
    }
}

pub async fn create_position(
    db: &Db,
    actor: &Actor,
    input: PositionInput,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let id = insert_position_checked(&mut tx, &input).await?;
    audit(
        &mut tx,
        actor,
        "position.created",
        "position",
        id,
        None,
        Some(input.json()),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// GEL to tetri, refusing negative amounts and fractions of a tetri.
pub(super) fn salary_tetri(amount: Decimal) -> Result<i64, AppError> {
    tetri(amount)
        .filter(|t| *t >= 0)
        .ok_or_else(|| AppError::invalid("salary", Key::ValidationMoney))
}

/// What a checked position will be written with.
pub struct CheckedPosition {
    institution_id: i64,
    rank: Option<i64>,
    salary_tetri: i64,
    coefficient: Option<Decimal>,
}

/// Validates against the database (reads only: the import's check runs it without the writer).
pub async fn check_position(
    conn: &mut SqliteConnection,
    input: &PositionInput,
) -> Result<CheckedPosition, AppError> {
    let institution_id = match input.unit_id {
        Some(unit) => {
            repo::current_unit(conn, unit)
                .await?
                .ok_or_else(|| AppError::invalid("unit_id", Key::ValidationChoice))?
                .institution_id
        }
        None => repo::institution_id(conn).await?,
    };
    let category = match input.category_id {
        Some(category) => Some(
            repo::category_terms(conn, category)
                .await?
                .ok_or_else(|| AppError::invalid("category_id", Key::ValidationChoice))?,
        ),
        None => None,
    };
    let rank = category.as_ref().map(|c| c.rank);
    // The salary as entered, or base × coefficient under the rule in force on valid_from.
    let (salary, coefficient) = super::terms::salary_of(
        conn,
        input.salary,
        category.as_ref().map(|c| c.coefficient.as_str()),
        input.valid_from,
    )
    .await?;
    let salary_tetri = salary_tetri(salary)?;
    if input.employment_type == EmploymentType::Officer && rank.is_none() {
        return Err(AppError::invalid(
            "category_id",
            Key::ValidationOfficerNeedsCategory,
        ));
    }
    if let (true, Some(unit)) = (input.is_head, input.unit_id) {
        if repo::heads_from(conn, unit, input.valid_from).await? > 0 {
            return Err(AppError::invalid("is_head", Key::ValidationUnitHasHead));
        }
    }
    Ok(CheckedPosition {
        institution_id,
        rank,
        salary_tetri,
        coefficient,
    })
}

/// Validates against the database and inserts, inside the caller's transaction (the form and
/// the import).
pub async fn insert_position_checked(
    conn: &mut SqliteConnection,
    input: &PositionInput,
) -> Result<i64, AppError> {
    let CheckedPosition {
        institution_id,
        rank,
        salary_tetri,
        coefficient,
    } = check_position(conn, input).await?;
    Ok(repo::insert_position(
        conn,
        NewPosition {
            institution_id,
            unit_id: input.unit_id,
            title: &input.title,
            rank,
            employment_type: input.employment_type,
            salary_tetri,
            is_head: input.is_head,
            valid_from: input.valid_from,
            category_id: input.category_id,
            salary_coefficient: coefficient,
            job_description: &input.job_description,
            requirements_min: &input.requirements_min,
            requirements_extra: &input.requirements_extra,
        },
    )
    .await?)
}

/// Who supervises a position, and the deputy over a service.
pub struct SupervisionInput {
    pub position: Option<i64>,
    pub reports_to: Option<i64>,
    pub deputy: Option<i64>,
}

impl SupervisionInput {
    pub fn parse(form: &SupervisionForm) -> Result<Self, AppError> {
        Ok(SupervisionInput {
            position: forms::optional_id("position_id", &form.position_id)?,
            reports_to: forms::optional_id("reports_to", &form.reports_to)?,
            deputy: forms::optional_id("deputy_position_id", &form.deputy_position_id)?,
        })
    }
}

/// Sets who supervises a position of a unit, or the deputy over a service; the unit's staff
/// list was loaded at `revision`.
pub async fn set_supervision(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    revision: i64,
    input: SupervisionInput,
) -> Result<(), AppError> {
    let snapshot = snapshot(db, actor.today()).await?;
    let mut tx = db.write.begin().await?;
    let unit = repo::current_unit(&mut tx, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The form shows the unit's staff list: it is stale when the unit changed since.
    let next = advance(&mut tx, Revised::Unit, unit_id, revision).await?;
    if unit.kind == UnitKind::Service && input.deputy != unit.supervisor_position_id {
        if let Some(d) = input.deputy {
            if !repo::is_leadership_position(&mut tx, d).await? {
                return Err(AppError::invalid(
                    "deputy_position_id",
                    Key::ValidationChoice,
                ));
            }
        }
        repo::set_unit_supervisor(&mut tx, unit_id, input.deputy).await?;
        audit(
            &mut tx,
            actor,
            "unit.supervisor_set",
            "org_unit",
            unit_id,
            Some(json!({"supervisor_position_id": unit.supervisor_position_id})),
            Some(with_revision(
                json!({"supervisor_position_id": input.deputy}),
                Revised::Unit,
                next,
            )),
        )
        .await?;
    }
    if let Some(position) = input.position {
        let current = repo::current_position(&mut tx, position)
            .await?
            .filter(|p| p.unit_id == Some(unit_id))
            .ok_or_else(|| AppError::invalid("position_id", Key::ValidationChoice))?;
        if let Some(target) = input.reports_to {
            if snapshot.supervising_position(target).is_none() && !snapshot_has(&snapshot, target) {
                return Err(AppError::invalid("reports_to", Key::ValidationChoice));
            }
            if snapshot.override_creates_cycle(position, target) {
                return Err(AppError::invalid(
                    "reports_to",
                    Key::ValidationSupervisionCycle,
                ));
            }
        }
        repo::set_reports_to(&mut tx, position, input.reports_to).await?;
        audit(
            &mut tx,
            actor,
            "position.supervisor_override",
            "position",
            position,
            Some(json!({"reports_to_position_id": current.reports_to_position_id})),
            Some(json!({"reports_to_position_id": input.reports_to, "unit_revision": next})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn snapshot_has(snapshot: &OrgSnapshot, position: i64) -> bool {
    // The mayor has no supervisor yet is a valid target.
    snapshot.occupant(position).is_some() || snapshot.vacant_positions().contains(&position)
}

pub struct EndPositionInput {
    pub position: i64,
    pub end: NaiveDate,
    pub order: OrderInput,
}

impl EndPositionInput {
    pub fn parse(form: &EndPositionForm) -> Result<Self, AppError> {
        forms::confirmed(&form.confirm)?;
        Ok(EndPositionInput {
            position: forms::required_id("position_id", &form.position_id)?,
            end: forms::required_date("end_date", &form.end_date)?,
            order: OrderInput::parse(&form.order)?,
        })
    }
}

/// Ends a position (from its unit's staff list loaded at `revision`, or its own page for a
/// position outside the units); returns its unit.
pub async fn end_position(
    db: &Db,
    actor: &Actor,
    revision: i64,
    input: EndPositionInput,
) -> Result<Option<i64>, AppError> {
    let EndPositionInput {
        position,
        end,
        order,
    } = input;
    let mut tx = db.write.begin().await?;
    let current = repo::current_position(&mut tx, position)
        .await?
        .ok_or_else(|| AppError::invalid("position_id", Key::ValidationChoice))?;
    let (record, id) = match current.unit_id {
        Some(unit) => (Revised::Unit, unit),
        None => (Revised::Position, position),
    };
    let next = advance(&mut tx, record, id, revision).await?;
    if end < current.valid_from {
        return Err(AppError::invalid("end_date", Key::ValidationAfterStart));
    }
    if repo::holders_after(&mut tx, position, end).await? > 0 {
        return Err(AppError::invalid(
            "position_id",
            Key::ValidationPositionStillHeld,
        ));
    }
    let order_id = order
        .resolve(&mut tx, actor, &current.title_ka, end, OrderType::Main)
        .await?;
    repo::end_position(&mut tx, position, end).await?;
    audit(
        &mut tx,
        actor,
        "position.ended",
        "position",
        position,
        Some(json!({"valid_to": null})),
        Some(json!({"valid_to": end, "order_id": order_id, "unit_revision": next})),
    )
    .await?;
    tx.commit().await?;
    Ok(current.unit_id)
}

/// A position's titles and texts, checked.
pub struct PositionTexts {
    pub title: Bilingual,
    pub job_description: Bilingual,
    pub requirements_min: Bilingual,
    pub requirements_extra: Bilingual,
}

impl PositionTexts {
    pub fn parse(form: &PositionTextsForm) -> Result<Self, AppError> {
        let mut problems = Problems::default();
        let title = problems.take(forms::bilingual("title", &form.title_ka, &form.title_en));
        let mut optional = |field: &str, ka: &str, en: &str| {
            problems
                .take(forms::optional_bilingual(field, ka, en))
                .unwrap_or_default()
        };
        let job_description = optional(
            "job_description",
            &form.job_description_ka,
            &form.job_description_en,
        );
        let requirements_min = optional(
            "requirements_min",
            &form.requirements_min_ka,
            &form.requirements_min_en,
        );
        let requirements_extra = optional(
            "requirements_extra",
            &form.requirements_extra_ka,
            &form.requirements_extra_en,
        );
        problems.finish()?;
        Ok(PositionTexts {
            title: title.ok_or(AppError::Request)?,
            job_description,
            requirements_min,
            requirements_extra,
        })
    }

    fn record(&self) -> PositionTextsRecord {
        PositionTextsRecord {
            title_ka: self.title.ka.clone(),
            title_en: self.title.en.clone(),
            job_description_ka: self.job_description.ka.clone(),
            job_description_en: self.job_description.en.clone(),
            requirements_min_ka: self.requirements_min.ka.clone(),
            requirements_min_en: self.requirements_min.en.clone(),
            requirements_extra_ka: self.requirements_extra.ka.clone(),
            requirements_extra_en: self.requirements_extra.en.clone(),
        }
    }
}

/// Corrects the texts of a position loaded at `revision`.
pub async fn update_position(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    texts: PositionTexts,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let before = repo::position_texts(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = advance(&mut tx, Revised::Position, id, revision).await?;
    let after = texts.record();
    repo::update_position_texts(&mut tx, id, &after).await?;
    audit(
        &mut tx,
        actor,
        "position.updated",
        "position",
        id,
        Some(before.json()),
        Some(with_revision(after.json(), Revised::Position, next)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
