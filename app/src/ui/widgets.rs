//! Shared UI pieces: form fields with inline errors, alerts, cards.
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use leptos::prelude::*;

/// The error of the action's last run; before any run, the error carried back in the URL
/// when the form was posted without JavaScript.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    // Leptos provides this context inside <Routes> only, so it is read here, in the page.
    let from_form_post = use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == S::PATH)
        .map(|e| leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(e.err()));
    Signal::derive(move || match action.value().get() {
        Some(result) => result.err(),
        None => from_form_post.clone(),
    })
}

/// The form-level error banner (errors not tied to one field).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        error.get().filter(|e| e.field().is_none()).map(|e| {
            let text = match &e {
                AppError::Internal(id) => Key::ErrorInternal.format(locale.get(), &[("id", id)]),
                other => other.message().text(locale.get()).to_string(),
            };
            view! { <p class="alert alert-error" role="alert" data-testid="form-error">{text}</p> }
        })
    }
}

/// A labelled input with its inline error. `name` is the server function's argument name.
#[component]
pub fn Field(
    label: Key,
    name: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let field_error = Signal::derive(move || {
        error
            .get()
            .filter(|e| e.field() == Some(name))
            .map(|e| e.message())
    });
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if field_error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field-invalid=move || field_error.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id.clone()
                name=name
                type=input_type
                autocomplete=autocomplete
                required=true
                autofocus=autofocus
                aria-invalid=move || field_error.get().is_some().to_string()
                aria-describedby=described_by
            />
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{t(h)}</p> })}
            {move || field_error.get().map(|k| view! {
                <p class="field-error" id=error_id.clone() role="alert">{t(k)}</p>
            })}
        </div>
    }
}

/// A figure on a home card.
#[component]
pub fn Stat(label: Key, value: i64, #[prop(optional)] testid: &'static str) -> impl IntoView {
    view! {
        <div class="stat" data-testid=testid>
            <span class="stat-value">{value}</span>
            <span class="stat-label">{t(label)}</span>
        </div>
    }
}
