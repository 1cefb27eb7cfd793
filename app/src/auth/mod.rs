//! Accounts and sessions: sign in, sign out, change password, language, the current user.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::CurrentUser;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use leptos::prelude::*;

/// Access: public (anonymous callers get `None`).
#[server(prefix = "/api", endpoint = "auth/current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    serve_public(|call| async move { Ok(call.auth.session.map(|s| s.user)) }).await
}

/// Access: public.
#[server(prefix = "/api", endpoint = "auth/sign_in")]
pub async fn sign_in(
    username: String,
    password: String,
    /// The page to return to (a path on this site), from `/sign-in?next=`.
    #[server(default)]
    next: Option<String>,
) -> Result<(), AppError> {
    serve_public(|call| async move {
        let attempt = service::SignInAttempt {
            username: &username,
            password: &password,
            client_addr: &call.auth.client_addr,
            previous_session: call.auth.session.as_ref().map(|s| s.session_id),
        };
        let (token, user) = service::sign_in(&call.state, attempt, call.now).await?;
        service::set_cookie(&service::session_cookie(&call.state.auth, &token));
        let back = next
            .as_deref()
            .and_then(crate::domain::address::return_path);
        redirect(match back {
            Some(path) if !user.must_change_password => path,
            _ => user.landing_path(),
        });
        Ok(())
    })
    .await
}

/// Access: public (signing out without a session just clears the cookie).
#[server(prefix = "/api", endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    serve_public(|call| async move {
        if let Some(session) = &call.auth.session {
            service::sign_out(&call.state.db, session, &call.auth.client_addr, call.now).await?;
        }
        service::set_cookie(&service::clear_session_cookie(&call.state.auth));
        redirect("/sign-in");
        Ok(())
    })
    .await
}

/// Access: any signed-in user, including one who must change their password.
#[server(prefix = "/api", endpoint = "auth/change_password")]
pub async fn change_password(
    current: String,
    new: String,
    confirmation: String,
) -> Result<(), AppError> {
    serve(Access::SignedInAllowingPasswordChange, |call| async move {
        let state = crate::ssr::state()?;
        let change = service::PasswordChange {
            current: &current,
            new: &new,
            confirmation: &confirmation,
        };
        service::change_password(&call.db, &state.passwords, &call.actor, change).await?;
        redirect("/?password_changed=1");
        Ok(())
    })
    .await
}

/// Access: public (the language can be chosen before signing in).
#[server(prefix = "/api", endpoint = "auth/set_locale")]
pub async fn set_locale(locale: String) -> Result<(), AppError> {
    serve_public(|call| async move {
        let locale = crate::i18n::Locale::parse(&locale)
            .ok_or_else(|| AppError::invalid("locale", crate::i18n::Key::ErrorRequest))?;
        service::set_cookie(&service::locale_cookie(&call.state.auth, locale));
        Ok(())
    })
    .await
}
