//! SQL of the plumbing: audit rows and effective-dated rule settings.
use crate::domain::Bilingual;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

/// An audit row read back for a record's history (its page shows it, named and readable).
#[derive(sqlx::FromRow)]
pub struct HistoryRow {
    pub occurred_at: DateTime<Utc>,
    /// The user's name, and in English when the user is on staff.
    pub actor: Option<String>,
    pub actor_en: Option<String>,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// The columns and joins of a history read: each audit row with who acted, in both scripts.
/// A feature adds its `WHERE`, `ORDER BY l.id DESC` and `LIMIT`.
pub const HISTORY_FROM: &str = "SELECT l.occurred_at, u.display_name AS actor,
        e.first_name_en || ' ' || e.last_name_en AS actor_en,
        l.action, l.before_json, l.after_json
 FROM audit_log l LEFT JOIN users u ON u.id = l.actor_user_id
      LEFT JOIN employees e ON e.id = u.employee_id";

impl HistoryRow {
    /// The row as the history shows it: named, in Georgia's time, with the changed `details`.
    pub fn entry(
        self,
        details: &[crate::domain::history::Detail],
    ) -> crate::domain::history::HistoryEntry {
        crate::domain::history::HistoryEntry::from_row(
            crate::domain::common::stamp(self.occurred_at),
            self.actor.map(|ka| {
                let en = self.actor_en.unwrap_or_else(|| ka.clone());
                Bilingual::new(ka, en)
            }),
            &self.action,
            self.before_json.as_deref(),
            self.after_json.as_deref(),
            details,
        )
    }
}

/// An audit row as stored.
pub struct NewAuditRow<'a> {
    pub occurred_at: DateTime<Utc>,
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub client_addr: Option<&'a str>,
}

pub async fn insert_audit_rows(
    conn: &mut SqliteConnection,
    rows: &[NewAuditRow<'_>],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(2_000) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO audit_log (occurred_at, actor_user_id, action, entity, entity_id, before_json, after_json, client_addr) ",
        );
        q.push_values(chunk, |mut b, row| {
            b.push_bind(row.occurred_at)
                .push_bind(row.actor_user_id)
                .push_bind(row.action)
                .push_bind(row.entity)
                .push_bind(row.entity_id.clone())
                .push_bind(row.before_json.clone())
                .push_bind(row.after_json.clone())
                .push_bind(row.client_addr);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// A rule setting in force on a date, with its legal source.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RuleSettingRow {
    pub value: String,
    pub legal_source: String,
    /// The version: the day this value took effect.
    pub valid_from: NaiveDate,
}

pub async fn rule_setting(
    conn: &mut SqliteConnection,
    key: &str,
    on: NaiveDate,
) -> Result<Option<RuleSettingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT value, legal_source, valid_from FROM rule_settings
         WHERE key = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)
         ORDER BY valid_from DESC LIMIT 1",
    )
    .bind(key)
    .bind(on)
    .fetch_optional(conn)
    .await
}

/// The phrase that finds `typed` in the trigram index of people's names and personal numbers
/// (`employee_names MATCH …`), when it is long enough for a trigram (three letters); shorter
/// text is searched with `LIKE`.
pub fn name_search(typed: &str) -> Option<String> {
    (typed.chars().count() >= 3).then(|| format!("\"{}\"", typed.replace('"', "\"\"")))
}

/// A `LIKE … ESCAPE '\'` pattern for text typed into a search: `%` and `_` are searched for
/// literally, case aside (the columns are compared lower-cased). `prefix` matches the start only.
pub fn like_pattern(typed: &str, prefix: bool) -> String {
    let escaped = typed
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    if prefix {
        format!("{escaped}%")
    } else {
        format!("%{escaped}%")
    }
}

/// A stored legal source: the Georgian text, and the English one where the row has it.
pub fn cited(ka: String, en: Option<String>) -> Bilingual {
    let en = en.unwrap_or_else(|| ka.clone());
    Bilingual::new(ka, en)
}

/// Adds a rule setting's value from a date with its source (the value as exact text).
pub async fn insert_rule_setting(
    conn: &mut SqliteConnection,
    key: &str,
    value: &str,
    valid_from: NaiveDate,
    legal_source: &Bilingual,
    certainty: crate::domain::rule::Certainty,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO rule_settings (key, value, valid_from, legal_source, legal_source_en, certainty)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(key)
    .bind(value)
    .bind(valid_from)
    .bind(&legal_source.ka)
    .bind(&legal_source.en)
    .bind(certainty)
    .fetch_one(conn)
    .await
}

// ---- Revisions ----------------------------------------------------------------------------

use super::revision::Revised;

/// `UPDATE … SET revision = revision + 1 WHERE id = ? AND revision = ? RETURNING revision`,
/// written out per record (names are never built from strings).
fn bump_sql(record: Revised) -> &'static str {
    match record {
        Revised::Employee => {
            "UPDATE employees SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::EmployeeEntries => {
            "UPDATE employees SET entries_revision = entries_revision + 1
             WHERE id = $1 AND entries_revision = $2 RETURNING entries_revision"
        }
        Revised::Position => {
            "UPDATE positions SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Unit => {
            "UPDATE org_units SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Method => {
            "UPDATE evaluation_methods SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::ClassSettings => {
            "UPDATE settings_revisions SET revision = revision + 1
             WHERE name = 'class_settings' AND $1 = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Vacancy => {
            "UPDATE vacancies SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Competition => {
            "UPDATE competitions SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Application => {
            "UPDATE applications SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Review => {
            "UPDATE competition_reviews SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Move => {
            "UPDATE staff_moves SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Probation => {
            "UPDATE probation_records SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::WorkPlan => {
            "UPDATE monthly_plans SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Attestation => {
            "UPDATE attestation_sessions SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
        Revised::Sanction => {
            "UPDATE sanctions SET revision = revision + 1 WHERE id = $1 AND revision = $2 RETURNING revision"
        }
    }
}

fn exists_sql(record: Revised) -> &'static str {
    match record {
        Revised::Employee | Revised::EmployeeEntries => {
            "SELECT COUNT(*) FROM employees WHERE id = $1"
        }
        Revised::Position => "SELECT COUNT(*) FROM positions WHERE id = $1",
        Revised::Unit => "SELECT COUNT(*) FROM org_units WHERE id = $1",
        Revised::Method => "SELECT COUNT(*) FROM evaluation_methods WHERE id = $1",
        Revised::ClassSettings => {
            "SELECT COUNT(*) FROM settings_revisions WHERE name = 'class_settings' AND $1 = $1"
        }
        Revised::Vacancy => "SELECT COUNT(*) FROM vacancies WHERE id = $1",
        Revised::Competition => "SELECT COUNT(*) FROM competitions WHERE id = $1",
        Revised::Application => "SELECT COUNT(*) FROM applications WHERE id = $1",
        Revised::Review => "SELECT COUNT(*) FROM competition_reviews WHERE id = $1",
        Revised::Move => "SELECT COUNT(*) FROM staff_moves WHERE id = $1",
        Revised::Probation => "SELECT COUNT(*) FROM probation_records WHERE id = $1",
        Revised::WorkPlan => "SELECT COUNT(*) FROM monthly_plans WHERE id = $1",
        Revised::Sanction => "SELECT COUNT(*) FROM sanctions WHERE id = $1",
        Revised::Attestation => "SELECT COUNT(*) FROM attestation_sessions WHERE id = $1",
    }
}

/// The next revision, or None when `loaded` is not the current one (or the record is gone).
pub async fn bump_revision(
    conn: &mut SqliteConnection,
    record: Revised,
    id: i64,
    loaded: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(bump_sql(record))
        .bind(id)
        .bind(loaded)
        .fetch_optional(conn)
        .await
}

pub async fn revision_exists(
    conn: &mut SqliteConnection,
    record: Revised,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(exists_sql(record))
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// The audit entities whose rows record a record's revisions.
fn audited_as(record: Revised) -> &'static [&'static str] {
    match record {
        Revised::Employee => &["employee"],
        Revised::EmployeeEntries => &[
            "employee_education",
            "employee_work_history",
            "employee_documents",
        ],
        Revised::Position => &["position"],
        Revised::Unit => &["org_unit"],
        Revised::Method => &["evaluation_method"],
        Revised::ClassSettings => &["class_bonus_rate", "rule_setting"],
        Revised::Vacancy => &["vacancy"],
        Revised::Competition => &["competition"],
        Revised::Application => &["application"],
        Revised::Review => &["competition_review"],
        Revised::Move => &["staff_move"],
        Revised::Probation => &["probation"],
        Revised::WorkPlan => &["monthly_plan"],
        Revised::Sanction => &["sanction"],
        Revised::Attestation => &["attestation_session"],
    }
}

/// A change recorded after a revision, with who made it.
pub struct Change {
    pub at: DateTime<Utc>,
    pub by: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(sqlx::FromRow)]
struct ChangeRecord {
    occurred_at: DateTime<Utc>,
    by: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
}

/// The audited changes of a record that produced revisions after `loaded`, oldest first.
pub async fn changes_since(
    conn: &mut SqliteConnection,
    record: Revised,
    id: i64,
    loaded: i64,
) -> Result<Vec<Change>, sqlx::Error> {
    let entities = audited_as(record);
    let mut q = QueryBuilder::<Sqlite>::new(
        "SELECT a.occurred_at, u.display_name AS by, a.before_json, a.after_json
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
         WHERE a.entity IN (",
    );
    let mut list = q.separated(", ");
    for entity in entities {
        list.push_bind(*entity);
    }
    q.push(") AND (")
        .push_bind(matches!(record, Revised::ClassSettings))
        .push(" OR a.entity_id = ")
        .push_bind(id.to_string())
        .push(") AND CAST(json_extract(a.after_json, ")
        .push_bind(format!("$.{}", record.key()))
        .push(") AS INTEGER) > ")
        .push_bind(loaded)
        .push(" ORDER BY a.id");
    let rows: Vec<ChangeRecord> = q.build_query_as().fetch_all(conn).await?;
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    Ok(rows
        .into_iter()
        .map(|r| Change {
            at: r.occurred_at,
            by: r.by.unwrap_or_default(),
            before: json(r.before_json),
            after: json(r.after_json),
        })
        .collect())
}

/// The holiday table (days off besides weekends), for terms counted in working days.
pub async fn holidays(
    conn: &mut SqliteConnection,
) -> Result<std::collections::BTreeSet<chrono::NaiveDate>, sqlx::Error> {
    let days: Vec<chrono::NaiveDate> = sqlx::query_scalar("SELECT day FROM holidays")
        .fetch_all(conn)
        .await?;
    Ok(days.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_search_needs_three_letters_and_quotes_the_phrase() {
        assert_eq!(name_search("ბე"), None);
        assert_eq!(name_search("ბერ").as_deref(), Some("\"ბერ\""));
        // Quotes inside are doubled, so typed text is never read as FTS syntax.
        assert_eq!(name_search("a\"b OR c").as_deref(), Some("\"a\"\"b OR c\""));
    }

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(like_pattern("50%_A", false), "%50\\%\\_a%");
        assert_eq!(like_pattern("01", true), "01%");
    }
}
