//! The shape of every server function's body: authorize the caller, run the feature's code with
//! the database and the acting user, and give a failure its HTTP status. Server functions are
//! the only code that reads Leptos context; services get what they need as arguments.
use super::access::{authorize, request_auth, Access, Actor, RequestAuth};
use super::{respond, state, AppState, Db};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use std::future::Future;

/// An authorized call: the database and who acts, when.
#[derive(Clone, Debug)]
pub struct Call {
    pub db: Db,
    pub actor: Actor,
}

impl Call {
    /// Today in Georgia, for this request.
    pub fn today(&self) -> NaiveDate {
        self.actor.today()
    }
}

/// Runs a protected server function: `access` decides who may call it, `body` does the work.
pub async fn serve<T, Fut>(access: Access, body: impl FnOnce(Call) -> Fut) -> Result<T, AppError>
where
    Fut: Future<Output = Result<T, AppError>>,
{
    let result = async {
        let state = state()?;
        let auth = request_auth().await;
        let actor = authorize(access, &auth, state.clock.now())?;
        body(Call {
            db: state.db,
            actor,
        })
        .await
    }
    .await;
    respond(result)
}

/// A call anyone may make (signing in, the language): the whole state, the request's identity
/// and the time.
pub struct PublicCall {
    pub state: AppState,
    pub auth: RequestAuth,
    pub now: DateTime<Utc>,
}

/// Runs a public server function.
pub async fn serve_public<T, Fut>(body: impl FnOnce(PublicCall) -> Fut) -> Result<T, AppError>
where
    Fut: Future<Output = Result<T, AppError>>,
{
    let result = async {
        let state = state()?;
        let auth = request_auth().await;
        let now = state.clock.now();
        body(PublicCall { state, auth, now }).await
    }
    .await;
    respond(result)
}

/// After a successful form post without JavaScript, the page to show next (with JavaScript the
/// client stays where it is and reloads its data).
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}
