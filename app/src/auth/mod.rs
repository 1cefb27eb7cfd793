//! Accounts and sessions: sign in, sign out, change password, language, the current user.
//! Server functions here are thin: authorize, validate, call the service, set cookies.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::RoleSet;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in user as the UI sees it. No secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// The name in Latin script (from the linked employee record), shown in English.
    pub display_name_en: Option<String>,
    pub roles: RoleSet,
    pub must_change_password: bool,
    pub employee_id: Option<i64>,
}

impl CurrentUser {
    pub fn name(&self, locale: crate::i18n::Locale) -> &str {
        match (locale, &self.display_name_en) {
            (crate::i18n::Locale::En, Some(en)) => en,
            _ => &self.display_name,
        }
    }
}

/// Where a user lands after signing in.
pub fn landing_path(user: &CurrentUser) -> &'static str {
    if user.must_change_password {
        "/account/password"
    } else {
        "/"
    }
}

/// Access: public (anonymous callers get `None`).
#[server(prefix = "/api", endpoint = "auth/current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(crate::ssr::access::request_auth()
        .await
        .session
        .map(|s| s.user))
}

/// Access: public.
#[server(prefix = "/api", endpoint = "auth/sign_in")]
pub async fn sign_in(username: String, password: String) -> Result<(), AppError> {
    use crate::ssr::{access::request_auth, respond, state};
    respond(
        async move {
            let state = state()?;
            let auth = request_auth().await;
            let previous = auth.session.as_ref().map(|s| s.session_id);
            let (token, user) =
                service::sign_in(&state, &username, &password, &auth.client_addr, previous).await?;
            set_cookie(&service::session_cookie(&state.auth, &token));
            leptos_axum::redirect(landing_path(&user));
            Ok(())
        }
        .await,
    )
}

/// Access: public (signing out without a session just clears the cookie).
#[server(prefix = "/api", endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{access::request_auth, respond, state};
    respond(
        async move {
            let state = state()?;
            let auth = request_auth().await;
            if let Some(session) = auth.session {
                service::sign_out(&state, &session, &auth.client_addr).await?;
            }
            set_cookie(&service::clear_session_cookie(&state.auth));
            leptos_axum::redirect("/sign-in");
            Ok(())
        }
        .await,
    )
}

/// Access: any signed-in user, including one who must change their password.
#[server(prefix = "/api", endpoint = "auth/change_password")]
pub async fn change_password(
    current: String,
    new: String,
    confirmation: String,
) -> Result<(), AppError> {
    use crate::ssr::{require, respond, state, Access};
    respond(
        async move {
            let actor = require(Access::SignedInAllowingPasswordChange).await?;
            service::change_password(&state()?, &actor, &current, &new, &confirmation).await?;
            leptos_axum::redirect("/?password_changed=1");
            Ok(())
        }
        .await,
    )
}

/// Access: public (the language can be chosen before signing in).
#[server(prefix = "/api", endpoint = "auth/set_locale")]
pub async fn set_locale(locale: String) -> Result<(), AppError> {
    use crate::i18n::{Key, Locale, LOCALE_COOKIE};
    crate::ssr::respond(
        async move {
            let locale = Locale::parse(&locale)
                .ok_or_else(|| AppError::invalid("locale", Key::ErrorRequest))?;
            let secure = crate::ssr::state()?.auth.secure_cookies;
            set_cookie(&format!(
                "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
                locale.code(),
                if secure { "; Secure" } else { "" }
            ));
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) {
    if let (Some(resp), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        resp.append_header(http::header::SET_COOKIE, value);
    }
}
