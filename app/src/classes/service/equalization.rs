//! Equalization (გათანაბრება): officers who held an old class rank get the class equal to it.
//! HR records the rank with the order that gave it, confirms the proposed class (or another),
//! and one order equalizes every confirmed rank.
use super::super::repo::{self, NewOldRank};
use super::super::{ItemBasis, OldRankForm, OldRankRow, OldRanks};
use super::class_number;
use super::eligibility::standing;
use super::orders::{draft, DraftItem, OrderHeader};
use crate::domain::class::{self as rules, ClassOrderKind};
use crate::domain::Bilingual;
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::ssr::audit::audit;
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::SqliteConnection;

pub async fn old_ranks(db: &Db, today: NaiveDate) -> Result<OldRanks, AppError> {
    let mut conn = db.read.acquire().await?;
    let titles = repo::titles(&mut conn, today).await?;
    let rows = repo::old_ranks(&mut conn).await?;
    let in_orders = repo::old_rank_orders(&mut conn).await?;
    let records = repo::class_records(&mut conn).await?;
    let mut out = Vec::new();
    let mut ready = 0;
    for r in rows {
        let order = in_orders.get(&r.id).cloned();
        if r.confirmed_class.is_some() && order.is_none() {
            ready += 1;
        }
        let officer = repo::officer(&mut conn, r.employee_id, today)
            .await?
            .map(|o| o.officer())
            .ok_or(AppError::NotFound)?;
        out.push(OldRankRow {
            id: r.id,
            officer,
            old_rank_class: r.old_rank_class as u8,
            old_rank: titles
                .iter()
                .find(|t| i64::from(t.class_no) == r.old_rank_class)
                .map(|t| t.old_rank.clone())
                .unwrap_or_default(),
            proof_number: r.proof_number,
            proof_date: r.proof_date,
            confirmed: r.confirmed_class.map(|c| c as u8),
            current_class: standing(records.get(&r.employee_id)).0,
            order,
        });
    }
    Ok(OldRanks {
        rows: out,
        titles,
        ready,
        today,
    })
}

/// An old rank to record, checked.
pub struct OldRankInput {
    /// The officer, by name or personal number.
    pub personal_number: String,
    pub old_rank_class: u8,
    pub proof_number: String,
    pub proof_date: NaiveDate,
}

impl OldRankInput {
    pub fn parse(form: &OldRankForm, today: NaiveDate) -> Result<Self, AppError> {
        // Every field is checked, so the form shows all its problems at once.
        let mut problems = Problems::default();
        let personal_number =
            problems.take(forms::person("personal_number", &form.personal_number));
        let old_rank_class = problems.take(class_number("old_rank_class", &form.old_rank_class));
        let proof_number = problems.take(forms::required_text("proof_number", &form.proof_number));
        let proof_date = problems
            .take(forms::required_date("proof_date", &form.proof_date))
            .filter(|date| {
                if *date > today {
                    problems.add("proof_date", Key::ClassProofInFuture);
                }
                *date <= today
            });
        problems.finish()?;
        match (personal_number, old_rank_class, proof_number, proof_date) {
            (Some(personal_number), Some(old_rank_class), Some(proof_number), Some(proof_date)) => {
                Ok(OldRankInput {
                    personal_number,
                    old_rank_class,
                    proof_number,
                    proof_date,
                })
            }
            _ => Err(AppError::Request),
        }
    }
}

pub async fn record_old_rank(db: &Db, actor: &Actor, input: OldRankInput) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let employee =
        crate::people::service::resolve_person(&mut tx, "personal_number", &input.personal_number)
            .await?;
    if repo::has_old_rank(&mut tx, employee).await? {
        return Err(AppError::invalid(
            "personal_number",
            Key::ClassOldRankExists,
        ));
    }
    let id = repo::insert_old_rank(
        &mut tx,
        NewOldRank {
            employee_id: employee,
            old_rank_class: input.old_rank_class,
            proof_number: &input.proof_number,
            proof_date: input.proof_date,
            recorded_by: actor.user.id,
            recorded_at: actor.at,
        },
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "old_rank.record",
        "employee",
        employee,
        None,
        Some(json!({ "old_rank_class": input.old_rank_class, "proof_number": input.proof_number, "proof_date": input.proof_date })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An old rank not yet in an order.
async fn open_old_rank(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<repo::OldRankRecord, AppError> {
    let row = repo::old_rank(conn, id).await?.ok_or(AppError::NotFound)?;
    if repo::old_rank_in_order(conn, id).await? {
        return Err(AppError::Conflict(Key::ClassOldRankInOrder));
    }
    Ok(row)
}

pub async fn confirm_old_rank(
    db: &Db,
    actor: &Actor,
    id: i64,
    class_no: u8,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let rank = open_old_rank(&mut tx, id).await?;
    repo::confirm_old_rank(&mut tx, id, class_no, actor.user.id, actor.at).await?;
    audit(
        &mut tx,
        actor,
        "old_rank.confirm",
        "employee",
        rank.employee_id,
        Some(json!({ "confirmed_class": rank.confirmed_class })),
        Some(
            json!({ "confirmed_class": class_no, "proposed": rank.old_rank_class,
                     "as_proposed": rank.old_rank_class == i64::from(class_no) }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_old_rank(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let rank = open_old_rank(&mut tx, id).await?;
    repo::delete_old_rank(&mut tx, id).await?;
    audit(
        &mut tx,
        actor,
        "old_rank.remove",
        "employee",
        rank.employee_id,
        Some(json!({ "old_rank_class": rank.old_rank_class, "confirmed_class": rank.confirmed_class })),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every confirmed old rank not yet in an order, as items equalizing from `effective`.
pub async fn equalization_items(
    conn: &mut SqliteConnection,
    effective: NaiveDate,
) -> Result<Vec<DraftItem>, AppError> {
    let titles = repo::titles(conn, effective).await?;
    let rows = repo::confirmed_old_ranks_outside_orders(conn).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.employee_id).collect();
    let records = repo::class_records_of(conn, &ids).await?;
    let mut items = Vec::new();
    for r in rows {
        let Some(class_no) = r.confirmed_class.map(|c| c as u8) else {
            continue;
        };
        let (current, _) = standing(records.get(&r.employee_id));
        if !rules::is_raise(current, class_no) {
            continue;
        }
        let old_rank = titles
            .iter()
            .find(|t| t.class_no == class_no)
            .map(|t| t.old_rank.clone())
            .unwrap_or_else(Bilingual::default);
        items.push(DraftItem {
            employee_id: r.employee_id,
            from_class: current,
            to_class: class_no,
            basis: ItemBasis::OldRank {
                old_rank,
                proof_number: r.proof_number,
                proof_date: r.proof_date,
            },
            // Ratings from the equalization on count towards the next class.
            basis_through: effective.pred_opt().unwrap_or(effective),
            old_rank_id: Some(r.id),
        });
    }
    Ok(items)
}

/// One order equalizing every confirmed old rank not yet in an order.
pub async fn draft_equalization(
    db: &Db,
    actor: &Actor,
    header: OrderHeader,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let items = equalization_items(&mut tx, header.effective_date).await?;
    // The form has no list to point at: say so for the whole form.
    if items.is_empty() {
        return Err(AppError::Conflict(Key::ClassNothingToEqualize));
    }
    let id = draft(
        &mut tx,
        actor,
        ClassOrderKind::Equalization,
        &header,
        &items,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
