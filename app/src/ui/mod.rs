//! Pages and components, grouped by feature.

/// Route views whose code the browser fetches when a feature is first shown, so the first
/// download holds only the shell and what pages share (issue 16).
/// `lazy_pages! { office_pages / __preload_office_pages: OfficePages { EmployeesPageLazy =>
/// people::EmployeesPage, … } … }` makes one lazily loaded function per group (`office_pages`,
/// unique in the crate: the split tool names the chunk after it; the second name is the loader
/// the `lazy` attribute makes for it) and a route type per page, used as
/// `view={Lazy::<pages::EmployeesPageLazy>::new()}`. The groups are in `pages.rs`. Without
/// `cargo leptos --split` nothing is split and the pages are ordinary functions.
macro_rules! lazy_pages {
    ($($load:ident / $preload:ident: $group:ident { $($route:ident => $page:path),* $(,)? })*) => {$(
        /// The pages of this feature, by the route that shows them.
        #[doc(hidden)]
        #[derive(Clone, Copy)]
        pub enum $group {
            $($route),*
        }

        #[leptos::lazy]
        fn $load(page: $group) -> leptos::prelude::AnyView {
            match page {
                $($group::$route => leptos::prelude::IntoAny::into_any(leptos::prelude::untrack($page))),*
            }
        }

        $(
            #[doc(hidden)]
            pub struct $route;
            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }
                async fn view(_this: Self) -> leptos::prelude::AnyView {
                    $load($group::$route).await
                }
                // The router loads the route's code before it hydrates or shows the page.
                async fn preload() {
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )*
    )*};
}

mod account;
mod attestation;
mod audit;
pub mod classes;
mod competitions;
mod discipline;
mod evaluation;
mod home;
mod import;
mod layout;
mod not_found;
mod orders;
pub mod org;
mod pages;
mod people;
mod probation;
mod promotion;
mod search;
mod training;
pub mod widgets;
pub mod work_plans;

use crate::auth::{ChangePassword, SignIn, SignOut};
use crate::i18n::{provide_locale, Key, Locale};
use crate::ui::widgets::{fetched, Fetched};
use layout::Layout;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The whole HTML document, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = initial_locale();
    let saved = saved_cookie_present().then_some("");
    #[cfg(feature = "ssr")]
    crate::ssr::set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code() data-saved=saved>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HashedStylesheet options=options.clone() id="leptos" />
                // Fetched with the stylesheet, so text does not jump when the fonts arrive.
                {FONTS
                    .map(|href| {
                        view! {
                            <link rel="preload" href=href r#as="font" r#type="font/woff2" crossorigin="anonymous" />
                        }
                    })}
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The font files of `style/main.css` (Georgian and Latin, regular and semibold): every page uses all four.
const FONTS: [&str; 4] = [
    "/fonts/noto-sans-georgian-georgian-400-normal.woff2",
    "/fonts/noto-sans-georgian-georgian-600-normal.woff2",
    "/fonts/noto-sans-georgian-latin-400-normal.woff2",
    "/fonts/noto-sans-georgian-latin-600-normal.woff2",
];

/// The one-time cookie the server leaves after a change posted without JavaScript; the next
/// page says "Saved." and clears it.
pub const NOTICE_SET_COOKIE: &str =
    "mokhele_notice=saved; Path=/; Max-Age=60; SameSite=Lax; HttpOnly";
#[cfg(feature = "ssr")]
const NOTICE_CLEAR_COOKIE: &str = "mokhele_notice=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly";

/// Whether a successful call of the server function at `path` is a change to announce as
/// "Saved." (signing in and out, the password and the language have their own answers).
pub fn announces_saved(path: &str) -> bool {
    path.starts_with("/api/") && !path.starts_with("/api/auth/")
}

/// "Saved." at the top of the page: after a form action succeeded in the browser, or once after
/// a change posted without JavaScript.
#[derive(Clone, Copy)]
pub struct SavedNotice(pub RwSignal<bool>);

/// Whether the request carries the notice cookie (the server side of the page).
fn saved_cookie_present() -> bool {
    #[cfg(feature = "ssr")]
    {
        request_cookies()
            .split(';')
            .any(|c| c.trim().starts_with("mokhele_notice="))
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// The notice as the page starts: on the server from the cookie (which the answer clears), in
/// the browser from what the server wrote into `<html data-saved>`.
fn initial_notice() -> bool {
    #[cfg(feature = "ssr")]
    {
        let present = saved_cookie_present();
        if present {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.append_header(
                    http::header::SET_COOKIE,
                    http::HeaderValue::from_static(NOTICE_CLEAR_COOKIE),
                );
            }
        }
        present
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .is_some_and(|root| root.has_attribute("data-saved"))
    }
}

/// Session actions shared by the header and the pages; the current user is re-read after each.
#[derive(Clone, Copy)]
pub struct AuthContext {
    pub user: Fetched<Option<crate::domain::CurrentUser>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    pub change_password: ServerAction<ChangePassword>,
}

pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}

/// True once the WebAssembly has taken over the whole page (never during server rendering).
#[derive(Clone, Copy)]
pub struct Hydrated(pub Signal<bool>);

#[cfg(feature = "hydrate")]
thread_local! {
    static HYDRATION_DONE: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Called by the browser entry point once every part of the page, the lazily loaded route
/// included, has been hydrated. Whatever exists only in the browser (a show-password toggle)
/// appears after this, never during hydration, where the server's HTML has no place for it.
#[cfg(feature = "hydrate")]
pub fn hydration_finished() {
    HYDRATION_DONE.with(|done| done.set(true));
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

fn hydration_signal() -> Signal<bool> {
    #[cfg(feature = "hydrate")]
    return HYDRATION_DONE.with(|done| done.read_only()).into();
    #[cfg(not(feature = "hydrate"))]
    Signal::stored(false)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = provide_locale(initial_locale());
    provide_context(SavedNotice(RwSignal::new(initial_notice())));

    let sign_in = ServerAction::<SignIn>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let user = fetched(
        move || {
            (
                sign_in.version().get(),
                sign_out.version().get(),
                change_password.version().get(),
            )
        },
        |_| async { crate::auth::get_current_user().await.ok().flatten() },
    );
    provide_context(AuthContext {
        user,
        sign_in,
        sign_out,
        change_password,
    });

    provide_context(Hydrated(hydration_signal()));
    // Keep <html lang> and the title in step with the language switch. The server writes the
    // head from the request's language as plain text: a reactive title is read after the
    // page's reactive owner is gone and panicked under concurrent requests.
    Effect::new(move |_| {
        let l = locale.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.code());
        }
        document().set_title(Key::AppName.text(l));
    });
    let initial = locale.get_untracked();

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="description" content=Key::AppTagline.text(initial) />
        <Title text=Key::AppName.text(initial) />
        <Router>
            <Routes fallback=not_found::NotFound>
                // Async: the server sends each page complete, so it works without JavaScript
                // (out-of-order streaming needs a script to put late parts in place).
                <ParentRoute path=path!("") view=Layout ssr=SsrMode::Async>
                    <Route path=path!("") view={Lazy::<pages::HomePageLazy>::new()} ssr=SsrMode::Async />
                    <Route path=path!("sign-in") view={Lazy::<pages::SignInPageLazy>::new()} ssr=SsrMode::Async />
                    <Route path=path!("account/password") view={Lazy::<pages::ChangePasswordPageLazy>::new()} ssr=SsrMode::Async />
                    <Route path=path!("audit") view={Lazy::<pages::AuditPageLazy>::new()} ssr=SsrMode::Async />
                    <Route path=path!("import") view={Lazy::<pages::ImportPageLazy>::new()} ssr=SsrMode::Async />
                    <org::OrgRoutes />
                    <people::PeopleRoutes />
                    <orders::OrderRoutes />
                    <evaluation::EvaluationRoutes />
                    <classes::ClassRoutes />
                    <competitions::CompetitionRoutes />
                    <probation::ProbationRoutes />
                    <work_plans::WorkPlanRoutes />
                    <discipline::DisciplineRoutes />
                    <attestation::AttestationRoutes />
                    <promotion::PromotionRoutes />
                    <training::TrainingRoutes />
                    <search::SearchRoutes />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The request's cookies as one `Cookie:` header value (the server side of a page).
#[cfg(feature = "ssr")]
fn request_cookies() -> String {
    use_context::<http::request::Parts>()
        .map(|parts| {
            let cookies: Vec<&str> = parts
                .headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            cookies.join("; ")
        })
        .unwrap_or_default()
}

/// The language for the first render: from the cookie on the server, and from what the server
/// rendered (`<html lang>`) in the browser, so hydration sees the same text.
fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        Locale::from_cookie_header(&request_cookies())
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|root| root.get_attribute("lang"))
            .and_then(|code| Locale::parse(&code))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    /// User-facing text must come from the locale files. This finds string literals in text
    /// position in `view!` markup (after `>` or `{`, or alone on a line) that contain letters.
    #[test]
    fn components_contain_no_literal_user_facing_text() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut offenders = Vec::new();
        // Every file under src/ui, folders of a feature included.
        let mut files = Vec::new();
        let mut folders = vec![dir];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("src/ui") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        for path in files {
            let source = std::fs::read_to_string(&path).expect("source");
            let code = source.split("#[cfg(test)]").next().unwrap_or_default();
            for (number, line) in code.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for literal in text_position_literals(line) {
                    if literal.chars().any(char::is_alphabetic) {
                        offenders.push(format!("{}:{}: {literal:?}", path.display(), number + 1));
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "literal text in components (use i18n keys):\n{}",
            offenders.join("\n")
        );
    }

    fn text_position_literals(line: &str) -> Vec<String> {
        let chars: Vec<char> = line.chars().collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != '"' {
                i += 1;
                continue;
            }
            let before = chars[..i]
                .iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .copied();
            let mut j = i + 1;
            while j < chars.len() && !(chars[j] == '"' && chars[j - 1] != '\\') {
                j += 1;
            }
            let literal: String = chars[i + 1..j.min(chars.len())].iter().collect();
            // `{` counts only as a markup block (`>{"text"}`), not as a Rust block (`if x { "a" }`).
            let markup_brace = before == Some('{') && {
                let at = chars[..i].iter().rposition(|c| *c == '{').unwrap_or(0);
                matches!(
                    chars[..at].iter().rev().find(|c| !c.is_whitespace()),
                    None | Some('>') | Some('}')
                )
            };
            // `=> "x"` and `"x" =>` / `"x" |` are match arms, not markup.
            let arrow_before = before == Some('>') && {
                let at = chars[..i].iter().rposition(|c| *c == '>').unwrap_or(0);
                at > 0 && chars[at - 1] == '='
            };
            let after = chars
                .get(j + 1..)
                .and_then(|rest| rest.iter().find(|c| !c.is_whitespace()))
                .copied();
            // Text in markup ends the line or meets a tag or a brace; anything else (`.to_string()`,
            // `,`, `=>`, `|`) is Rust code.
            let pattern = !matches!(after, None | Some('<') | Some('}'));
            if (matches!(before, None | Some('>')) || markup_brace) && !arrow_before && !pattern {
                found.push(literal);
            }
            i = j + 1;
        }
        found
    }

    #[test]
    fn the_detector_finds_text_and_ignores_attributes() {
        assert_eq!(
            text_position_literals(r#"<p class="muted">"Hello"</p>"#),
            vec!["Hello".to_string()]
        );
        assert!(text_position_literals(r#"<input type="password" name="x" />"#).is_empty());
        assert_eq!(
            text_position_literals(r#"    "Alone""#),
            vec!["Alone".to_string()]
        );
        assert_eq!(
            text_position_literals(r#"<p>{"Braced"}</p>"#),
            vec!["Braced".to_string()]
        );
        assert!(text_position_literals(r#"if show { "text" } else { "password" }"#).is_empty());
        assert!(text_position_literals(r#"    Some(1) => "I","#).is_empty());
        assert!(text_position_literals(r#"    "work" => ("#).is_empty());
        assert!(text_position_literals(r#"    "rename".to_string(),"#).is_empty());
    }
}
