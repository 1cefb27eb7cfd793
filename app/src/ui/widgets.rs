//! Shared UI pieces: loading a page's data, form fields with inline errors, alerts, cards,
//! and the formats every screen shares.
use crate::domain::{Bilingual, Coded};
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key, Locale};
use leptos::prelude::*;
use leptos_router::components::A;

pub use crate::domain::common::format_money;

/// JSON read from bytes, the way server functions read their answers. Leptos's default codec
/// reads a resource from `&str`, a second reader that compiled every type's decoder into the
/// browser bundle twice.
pub struct WireJson;

impl<T: serde::Serialize> leptos::server::codee::Encoder<T> for WireJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server::codee::Decoder<T> for WireJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// What a `<Transition>` or `<Suspense>` shows once `make`'s data have arrived. The browser
/// builds it again whenever the data change. The server builds it once: Leptos walks a
/// closure three times while it renders (two dry runs, then the render), and each walk built
/// the page inside again, with its queries and its confidential-read log.
pub fn awaited<V, Fut>(make: impl Fn() -> Fut + Send + Sync + 'static) -> impl IntoView
where
    Fut: std::future::Future<Output = V> + Send + 'static,
    V: IntoView + Send + 'static,
    Suspend<V>: IntoView,
{
    #[cfg(feature = "ssr")]
    {
        Suspend::new(make())
    }
    #[cfg(not(feature = "ssr"))]
    {
        move || Suspend::new(make())
    }
}

/// A page's data: loaded on the server, sent with the page and read again after hydration.
pub type Fetched<T> = Resource<T, WireJson>;

/// `Resource::new` with [`WireJson`]: reloads whenever `source` changes.
#[track_caller]
pub fn fetched<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Fetched<T>
where
    S: Send + Sync + Clone + PartialEq + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// Shows what a resource loads: the loading line first, then the failure as an alert (in a
/// card of its own unless `inline`, for a part of a page) or the content built from the value
/// (`<Loaded resource let:data>…</Loaded>`).
#[component]
pub fn Loaded<T, C, V>(
    resource: Fetched<Result<T, AppError>>,
    #[prop(optional)] inline: bool,
    children: C,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    C: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=loading>
            {awaited(move || {
                let children = children.clone();
                async move {
                    match resource.await {
                        Err(error) if inline => view! { <LoadError error /> }.into_any(),
                        Err(error) => view! { <section class="card"><LoadError error /></section> }.into_any(),
                        Ok(value) => children(value).into_any(),
                    }
                }
            })}
        </Transition>
    }
}

/// A list's content built from its items, or the sentence that says it is empty.
pub fn or_empty<T, V: IntoView + 'static>(
    items: Vec<T>,
    empty: Key,
    list: impl FnOnce(Vec<T>) -> V,
) -> AnyView {
    if items.is_empty() {
        view! { <p class="empty">{t(empty)}</p> }.into_any()
    } else {
        list(items).into_any()
    }
}

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
        .map(|e| leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(e.err()))
        // The address can be crafted: only errors this application produces are shown.
        .filter(AppError::is_well_formed);
    // Every form shows its errors through here, so here it also says when a change was saved.
    if let Some(super::SavedNotice(saved)) = use_context::<super::SavedNotice>() {
        if super::announces_saved(S::PATH) {
            Effect::new(move |_| {
                if action.value().with(|v| matches!(v, Some(Ok(_)))) {
                    saved.set(true);
                }
            });
        }
    }
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
                AppError::Stale { by, .. } if by.is_empty() => {
                    Key::ErrorStaleAnonymous.text(locale.get()).to_string()
                }
                AppError::Stale { by, at, .. } => {
                    Key::ErrorStale.format(locale.get(), &[("who", by), ("when", at)])
                }
                other => other.message().text(locale.get()).to_string(),
            };
            view! { <p class="alert alert-error" role="alert" data-testid="form-error">{text}</p> }
        })
    }
}

/// The fields of one of several forms on a page: their ids carry the form's name, so every
/// label focuses its own field. Wrap the form's fields in `<Provider value=FieldScope(…)>`.
#[derive(Clone, Debug)]
pub struct FieldScope(pub String);

/// The id of the field `name`: `field-<name>`, or `field-<scope>-<name>` inside a scope.
fn field_id(name: &str) -> String {
    match use_context::<FieldScope>() {
        Some(FieldScope(scope)) => format!("field-{scope}-{name}"),
        None => format!("field-{name}"),
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
    /// Not required (the server decides; the browser only helps).
    #[prop(optional)]
    optional: bool,
    /// The value shown at first (edit forms).
    #[prop(optional, into)]
    value: Option<String>,
    /// A person, by name or personal number (the server resolves either). After hydration
    /// the people whose name or number starts so are offered as the user types.
    #[prop(optional)]
    person: bool,
) -> impl IntoView {
    let id = field_id(name);
    let people_id = format!("{id}-people");
    let people = RwSignal::new(Vec::<(String, String)>::new());
    let suggest = PersonSuggestions {
        people,
        asked: StoredValue::new(String::new()),
        locale: use_locale(),
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let field_error = field_error(error, name);
    // Dates are typed as Georgians write them (dd.mm.yyyy), whatever the browser's language;
    // the server also accepts yyyy-mm-dd. The format is shown before the user types.
    let is_date = input_type == "date";
    let value = match is_date {
        true => value.map(|v| crate::domain::common::date_field_text(&v)),
        false => value,
    };
    let hint = hint.or(is_date.then_some(Key::HintDate));
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
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || field_error.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id.clone()
                name=name
                type=if is_date { "text" } else { input_type }
                inputmode=is_date.then_some("numeric")
                placeholder=is_date.then(|| t(Key::DatePlaceholder))
                class:date-input=is_date
                autocomplete=autocomplete
                maxlength=(!is_date && matches!(input_type, "text" | "email" | "tel" | "search"))
                    .then_some(crate::domain::csv_import::MAX_SHORT_TEXT)
                value=value
                required=!optional
                autofocus=autofocus
                aria-invalid=move || field_error.get().is_some().to_string()
                aria-describedby=described_by
                list=person.then(|| people_id.clone())
                on:input=move |ev| if person { suggest.ask(event_target_value(&ev)) }
            />
            {person.then(|| view! {
                <datalist id=people_id.clone()>
                    <For each=move || people.get() key=|(number, _)| number.clone() let:((number, label))>
                        <option value=number>{label}</option>
                    </For>
                </datalist>
            })}
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{t(h)}</p> })}
            {move || field_error.get().map(|k| view! {
                <p class="field-error" id=error_id.clone() role="alert">{t(k)}</p>
            })}
        </div>
    }
}

/// The people offered in a person field: asked of the employee list as the user types, the
/// answer to an older question dropped.
#[derive(Clone, Copy)]
struct PersonSuggestions {
    people: RwSignal<Vec<(String, String)>>,
    asked: StoredValue<String>,
    locale: RwSignal<Locale>,
}

impl PersonSuggestions {
    fn ask(self, typed: String) {
        let typed = typed.trim().to_string();
        let picked = crate::domain::personal_number::PersonalNumber::parse(&typed).is_ok();
        if typed.chars().count() < 2 || picked || self.asked.get_value() == typed {
            return;
        }
        self.asked.set_value(typed.clone());
        leptos::task::spawn_local(async move {
            let filter = crate::people::EmployeeFilter {
                q: Some(typed.clone()),
                ..Default::default()
            };
            let Ok(found) = crate::people::list_employees(Some(filter)).await else {
                return;
            };
            if self.asked.get_value() != typed {
                return;
            }
            let l = self.locale.get_untracked();
            self.people.set(
                found
                    .items
                    .into_iter()
                    .take(8)
                    .map(|e| {
                        let position = e
                            .position
                            .map(|p| format!(" · {}", p.get(l)))
                            .unwrap_or_default();
                        (e.personal_number, format!("{}{position}", e.name.get(l)))
                    })
                    .collect(),
            );
        });
    }
}

/// A due date, marked when it has passed (evaluations, the inbox, the home page).
pub fn due_cell(due: Option<chrono::NaiveDate>, overdue: bool) -> impl IntoView {
    view! {
        <span class:overdue=overdue>
            {due.map(crate::domain::common::date_text).unwrap_or_default()}
            {overdue.then(|| view! { <span class="badge badge-warn" data-testid="overdue">{t(Key::EvalOverdue)}</span> })}
        </span>
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

/// The field-level error for `name`, if the last run failed there.
fn field_error(error: Signal<Option<AppError>>, name: &'static str) -> Signal<Option<Key>> {
    Signal::derive(move || error.get().and_then(|e| e.concerns(name)))
}

/// A choice's text in the page's language: it follows the language switch in an open form.
#[derive(Clone)]
pub struct Label(std::sync::Arc<dyn Fn(Locale) -> String + Send + Sync>);

impl Label {
    /// Text made for either language (a name with its code, a title with its holder).
    pub fn new(text: impl Fn(Locale) -> String + Send + Sync + 'static) -> Self {
        Label(std::sync::Arc::new(text))
    }

    pub fn text(&self, locale: Locale) -> String {
        (self.0)(locale)
    }

    /// The text as a view that follows the language switch.
    pub fn view(self) -> impl Fn() -> String + Send + Sync + 'static {
        let locale = use_locale();
        move || self.text(locale.get())
    }
}

impl From<Key> for Label {
    fn from(key: Key) -> Self {
        Label::new(move |l| key.text(l).to_string())
    }
}

impl From<Bilingual> for Label {
    fn from(text: Bilingual) -> Self {
        Label::new(move |l| text.get(l).to_string())
    }
}

/// Text that reads the same in both languages (numbers, codes).
impl From<String> for Label {
    fn from(text: String) -> Self {
        Label::new(move |_| text.clone())
    }
}

/// A labelled choice with its inline error. `options` are (value, label) pairs.
#[component]
pub fn Select(
    label: Key,
    name: &'static str,
    #[prop(into)] options: Vec<(String, Label)>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// An empty first choice with this label (the field may be left empty).
    #[prop(optional)]
    empty: Option<Key>,
    #[prop(optional, into)] selected: Option<String>,
) -> impl IntoView {
    let id = field_id(name);
    let problem = field_error(error, name);
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-invalid=move || problem.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <select id=id.clone() name=name aria-invalid=move || problem.get().is_some().to_string()>
                {empty.map(|k| view! { <option value="">{t(k)}</option> })}
                {options.into_iter().map(|(value, text)| {
                    let is_selected = selected.as_deref() == Some(value.as_str());
                    view! { <option value=value selected=is_selected>{text.view()}</option> }
                }).collect_view()}
            </select>
            {move || problem.get().map(|k| view! { <p class="field-error" id=error_id.clone() role="alert">{t(k)}</p> })}
        </div>
    }
}

/// A multi-line text field with its inline error.
#[component]
pub fn TextArea(
    label: Key,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let id = field_id(name);
    let problem = field_error(error, name);
    let value = value.map(textarea_text);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let max = crate::domain::csv_import::MAX_LONG_TEXT;
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || match problem.get() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    let locale = use_locale();
    view! {
        <div class="field" class:field-invalid=move || problem.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <textarea
                id=id
                name=name
                rows=rows
                maxlength=max
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described_by
            >{value}</textarea>
            // The limit is shown before the user types, not only when refused.
            <p class="field-hint" id=hint_id>{move || Key::HintMaxChars.format(locale.get(), &[("max", &crate::domain::common::group_digits(&max.to_string()))])}</p>
            {move || problem.get().map(|k| view! {
                <p class="field-error" id=error_id.clone() role="alert">{t(k)}</p>
            })}
        </div>
    }
}

/// A text area's content as the renderer needs it. The server writes a `<textarea>`'s
/// children into the HTML unescaped (it is "raw text" to tachys), so a stored
/// `</textarea><meta …>` would end the element and inject markup: on the server the text is
/// escaped here (the browser decodes the entities back to the same text). In the browser the
/// text becomes a DOM text node, which is never parsed as markup.
pub fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        let mut escaped = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => escaped.push_str("&amp;"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                c => escaped.push(c),
            }
        }
        escaped
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// Shows a failed load as an alert (the page's data could not be read or is not allowed).
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    view! { <FormError error=Signal::stored(Some(error)) /> }
}

/// The current query string with `key` set to `value` (empty removes it).
pub fn query_with(query: &leptos_router::params::ParamsMap, key: &str, value: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .clone()
        .into_iter()
        .filter(|(k, _)| k != key)
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    if !value.is_empty() {
        pairs.push((key.to_string(), value.to_string()));
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::domain::address::encode(k),
                crate::domain::address::encode(v)
            )
        })
        .collect();
    if encoded.is_empty() {
        String::new()
    } else {
        format!("?{}", encoded.join("&"))
    }
}

/// "Page 2 of 5" with previous/next links that keep the other filters.
#[component]
pub fn Pager(page: i64, pages: i64, total: i64) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let link = move |n: i64| query.with_untracked(|q| query_with(q, "page", &n.to_string()));
    let locale = use_locale();
    view! {
        <nav class="pager" aria-label=t(Key::PagerLabel)>
            {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev" data-testid="pager-prev">{t(Key::PagerPrev)}</a> })}
            <span data-testid="pager-status">
                {move || Key::PagerStatus.format(locale.get(), &[("page", &page.to_string()), ("pages", &pages.to_string()), ("total", &total.to_string())])}
            </span>
            {(page < pages).then(|| view! { <a href=link(page + 1) rel="next" data-testid="pager-next">{t(Key::PagerNext)}</a> })}
        </nav>
    }
}

/// Download links for a list, with the filters currently applied.
#[component]
pub fn ExportLinks(
    list: &'static str,
    /// More parameters (`key=value`), e.g. the unit of a staff list.
    #[prop(optional, into)]
    extra: String,
) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let extra = StoredValue::new(extra);
    let href = move |format: &str| {
        let q = query.with(|q| query_with(q, "page", ""));
        let extra = extra.get_value();
        let joined = match (q.is_empty(), extra.is_empty()) {
            (_, true) => q,
            (true, false) => format!("?{extra}"),
            (false, false) => format!("{q}&{extra}"),
        };
        format!("/export/{list}.{format}{joined}")
    };
    view! {
        <span class="export-links">
            // rel=external: a download, not a page of the app.
            <a href=move || href("csv") rel="external" download="" data-testid=format!("export-{list}-csv")>{t(Key::ExportCsv)}</a>
            <a href=move || href("xlsx") rel="external" download="" data-testid=format!("export-{list}-xlsx")>{t(Key::ExportXlsx)}</a>
        </span>
    }
}

/// Sends a visitor who is not signed in to sign-in, which brings them back here afterwards.
#[component]
pub fn ToSignIn() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    let here = match search.trim_start_matches('?') {
        "" => location.pathname.get_untracked(),
        query => format!("{}?{query}", location.pathname.get_untracked()),
    };
    view! { <SeeOther path=crate::domain::address::sign_in_path(&here) /> }
}

/// Another page answers this address. The server says so with a 303 and no page, so a
/// browser without JavaScript follows it at once; in the browser the router navigates.
#[component]
pub fn SeeOther(path: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(location) = http::HeaderValue::from_str(&path) {
            response.set_status(http::StatusCode::SEE_OTHER);
            response.insert_header(http::header::LOCATION, location);
            return ().into_any();
        }
    }
    view! { <leptos_router::components::Redirect path /> }.into_any()
}

/// Redirects to sign-in when nobody is signed in; a user without one of `roles` (when given)
/// gets one "not allowed" notice (HTTP 403) instead of a page whose every part would refuse.
/// The server functions decide either way; this spares the user forms they cannot submit.
#[component]
pub fn SignedIn(
    children: ChildrenFn,
    #[prop(optional)] roles: &'static [crate::domain::Role],
) -> impl IntoView {
    let auth = super::use_auth();
    let children = StoredValue::new(children);
    view! {
        <Transition>
            {awaited(move || async move {
                match auth.user.await {
                    None => view! { <ToSignIn /> }.into_any(),
                    Some(u) if u.must_change_password => view! { <SeeOther path="/account/password".into() /> }.into_any(),
                    Some(u) if !roles.is_empty() && !u.roles.has_any(roles) => {
                        #[cfg(feature = "ssr")]
                        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                            response.set_status(http::StatusCode::FORBIDDEN);
                        }
                        view! { <section class="card"><LoadError error=AppError::Forbidden /></section> }.into_any()
                    }
                    Some(_) => children.with_value(|c| c()).into_any(),
                }
            })}
        </Transition>
    }
}

/// One step of the way back (a list page, or a record above this one such as the unit of a
/// position), shown to those who may open it.
pub struct Crumb {
    pub href: String,
    pub text: CrumbText,
    /// Who may open it (empty: everyone signed in).
    pub roles: &'static [crate::domain::Role],
}

/// What a step is called: a page by its title, a record by its name.
#[derive(Clone)]
pub enum CrumbText {
    Title(Key),
    Name(Bilingual),
}

impl Crumb {
    /// A page by its title.
    pub fn page(
        href: impl Into<String>,
        label: Key,
        roles: &'static [crate::domain::Role],
    ) -> Crumb {
        Crumb {
            href: href.into(),
            text: CrumbText::Title(label),
            roles,
        }
    }

    /// A record by its name.
    pub fn record(href: String, name: Bilingual, roles: &'static [crate::domain::Role]) -> Crumb {
        Crumb {
            href,
            text: CrumbText::Name(name),
            roles,
        }
    }
}

/// Where this page sits: Home, then the pages and records above it that this user may open,
/// so a link never leads to a "not allowed" page. `public` pages (vacancies, published
/// reports) start from their own list instead of Home, which asks a visitor to sign in.
#[component]
pub fn Breadcrumbs(
    trail: Vec<Crumb>,
    #[prop(optional)] print: bool,
    #[prop(optional)] public: bool,
) -> impl IntoView {
    let auth = super::use_auth();
    let locale = use_locale();
    let trail = StoredValue::new(trail);
    view! {
        <nav class="breadcrumb" class:no-print=!print aria-label=t(Key::BreadcrumbLabel)>
            <ol>
                {(!public).then(|| view! { <li><A href="/">{t(Key::NavHome)}</A></li> })}
                {move || {
                    // Read once, untracked: a page is built after its user is known (`SignedIn`),
                    // and a public page never asks who is there.
                    let user = if public { None } else { auth.user.get_untracked().flatten() };
                    let l = locale.get();
                    trail.with_value(|trail| {
                        trail
                            .iter()
                            .filter(|c| {
                                public
                                    || c.roles.is_empty()
                                    || user.as_ref().is_some_and(|u| u.roles.has_any(c.roles))
                            })
                            .map(|c| {
                                let text = match &c.text {
                                    CrumbText::Title(key) => key.text(l).to_string(),
                                    CrumbText::Name(name) => name.get(l).to_string(),
                                };
                                (c.href.clone(), text)
                            })
                            .collect::<Vec<_>>()
                    })
                    .into_iter()
                    .map(|(href, text)| view! { <li><A href=href>{text}</A></li> })
                    .collect_view()
                }}
            </ol>
        </nav>
    }
}

/// Who may open the organisation screens (the server scopes what each one sees).
pub const READERS: &[crate::domain::Role] = &[
    crate::domain::Role::Hr,
    crate::domain::Role::Mayor,
    crate::domain::Role::Manager,
];
/// HR and the mayor.
pub const OVERSIGHT: &[crate::domain::Role] =
    &[crate::domain::Role::Hr, crate::domain::Role::Mayor];
/// HR only.
pub const HR_ONLY: &[crate::domain::Role] = &[crate::domain::Role::Hr];

/// A bilingual text in the current language.
pub fn in_locale(text: &Bilingual) -> impl Fn() -> String + Send + Sync + 'static {
    let text = text.clone();
    let locale = use_locale();
    move || text.get(locale.get()).to_string()
}

/// Roman numerals for ranks (I–IV).
pub fn roman(rank: Option<i64>) -> &'static str {
    match rank {
        Some(1) => "I",
        Some(2) => "II",
        Some(3) => "III",
        Some(4) => "IV",
        _ => "—",
    }
}

/// Confirmation before something is ended or removed: a required checkbox, so it works
/// without JavaScript and under the strict content-security policy (no inline `confirm()`).
/// The server refuses the change when it is not ticked.
#[component]
pub fn Confirm(label: Key, #[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let problem = field_error(error, "confirm");
    view! {
        <div class="field confirm" class:field-invalid=move || problem.get().is_some()>
            <label class="checkbox">
                <input type="checkbox" name="confirm" value="yes" required=true data-testid="confirm" />
                {t(label)}
            </label>
            {move || problem.get().map(|k| view! { <p class="field-error" role="alert">{t(k)}</p> })}
        </div>
    }
}

/// The route's `:id` as a number (0 when malformed: the server answers "not found").
pub fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    }
}

/// Choices for a select from a closed set of states, labelled in the current language.
pub fn code_options<T: Coded>() -> Vec<(String, Label)> {
    T::all()
        .iter()
        .map(|s| (s.code().to_string(), s.key().into()))
        .collect()
}

/// A state's badge: its text, styled by its code (`badge <kind>-<code>`).
pub fn badge<T: Coded>(kind: &'static str, state: T, testid: &'static str) -> impl IntoView {
    let class = format!("badge {kind} {kind}-{}", state.code());
    view! { <span class=class data-testid=testid>{t(state.key())}</span> }
}

/// Bumps `done` whenever `action` succeeds (the page's data then reloads).
pub fn reload_on_success<S>(action: ServerAction<S>, done: RwSignal<u32>)
where
    S: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            done.update(|n| *n += 1);
        }
    });
}

/// The placeholder while a page's data loads.
pub fn loading() -> impl IntoView {
    view! { <p class="muted">{t(Key::Loading)}</p> }
}

/// Bumped by every successful action of a page, which then reloads its data (with JavaScript
/// the page stays where it is; without, the form post reloads it anyway).
#[derive(Clone, Copy)]
struct Reload(RwSignal<u32>);

pub fn provide_reload() -> RwSignal<u32> {
    let done = RwSignal::new(0);
    provide_context(Reload(done));
    done
}

/// A server action whose success reloads the page's data.
pub fn action<S>() -> ServerAction<S>
where
    S: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    if let Some(Reload(done)) = use_context::<Reload>() {
        super::widgets::reload_on_success(action, done);
    }
    action
}

/// A required choice as radio buttons, nothing chosen at first (a choice with legal effect is
/// the user's to make). `options` are (value, label) pairs; labels follow the language.
#[component]
pub fn RadioChoice(
    label: Key,
    name: &'static str,
    options: Vec<(&'static str, Key)>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let problem = field_error(error, name);
    view! {
        <fieldset class="field radio-choice" class:field-invalid=move || problem.get().is_some()>
            <legend>{t(label)}</legend>
            {options.into_iter().map(|(value, text)| view! {
                <label class="checkbox">
                    <input type="radio" name=name value=value data-testid=format!("{name}-{value}") />
                    {t(text)}
                </label>
            }).collect_view()}
            {move || problem.get().map(|k| view! { <p class="field-error" role="alert">{t(k)}</p> })}
        </fieldset>
    }
}

/// A record's history: what happened, when, by whom, and which details changed.
#[component]
pub fn HistoryTable(
    history: Result<Vec<crate::domain::history::HistoryEntry>, AppError>,
    /// What the list holds, said above it.
    intro: Key,
    /// What is said when nothing has been recorded.
    none: Key,
    testid: &'static str,
) -> impl IntoView {
    use crate::domain::history::ShownValue;
    let locale = use_locale();
    // Each cell is one text in the page's language, so hydration finds the text the server wrote.
    let shown = |v: &ShownValue, l: Locale| match v {
        ShownValue::Text(text) if text.is_empty() => "—".to_string(),
        ShownValue::Text(text) => text.clone(),
        ShownValue::Coded(key) => key.text(l).to_string(),
    };
    match history {
        Err(error) => view! { <LoadError error /> }.into_any(),
        Ok(entries) if entries.is_empty() => view! { <p class="empty">{t(none)}</p> }.into_any(),
        Ok(entries) => view! {
            <p class="hint">{t(intro)}</p>
            <div class="table-scroll" tabindex="0">
                <table class="data" data-testid=testid>
                    <thead><tr><th>{t(Key::HistoryColWhen)}</th><th>{t(Key::HistoryColWho)}</th><th>{t(Key::HistoryColWhat)}</th></tr></thead>
                    <tbody>
                        {entries.into_iter().map(|e| {
                            let actor = e.actor.clone();
                            view! {
                                <tr>
                                    <td class="nowrap">{e.at}</td>
                                    <td>{move || {
                                        let l = locale.get();
                                        actor.as_ref().map_or_else(|| Key::HistorySystem.text(l).to_string(), |a| a.get(l).to_string())
                                    }}</td>
                                    <td>{t(e.event.map(|ev| ev.key()).unwrap_or(Key::HistoryOther))}
                                        {(!e.changes.is_empty()).then(|| view! {
                                            <ul class="changes">
                                                {e.changes.into_iter().map(|c| view! {
                                                    <li>{move || {
                                                        let l = locale.get();
                                                        format!("{}: {} → {}", c.field.text(l), shown(&c.before, l), shown(&c.after, l))
                                                    }}</li>
                                                }).collect_view()}
                                            </ul>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }.into_any(),
    }
}

/// The history of a position, an order, a class order or an evaluation at the foot of its
/// page, for HR. It is read from the audit log only when asked for (`?history=1`, a plain link,
/// so it works without JavaScript), not on every visit of the page.
#[component]
pub fn RecordHistory(
    record: crate::domain::history::HistoryRecord,
    #[prop(into)] id: Signal<i64>,
) -> impl IntoView {
    let auth = super::use_auth();
    let query = leptos_router::hooks::use_query_map();
    let hr = move || {
        auth.user
            .get()
            .flatten()
            .is_some_and(|u| u.roles.has(crate::domain::Role::Hr))
    };
    let wanted = move || hr() && query.read().get("history").as_deref() == Some("1");
    let history = fetched(
        move || (wanted(), id.get()),
        move |(wanted, id)| async move {
            if wanted {
                crate::audit::get_record_history(record, id).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let path = leptos_router::hooks::use_location().pathname;
    view! {
        <Show when=hr>
            <section class="card wide no-print" id="history">
                <h2>{t(Key::TabHistory)}</h2>
                <Loaded resource=history inline=true let:entries>
                    {match entries {
                        Some(entries) => view! {
                            <HistoryTable history=Ok(entries) intro=Key::HistoryRecordIntro none=Key::HistoryRecordNone testid="record-history" />
                        }.into_any(),
                        None => view! {
                            <p><a href=move || format!("{}?history=1#history", path.get()) data-testid="show-history">{t(Key::HistoryShow)}</a></p>
                        }.into_any(),
                    }}
                </Loaded>
            </section>
        </Show>
    }
}
