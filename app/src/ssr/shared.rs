//! Values many requests need and few writes change, computed once and shared: the structure on
//! a day (who supervises whom, the tree with its head counts). Each is stored with the
//! structure's revision it was computed at; the database bumps that revision in the same
//! transaction as any change of units, positions, assignments or names (migration 0019's
//! triggers), so a value is reused exactly until the data under it changes, whichever app
//! server made the change.
use super::Db;
use crate::error::AppError;
use chrono::NaiveDate;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// More days than this (a few are usual: today, and past dates someone browses) and the
/// store starts over, so it cannot grow without bound.
const MAX_ENTRIES: usize = 64;

type Entry = (i64, Arc<dyn Any + Send + Sync>);

/// The values of one app server, by kind and day.
#[derive(Default)]
pub struct SharedValues {
    entries: Mutex<HashMap<(TypeId, NaiveDate), Entry>>,
}

impl std::fmt::Debug for SharedValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedValues")
    }
}

impl SharedValues {
    fn get<T: Any + Send + Sync>(&self, on: NaiveDate, revision: i64) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (stored, value) = entries.get(&(TypeId::of::<T>(), on))?;
        (*stored == revision)
            .then(|| value.clone().downcast::<T>().ok())
            .flatten()
    }

    fn put<T: Any + Send + Sync>(&self, on: NaiveDate, revision: i64, value: Arc<T>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        let key = (TypeId::of::<T>(), on);
        // A slower computation started at an older revision never replaces a newer one.
        if entries
            .get(&key)
            .is_none_or(|(stored, _)| *stored <= revision)
        {
            entries.insert(key, (revision, value));
        }
    }
}

/// The structure's revision now (one row, read by primary key).
pub async fn structure_revision(db: &Db) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT revision FROM structure_revision WHERE id = 1")
            .fetch_one(&db.read)
            .await?,
    )
}

/// The value of kind `T` for day `on`, computed by `compute` only when the structure changed
/// since it was last computed. The revision is read before computing, so a value is never
/// stored under a revision newer than the data it was computed from.
pub async fn structure_value<T, Fut>(
    db: &Db,
    on: NaiveDate,
    compute: impl FnOnce() -> Fut,
) -> Result<Arc<T>, AppError>
where
    T: Any + Send + Sync,
    Fut: Future<Output = Result<T, AppError>>,
{
    let revision = structure_revision(db).await?;
    if let Some(value) = db.shared.get::<T>(on, revision) {
        return Ok(value);
    }
    let value = Arc::new(compute().await?);
    db.shared.put(on, revision, value.clone());
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
    }

    #[test]
    fn a_value_is_reused_only_at_its_revision_and_day() {
        let shared = SharedValues::default();
        shared.put(day(20), 7, Arc::new(String::from("tree")));
        assert_eq!(
            shared
                .get::<String>(day(20), 7)
                .as_deref()
                .map(String::as_str),
            Some("tree")
        );
        assert!(shared.get::<String>(day(20), 8).is_none());
        assert!(shared.get::<String>(day(21), 7).is_none());
        assert!(shared.get::<u32>(day(20), 7).is_none());
    }

    #[test]
    fn an_older_revision_never_replaces_a_newer_one() {
        let shared = SharedValues::default();
        shared.put(day(20), 9, Arc::new(9u32));
        shared.put(day(20), 8, Arc::new(8u32));
        assert_eq!(shared.get::<u32>(day(20), 9).as_deref(), Some(&9));
    }

    #[test]
    fn the_store_is_bounded() {
        let shared = SharedValues::default();
        for d in 0..(MAX_ENTRIES as i64 + 5) {
            shared.put(day(1) + chrono::Days::new(d as u64), 1, Arc::new(1u8));
        }
        assert!(shared.entries.lock().expect("lock").len() <= MAX_ENTRIES);
    }
}
