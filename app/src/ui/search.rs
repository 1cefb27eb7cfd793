//! The search page: what the menu's search found, by kind, each linking to its page.
use super::widgets::{fetched, in_locale, Loaded, SignedIn, READERS};
use crate::domain::common::date_text;
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use crate::search::search;
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Route, A};
use leptos_router::hooks::use_query_map;
use leptos_router::{path, Lazy, SsrMode};

#[component(transparent)]
pub fn SearchRoutes() -> AnyNestedRoute {
    view! { <Route path=path!("search") view={Lazy::<super::pages::SearchPageLazy>::new()} ssr=SsrMode::Async /> }
        .into_inner()
        .into_any_nested_route()
}

#[component]
pub fn SearchPage() -> impl IntoView {
    view! { <SignedIn roles=READERS><SearchView /></SignedIn> }
}

/// The search form: in the menu and on the results page. A plain GET form.
#[component]
pub fn SearchForm(
    #[prop(optional, into)] value: Signal<String>,
    id: &'static str,
) -> impl IntoView {
    view! {
        <form role="search" method="get" action="/search" class="search-form" aria-label=t(Key::SearchLabel)>
            <label for=id class="visually-hidden">{t(Key::SearchLabel)}</label>
            <input id=id type="search" name="q" maxlength="100" value=move || value.get()
                placeholder=t(Key::SearchPlaceholder) data-testid=id />
            <button type="submit">{t(Key::SearchButton)}</button>
        </form>
    }
}

#[component]
fn SearchView() -> impl IntoView {
    let query = use_query_map();
    let q = Signal::derive(move || query.with(|m| m.get("q").unwrap_or_default()));
    // A search too short to run is the field's problem, shown under it, not a failed page.
    let results = fetched(
        move || q.get(),
        |q| async move {
            if q.trim().is_empty() {
                return Ok(None);
            }
            match search(q).await {
                Ok(found) => Ok(Some(Ok(found))),
                Err(AppError::Invalid { field, problem }) if field == "q" => Ok(Some(Err(problem))),
                Err(other) => Err(other),
            }
        },
    );
    let locale = use_locale();
    view! {
        <section class="card wide">
            <h1>{t(Key::SearchTitle)}</h1>
            <SearchForm value=q id="search-page-q" />
            <Loaded resource=results let:found>
                {found.map(|r| match r {
                    Err(problem) => view! {
                        <p class="field-error" role="alert" data-testid="search-problem">{t(problem)}</p>
                    }.into_any(),
                    Ok(r) => {
                    let crate::search::SearchResults { people, units, positions, orders } = r;
                    let people_total = people.total;
                    let all_people = format!("/employees?q={}", crate::domain::address::encode(&q.get_untracked()));
                    let orders = orders.filter(|o| !o.items.is_empty());
                    let nothing = people.items.is_empty() && units.is_empty() && positions.is_empty() && orders.is_none();
                    let more_people = people_total > people.items.len() as i64;
                    view! {
                        {nothing.then(|| view! { <p class="empty" data-testid="search-nothing">{t(Key::SearchNothing)}</p> })}
                        {(!people.items.is_empty()).then(move || view! {
                            <h2>{t(Key::SearchPeople)}" ("{people_total}")"</h2>
                            <ul class="search-hits" data-testid="search-people">
                                {people.items.into_iter().map(|e| view! {
                                    <li><A href=format!("/employees/{}", e.id)>{in_locale(&e.name)}</A>
                                        " · "<span class="mono">{e.personal_number}</span>
                                        {e.position.as_ref().map(|p| view! { " · "{in_locale(p)} })}
                                        {e.unit.as_ref().map(|u| view! { " · "{in_locale(u)} })}</li>
                                }).collect_view()}
                            </ul>
                            {more_people.then(|| view! {
                                <p><a href=all_people>{move || Key::SearchAllPeople.format(locale.get(), &[("n", &people_total.to_string())])}</a></p>
                            })}
                        })}
                        {(!units.is_empty()).then(move || view! {
                            <h2>{t(Key::SearchUnits)}</h2>
                            <ul class="search-hits" data-testid="search-units">
                                {units.into_iter().map(|u| view! {
                                    <li><A href=format!("/org/units/{}", u.id)>{in_locale(&u.name)}</A>
                                        {u.parent.as_ref().map(|p| view! { " · "{in_locale(p)} })}</li>
                                }).collect_view()}
                            </ul>
                        })}
                        {(!positions.is_empty()).then(move || view! {
                            <h2>{t(Key::SearchPositions)}</h2>
                            <ul class="search-hits" data-testid="search-positions">
                                {positions.into_iter().map(|p| {
                                    let href = p.unit_id.map(|u| format!("/org/units/{u}")).unwrap_or_else(|| "/org".into());
                                    view! {
                                        <li><A href=href>{in_locale(&p.title)}</A>
                                            {p.unit.as_ref().map(|u| view! { " · "{in_locale(u)} })}</li>
                                    }
                                }).collect_view()}
                            </ul>
                        })}
                        {orders.map(|o| view! {
                            <h2>{t(Key::SearchOrders)}" ("{o.total}")"</h2>
                            <ul class="search-hits" data-testid="search-orders">
                                {o.items.into_iter().map(|o| view! {
                                    <li><A href=format!("/orders/{}", o.id)>"№"{o.number}</A>
                                        " · "{date_text(o.order_date)}" · "{o.title}</li>
                                }).collect_view()}
                            </ul>
                        })}
                    }.into_any()
                    }
                })}
            </Loaded>
        </section>
    }
}
