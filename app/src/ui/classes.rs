//! The class screens: eligibility with drafting an order, class orders and their signature,
//! equalization of old class ranks, the monthly pay register (and its print), reports and
//! the settings of rates and rules; the class tab of a personal file.
use super::org::is_hr;
use super::widgets::RecordHistory;
use super::widgets::{
    action_error, badge, code_options, fetched, format_money, id_param, in_locale, or_empty,
    reload_on_success, Breadcrumbs, Confirm, Crumb, ExportLinks, Field, FieldScope, FormError,
    Label, LoadError, Loaded, Select, SignedIn, TextArea, OVERSIGHT,
};
use crate::classes::*;
use crate::domain::class::{roman, Streak};
use crate::domain::common::date_text;
use crate::domain::history::HistoryRecord;
use crate::domain::pay::{ArrearsLine, MonthPay};
use crate::domain::rule::Certainty;
use crate::i18n::{t, use_locale, Key, Locale};
use leptos::context::Provider;
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Form, Route, A};
use leptos_router::hooks::use_query_map;
use leptos_router::{path, Lazy, SsrMode};

/// Classes and the class bonus: eligibility, orders, equalization, the pay register, reports, settings.
#[component(transparent)]
pub fn ClassRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("classes") view={Lazy::<super::pages::ClassesPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("class-orders") view={Lazy::<super::pages::ClassOrdersPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("class-orders/:id") view={Lazy::<super::pages::ClassOrderPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("equalization") view={Lazy::<super::pages::EqualizationPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("pay-register") view={Lazy::<super::pages::PayRegisterPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("pay-register/print") view={Lazy::<super::pages::PayRegisterPrintPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("class-reports") view={Lazy::<super::pages::ClassReportsPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("class-settings") view={Lazy::<super::pages::ClassSettingsPageLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

fn class_label(class_no: Option<u8>) -> String {
    class_no.map(roman).unwrap_or("—").to_string()
}

fn month_label(month: chrono::NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

/// "2018 excellent, 2019 excellent → class V" in the current language.
fn explanation(q: &crate::domain::class::Qualification, locale: Locale) -> String {
    let years: Vec<String> = q
        .years
        .iter()
        .map(|y| {
            let rating = y.rating.map(|r| r.key().text(locale)).unwrap_or("");
            format!("{} {}", y.year, rating)
        })
        .collect();
    let rule = match q.streak {
        Streak::Excellent => Key::ClassStreakExcellent,
        Streak::Good => Key::ClassStreakGood,
    };
    format!(
        "{} → {} ({})",
        years.join(", "),
        Key::ClassTarget.format(locale, &[("class", roman(q.target))]),
        rule.text(locale)
    )
}

/// Links between the class screens.
#[component]
fn ClassNav() -> impl IntoView {
    view! {
        <nav class="subnav no-print" aria-label=t(Key::ClassesTitle)>
            <A href="/classes">{t(Key::ClassEligibilityTitle)}</A>
            <A href="/class-orders">{t(Key::ClassOrdersTitle)}</A>
            <A href="/equalization">{t(Key::ClassEqualizationTitle)}</A>
            <A href="/pay-register">{t(Key::PayRegisterTitle)}</A>
            <A href="/class-reports">{t(Key::ClassReportsTitle)}</A>
            <A href="/class-settings">{t(Key::ClassSettingsTitle)}</A>
        </nav>
    }
}

fn officer_cells(o: OfficerRef) -> impl IntoView {
    let href = format!("/employees/{}?tab=class", o.person.id);
    view! {
        <td><A href=href>{in_locale(&o.person.name)}</A></td>
        <td>{o.position.as_ref().map(in_locale)}</td>
        <td>{o.unit.as_ref().map(in_locale)}</td>
    }
}

// ---- Eligibility --------------------------------------------------------------------------

#[component]
pub fn ClassesPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><ClassNav /><EligibilityView /></SignedIn> }
}

#[component]
fn EligibilityView() -> impl IntoView {
    let draft = ServerAction::<DraftClassOrder>::new();
    let error = action_error(draft);
    let data = fetched(|| (), |_| get_class_eligibility());
    let hr = is_hr();
    let locale = use_locale();
    view! {
        <section class="card wide">
            <h1>{t(Key::ClassEligibilityTitle)}</h1>
            <p class="hint">{t(Key::ClassEligibilityHint)}</p>
            <Loaded resource=data inline=true let:e>
                {{
                        let none = e.eligible.is_empty();
                        let (in_orders, appeals) = (e.in_orders.clone(), e.awaiting_appeal.clone());
                        let count = e.eligible.len().to_string();
                        let today = e.on.to_string();
                        let table = view! {
                            <table class="data" data-testid="eligible">
                                <thead><tr><th></th><th>{t(Key::ColName)}</th><th>{t(Key::ColPosition)}</th><th>{t(Key::ColUnit)}</th>
                                    <th>{t(Key::ClassCurrent)}</th><th>{t(Key::ClassNext)}</th><th>{t(Key::ClassReason)}</th></tr></thead>
                                <tbody>
                                    {e.eligible.iter().map(|o| {
                                        let reason = { let q = o.qualification.clone(); move || explanation(&q, locale.get()) };
                                        view! {
                                            <tr data-testid="eligible-row">
                                                <td><input type="checkbox" name=format!("pick[{}]", o.officer.person.id) value="on" checked=true
                                                    aria-label=t(Key::ClassPick) data-testid="pick" /></td>
                                                {officer_cells(o.officer.clone())}
                                                <td>{class_label(o.current)}</td>
                                                <td><strong>{roman(o.qualification.target)}</strong></td>
                                                <td data-testid="reason">{reason}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        };
                        view! {
                            <p data-testid="eligible-count">{move || Key::ClassEligibleCount.format(locale.get(), &[("count", &count)])}</p>
                            {if none {
                                view! { <p class="empty">{t(Key::ClassNoneEligible)}</p> }.into_any()
                            } else if hr.get_untracked() {
                                view! {
                                    <ActionForm action=draft attr:class="form" attr:data-testid="draft-order">
                                        <FormError error />
                                        <div class="table-scroll" tabindex="0">{table}</div>
                                        {move || error.get().filter(|e| e.field() == Some("pick")).map(|e| view! { <p class="field-error" role="alert">{t(e.message())}</p> })}
                                        <h2>{t(Key::ClassDraftTitle)}</h2>
                                        <Field label=Key::ClassOrderNumber name="number" error />
                                        <Field label=Key::ClassOrderDate name="order_date" input_type="date" error value=today.clone() />
                                        <Field label=Key::ClassEffectiveDate name="effective_date" input_type="date" error value=today hint=Key::ClassEffectiveHint />
                                        <button type="submit" class="button-primary">{t(Key::ClassDraftButton)}</button>
                                    </ActionForm>
                                }.into_any()
                            } else {
                                view! { <div class="table-scroll" tabindex="0">{table}</div> }.into_any()
                            }}
                            {(!in_orders.is_empty()).then(move || view! {
                                <h2>{t(Key::ClassInOrders)}</h2>
                                <ul>{in_orders.into_iter().map(|o| view! {
                                    <li>{in_locale(&o.officer.person.name)}" — "<A href=format!("/class-orders/{}", o.order.id)>{o.order.number}</A></li>
                                }).collect_view()}</ul>
                            })}
                            {(!appeals.is_empty()).then(move || view! {
                                <h2>{t(Key::ClassAwaitingAppeal)}</h2>
                                <ul>{appeals.into_iter().map(|o| view! { <li>{in_locale(&o.person.name)}</li> }).collect_view()}</ul>
                            })}
                        }.into_any()
                }}
            </Loaded>
        </section>
    }
}

// ---- Orders -------------------------------------------------------------------------------

#[component]
pub fn ClassOrdersPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><ClassNav /><ClassOrdersView /></SignedIn> }
}

#[component]
fn ClassOrdersView() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()));
    let orders = fetched(year, list_class_orders);
    let locale = use_locale();
    view! {
        <section class="card wide">
            <h1>{t(Key::ClassOrdersTitle)}</h1>
            <Form method="GET" action="" attr:class="filters">
                <Field label=Key::ClassYear name="year" input_type="number" optional=true error=Signal::derive(|| None)
                    value=year().map(|y| y.to_string()).unwrap_or_default() />
                <button type="submit">{t(Key::Filter)}</button>
            </Form>
            <Loaded resource=orders inline=true let:list>
                {or_empty(list, Key::ClassNoOrders, |list| view! {
                        <table class="data" data-testid="class-orders">
                            <thead><tr><th>{t(Key::ClassOrderNumber)}</th><th>{t(Key::ClassOrderDate)}</th><th>{t(Key::ClassEffectiveDate)}</th>
                                <th>{t(Key::ClassKind)}</th><th>{t(Key::ClassStatus)}</th><th>{t(Key::ClassOfficers)}</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|o| view! {
                                    <tr>
                                        <td><A href=format!("/class-orders/{}", o.id)>{o.number.clone()}</A></td>
                                        <td>{date_text(o.order_date)}</td>
                                        <td>{date_text(o.effective_date)}</td>
                                        <td>{move || o.kind.key().text(locale.get())}</td>
                                        <td><span class=format!("badge status-{}", o.status)>{t(o.status.key())}</span></td>
                                        <td class="num">{o.officers}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                })}
            </Loaded>
        </section>
    }
}

#[component]
pub fn ClassOrderPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><ClassNav /><ClassOrderView /></SignedIn> }
}

#[component]
fn ClassOrderView() -> impl IntoView {
    let id = id_param();
    let visa = ServerAction::<VisaClassOrder>::new();
    let sign = ServerAction::<SignClassOrder>::new();
    let cancel = ServerAction::<CancelClassOrder>::new();
    let done = RwSignal::new(0u32);
    reload_on_success(visa, done);
    reload_on_success(sign, done);
    reload_on_success(cancel, done);
    let detail = fetched(move || (id(), done.get()), |(id, _)| get_class_order(id));
    let locale = use_locale();
    let (visa_error, sign_error, cancel_error) =
        (action_error(visa), action_error(sign), action_error(cancel));
    view! {
        <Loaded resource=detail let:d>
            {{
                    let id = d.row.id;
                    let today = d.today.to_string();
                    view! {
                        <section class="card wide">
                            <Breadcrumbs trail=vec![Crumb::page("/class-orders", Key::ClassOrdersTitle, OVERSIGHT)] />
                            <h1 data-testid="class-order-title">{t(d.row.kind.key())}" № "{d.row.number.clone()}</h1>
                            <p><span class=format!("badge status-{}", d.row.status) data-testid="class-order-status">{t(d.row.status.key())}</span></p>
                            <dl class="facts">
                                <dt>{t(Key::ClassOrderDate)}</dt><dd>{date_text(d.row.order_date)}</dd>
                                <dt>{t(Key::ClassEffectiveDate)}</dt><dd>{date_text(d.row.effective_date)}</dd>
                                <dt>{t(Key::ClassFirstPaid)}</dt><dd data-testid="first-paid">{month_label(d.first_paid_month)}</dd>
                                <dt>{t(Key::ClassVisa)}</dt>
                                <dd>{if !d.needs_visa { t(Key::ClassVisaNotNeeded).into_any() } else {
                                    match (&d.visa_by, d.visa_date) {
                                        (Some(by), Some(date)) => format!("{by}, {}", date_text(date)).into_any(),
                                        _ => t(Key::ClassVisaPending).into_any(),
                                    }
                                }}</dd>
                                {d.row.order_id.map(|o| view! { <dt>{t(Key::ClassRegistry)}</dt><dd><A href=format!("/orders/{o}")>{t(Key::ClassOpenRegistry)}</A></dd> })}
                                {d.cancel_reason.clone().map(|r| view! { <dt>{t(Key::ClassCancelReason)}</dt><dd>{r}</dd> })}
                            </dl>
                            <table class="data" data-testid="class-order-items">
                                <thead><tr><th>{t(Key::ColName)}</th><th>{t(Key::ColPosition)}</th><th>{t(Key::ColUnit)}</th>
                                    <th>{t(Key::ClassCurrent)}</th><th>{t(Key::ClassNew)}</th><th>{t(Key::ClassReason)}</th></tr></thead>
                                <tbody>
                                    {d.items.iter().map(|i| {
                                        let basis = i.basis.clone();
                                        let reason = move || match &basis {
                                            ItemBasis::Ratings { qualification, .. } => explanation(qualification, locale.get()),
                                            ItemBasis::OldRank { old_rank, proof_number, proof_date } => format!(
                                                "{} ({} № {}, {})", old_rank.get(locale.get()), Key::ClassProof.text(locale.get()), proof_number, proof_date),
                                        };
                                        view! {
                                            <tr>{officer_cells(i.officer.clone())}<td>{class_label(i.from_class)}</td><td><strong>{roman(i.to_class)}</strong></td><td>{reason}</td></tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                        {d.can_visa.then(|| view! {
                            <section class="card">
                                <h2>{t(Key::ClassVisaTitle)}</h2>
                                <ActionForm action=visa attr:class="form" attr:data-testid="visa-form">
                                    <FormError error=visa_error />
                                    <input type="hidden" name="id" value=id />
                                    <Field label=Key::ClassVisaBy name="visa_by" error=visa_error />
                                    <Field label=Key::ClassVisaDate name="visa_date" input_type="date" error=visa_error value=today.clone() />
                                    <button type="submit" class="button-primary">{t(Key::ClassVisaButton)}</button>
                                </ActionForm>
                            </section>
                        })}
                        {d.can_sign.then(|| view! {
                            <section class="card">
                                <h2>{t(Key::ClassSignTitle)}</h2>
                                <ActionForm action=sign attr:class="form" attr:data-testid="sign-form">
                                    <FormError error=sign_error />
                                    <input type="hidden" name="id" value=id />
                                    <p class="hint">{t(Key::ClassSignHint)}</p>
                                    <Confirm label=Key::ClassSignConfirm error=sign_error />
                                    <button type="submit" class="button-primary">{t(Key::ClassSignButton)}</button>
                                </ActionForm>
                            </section>
                        })}
                        {d.can_cancel.then(|| view! {
                            <section class="card">
                                <h2>{t(Key::ClassCancelTitle)}</h2>
                                <ActionForm action=cancel attr:class="form" attr:data-testid="cancel-form">
                                    <FormError error=cancel_error />
                                    <input type="hidden" name="id" value=id />
                                    <Field label=Key::ClassCancelReason name="reason" error=cancel_error />
                                    <Confirm label=Key::ClassCancelConfirm error=cancel_error />
                                    <button type="submit" class="button-danger">{t(Key::ClassCancelButton)}</button>
                                </ActionForm>
                            </section>
                        })}
                    }.into_any()
            }}
        </Loaded>
        <RecordHistory record=HistoryRecord::ClassOrder id=Signal::derive(id) />
    }
}

// ---- Equalization -------------------------------------------------------------------------

#[component]
pub fn EqualizationPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><ClassNav /><EqualizationView /></SignedIn> }
}

#[component]
fn EqualizationView() -> impl IntoView {
    let record = ServerAction::<RecordOldRank>::new();
    let confirm = ServerAction::<ConfirmOldRank>::new();
    let remove = ServerAction::<RemoveOldRank>::new();
    let draft = ServerAction::<DraftEqualizationOrder>::new();
    let done = RwSignal::new(0u32);
    reload_on_success(record, done);
    reload_on_success(confirm, done);
    reload_on_success(remove, done);
    let data = fetched(move || done.get(), |_| list_old_ranks());
    let hr = is_hr();
    let locale = use_locale();
    let (record_error, confirm_error, remove_error, draft_error) = (
        action_error(record),
        action_error(confirm),
        action_error(remove),
        action_error(draft),
    );
    view! {
        <section class="card wide">
            <h1>{t(Key::ClassEqualizationTitle)}</h1>
            <p class="hint">{t(Key::ClassEqualizationHint)}</p>
            <Loaded resource=data inline=true let:r>
                {{
                        let class_options: Vec<(String, Label)> = r.titles.iter()
                            .map(|c| (c.class_no.to_string(), roman(c.class_no).to_string().into())).collect();
                        let rank_options: Vec<(String, Label)> = r.titles.iter()
                            .map(|c| {
                                let (rank, class) = (c.old_rank.clone(), roman(c.class_no));
                                (c.class_no.to_string(), Label::new(move |l| format!("{} → {class}", rank.get(l))))
                            }).collect();
                        let ready = r.ready;
                        let has_ready = ready > 0;
                        let rank_options = StoredValue::new(rank_options);
                        let today = StoredValue::new(r.today.to_string());
                        view! {
                            <FormError error=confirm_error />
                            <FormError error=remove_error />
                            {if r.rows.is_empty() {
                                view! { <p class="empty">{t(Key::ClassNoOldRanks)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-scroll" tabindex="0">
                                    <table class="data" data-testid="old-ranks">
                                        <thead><tr><th>{t(Key::ColName)}</th><th>{t(Key::ColPosition)}</th><th>{t(Key::ColUnit)}</th>
                                            <th>{t(Key::ClassOldRank)}</th><th>{t(Key::ClassProof)}</th><th>{t(Key::ClassProposed)}</th>
                                            <th>{t(Key::ClassConfirmed)}</th><th>{t(Key::ClassCurrent)}</th><th></th></tr></thead>
                                        <tbody>
                                            {r.rows.iter().map(|row| {
                                                let editable = hr.get_untracked() && row.order.is_none();
                                                let id = row.id;
                                                let options = class_options.clone();
                                                let selected = row.confirmed.unwrap_or(row.old_rank_class).to_string();
                                                view! {
                                                    <tr data-testid="old-rank-row">
                                                        {officer_cells(row.officer.clone())}
                                                        <td>{in_locale(&row.old_rank)}</td>
                                                        <td>{format!("№ {}, {}", row.proof_number, row.proof_date)}</td>
                                                        <td>{roman(row.old_rank_class)}</td>
                                                        <td data-testid="confirmed">{class_label(row.confirmed)}</td>
                                                        <td>{class_label(row.current_class)}</td>
                                                        <td>
                                                            {row.order.clone().map(|o| view! {
                                                                <A href=format!("/class-orders/{}", o.id)>{o.number}</A>" "<span class="muted">{t(o.status.key())}</span>
                                                            })}
                                                            {editable.then(|| view! {
                                                                <ActionForm action=confirm attr:class="inline-form">
                                                                    <input type="hidden" name="id" value=id />
                                                                    <select name="class_no" aria-label=t(Key::ClassConfirmed)>
                                                                        {options.into_iter().map(|(v, l)| { let s = v == selected; view! { <option value=v selected=s>{l.view()}</option> } }).collect_view()}
                                                                    </select>
                                                                    <button type="submit" data-testid="confirm-rank">{t(Key::ClassConfirmButton)}</button>
                                                                </ActionForm>
                                                                <ActionForm action=remove attr:class="inline-form">
                                                                    <input type="hidden" name="id" value=id />
                                                                    <label class="checkbox"><input type="checkbox" name="confirm" value="yes" required=true />{t(Key::ClassRemoveConfirm)}</label>
                                                                    <button type="submit" class="button-danger">{t(Key::Remove)}</button>
                                                                </ActionForm>
                                                            })}
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    </div>
                                }.into_any()
                            }}
                            <Show when=move || hr.get()>
                                <h2>{t(Key::ClassRecordTitle)}</h2>
                                <ActionForm action=record attr:class="form" attr:data-testid="record-rank">
                                    <FormError error=record_error />
                                    <Field label=Key::PersonOfficer name="personal_number" error=record_error hint=Key::PersonQueryHint person=true />
                                    <Select label=Key::ClassOldRank name="old_rank_class" options=rank_options.get_value() error=record_error />
                                    <Field label=Key::ClassProofNumber name="proof_number" error=record_error />
                                    <Field label=Key::ClassProofDate name="proof_date" input_type="date" error=record_error />
                                    <button type="submit" class="button-primary">{t(Key::ClassRecordButton)}</button>
                                </ActionForm>
                                <h2>{t(Key::ClassEqualizeTitle)}</h2>
                                <p data-testid="ready-count">{move || Key::ClassReadyCount.format(locale.get(), &[("count", &ready.to_string())])}</p>
                                // Nothing confirmed yet: no order to draft (the form would only be refused).
                                <Show when=move || has_ready fallback=|| view! { <p class="empty">{t(Key::ClassNothingToEqualize)}</p> }>
                                    <ActionForm action=draft attr:class="form" attr:data-testid="draft-equalization">
                                        <FormError error=draft_error />
                                        <Field label=Key::ClassOrderNumber name="number" error=draft_error />
                                        <Field label=Key::ClassOrderDate name="order_date" input_type="date" error=draft_error value=today.get_value() />
                                        <Field label=Key::ClassEffectiveDate name="effective_date" input_type="date" error=draft_error value=today.get_value() hint=Key::ClassEffectiveHint />
                                        <button type="submit" class="button-primary">{t(Key::ClassDraftButton)}</button>
                                    </ActionForm>
                                </Show>
                            </Show>
                        }.into_any()
                }}
            </Loaded>
        </section>
    }
}

// ---- Pay register -------------------------------------------------------------------------

fn month_query() -> impl Fn() -> (Option<String>, Option<i64>) + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query.with(|q| {
            (
                q.get("month").filter(|m| !m.is_empty()),
                q.get("unit").and_then(|u| u.parse().ok()),
            )
        })
    }
}

#[component]
pub fn PayRegisterPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><ClassNav /><RegisterView print=false /></SignedIn> }
}

#[component]
pub fn PayRegisterPrintPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><RegisterView print=true /></SignedIn> }
}

#[component]
fn RegisterView(print: bool) -> impl IntoView {
    let params = month_query();
    let close = ServerAction::<ClosePayRegister>::new();
    let reopen = ServerAction::<ReopenPayRegister>::new();
    let done = RwSignal::new(0u32);
    reload_on_success(close, done);
    reload_on_success(reopen, done);
    let register = fetched(
        move || (params(), done.get()),
        |((month, unit), _)| get_pay_register(month, unit),
    );
    let (close_error, reopen_error) = (action_error(close), action_error(reopen));
    let locale = use_locale();
    view! {
        <section class="card wide" class:print-sheet=print class:print-landscape=print>
            <Loaded resource=register inline=true let:r>
                {{
                        let month = month_label(r.month);
                        let (close_month, reopen_month) = (month.clone(), month.clone());
                        let unit = params().1;
                        let options: Vec<(String, Label)> = r.unit_options.iter().map(|u| (u.id.to_string(), u.name.clone().into())).collect();
                        let extra = format!("month={month}{}", unit.map(|u| format!("&unit={u}")).unwrap_or_default());
                        view! {
                            <h1 data-testid="register-title">{let m = month.clone(); move || Key::PayRegisterFor.format(locale.get(), &[("month", &m)])}</h1>
                            <p class="hint">{t(Key::PayRegisterHint)}</p>
                            {match r.closed.clone() {
                                Some(c) => view! {
                                    <p class="badge status-closed" data-testid="register-closed">
                                        {move || Key::PayRegisterClosedBy.format(locale.get(), &[("who", &c.by), ("when", &c.at)])}
                                    </p>
                                }.into_any(),
                                None => view! { <p class="badge" data-testid="register-open">{t(Key::PayRegisterOpen)}</p> }.into_any(),
                            }}
                            {(r.can_close && !print).then(|| view! {
                                <details class="no-print" open=close_error.get_untracked().is_some()>
                                    <summary data-testid="close-register">{t(Key::PayCloseTitle)}</summary>
                                    <ActionForm action=close attr:class="form" attr:data-testid="close-register-form">
                                        <FormError error=close_error />
                                        <input type="hidden" name="month" value=close_month />
                                        <p class="hint">{t(Key::PayCloseHint)}</p>
                                        <Confirm label=Key::PayCloseConfirm error=close_error />
                                        <button type="submit" class="button-primary">{t(Key::PayCloseButton)}</button>
                                    </ActionForm>
                                </details>
                            })}
                            {(r.can_reopen && !print).then(|| view! {
                                <details class="no-print" open=reopen_error.get_untracked().is_some()>
                                    <summary data-testid="reopen-register">{t(Key::PayReopenTitle)}</summary>
                                    <ActionForm action=reopen attr:class="form" attr:data-testid="reopen-register-form">
                                        <FormError error=reopen_error />
                                        <input type="hidden" name="month" value=reopen_month />
                                        <TextArea label=Key::PayReopenReason name="reason" error=reopen_error rows=2 />
                                        <Confirm label=Key::PayReopenConfirm error=reopen_error />
                                        <button type="submit">{t(Key::PayReopenButton)}</button>
                                    </ActionForm>
                                </details>
                            })}
                            {(!print).then(|| view! {
                                <Form method="GET" action="" attr:class="filters">
                                    <div class="field"><label for="field-month">{t(Key::PayMonth)}</label>
                                        <input id="field-month" type="month" name="month" value=month.clone() /></div>
                                    <Select label=Key::ColUnit name="unit" options=options empty=Key::FilterAll error=Signal::derive(|| None) selected=unit.map(|u| u.to_string()).unwrap_or_default() />
                                    <button type="submit">{t(Key::Filter)}</button>
                                </Form>
                                <p class="no-print"><ExportLinks list="pay-register" extra=extra.clone() />" · "
                                    <A href=format!("/pay-register/print?{extra}")>{t(Key::Print)}</A></p>
                            })}
                            {if r.units.is_empty() {
                                view! { <p class="empty">{t(Key::PayRegisterEmpty)}</p> }.into_any()
                            } else {
                                view! { <RegisterTable register=r.clone() /> }.into_any()
                            }}
                            {print.then(|| view! {
                                <div class="signatures">
                                    <p>{t(Key::PrintPreparedBy)}" ____________________"</p>
                                    <p>{t(Key::PrintApprovedBy)}" ____________________"</p>
                                </div>
                            })}
                        }.into_any()
                }}
            </Loaded>
        </section>
    }
}

fn money_cell(amount: rust_decimal::Decimal) -> impl IntoView {
    view! { <td class="num">{format_money(&amount)}</td> }
}

fn rate_text(pay: &MonthPay) -> String {
    let rates: Vec<String> = pay
        .segments
        .iter()
        .map(|s| match s.class_no {
            Some(_) => format!("{}%", s.rate),
            None => "—".to_string(),
        })
        .collect();
    let mut unique = rates;
    unique.dedup();
    unique.join(" / ")
}

fn classes_text(pay: &MonthPay) -> String {
    let mut classes: Vec<String> = pay
        .segments
        .iter()
        .map(|s| class_label(s.class_no))
        .collect();
    classes.dedup();
    classes.join(" → ")
}

#[component]
fn RegisterTable(register: PayRegister) -> impl IntoView {
    let locale = use_locale();
    let totals = register.totals.clone();
    view! {
        <div class="table-scroll" tabindex="0">
        <table class="data register" data-testid="register">
            <caption class="table-caption">{t(Key::AmountsInGel)}</caption>
            <thead><tr><th>{t(Key::ColName)}</th><th>{t(Key::ColPersonalNumber)}</th><th>{t(Key::ColPosition)}</th>
                <th>{t(Key::PaySalary)}</th><th>{t(Key::ClassColumn)}</th><th>{t(Key::PayRate)}</th><th>{t(Key::PayBonus)}</th>
                <th>{t(Key::PayArrears)}</th><th>{t(Key::PayTotal)}</th></tr></thead>
            {register.units.into_iter().map(|u| {
                let unit_name = u.unit.clone();
                view! {
                    <tbody>
                        <tr class="group"><th colspan="9">{unit_name.as_ref().map(in_locale)}</th></tr>
                        {u.lines.into_iter().map(|l| {
                            let split = l.pay.segments.len() > 1;
                            let segments = l.pay.segments.clone();
                            let arrears = l.arrears.clone();
                            let href = format!("/employees/{}?tab=class", l.officer.person.id);
                            let name = in_locale(&l.officer.person.name);
                            let position = l.officer.position.as_ref().map(in_locale);
                            let (classes, rates) = (classes_text(&l.pay), rate_text(&l.pay));
                            let (salary, bonus, arrears_total, total) = (l.pay.salary, l.pay.bonus, l.arrears_total(), format_money(&l.total));
                            let personal_number = l.personal_number;
                            view! {
                                <tr data-testid="register-line">
                                    <td><A href=href>{name}</A></td>
                                    <td class="mono">{personal_number}</td>
                                    <td>{position}</td>
                                    {money_cell(salary)}
                                    <td>{classes}</td>
                                    <td class="num">{rates}</td>
                                    {money_cell(bonus)}
                                    {money_cell(arrears_total)}
                                    <td class="num" data-testid="line-total"><strong>{total}</strong></td>
                                </tr>
                                {split.then(|| segments.into_iter().map(|s| view! {
                                    <tr class="detail"><td></td><td colspan="2">{move || Key::PaySegment.format(locale.get(), &[("from", &date_text(s.from)), ("to", &date_text(s.to)), ("days", &s.days.to_string())])}</td>
                                        <td class="num">{format_money(&s.salary)}</td><td>{class_label(s.class_no)}</td><td class="num">{format!("{}%", s.rate)}</td>
                                        <td class="num">{format_money(&s.bonus_due)}</td><td></td><td></td></tr>
                                }).collect_view())}
                                {arrears.into_iter().map(|a| view! { <ArrearsRow line=a /> }).collect_view()}
                            }
                        }).collect_view()}
                        <tr class="subtotal"><th colspan="3">{move || Key::PayUnitTotal.format(locale.get(), &[("count", &u.totals.officers.to_string())])}</th>
                            {money_cell(u.totals.salary)}<td></td><td></td>{money_cell(u.totals.bonus)}{money_cell(u.totals.arrears)}{money_cell(u.totals.total)}</tr>
                    </tbody>
                }
            }).collect_view()}
            <tfoot><tr data-testid="register-totals"><th colspan="3">{move || Key::PayInstitutionTotal.format(locale.get(), &[("count", &totals.officers.to_string())])}</th>
                {money_cell(totals.salary)}<td></td><td></td>{money_cell(totals.bonus)}{money_cell(totals.arrears)}{money_cell(totals.total)}</tr></tfoot>
        </table>
        </div>
    }
}

#[component]
fn ArrearsRow(line: ArrearsLine) -> impl IntoView {
    let locale = use_locale();
    let month = month_label(line.month);
    let classes = format!(
        "{} → {}",
        class_label(line.class_before),
        class_label(line.class_after)
    );
    view! {
        <tr class="detail arrears" data-testid="arrears-line">
            <td></td>
            <td colspan="2">{move || Key::PayArrearsFor.format(locale.get(), &[("month", &month)])}</td>
            <td></td><td>{classes}</td><td></td><td></td>
            {money_cell(line.amount)}<td></td>
        </tr>
    }
}

// ---- Reports ------------------------------------------------------------------------------

#[component]
pub fn ClassReportsPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><ClassNav /><ReportsView /></SignedIn> }
}

#[component]
fn ReportsView() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()));
    let reports = fetched(year, get_class_reports);
    let locale = use_locale();
    view! {
        <section class="card wide">
            <h1>{t(Key::ClassReportsTitle)}</h1>
            <Loaded resource=reports inline=true let:r>
                {{
                        let total: i64 = r.per_class.iter().sum();
                        let max = r.per_class.iter().copied().max().unwrap_or(1).max(1);
                        let year = r.year;
                        view! {
                            <h2>{move || Key::ClassPerClass.format(locale.get(), &[("date", &date_text(r.on))])}</h2>
                            <svg class="chart" role="img" aria-label=t(Key::ClassDistributionChart) viewBox="0 0 1000 300" data-testid="class-chart">
                                {r.per_class.iter().enumerate().map(|(c, n)| {
                                    let h = 240.0 * *n as f64 / max as f64;
                                    let x = 10.0 + c as f64 * 76.0;
                                    let label = if c == 0 { "—".to_string() } else { roman(c as u8).to_string() };
                                    view! {
                                        <g>
                                            <rect x=format!("{x:.0}") y=format!("{:.1}", 260.0 - h) width="60" height=format!("{h:.1}") class="bar"><title>{format!("{label}: {n}")}</title></rect>
                                            <text x=format!("{:.0}", x + 30.0) y="285" class="chart-label" text-anchor="middle">{label.clone()}</text>
                                            <text x=format!("{:.0}", x + 30.0) y=format!("{:.1}", 255.0 - h) class="chart-label" text-anchor="middle">{*n}</text>
                                        </g>
                                    }
                                }).collect_view()}
                            </svg>
                            <table class="data" data-testid="per-class">
                                <thead><tr><th>{t(Key::ClassColumn)}</th><th>{t(Key::ClassOfficers)}</th></tr></thead>
                                <tbody>{r.per_class.iter().enumerate().map(|(c, n)| view! {
                                    <tr><td>{if c == 0 { t(Key::ClassNone).into_any() } else { roman(c as u8).into_any() }}</td><td class="num">{*n}</td></tr>
                                }).collect_view()}</tbody>
                                <tfoot><tr><th>{t(Key::ReportTotal)}</th><th class="num">{total}</th></tr></tfoot>
                            </table>
                            <h2>{t(Key::ClassOrdersPerYear)}</h2>
                            {if r.orders_per_year.is_empty() { view! { <p class="empty">{t(Key::ClassNoOrders)}</p> }.into_any() } else { view! {
                                <table class="data" data-testid="orders-per-year">
                                    <thead><tr><th>{t(Key::ClassYear)}</th><th>{t(Key::ClassOrdersTitle)}</th><th>{t(Key::ClassOfficers)}</th></tr></thead>
                                    <tbody>{r.orders_per_year.clone().into_iter().map(|y| view! {
                                        <tr><td><A href=format!("/class-orders?year={}", y.year)>{y.year}</A></td><td class="num">{y.orders}</td><td class="num">{y.officers}</td></tr>
                                    }).collect_view()}</tbody>
                                </table>
                            }.into_any() }}
                            <h2>{move || Key::ClassBonusPerMonth.format(locale.get(), &[("year", &year.to_string())])}</h2>
                            <Form method="GET" action="" attr:class="filters">
                                <Field label=Key::ClassYear name="year" input_type="number" error=Signal::derive(|| None) value=year.to_string() />
                                <button type="submit">{t(Key::Filter)}</button>
                            </Form>
                            <table class="data" data-testid="bonus-months">
                                <thead><tr><th>{t(Key::PayMonth)}</th><th>{t(Key::ClassOfficers)}</th><th>{t(Key::PayBonus)}</th><th>{t(Key::PayArrears)}</th><th>{t(Key::PayArrearsMonths)}</th></tr></thead>
                                <tbody>{r.months.clone().into_iter().map(|m| {
                                    let href = format!("/pay-register?month={}", month_label(m.month));
                                    let months: Vec<String> = m.arrears.iter().map(|a| format!("{}: {}", month_label(a.month), format_money(&a.amount))).collect();
                                    view! {
                                        <tr><td><A href=href>{month_label(m.month)}</A></td><td class="num">{m.officers}</td>
                                            {money_cell(m.bonus)}{money_cell(m.arrears_total)}<td>{months.join("; ")}</td></tr>
                                    }
                                }).collect_view()}</tbody>
                            </table>
                        }.into_any()
                }}
            </Loaded>
        </section>
    }
}

// ---- Settings -----------------------------------------------------------------------------

#[component]
pub fn ClassSettingsPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><ClassNav /><SettingsView /></SignedIn> }
}

fn rule_key(key: &str) -> Key {
    match key {
        "class.upper_from" => Key::RuleClassUpperFrom,
        "class.lower.excellent_years" => Key::RuleClassLowerExcellent,
        "class.lower.good_years" => Key::RuleClassLowerGood,
        "class.upper.excellent_years" => Key::RuleClassUpperExcellent,
        "class.upper.good_years" => Key::RuleClassUpperGood,
        "class.skip_unrated_years" => Key::RuleClassSkipUnrated,
        "class.legal_visa" => Key::RuleClassLegalVisa,
        "class.first_paid_after_months" => Key::RuleClassFirstPaid,
        _ => Key::RuleClassCount,
    }
}

fn value_row(v: &RuleValue, label: String) -> impl IntoView {
    let uncertain = v.certainty == Certainty::Uncertain;
    let future = v.future;
    view! {
        <tr class:current=v.current class:uncertain=uncertain>
            <td>{label}</td>
            <td class="num"><strong>{v.value.clone()}</strong></td>
            <td>{date_text(v.valid_from)}
                {v.current.then(|| view! { " " <span class="badge">{t(Key::ClassInForce)}</span> })}
                {future.then(|| view! { " " <span class="badge badge-warn">{t(Key::ClassFuture)}</span> })}</td>
            <td>{in_locale(&v.source)}</td>
            <td>{badge("certainty", v.certainty, "certainty")}</td>
        </tr>
    }
}

#[component]
fn SettingsView() -> impl IntoView {
    let rate = ServerAction::<SetClassRate>::new();
    let rule = ServerAction::<SetClassRule>::new();
    let done = RwSignal::new(0u32);
    reload_on_success(rate, done);
    reload_on_success(rule, done);
    let settings = fetched(move || done.get(), |_| get_class_settings());
    let hr = is_hr();
    let locale = use_locale();
    let (rate_error, rule_error) = (action_error(rate), action_error(rule));
    let certainty_options = code_options::<Certainty>;
    let class_options: Vec<(String, Label)> = (1..=12u8)
        .map(|c| (c.to_string(), roman(c).to_string().into()))
        .collect();
    let rule_options: Vec<(String, Label)> = crate::domain::class::ClassRules::KEYS
        .iter()
        .chain(["class.legal_visa", "class.first_paid_after_months"].iter())
        .map(|k| (k.to_string(), rule_key(k).into()))
        .collect();
    let (class_options, rule_options) = (
        StoredValue::new(class_options),
        StoredValue::new(rule_options),
    );
    view! {
        <section class="card wide">
            <h1>{t(Key::ClassSettingsTitle)}</h1>
            <p class="hint">{t(Key::ClassSettingsHint)}</p>
            <Loaded resource=settings inline=true let:s>
                <h2>{t(Key::ClassTitlesTitle)}</h2>
                <table class="data" data-testid="class-titles">
                    <thead><tr><th>{t(Key::ClassColumn)}</th><th>{t(Key::ClassOldRank)}</th><th>{t(Key::MethodSource)}</th><th>{t(Key::MethodCertainty)}</th></tr></thead>
                    <tbody>{s.titles.iter().map(|c| view! {
                        <tr class:uncertain=c.certainty == Certainty::Uncertain><td>{roman(c.class_no)}</td><td>{in_locale(&c.old_rank)}</td><td>{in_locale(&c.source)}</td>
                            <td>{badge("certainty", c.certainty, "certainty")}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                <h2>{t(Key::ClassRatesTitle)}</h2>
                <table class="data" data-testid="class-rates">
                    <thead><tr><th>{t(Key::ClassColumn)}</th><th>{t(Key::PayRate)}</th><th>{t(Key::ValidFrom)}</th><th>{t(Key::MethodSource)}</th><th>{t(Key::MethodCertainty)}</th></tr></thead>
                    <tbody>{s.rates.iter().map(|r| value_row(r, class_label(r.class_no))).collect_view()}</tbody>
                </table>
                <h2>{t(Key::ClassRulesTitle)}</h2>
                <table class="data" data-testid="class-rules">
                    <thead><tr><th>{t(Key::RuleName)}</th><th>{t(Key::RuleValue)}</th><th>{t(Key::ValidFrom)}</th><th>{t(Key::MethodSource)}</th><th>{t(Key::MethodCertainty)}</th></tr></thead>
                    <tbody>{s.rules.iter().map(|r| value_row(r, rule_key(&r.key).text(locale.get_untracked()).to_string())).collect_view()}</tbody>
                </table>
            </Loaded>
        </section>
        <Show when=move || hr.get()>
            // New values start tomorrow at the earliest: the day the server read the settings.
            <Loaded resource=settings let:s>
            {
                    let rate_from = (s.today + chrono::Duration::days(1)).to_string();
                    let rule_from = rate_from.clone();
                    view! {
                    <section class="card">
                        <h2>{t(Key::ClassNewRate)}</h2>
                        <ActionForm action=rate attr:class="form" attr:data-testid="rate-form">
                            <FormError error=rate_error />
                            <input type="hidden" name="revision" value=s.revision />
                            <Select label=Key::ClassColumn name="class_no" options=class_options.get_value() error=rate_error />
                            <Field label=Key::PayRate name="rate" error=rate_error hint=Key::ClassRateHint />
                            <Field label=Key::ValidFrom name="valid_from" input_type="date" error=rate_error value=rate_from />
                            <Field label=Key::MethodSourceKa name="legal_source_ka" error=rate_error />
                            <Field label=Key::MethodSourceEn name="legal_source_en" error=rate_error />
                            <Select label=Key::MethodCertainty name="certainty" options=certainty_options() error=rate_error empty=Key::ChooseOne />
                            <button type="submit" class="button-primary">{t(Key::Save)}</button>
                        </ActionForm>
                    </section>
                    <section class="card">
                        <h2>{t(Key::ClassNewRule)}</h2>
                        <ActionForm action=rule attr:class="form" attr:data-testid="rule-form">
                            <Provider value=FieldScope("rule".into())>
                                <FormError error=rule_error />
                                <input type="hidden" name="revision" value=s.revision />
                                <Select label=Key::RuleName name="key" options=rule_options.get_value() error=rule_error />
                                <Field label=Key::RuleValue name="value" input_type="number" error=rule_error />
                                <Field label=Key::ValidFrom name="valid_from" input_type="date" error=rule_error value=rule_from />
                                <Field label=Key::MethodSourceKa name="legal_source_ka" error=rule_error />
                                <Field label=Key::MethodSourceEn name="legal_source_en" error=rule_error />
                                <Select label=Key::MethodCertainty name="certainty" options=certainty_options() error=rule_error empty=Key::ChooseOne />
                                <button type="submit" class="button-primary">{t(Key::Save)}</button>
                            </Provider>
                        </ActionForm>
                    </section>
                    }
                    }
            </Loaded>
        </Show>
    }
}

// ---- Personal file ------------------------------------------------------------------------

/// The class tab of a personal file: history with orders, and this month's bonus for those
/// who may see pay. The data is loaded with the file (a resource of its own here would be
/// created inside the file's suspense and break hydration).
#[component]
pub fn ClassTab(classes: Result<EmployeeClasses, crate::error::AppError>) -> impl IntoView {
    let locale = use_locale();
    match classes {
        Err(e) => view! { <LoadError error=e /> }.into_any(),
        Ok(c) => view! {
            <p data-testid="current-class">{t(Key::ClassCurrent)}": "<strong>{c.current.map(roman).map(|r| r.into_any()).unwrap_or_else(|| t(Key::ClassNone).into_any())}</strong></p>
            {c.this_month.clone().map(|m| view! {
                <p data-testid="this-month">{move || Key::ClassThisMonth.format(locale.get(), &[
                    ("salary", &format_money(&m.salary)), ("rate", &rate_text(&m)), ("bonus", &format_money(&m.bonus))])}</p>
            })}
            {if c.history.is_empty() {
                view! { <p class="empty">{t(Key::ClassNoHistory)}</p> }.into_any()
            } else {
                let links = c.links;
                view! {
                    <table class="data" data-testid="class-history">
                        <thead><tr><th>{t(Key::ClassColumn)}</th><th>{t(Key::ClassEffectiveDate)}</th><th>{t(Key::ClassOrderNumber)}</th>
                            <th>{t(Key::ClassOrderDate)}</th><th>{t(Key::ClassKind)}</th><th>{t(Key::ClassFirstPaid)}</th></tr></thead>
                        <tbody>{c.history.clone().into_iter().map(|h| view! {
                            <tr><td><strong>{roman(h.class_no)}</strong></td><td>{date_text(h.effective_date)}</td>
                                <td>{if links { view! { <A href=format!("/class-orders/{}", h.class_order_id)>{h.order_number.clone()}</A> }.into_any() } else { h.order_number.clone().into_any() }}</td>
                                <td>{date_text(h.order_date)}</td><td>{t(h.kind.key())}</td><td>{month_label(h.first_paid_month)}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        }.into_any(),
    }
}
