//! Sign-in and password change. Both are plain forms that work before the wasm loads.
use super::widgets::{action_error, awaited, Field, FormError, SeeOther, ToSignIn};
use super::{use_auth, Hydrated};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.sign_in);
    let hydrated = use_context::<Hydrated>().map(|h| h.0);
    let (show_password, set_show_password) = signal(false);
    // The page the visitor was sent here from, to return to once signed in.
    let next = use_query_map().with_untracked(|q| {
        q.get("next")
            .filter(|n| crate::domain::address::return_path(n).is_some())
            .unwrap_or_default()
    });
    let after_sign_in = next.clone();
    view! {
        <Transition>
            {awaited(move || {
                let after_sign_in = after_sign_in.clone();
                async move {
                    auth.user.await.map(|user| {
                        let path = match user.must_change_password || after_sign_in.is_empty() {
                            true => user.landing_path().to_string(),
                            false => after_sign_in,
                        };
                        view! { <SeeOther path /> }
                    })
                }
            })}
        </Transition>
        <section class="card narrow">
            <h1>{t(Key::SignInTitle)}</h1>
            <p class="muted">{t(Key::SignInIntro)}</p>
            <ActionForm action=auth.sign_in attr:class="form" attr:data-testid="sign-in-form">
                <FormError error />
                <input type="hidden" name="next" value=next />
                <Field label=Key::FieldUsername name="username" autocomplete="username" error autofocus=true />
                <div class="field-with-toggle">
                    <Field
                        label=Key::FieldPassword
                        name="password"
                        input_type="password"
                        autocomplete="current-password"
                        error
                    />
                    // Only once the wasm runs: a toggle that cannot work would confuse.
                    <Show when=move || hydrated.is_some_and(|h| h.get())>
                        <button
                            type="button"
                            class="button-link toggle-password"
                            data-testid="toggle-password"
                            aria-pressed=move || show_password.get().to_string()
                            on:click=move |_| {
                                let show = !show_password.get_untracked();
                                set_show_password.set(show);
                                if let Some(input) = document().get_element_by_id("field-password") {
                                    let _ = input.set_attribute("type", if show { "text" } else { "password" });
                                }
                            }
                        >
                            {move || t(if show_password.get() { Key::HidePassword } else { Key::ShowPassword })()}
                        </button>
                    </Show>
                </div>
                <button type="submit" class="button-primary" disabled=move || auth.sign_in.pending().get()>
                    {t(Key::SignIn)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.change_password);
    view! {
        <Transition>
            {awaited(move || async move {
                match auth.user.await {
                    None => view! { <ToSignIn /> }.into_any(),
                    Some(user) => view! {
                        <section class="card narrow">
                            <h1>{t(Key::PasswordTitle)}</h1>
                            {user.must_change_password.then(|| view! {
                                <p class="alert alert-info" role="status" data-testid="must-change">
                                    {t(Key::PasswordMustChange)}
                                </p>
                            })}
                            <ActionForm action=auth.change_password attr:class="form">
                                <FormError error />
                                <Field label=Key::FieldCurrentPassword name="current" input_type="password"
                                    autocomplete="current-password" error />
                                <Field label=Key::FieldNewPassword name="new" input_type="password"
                                    autocomplete="new-password" error hint=Key::PasswordRuleHint />
                                <Field label=Key::FieldConfirmPassword name="confirmation" input_type="password"
                                    autocomplete="new-password" error />
                                <button type="submit" class="button-primary"
                                    disabled=move || auth.change_password.pending().get()>
                                    {t(Key::PasswordSubmit)}
                                </button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
