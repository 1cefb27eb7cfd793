//! Authentication and authorization of server functions: who may call each one ([`Access`]),
//! and who the caller is ([`Actor`]). Every protected server function runs through
//! [`serve`](super::serve); the authorization-matrix test calls each one as every role.
use crate::domain::{CurrentUser, Role};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};

/// Who may call a server function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in itself, the language switch).
    Public,
    /// Any signed-in user, even one who still has to change their password.
    SignedInAllowingPasswordChange,
    /// Any signed-in user.
    SignedIn,
    /// A signed-in user holding at least one of these roles.
    AnyOf(&'static [Role]),
}

impl Access {
    /// HR only.
    pub const HR: Access = Access::AnyOf(&[Role::Hr]);
    /// The mayor only.
    pub const MAYOR: Access = Access::AnyOf(&[Role::Mayor]);
    /// HR and the mayor: the oversight of the whole institution.
    pub const OVERSIGHT: Access = Access::AnyOf(&[Role::Hr, Role::Mayor]);
    /// HR, the mayor and managers (who are then scoped to their people).
    pub const READERS: Access = Access::AnyOf(&[Role::Hr, Role::Mayor, Role::Manager]);
    /// HR, the mayor and commission members (who are then scoped to their sessions).
    pub const PANEL: Access = Access::AnyOf(&[Role::Hr, Role::Mayor, Role::Commission]);
}

/// What the server's session middleware resolved for this request; put into the request's
/// extensions, where server functions and SSR read it.
#[derive(Clone, Debug, Default)]
pub struct RequestAuth {
    pub session: Option<SessionUser>,
    /// The client's address, for throttling and the audit log.
    pub client_addr: String,
}

#[derive(Clone, Debug)]
pub struct SessionUser {
    pub session_id: i64,
    pub user: CurrentUser,
}

/// Who acts, from where, and when: the signed-in caller of a server function at the moment of
/// the request (the application clock's time). Services take it for every change they make.
#[derive(Clone, Debug)]
pub struct Actor {
    pub session_id: i64,
    pub user: CurrentUser,
    pub client_addr: String,
    pub at: DateTime<Utc>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.user.roles.has(role)
    }

    /// The date in Georgia when the actor acts.
    pub fn today(&self) -> NaiveDate {
        crate::domain::common::georgia_date(self.at)
    }

    /// The same person acting at another moment (the demo loader replays history).
    pub fn at(&self, at: DateTime<Utc>) -> Actor {
        Actor { at, ..self.clone() }
    }
}

/// The request's identity as resolved by the middleware (an anonymous one if absent).
pub async fn request_auth() -> RequestAuth {
    leptos_axum::extract::<axum::Extension<RequestAuth>>()
        .await
        .map(|e| e.0)
        .unwrap_or_default()
}

/// The pure decision, separated for tests.
pub fn decide(access: Access, session: Option<&SessionUser>) -> Result<(), AppError> {
    let Some(session) = session else {
        return if access == Access::Public {
            Ok(())
        } else {
            Err(AppError::Unauthenticated)
        };
    };
    let user = &session.user;
    match access {
        Access::Public | Access::SignedInAllowingPasswordChange => Ok(()),
        _ if user.must_change_password => Err(AppError::PasswordChangeRequired),
        Access::SignedIn => Ok(()),
        Access::AnyOf(roles) if user.roles.has_any(roles) => Ok(()),
        Access::AnyOf(_) => Err(AppError::Forbidden),
    }
}

/// Authorizes a request and names its caller, acting at `at`. Always requires a signed-in
/// user; public server functions read [`request_auth`] instead.
pub fn authorize(access: Access, auth: &RequestAuth, at: DateTime<Utc>) -> Result<Actor, AppError> {
    decide(access, auth.session.as_ref())?;
    let session = auth.session.clone().ok_or(AppError::Unauthenticated)?;
    Ok(Actor {
        session_id: session.session_id,
        user: session.user,
        client_addr: auth.client_addr.clone(),
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RoleSet;

    fn session(roles: &[Role], must_change: bool) -> SessionUser {
        SessionUser {
            session_id: 1,
            user: CurrentUser {
                id: 1,
                username: "u".into(),
                display_name: "U".into(),
                display_name_en: None,
                roles: RoleSet::new(roles.iter().copied()),
                must_change_password: must_change,
                employee_id: None,
            },
        }
    }

    #[test]
    fn anonymous_callers_reach_only_public_functions() {
        assert_eq!(decide(Access::Public, None), Ok(()));
        assert_eq!(
            decide(Access::SignedIn, None),
            Err(AppError::Unauthenticated)
        );
        assert_eq!(decide(Access::HR, None), Err(AppError::Unauthenticated));
    }

    #[test]
    fn roles_are_checked() {
        let manager = session(&[Role::Manager, Role::Employee], false);
        assert_eq!(decide(Access::HR, Some(&manager)), Err(AppError::Forbidden));
        assert_eq!(decide(Access::READERS, Some(&manager)), Ok(()));
        assert_eq!(decide(Access::SignedIn, Some(&manager)), Ok(()));
    }

    #[test]
    fn a_pending_password_change_blocks_everything_but_the_change() {
        let admin = session(&[Role::Hr], true);
        assert_eq!(
            decide(Access::SignedIn, Some(&admin)),
            Err(AppError::PasswordChangeRequired)
        );
        assert_eq!(
            decide(Access::HR, Some(&admin)),
            Err(AppError::PasswordChangeRequired)
        );
        assert_eq!(
            decide(Access::SignedInAllowingPasswordChange, Some(&admin)),
            Ok(())
        );
    }
}
