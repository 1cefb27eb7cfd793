//! Optimistic concurrency. Every editable record carries a revision; a form sends the revision
//! it was loaded with, and a change goes through only while that is still the record's. Two
//! people editing the same record: the second one is refused with what the first one changed,
//! instead of silently overwriting it.
use super::repo;
use crate::domain::common::stamp;
use crate::error::AppError;
use serde_json::Value;
use sqlx::SqliteConnection;

/// The records that carry a revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revised {
    /// A personal file's details.
    Employee,
    /// A personal file's entries (education, work history, documents).
    EmployeeEntries,
    Position,
    Unit,
    /// An evaluation method version (its competencies while no cycle uses it).
    Method,
    /// The class titles, bonus rates and promotion rules.
    ClassSettings,
    /// A vacancy record (its state and decision).
    Vacancy,
    /// A competition (its announcement, commission and state).
    Competition,
    /// An application (amended by the applicant, checked by HR).
    Application,
    /// An applicant's review request (decided once).
    Review,
    /// A move filling a vacancy without competition (consent, agreement, order).
    Move,
    /// A probation (its mentor and plan).
    Probation,
    /// A month's work plan and report.
    WorkPlan,
    /// A disciplinary sanction (its end, or its lifting).
    Sanction,
    /// An attestation session (its order).
    Attestation,
}

impl Revised {
    /// The key under which an audit row records the revision its change produced.
    pub fn key(self) -> &'static str {
        match self {
            Revised::EmployeeEntries => "entries_revision",
            _ => "revision",
        }
    }
}

/// Takes the record's next revision when the form was loaded at the current one (inside the
/// change's transaction); otherwise `Stale` with who changed what since, or `NotFound`.
pub async fn advance(
    conn: &mut SqliteConnection,
    record: Revised,
    id: i64,
    loaded: i64,
) -> Result<i64, AppError> {
    if let Some(next) = repo::bump_revision(conn, record, id, loaded).await? {
        return Ok(next);
    }
    if !repo::revision_exists(conn, record, id).await? {
        return Err(AppError::NotFound);
    }
    let changes = repo::changes_since(conn, record, id, loaded).await?;
    let mut fields: Vec<String> = Vec::new();
    for change in &changes {
        if let (Some(Value::Object(before)), Some(Value::Object(after))) =
            (&change.before, &change.after)
        {
            for (key, value) in after {
                let changed = before.get(key) != Some(value);
                if changed && key != record.key() && !fields.contains(key) {
                    fields.push(key.clone());
                }
            }
        }
    }
    let latest = changes.last();
    Err(AppError::Stale {
        by: latest.map(|c| c.by.clone()).unwrap_or_default(),
        at: latest.map(|c| stamp(c.at)).unwrap_or_default(),
        fields,
    })
}

/// An audit snapshot with the revision the change produced.
pub fn with_revision(mut after: Value, record: Revised, revision: i64) -> Value {
    if let Value::Object(map) = &mut after {
        map.insert(record.key().into(), revision.into());
    }
    after
}
