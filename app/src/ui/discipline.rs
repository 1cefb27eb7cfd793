//! Disciplinary records: sanctions (HR records and lifts them by order; the person sees their
//! own) and the dismissal grounds consecutive unsatisfactory results raise (the mayor decides).
use super::org::OrderFields;
use super::widgets::{
    action, action_error, badge, fetched, in_locale, or_empty, provide_reload, Confirm, Field,
    FieldScope, FormError, Loaded, RadioChoice, SignedIn, TextArea,
};
use crate::discipline::{
    list_discipline, DecideEvaluationGround, DisciplineBoard, EvaluationGroundView, LiftSanction,
    RecordSanction, SanctionView,
};
use crate::domain::career::SanctionKind;
use crate::domain::common::date_text;
use crate::domain::order::OrderType;
use crate::domain::probation::GroundDecision;
use crate::i18n::{t, Key};
use leptos::context::Provider;
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Route, A};
use leptos_router::{path, Lazy, SsrMode};

#[component(transparent)]
pub fn DisciplineRoutes() -> AnyNestedRoute {
    view! { <Route path=path!("discipline") view={Lazy::<super::pages::DisciplinePageLazy>::new()} ssr=SsrMode::Async /> }
        .into_inner()
        .into_any_nested_route()
}

#[component]
pub fn DisciplinePage() -> impl IntoView {
    view! { <SignedIn><DisciplineView /></SignedIn> }
}

#[component]
fn DisciplineView() -> impl IntoView {
    let done = provide_reload();
    let board = fetched(move || done.get(), |_| list_discipline(None));
    view! {
        <section class="card wide">
            <h1>{t(Key::DisciplineTitle)}</h1>
            <Loaded resource=board let:b>
                <DisciplineContent b />
            </Loaded>
        </section>
    }
}

#[component]
fn DisciplineContent(b: DisciplineBoard) -> impl IntoView {
    let may_record = b.may_record;
    let may_decide = b.may_decide;
    let oversight = may_record || may_decide;
    view! {
        <p class="muted">{t(Key::DisciplineIntro)}</p>
        {oversight.then(|| view! {
            <h2>{t(Key::DisciplineGrounds)}</h2>
            {or_empty(b.grounds.clone(), Key::DisciplineNoGrounds, move |grounds| grounds.into_iter().map(|g| view! { <GroundCard g may_decide /> }).collect_view())}
        })}
        <h2>{t(Key::DisciplineSanctions)}</h2>
        {or_empty(b.sanctions, Key::DisciplineNone, move |rows| view! {
            <div class="table-scroll" tabindex="0"><table class="data" data-testid="sanctions">
                <thead><tr>
                    <th>{t(Key::ProbationPerson)}</th><th>{t(Key::DisciplineKind)}</th>
                    <th>{t(Key::DisciplineInForce)}</th><th>{t(Key::DisciplineOrder)}</th>
                </tr></thead>
                <tbody>{rows.into_iter().map(|s| view! { <SanctionRow s may_record /> }).collect_view()}</tbody>
            </table></div>
        })}
        {may_record.then(|| view! { <RecordForm /> })}
    }
}

#[component]
fn SanctionRow(s: SanctionView, may_record: bool) -> impl IntoView {
    let liftable = may_record && s.in_force && s.kind != SanctionKind::Dismissal;
    view! {
        <tr>
            <td>{in_locale(&s.person.name)}<br /><span class="muted pre">{s.reason.clone()}</span></td>
            <td>{badge("sanction", s.kind, "sanction-kind")}</td>
            <td>{date_text(s.valid_from)} " – " {s.valid_to.map(date_text).unwrap_or_default()}
                {s.in_force.then(|| view! { <br /><span class="badge badge-warn">{t(Key::DisciplineInForceNow)}</span> })}
                {s.lifted_on.map(|l| view! { <br /><span class="muted">{t(Key::DisciplineLiftedOn)} " " {date_text(l)}</span> })}
                {liftable.then(|| view! { <LiftForm id=s.id revision=s.revision /> })}</td>
            <td><A href=format!("/orders/{}", s.order.id)>{format!("№ {} ({})", s.order.number, date_text(s.order.order_date))}</A></td>
        </tr>
    }
}

#[component]
fn LiftForm(id: i64, revision: i64) -> impl IntoView {
    let lift = action::<LiftSanction>();
    let error = action_error(lift);
    view! {
        <details open=error.get_untracked().is_some()>
            <summary>{t(Key::DisciplineLift)}</summary>
            <ActionForm action=lift attr:class="form">
                <Provider value=FieldScope(format!("lift-{id}"))>
                    <FormError error />
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="revision" value=revision />
                    <Field label=Key::DisciplineLiftedOn name="lifted_on" input_type="date" error />
                    <TextArea label=Key::DisciplineReason name="reason" error rows=2 />
                    <Confirm label=Key::DisciplineLiftConfirm error />
                    <button type="submit">{t(Key::DisciplineLift)}</button>
                </Provider>
            </ActionForm>
        </details>
    }
}

#[component]
fn RecordForm() -> impl IntoView {
    let record = action::<RecordSanction>();
    let error = action_error(record);
    let kinds: Vec<(&'static str, Key)> = SanctionKind::ALL
        .iter()
        .map(|k| (k.code(), k.key()))
        .collect();
    view! {
        <details open=error.get_untracked().is_some()>
            <summary data-testid="record-sanction">{t(Key::DisciplineRecord)}</summary>
            <ActionForm action=record attr:class="form" attr:data-testid="sanction-form">
                <FormError error />
                <Field label=Key::PersonOfficer name="person" error hint=Key::PersonQueryHint person=true />
                <RadioChoice label=Key::DisciplineKind name="kind" options=kinds error />
                <TextArea label=Key::DisciplineReason name="reason" error rows=3 />
                <Field label=Key::DisciplineValidFrom name="valid_from" input_type="date" error />
                <Field label=Key::DisciplineValidTo name="valid_to" input_type="date" error optional=true hint=Key::DisciplineValidToHint />
                <OrderFields error default_type=OrderType::Personnel />
                <Confirm label=Key::DisciplineRecordConfirm error />
                <button type="submit" class="button-primary">{t(Key::DisciplineRecord)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn GroundCard(g: EvaluationGroundView, may_decide: bool) -> impl IntoView {
    let open = g.decision.is_none();
    view! {
        <div class=if open { "alert alert-error" } else { "subsection" } data-testid="evaluation-ground">
            <p><strong>{in_locale(&g.person.name)}</strong> " — " {t(Key::DisciplineGroundRaised)} " " {date_text(g.raised_on)}</p>
            <ul>{g.evidence.clone().into_iter().map(|e| view! {
                <li><A href=format!("/evaluations/{}", e.evaluation_id)>{date_text(e.period_start)} " – " {date_text(e.period_end)}</A> ": " {t(e.rating.key())}</li>
            }).collect_view()}</ul>
            {g.decision.map(|d| view! {
                <p>{t(d.key())} " — " {g.decided_by.clone()} ", " {g.decided_on.map(date_text)}</p>
                <p class="pre">{g.reason.clone()}</p>
                {g.order.clone().map(|o| view! { <p><A href=format!("/orders/{}", o.id)>{format!("№ {} ({})", o.number, date_text(o.order_date))}</A></p> })}
            })}
            {(open && may_decide).then(|| view! { <DecideForm id=g.id /> })}
        </div>
    }
}

#[component]
fn DecideForm(id: i64) -> impl IntoView {
    let dismiss = action::<DecideEvaluationGround>();
    let dismiss_error = action_error(dismiss);
    let keep = action::<DecideEvaluationGround>();
    let keep_error = action_error(keep);
    view! {
        <details open=dismiss_error.get_untracked().is_some()>
            <summary>{t(Key::DisciplineDismiss)}</summary>
            <ActionForm action=dismiss attr:class="form">
                <FormError error=dismiss_error />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="decision" value=GroundDecision::Dismiss.code() />
                <TextArea label=Key::ProbationDecisionReason name="reason" error=dismiss_error rows=3 />
                <Field label=Key::ProbationLastDay name="end_date" input_type="date" error=dismiss_error />
                <OrderFields error=dismiss_error default_type=OrderType::Personnel />
                <Confirm label=Key::DisciplineDismissConfirm error=dismiss_error />
                <button type="submit" class="button-danger">{t(Key::DisciplineDismiss)}</button>
            </ActionForm>
        </details>
        <details open=keep_error.get_untracked().is_some()>
            <summary>{t(Key::DisciplineKeep)}</summary>
            <ActionForm action=keep attr:class="form">
                <FormError error=keep_error />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="decision" value=GroundDecision::Continue.code() />
                <TextArea label=Key::ProbationDecisionReason name="reason" error=keep_error rows=3 />
                <Confirm label=Key::DisciplineKeepConfirm error=keep_error />
                <button type="submit" class="button-primary">{t(Key::DisciplineKeep)}</button>
            </ActionForm>
        </details>
    }
}
