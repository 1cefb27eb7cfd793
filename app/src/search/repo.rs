//! SQL of the search: units and positions in force on a day whose name matches, in either
//! language, case aside.
use super::{PositionHit, UnitHit};
use crate::domain::Bilingual;
use crate::ssr::repo::like_pattern;
use chrono::NaiveDate;
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct UnitRecord {
    id: i64,
    name_ka: String,
    name_en: String,
    parent_ka: Option<String>,
    parent_en: Option<String>,
}

pub async fn units(
    db: &SqlitePool,
    q: &str,
    on: NaiveDate,
    limit: i64,
) -> Result<Vec<UnitHit>, sqlx::Error> {
    let rows: Vec<UnitRecord> = sqlx::query_as(
        "SELECT u.id, u.name_ka, u.name_en, p.name_ka AS parent_ka, p.name_en AS parent_en
         FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id
         WHERE u.valid_from <= $2 AND (u.valid_to IS NULL OR u.valid_to >= $2)
           AND (LOWER(u.name_ka) LIKE $1 ESCAPE '\\' OR LOWER(u.name_en) LIKE $1 ESCAPE '\\')
         ORDER BY u.name_ka LIMIT $3",
    )
    .bind(like_pattern(q, false))
    .bind(on)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| UnitHit {
            id: r.id,
            name: Bilingual::new(r.name_ka, r.name_en),
            parent: Bilingual::both(r.parent_ka, r.parent_en),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct PositionRecord {
    id: i64,
    title_ka: String,
    title_en: String,
    unit_id: Option<i64>,
    unit_ka: Option<String>,
    unit_en: Option<String>,
}

pub async fn positions(
    db: &SqlitePool,
    q: &str,
    on: NaiveDate,
    limit: i64,
) -> Result<Vec<PositionHit>, sqlx::Error> {
    let rows: Vec<PositionRecord> = sqlx::query_as(
        "SELECT p.id, p.title_ka, p.title_en, p.unit_id, u.name_ka AS unit_ka, u.name_en AS unit_en
         FROM positions p LEFT JOIN org_units u ON u.id = p.unit_id
         WHERE p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to >= $2)
           AND (LOWER(p.title_ka) LIKE $1 ESCAPE '\\' OR LOWER(p.title_en) LIKE $1 ESCAPE '\\')
         ORDER BY p.title_ka, p.id LIMIT $3",
    )
    .bind(like_pattern(q, false))
    .bind(on)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PositionHit {
            id: r.id,
            title: Bilingual::new(r.title_ka, r.title_en),
            unit_id: r.unit_id,
            unit: Bilingual::both(r.unit_ka, r.unit_en),
        })
        .collect())
}
