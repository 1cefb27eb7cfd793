//! The orders registry: the annual table by type and issuer, the list and one order.
use super::org::is_hr;
use super::widgets::RecordHistory;
use super::widgets::{
    action_error, code_options, fetched, id_param, in_locale, or_empty, query_with, Breadcrumbs,
    Crumb, ExportLinks, Field, FieldScope, FormError, Loaded, Pager, Select, SignedIn, OVERSIGHT,
};
use crate::domain::common::date_text;
use crate::domain::history::HistoryRecord;
use crate::domain::order::{Issuer, OrderType};
use crate::i18n::{t, use_locale, Key};
use crate::orders::{get_order, get_order_counts, list_orders, CreateOrder, OrderFilter};
use leptos::context::Provider;
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Form, Route, A};
use leptos_router::hooks::use_query_map;
use leptos_router::{path, Lazy, SsrMode};

/// The orders registry and one order.
#[component(transparent)]
pub fn OrderRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("orders") view={Lazy::<super::pages::OrdersPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("orders/:id") view={Lazy::<super::pages::OrderPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("orders/:id/print") view={Lazy::<super::pages::OrderPrintPageLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><OrdersView /></SignedIn> }
}

#[component]
fn OrdersView() -> impl IntoView {
    let query = use_query_map();
    let text = move |k: &str| query.with(|q| q.get(k).filter(|v| !v.is_empty()));
    let year = move || text("year").and_then(|y| y.parse::<i32>().ok());
    let counts = fetched(year, get_order_counts);
    let list = fetched(
        move || OrderFilter {
            year: year(),
            order_type: text("order_type").and_then(|c| OrderType::parse(&c)),
            issuer: text("issuer").and_then(|c| Issuer::parse(&c)),
            q: text("q"),
            page: text("page").and_then(|p| p.parse::<i64>().ok()),
        },
        |filter| list_orders(Some(filter)),
    );
    let locale = use_locale();
    let no_error = Signal::stored(None);
    let hr = is_hr();
    view! {
        <section class="card wide">
            <h1>{t(Key::OrdersTitle)}</h1>
            <Loaded resource=counts let:c>
                {
                    let year_link = move |y: i32| query.with_untracked(|q| query_with(q, "year", &y.to_string()));
                    view! {
                        <h2>{move || Key::OrdersYearTable.format(locale.get(), &[("year", &c.year.to_string())])}</h2>
                        <p class="years">{c.years.iter().map(|y| view! { <a href=year_link(*y) class:current=*y == c.year>{*y}</a> " " }).collect_view()}</p>
                        <table class="data counts" data-testid="order-counts">
                            <tbody>
                                <tr><th>{t(Key::OrdersMayorMain)}</th><td class="num" data-testid="count-main">{c.main}</td></tr>
                                <tr><th>{t(Key::OrdersMayorLeave)}</th><td class="num" data-testid="count-leave">{c.leave_trip_other}</td></tr>
                                <tr><th>{t(Key::OrdersMayorPersonnel)}</th><td class="num" data-testid="count-personnel">{c.personnel}</td></tr>
                                <tr><th>{t(Key::OrdersDeputy)}</th><td class="num" data-testid="count-deputy">{c.deputy}</td></tr>
                            </tbody>
                            <tfoot><tr><th>{t(Key::OrdersTotal)}</th><th class="num" data-testid="count-total">{c.total()}</th></tr></tfoot>
                        </table>
                    }
                }
            </Loaded>
            <h2>{t(Key::OrdersList)}</h2>
            <Form method="GET" action="" attr:class="filters">
                <Provider value=FieldScope("filter".into())>
                    <div class="field"><label for="oq">{t(Key::OrdersSearch)}</label>
                    <input id="oq" type="search" name="q" value=move || text("q").unwrap_or_default() /></div>
                    <input type="hidden" name="year" value=move || text("year").unwrap_or_default() />
                    <Select label=Key::ColType name="order_type" options={code_options::<OrderType>()} error=no_error empty=Key::FilterAll selected=text("order_type").unwrap_or_default() />
                    <Select label=Key::ColIssuer name="issuer" options={code_options::<Issuer>()} error=no_error empty=Key::FilterAll selected=text("issuer").unwrap_or_default() />
                    <button type="submit" class="button-primary">{t(Key::Filter)}</button>
                </Provider>
            </Form>
            <p><ExportLinks list="orders" /></p>
            <Loaded resource=list let:page>
                {
                    let (n, pages, total) = (page.page, page.pages(), page.total);
                    or_empty(page.items, Key::OrdersNone, move |items| {
                    view! {
                        <table class="data" data-testid="orders">
                            <thead><tr><th>{t(Key::ColNumber)}</th><th>{t(Key::ColDate)}</th><th>{t(Key::ColTitle)}</th>
                                <th>{t(Key::ColType)}</th><th>{t(Key::ColIssuer)}</th></tr></thead>
                            <tbody>
                                {items.into_iter().map(|o| view! {
                                    <tr><td><A href=format!("/orders/{}", o.id)>{o.number.clone()}</A></td><td>{date_text(o.order_date)}</td>
                                        <td>{o.title.clone()}</td><td>{t(o.order_type.key())}</td><td>{t(o.issuer.key())}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pager page=n pages total />
                    }
                })}
            </Loaded>
        </section>
        <Show when=move || hr.get()>
            <NewOrderForm />
        </Show>
    }
}

#[component]
fn NewOrderForm() -> impl IntoView {
    let action = ServerAction::<CreateOrder>::new();
    let error = action_error(action);
    view! {
        <section class="card wide">
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::OrdersNew)}</summary>
                <ActionForm action attr:class="form">
                    <FormError error />
                    <Field label=Key::ColNumber name="number" error hint=Key::OrderNumberHint />
                    <Field label=Key::ColDate name="order_date" input_type="date" error />
                    <Select label=Key::ColIssuer name="issuer" options={code_options::<Issuer>()} error />
                    <Select label=Key::ColType name="order_type" options={code_options::<OrderType>()} error />
                    <Field label=Key::ColTitle name="title" error />
                    <Field label=Key::ColEffective name="effective_date" input_type="date" error optional=true hint=Key::EffectiveHint />
                    <button type="submit" class="button-primary">{t(Key::Create)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><OrderView /></SignedIn> }
}

#[component]
fn OrderView() -> impl IntoView {
    let id = id_param();
    let order = fetched(id, get_order);
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/orders", Key::OrdersTitle, OVERSIGHT)] />
            <Loaded resource=order let:d>
                <h1 data-testid="order-title">{t(Key::OrderShort)} " " {d.order.number.clone()}</h1>
                <p class="no-print"><a href=format!("/orders/{}/print", d.order.id) data-testid="print-order">{t(Key::OrderPrint)}</a></p>
                <dl class="facts">
                    <dt>{t(Key::ColDate)}</dt><dd>{date_text(d.order.order_date)}</dd>
                    <dt>{t(Key::ColTitle)}</dt><dd>{d.order.title.clone()}</dd>
                    <dt>{t(Key::ColType)}</dt><dd>{t(d.order.order_type.key())}</dd>
                    <dt>{t(Key::ColIssuer)}</dt><dd>{t(d.order.issuer.key())}</dd>
                    <dt>{t(Key::ColEffective)}</dt><dd>{date_text(d.order.effective_date)}</dd>
                </dl>
                <h2>{t(Key::OrderEffects)}</h2>
                {if d.effects.is_empty() && d.unit_events.is_empty() {
                    view! { <p class="empty">{t(Key::OrderNoEffects)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="history" data-testid="order-effects">
                            {d.effects.clone().into_iter().map(|e| view! {
                                <li>{date_text(e.date)} " — "
                                    <A href=format!("/employees/{}", e.employee.id)>{in_locale(&e.employee.name)}</A>
                                    ": " {t(e.change.key())}
                                    " · " {in_locale(&e.position)}</li>
                            }).collect_view()}
                            {d.unit_events.clone().into_iter().map(|ev| view! {
                                <li>{date_text(ev.effective_date)} " — " {in_locale(&ev.unit)} ": " {t(ev.event_type.key())}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
        <RecordHistory record=HistoryRecord::Order id=Signal::derive(id) />
    }
}

/// The order as it is filed: its heading, what it changes and the issuer's signature.
#[component]
pub fn OrderPrintPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><OrderPrint /></SignedIn> }
}

#[component]
fn OrderPrint() -> impl IntoView {
    let id = id_param();
    let order = fetched(id, get_order);
    view! {
        <Loaded resource=order let:d>
            <article class="sheet" data-testid="order-sheet">
                <p class="no-print"><A href=format!("/orders/{}", d.order.id)>{t(Key::EvalBack)}</A>" · "{t(Key::EvalPrintHint)}</p>
                <h1>{t(Key::OrderShort)} " " {d.order.number.clone()}</h1>
                <p class="sheet-sub">{date_text(d.order.order_date)}</p>
                <p class="sheet-sub"><strong>{d.order.title.clone()}</strong></p>
                <table class="sheet-head">
                    <tbody>
                        <tr><th>{t(Key::ColType)}</th><td>{t(d.order.order_type.key())}</td></tr>
                        <tr><th>{t(Key::ColEffective)}</th><td>{date_text(d.order.effective_date)}</td></tr>
                    </tbody>
                </table>
                <h2>{t(Key::OrderEffects)}</h2>
                {if d.effects.is_empty() && d.unit_events.is_empty() {
                    view! { <p class="empty">{t(Key::OrderNoEffects)}</p> }.into_any()
                } else {
                    view! {
                        <table class="data" data-testid="order-sheet-effects">
                            <thead><tr><th>"#"</th><th>{t(Key::ColDate)}</th><th>{t(Key::ColName)}</th><th>{t(Key::ColAction)}</th><th>{t(Key::ColPosition)}</th></tr></thead>
                            <tbody>
                                {d.effects.clone().into_iter().enumerate().map(|(i, e)| view! {
                                    <tr><td>{i + 1}</td><td class="nowrap">{date_text(e.date)}</td><td>{in_locale(&e.employee.name)}</td>
                                        <td>{t(e.change.key())}</td><td>{in_locale(&e.position)}</td></tr>
                                }).collect_view()}
                                {d.unit_events.clone().into_iter().enumerate().map(|(i, ev)| view! {
                                    <tr><td>{d.effects.len() + i + 1}</td><td class="nowrap">{date_text(ev.effective_date)}</td><td>{in_locale(&ev.unit)}</td>
                                        <td>{t(ev.event_type.key())}</td><td></td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <div class="signatures">
                    <div><p>{t(d.order.issuer.key())}</p><p class="sign-line">{t(Key::EvalSignature)}</p></div>
                </div>
            </article>
        </Loaded>
    }
}
