//! Keeping the holiday table, each change audited in its transaction.
use super::{repo, Holiday};
use crate::domain::Bilingual;
use crate::error::AppError;
use crate::ssr::audit::audit;
use crate::ssr::{Actor, Db};
use chrono::NaiveDate;
use serde_json::json;

pub async fn list(db: &Db, year: i32) -> Result<Vec<Holiday>, AppError> {
    Ok(repo::in_year(&db.read, year)
        .await?
        .into_iter()
        .map(|h| Holiday {
            day: h.day,
            name: Bilingual::new(h.name_ka, h.name_en),
        })
        .collect())
}

pub async fn add(db: &Db, actor: &Actor, day: NaiveDate, name: &Bilingual) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let before = repo::holiday(&mut tx, day).await?;
    repo::upsert(&mut tx, day, &name.ka, &name.en).await?;
    audit(
        &mut *tx,
        actor,
        "holiday.saved",
        "holiday",
        day,
        before.map(|b| json!({"day": day, "name_ka": b.name_ka, "name_en": b.name_en})),
        Some(json!({"day": day, "name_ka": name.ka, "name_en": name.en})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove(db: &Db, actor: &Actor, day: NaiveDate) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let before = repo::holiday(&mut tx, day)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::delete(&mut tx, day).await?;
    audit(
        &mut *tx,
        actor,
        "holiday.removed",
        "holiday",
        day,
        Some(json!({"day": day, "name_ka": before.name_ka, "name_en": before.name_en})),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
