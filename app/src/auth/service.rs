//! Sign-in, sign-out, password change and session resolution: the rules, with their effects
//! on the database written in one transaction each (audit row included).
use super::repo;
use crate::domain::password::{self, PasswordProblem};
use crate::domain::throttle::{admit, Admission, ThrottlePolicy, KNOWN_ADDRESS_DAYS};
use crate::domain::{CurrentUser, Role, RoleSet};
use crate::error::AppError;
use crate::i18n::{Key, Locale, LOCALE_COOKIE};
use crate::ssr::access::SessionUser;
use crate::ssr::audit::{self, AuditEntry};
use crate::ssr::passwords::{random_token, token_digest, PasswordHasher};
use crate::ssr::{Actor, AppState, AuthSettings, Db};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

pub fn normalize_username(raw: &str) -> String {
    raw.trim().to_lowercase()
}

fn account_key(username: &str) -> String {
    format!("account:{username}")
}

fn address_key(addr: &str) -> String {
    format!("addr:{addr}")
}

/// A sign-in as the form sent it, with where it came from.
pub struct SignInAttempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub client_addr: &'a str,
    /// The session the browser had before, which never survives a sign-in.
    pub previous_session: Option<i64>,
}

/// Checks the credentials and opens a new session. Returns the cookie token.
/// Unknown user, inactive user and wrong password are indistinguishable to the caller,
/// in the answer and in the time it takes.
pub async fn sign_in(
    state: &AppState,
    attempt: SignInAttempt<'_>,
    now: DateTime<Utc>,
) -> Result<(String, CurrentUser), AppError> {
    let username = normalize_username(attempt.username);
    if username.is_empty() {
        return Err(AppError::invalid("username", Key::ValidationRequired));
    }
    if attempt.password.is_empty() {
        return Err(AppError::invalid("password", Key::ValidationRequired));
    }
    let (client_addr, password) = (attempt.client_addr, attempt.password);
    let db = &state.db;
    let user = repo::find_user_by_username(&db.read, &username).await?;
    let (account, address) = (account_key(&username), address_key(client_addr));

    // Count the attempt before checking the password, in one write transaction: the single
    // writer serializes attempts, so parallel guesses cannot read the same count.
    let mut tx = db.write.begin().await?;
    let known = match &user {
        Some(u) => {
            let since = now - Duration::days(KNOWN_ADDRESS_DAYS);
            repo::known_address(&mut tx, u.id, client_addr, since).await?
        }
        None => false,
    };
    let account_state = repo::throttle_state(&mut tx, &account).await?;
    let address_state = repo::throttle_state(&mut tx, &address).await?;
    match admit(account_state.as_ref(), address_state.as_ref(), known, now) {
        Admission::Refused => return Err(AppError::TooManyAttempts),
        Admission::Counted {
            account: account_next,
            address: address_next,
        } => {
            repo::save_throttle_state(&mut tx, &account, &account_next).await?;
            repo::save_throttle_state(&mut tx, &address, &address_next).await?;
        }
    }
    tx.commit().await?;

    let usable = user
        .as_ref()
        .filter(|u| u.is_active && password.chars().count() <= password::MAX_LEN);
    let verified = state
        .passwords
        .verify(password, usable.map(|u| u.password_hash.as_str()))
        .await;

    let mut tx = db.write.begin().await?;
    let Some(user) = usable.filter(|_| verified) else {
        audit::record(
            &mut tx,
            AuditEntry {
                at: now,
                actor_user_id: user.as_ref().map(|u| u.id),
                action: "auth.sign_in_failed",
                entity: "user",
                entity_id: Some(username.clone()),
                before: None,
                after: None,
                client_addr: Some(client_addr),
            },
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::InvalidCredentials);
    };

    repo::clear_throttle(&mut tx, &account).await?;
    repo::refund_attempt(&mut tx, &address).await?;
    repo::remember_address(&mut tx, user.id, client_addr, now).await?;
    // Rotation: a session that existed before sign-in never survives it.
    if let Some(old) = attempt.previous_session {
        repo::delete_session(&mut tx, old).await?;
    }
    let token = random_token();
    let session_id =
        repo::insert_session(&mut tx, &token_digest(&token), user.id, client_addr, now).await?;
    audit::record(
        &mut tx,
        AuditEntry {
            at: now,
            actor_user_id: Some(user.id),
            action: "auth.sign_in",
            entity: "session",
            entity_id: Some(session_id.to_string()),
            before: None,
            after: None,
            client_addr: Some(client_addr),
        },
    )
    .await?;
    tx.commit().await?;
    let roles = repo::roles_of(&db.read, user.id).await?;
    let current = CurrentUser {
        id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        display_name_en: user.display_name_en.clone(),
        roles,
        must_change_password: user.must_change_password,
        employee_id: user.employee_id,
    };
    Ok((token, current))
}

pub async fn sign_out(
    db: &Db,
    session: &SessionUser,
    client_addr: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    repo::delete_session(&mut tx, session.session_id).await?;
    audit::record(
        &mut tx,
        AuditEntry {
            at: now,
            actor_user_id: Some(session.user.id),
            action: "auth.sign_out",
            entity: "session",
            entity_id: Some(session.session_id.to_string()),
            before: None,
            after: None,
            client_addr: Some(client_addr),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn password_problem(problem: PasswordProblem) -> AppError {
    match problem {
        PasswordProblem::TooShort => AppError::invalid("new", Key::PasswordTooShort),
        PasswordProblem::TooLong => AppError::invalid("new", Key::PasswordTooLong),
        PasswordProblem::ContainsUsername => {
            AppError::invalid("new", Key::PasswordContainsUsername)
        }
        PasswordProblem::SameAsCurrent => AppError::invalid("new", Key::PasswordSameAsCurrent),
        PasswordProblem::Mismatch => AppError::invalid("confirmation", Key::PasswordMismatch),
    }
}

/// The password form.
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub confirmation: &'a str,
}

/// Changes the caller's password; every other session of theirs ends.
pub async fn change_password(
    db: &Db,
    passwords: &PasswordHasher,
    actor: &Actor,
    change: PasswordChange<'_>,
) -> Result<(), AppError> {
    password::check_new_password(
        &actor.user.username,
        change.current,
        change.new,
        change.confirmation,
    )
    .map_err(password_problem)?;
    let now = actor.at;
    let policy = ThrottlePolicy::per_account();
    let key = account_key(&actor.user.username);
    // A stolen session must not be a way to guess the password: each check is counted first,
    // atomically, like a sign-in.
    let mut tx = db.write.begin().await?;
    let throttle = repo::throttle_state(&mut tx, &key).await?;
    if policy.locked_until(throttle.as_ref(), now).is_some() {
        return Err(AppError::TooManyAttempts);
    }
    repo::save_throttle_state(&mut tx, &key, &policy.after_failure(throttle.as_ref(), now)).await?;
    tx.commit().await?;
    let user = repo::find_user_by_username(&db.read, &actor.user.username)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !passwords
        .verify(change.current, Some(&user.password_hash))
        .await
    {
        return Err(AppError::invalid("current", Key::PasswordCurrentWrong));
    }
    let hash = passwords
        .hash(change.new)
        .await
        .map_err(AppError::internal)?;
    let mut tx = db.write.begin().await?;
    repo::clear_throttle(&mut tx, &key).await?;
    repo::update_password(&mut tx, user.id, &hash, now).await?;
    let ended = repo::delete_other_sessions(&mut tx, user.id, actor.session_id).await?;
    audit::audit(
        &mut tx,
        actor,
        "auth.password_changed",
        "user",
        user.id,
        Some(json!({ "must_change_password": user.must_change_password })),
        Some(json!({ "must_change_password": false, "other_sessions_ended": ended })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The session behind a cookie token, if it is live at `now`. Refreshes its last-seen time.
pub async fn resolve_session(
    state: &AppState,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<SessionUser>, AppError> {
    let db = &state.db;
    let Some(session) = repo::live_session(&db.read, &token_digest(token)).await? else {
        return Ok(None);
    };
    let timeouts = state.auth.timeouts;
    if !timeouts.is_live(session.created_at, session.last_seen_at, now) {
        let mut conn = db.write.acquire().await?;
        repo::delete_session(&mut conn, session.session_id).await?;
        return Ok(None);
    }
    if !session.is_active {
        return Ok(None);
    }
    if timeouts.needs_touch(session.last_seen_at, now) {
        repo::touch_session(&db.write, session.session_id, now).await?;
    }
    let mut roles = Vec::new();
    for code in session
        .roles
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter(|c| !c.is_empty())
    {
        roles.push(Role::parse(code).ok_or_else(|| {
            AppError::internal(format!("unknown role {code:?} of user {}", session.user_id))
        })?);
    }
    Ok(Some(SessionUser {
        session_id: session.session_id,
        user: CurrentUser {
            id: session.user_id,
            username: session.username,
            display_name: session.display_name,
            display_name_en: session.display_name_en,
            roles: RoleSet::new(roles),
            must_change_password: session.must_change_password,
            employee_id: session.employee_id,
        },
    }))
}

/// The signed-in user as a service actor, acting at `at` (the demo loader replays history as
/// its demo users).
pub async fn actor_for(
    db: &Db,
    username: &str,
    at: DateTime<Utc>,
) -> Result<Option<Actor>, AppError> {
    let Some(user) = repo::find_user_by_username(&db.read, username).await? else {
        return Ok(None);
    };
    let roles = repo::roles_of(&db.read, user.id).await?;
    Ok(Some(Actor {
        session_id: 0,
        user: CurrentUser {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            display_name_en: user.display_name_en,
            roles,
            must_change_password: user.must_change_password,
            employee_id: user.employee_id,
        },
        client_addr: "local".into(),
        at,
    }))
}

fn cookie_suffix(settings: &AuthSettings) -> &'static str {
    if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    }
}

pub fn session_cookie(settings: &AuthSettings, token: &str) -> String {
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        settings.session_cookie_name(),
        settings.timeouts.absolute.num_seconds(),
        cookie_suffix(settings)
    )
}

pub fn clear_session_cookie(settings: &AuthSettings) -> String {
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        settings.session_cookie_name(),
        cookie_suffix(settings)
    )
}

pub fn locale_cookie(settings: &AuthSettings, locale: Locale) -> String {
    format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        locale.code(),
        cookie_suffix(settings)
    )
}

/// Adds a `Set-Cookie` header to the server function's response.
pub fn set_cookie(value: &str) {
    crate::ssr::append_header(http::header::SET_COOKIE, value);
}
