use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main id="main" class="site-main">
            <section class="card narrow">
                <h1>{t(Key::NotFoundTitle)}</h1>
                <p>{t(Key::NotFoundText)}</p>
                <p><A href="/">{t(Key::NotFoundBack)}</A></p>
            </section>
        </main>
    }
}
