//! The browser entry point: hydrate the server-rendered page. Nothing else lives here.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // As `leptos::mount::hydrate_lazy`, which waits for the route's lazily loaded code, plus a
    // signal to the app once the whole page is live.
    wasm_bindgen_futures::spawn_local(async {
        let document = leptos::prelude::document();
        // The page's language (`<html lang>`, as the server rendered it) is loaded first.
        let lang = document
            .document_element()
            .map(|html| html.get_attribute("lang").unwrap_or_default())
            .unwrap_or_default();
        app::i18n::load_texts(app::i18n::Locale::parse(&lang).unwrap_or_default()).await;
        let body = document.body().expect("a page has a body");
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        app::ui::hydration_finished();
    });
}
