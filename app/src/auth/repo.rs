//! SQL for users, roles, sessions and sign-in throttling.
use crate::domain::throttle::ThrottleState;
use crate::domain::{Role, RoleSet};
use chrono::{DateTime, Utc};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

#[derive(Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// The linked employee's name in Latin script, if any.
    pub display_name_en: Option<String>,
    pub password_hash: String,
    pub must_change_password: bool,
    pub is_active: bool,
    pub employee_id: Option<i64>,
}

impl std::fmt::Debug for UserRow {
    // Keeps the hash out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

pub async fn find_user_by_username(
    db: &SqlitePool,
    username: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.password_hash, u.must_change_password,
                u.is_active, u.employee_id, e.first_name_en || ' ' || e.last_name_en AS display_name_en
         FROM users u LEFT JOIN employees e ON e.id = u.employee_id WHERE u.username = $1",
    )
    .bind(username)
    .fetch_optional(db)
    .await
}

pub async fn find_user_by_id(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.password_hash, u.must_change_password,
                u.is_active, u.employee_id, e.first_name_en || ' ' || e.last_name_en AS display_name_en
         FROM users u LEFT JOIN employees e ON e.id = u.employee_id WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// A user's roles; a role code the system does not know is an error.
pub async fn roles_of(db: &SqlitePool, user_id: i64) -> Result<RoleSet, sqlx::Error> {
    let roles: Vec<Role> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db)
        .await?;
    Ok(RoleSet::new(roles))
}

/// An active user by username: their user id and linked employee (the demo's actors, the
/// appeal reviewer HR delegates to).
#[derive(Clone, Debug, FromRow)]
pub struct ActiveUser {
    pub id: i64,
    pub employee_id: Option<i64>,
}

pub async fn active_user(
    conn: &mut SqliteConnection,
    username: &str,
) -> Result<Option<ActiveUser>, sqlx::Error> {
    sqlx::query_as("SELECT id, employee_id FROM users WHERE username = $1 AND is_active = 1")
        .bind(username)
        .fetch_optional(conn)
        .await
}

pub struct NewUser<'a> {
    pub created_at: DateTime<Utc>,
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub employee_id: Option<i64>,
    pub roles: &'a [Role],
}

pub async fn insert_user(
    conn: &mut SqliteConnection,
    user: NewUser<'_>,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, must_change_password, employee_id, created_at, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(user.username)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.must_change_password)
    .bind(user.employee_id)
    .bind(user.created_at)
    .fetch_one(&mut *conn)
    .await?;
    for role in user.roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn count_users(db: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await
}

pub async fn update_password(
    conn: &mut SqliteConnection,
    user_id: i64,
    hash: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2, password_changed_at = $3 WHERE id = $4")
        .bind(hash)
        .bind(false)
        .bind(at)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

pub async fn insert_session(
    conn: &mut SqliteConnection,
    token_digest: &str,
    user_id: i64,
    client_addr: &str,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO sessions (token_digest, user_id, created_at, last_seen_at, client_addr)
         VALUES ($1, $2, $3, $3, $4) RETURNING id",
    )
    .bind(token_digest)
    .bind(user_id)
    .bind(now)
    .bind(client_addr)
    .fetch_one(conn)
    .await
}

pub async fn find_session(
    db: &SqlitePool,
    token_digest: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, created_at, last_seen_at FROM sessions WHERE token_digest = $1",
    )
    .bind(token_digest)
    .fetch_optional(db)
    .await
}

/// A session with its user and the user's roles, in one read (every request makes it).
#[derive(FromRow)]
pub struct LiveSessionRow {
    pub session_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub display_name_en: Option<String>,
    pub must_change_password: bool,
    pub is_active: bool,
    pub employee_id: Option<i64>,
    /// The role codes, comma-separated.
    pub roles: Option<String>,
}

pub async fn live_session(
    db: &SqlitePool,
    token_digest: &str,
) -> Result<Option<LiveSessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id AS session_id, s.created_at, s.last_seen_at, u.id AS user_id, u.username,
                u.display_name, e.first_name_en || ' ' || e.last_name_en AS display_name_en,
                u.must_change_password, u.is_active, u.employee_id,
                (SELECT group_concat(r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN employees e ON e.id = u.employee_id
         WHERE s.token_digest = $1",
    )
    .bind(token_digest)
    .fetch_optional(db)
    .await
}

pub async fn touch_session(
    db: &SqlitePool,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now)
        .bind(session_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn delete_session(
    conn: &mut SqliteConnection,
    session_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user except `keep` (after a password change).
pub async fn delete_other_sessions(
    conn: &mut SqliteConnection,
    user_id: i64,
    keep: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Removes sessions that can no longer be live (housekeeping).
pub async fn delete_sessions_seen_before(
    db: &SqlitePool,
    cutoff: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

#[derive(FromRow)]
struct ThrottleRow {
    failures: i64,
    window_started_at: DateTime<Utc>,
    locked_until: Option<DateTime<Utc>>,
}

/// A key's throttle state, read on the connection that will write it (inside the attempt's
/// write transaction, so no other attempt interleaves).
pub async fn throttle_state(
    conn: &mut SqliteConnection,
    key: &str,
) -> Result<Option<ThrottleState>, sqlx::Error> {
    let row: Option<ThrottleRow> = sqlx::query_as(
        "SELECT failures, window_started_at, locked_until FROM login_throttle WHERE scope_key = $1",
    )
    .bind(key)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| ThrottleState {
        failures: u32::try_from(r.failures).unwrap_or(u32::MAX),
        window_started_at: r.window_started_at,
        locked_until: r.locked_until,
    }))
}

pub async fn save_throttle_state(
    conn: &mut SqliteConnection,
    key: &str,
    state: &ThrottleState,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_throttle (scope_key, failures, window_started_at, locked_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (scope_key) DO UPDATE SET failures = excluded.failures,
           window_started_at = excluded.window_started_at, locked_until = excluded.locked_until",
    )
    .bind(key)
    .bind(i64::from(state.failures))
    .bind(state.window_started_at)
    .bind(state.locked_until)
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives back one counted attempt (it turned out to be the right password).
pub async fn refund_attempt(conn: &mut SqliteConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_throttle SET failures = MAX(failures - 1, 0) WHERE scope_key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the account signed in from this address since `since`.
pub async fn known_address(
    conn: &mut SqliteConnection,
    user_id: i64,
    client_addr: &str,
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_addresses
         WHERE user_id = $1 AND client_addr = $2 AND last_success_at >= $3",
    )
    .bind(user_id)
    .bind(client_addr)
    .bind(since)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub async fn remember_address(
    conn: &mut SqliteConnection,
    user_id: i64,
    client_addr: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sign_in_addresses (user_id, client_addr, last_success_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, client_addr) DO UPDATE SET last_success_at = excluded.last_success_at",
    )
    .bind(user_id)
    .bind(client_addr)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn clear_throttle(conn: &mut SqliteConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE scope_key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}
