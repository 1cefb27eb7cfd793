//! The one error type every server function returns. It crosses the wire as JSON and carries
//! only codes and translation keys — never internal details, which are logged on the server.
use crate::i18n::Key;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    /// The same for an unknown user and a wrong password.
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("too many attempts")]
    TooManyAttempts,
    #[error("the password must be changed first")]
    PasswordChangeRequired,
    /// Bad input in one field; `problem` is the message to show next to it.
    #[error("invalid {field}")]
    Invalid { field: String, problem: Key },
    /// Bad input in several fields at once: each with the message to show next to it.
    #[error("invalid fields")]
    Problems(Vec<FieldProblem>),
    #[error("not found")]
    NotFound,
    /// The record is not in a state that allows this (e.g. scoring a finalized evaluation).
    #[error("conflict")]
    Conflict(Key),
    /// The form was loaded from an older revision of the record: someone changed it since.
    /// Nothing was written. `by` and `at` name the latest change, `fields` the form's fields
    /// it changed (shown next to them).
    #[error("changed meanwhile")]
    Stale {
        by: String,
        at: String,
        fields: Vec<String>,
    },
    /// Something broke on the server; the id finds the log line.
    #[error("internal error {0}")]
    Internal(String),
    /// The request's body is larger than this endpoint takes.
    #[error("too large")]
    TooLarge,
    /// The request itself failed: the network, or arguments that could not be read (a
    /// malformed or out-of-range value). Carries no detail: the parser's text is for the log.
    #[error("request failed")]
    Request,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        tracing::info!(error = %value, "a request could not be read");
        #[cfg(not(feature = "ssr"))]
        let _ = value;
        AppError::Request
    }
}

/// One field's problem in [`AppError::Problems`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Key,
}

/// Gathers every field's problem of a form so the user sees them all at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldProblem>);

impl Problems {
    /// The value, or `None` with its problem noted (a problem that names no field is noted as
    /// the form's).
    pub fn take<T>(&mut self, result: Result<T, AppError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(AppError::Invalid { field, problem }) => {
                self.0.push(FieldProblem { field, problem });
                None
            }
            Err(AppError::Problems(more)) => {
                self.0.extend(more);
                None
            }
            Err(other) => {
                self.0.push(FieldProblem {
                    field: String::new(),
                    problem: other.message(),
                });
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, problem: Key) {
        self.0.push(FieldProblem {
            field: field.to_string(),
            problem,
        });
    }

    /// Ok when nothing was noted; one problem stays an [`AppError::Invalid`].
    pub fn finish(mut self) -> Result<(), AppError> {
        match self.0.len() {
            0 => Ok(()),
            1 => {
                let FieldProblem { field, problem } = self.0.remove(0);
                Err(AppError::Invalid { field, problem })
            }
            _ => Err(AppError::Problems(self.0)),
        }
    }
}

/// A form field's name as the application writes them (`birth_date`, `filter[page]`).
fn is_field_name(field: &str) -> bool {
    !field.is_empty()
        && field.len() <= 64
        && field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '[' | ']'))
}

impl AppError {
    pub fn invalid(field: &str, problem: Key) -> Self {
        AppError::Invalid {
            field: field.to_string(),
            problem,
        }
    }

    /// Whether this could have come from this application (an error read from an address may
    /// be crafted): incident ids are 8 hexadecimal digits, field names plain identifiers.
    pub fn is_well_formed(&self) -> bool {
        match self {
            AppError::Internal(id) => id.len() == 8 && id.chars().all(|c| c.is_ascii_hexdigit()),
            AppError::Invalid { field, .. } => is_field_name(field),
            AppError::Problems(problems) => {
                problems.len() <= 64
                    && problems
                        .iter()
                        .all(|p| p.field.is_empty() || is_field_name(&p.field))
            }
            AppError::Stale { by, at, fields } => {
                by.chars().count() <= 120
                    && by
                        .chars()
                        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
                    && at.len() <= 20
                    && at
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | ' '))
                    && fields.iter().all(|f| is_field_name(f))
            }
            _ => true,
        }
    }

    /// The form fields a refusal points at: the one of a field error, or those changed meanwhile.
    pub fn concerns(&self, field: &str) -> Option<Key> {
        match self {
            AppError::Invalid { field: f, problem } if f == field => Some(*problem),
            AppError::Problems(problems) => problems
                .iter()
                .find(|p| p.field == field)
                .map(|p| p.problem),
            AppError::Stale { fields, .. } if fields.iter().any(|f| f == field) => {
                Some(Key::ErrorStaleField)
            }
            _ => None,
        }
    }

    /// The message shown to the user.
    pub fn message(&self) -> Key {
        match self {
            AppError::Unauthenticated => Key::ErrorUnauthenticated,
            AppError::Forbidden => Key::ErrorForbidden,
            AppError::InvalidCredentials => Key::ErrorInvalidCredentials,
            AppError::TooManyAttempts => Key::ErrorTooManyAttempts,
            AppError::PasswordChangeRequired => Key::ErrorPasswordChangeRequired,
            AppError::Invalid { problem, .. } => *problem,
            AppError::Problems(_) => Key::ErrorProblems,
            AppError::NotFound => Key::ErrorNotFound,
            AppError::Conflict(key) => *key,
            AppError::Stale { .. } => Key::ErrorStale,
            AppError::Internal(_) => Key::ErrorInternal,
            AppError::Request => Key::ErrorRequest,
            AppError::TooLarge => Key::ErrorTooLarge,
        }
    }

    /// The field an error belongs to, for inline display.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => S::UNAUTHORIZED,
            AppError::Forbidden | AppError::PasswordChangeRequired => S::FORBIDDEN,
            AppError::TooManyAttempts => S::TOO_MANY_REQUESTS,
            AppError::Invalid { .. } | AppError::Problems(_) | AppError::Request => {
                S::UNPROCESSABLE_ENTITY
            }
            AppError::TooLarge => S::PAYLOAD_TOO_LARGE,
            AppError::NotFound => S::NOT_FOUND,
            AppError::Conflict(_) | AppError::Stale { .. } => S::CONFLICT,
            AppError::Internal(_) => S::INTERNAL_SERVER_ERROR,
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs an unexpected failure with an incident id and returns an error that shows only the id.
    pub fn internal(err: impl std::fmt::Display) -> Self {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        // Random, not from the clock: the id only has to find the log line.
        let id = format!("{:08x}", OsRng.next_u32());
        tracing::error!(incident = %id, error = %err, "internal error");
        AppError::Internal(id)
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::internal(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_errors_the_application_produces_are_well_formed() {
        assert!(AppError::Internal("0a1b2c3d".into()).is_well_formed());
        assert!(
            !AppError::Internal("Call +995 555 000 000 to restore access".into()).is_well_formed()
        );
        assert!(AppError::invalid("filter[page]", Key::ValidationNumber).is_well_formed());
        assert!(!AppError::invalid("<b>x</b>", Key::ValidationNumber).is_well_formed());
        assert!(AppError::Forbidden.is_well_formed());
    }
}
