//! Authentication and authorization for server functions. Every server function starts with
//! `require(Access::…)`; the authorization-matrix test calls each one as every role.
use crate::auth::CurrentUser;
use crate::domain::Role;
use crate::error::AppError;

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

/// The signed-in caller of a server function.
#[derive(Clone, Debug)]
pub struct Actor {
    pub session_id: i64,
    pub user: CurrentUser,
    pub client_addr: String,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.user.roles.has(role)
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

/// Authorizes the current request and returns the caller. For `Access::Public` use
/// [`request_auth`] instead; this always requires a signed-in user.
pub async fn require(access: Access) -> Result<Actor, AppError> {
    let auth = request_auth().await;
    decide(access, auth.session.as_ref())?;
    let session = auth.session.ok_or(AppError::Unauthenticated)?;
    Ok(Actor {
        session_id: session.session_id,
        user: session.user,
        client_addr: auth.client_addr,
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
        assert_eq!(
            decide(Access::AnyOf(&[Role::Hr]), None),
            Err(AppError::Unauthenticated)
        );
    }

    #[test]
    fn roles_are_checked() {
        let manager = session(&[Role::Manager, Role::Employee], false);
        assert_eq!(
            decide(Access::AnyOf(&[Role::Hr]), Some(&manager)),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            decide(Access::AnyOf(&[Role::Hr, Role::Manager]), Some(&manager)),
            Ok(())
        );
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
            decide(Access::AnyOf(&[Role::Hr]), Some(&admin)),
            Err(AppError::PasswordChangeRequired)
        );
        assert_eq!(
            decide(Access::SignedInAllowingPasswordChange, Some(&admin)),
            Ok(())
        );
    }
}
