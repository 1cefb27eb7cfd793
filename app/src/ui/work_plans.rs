//! Monthly work plans and reports: the board (one's own months, what waits for the supervisor,
//! HR's view of a unit's month with its publication), one month's plan and report with the
//! forms of each step, and the public pages of published months.
use super::widgets::{
    action, action_error, badge, fetched, id_param, in_locale, or_empty, provide_reload,
    Breadcrumbs, Confirm, Crumb, FormError, Loaded, RadioChoice, SignedIn, TextArea,
};
use crate::domain::common::date_text;
use crate::domain::evaluation::Rating;
use crate::domain::work_plan::{month_code, month_text};
use crate::i18n::{t, use_locale, Key};
use crate::work_plans::{
    get_publication, get_work_plan, list_publications, list_work_plans, ApproveWorkPlan,
    EvaluateMonthlyReport, PlanRow, PublishUnitMonth, SaveWorkPlan, SubmitMonthlyReport,
    SubmitWorkPlan, UnitMonth, WorkPlanDetail,
};
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Form, Route, A};
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::{path, Lazy, SsrMode};

#[component(transparent)]
pub fn WorkPlanRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("work-plans") view={Lazy::<super::pages::WorkPlanBoardLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("work-plans/:id") view={Lazy::<super::pages::WorkPlanPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("public/work-reports") view={Lazy::<super::pages::PublicListPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("public/work-reports/:unit/:month") view={Lazy::<super::pages::PublicReportPageLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[component]
pub fn BoardPage() -> impl IntoView {
    view! { <SignedIn><BoardView /></SignedIn> }
}

#[component]
fn BoardView() -> impl IntoView {
    let done = provide_reload();
    let query = use_query_map();
    let board = fetched(
        move || {
            let q = query.read();
            (
                q.get("unit").and_then(|u| u.parse::<i64>().ok()),
                q.get("month").filter(|m| !m.is_empty()),
                done.get(),
            )
        },
        |(unit, month, _)| list_work_plans(unit, month),
    );
    view! {
        <section class="card wide">
            <h1>{t(Key::WorkPlanTitle)}</h1>
            <p class="muted">{t(Key::WorkPlanIntro)}</p>
            <Loaded resource=board let:b>
                <h2>{t(Key::WorkPlanMine)}</h2>
                {(!b.may_start.is_empty()).then(|| view! { <StartForm months=b.may_start.clone() /> })}
                {or_empty(b.mine, Key::WorkPlanNoneMine, |rows| view! { <PlanTable rows testid="my-plans" person=false /> })}
                {(!b.to_act.is_empty()).then(|| view! {
                    <h2>{t(Key::WorkPlanToAct)}</h2>
                    <PlanTable rows=b.to_act testid="to-act" person=true />
                })}
                {(!b.units.is_empty()).then(|| view! {
                    <h2>{t(Key::WorkPlanUnits)}</h2>
                    <UnitFilter units=b.units.clone() chosen=b.unit_month.as_ref().map(|u| (u.unit_id, u.month)) />
                    {b.unit_month.map(|u| view! { <UnitMonthView u /> })}
                })}
                <p><A href="/public/work-reports">{t(Key::WorkPlanPublicLink)}</A></p>
            </Loaded>
        </section>
    }
}

#[component]
fn PlanTable(rows: Vec<PlanRow>, testid: &'static str, person: bool) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0"><table class="data" data-testid=testid>
            <thead><tr>
                <th>{t(Key::WorkPlanMonth)}</th>
                {person.then(|| view! { <th>{t(Key::ProbationPerson)}</th> })}
                <th>{t(Key::WorkPlanState)}</th><th>{t(Key::WorkPlanReportDue)}</th>
                <th>{t(Key::WorkPlanRating)}</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(|r| view! {
                <tr class:overdue=r.late>
                    <td><A href=format!("/work-plans/{}", r.id)>{month_text(r.month)}</A></td>
                    {person.then(|| view! { <td>{in_locale(&r.person.name)}<br /><span class="muted">{in_locale(&r.position)}</span></td> })}
                    <td>{badge("monthly", r.state, "plan-state")}</td>
                    <td>{date_text(r.report_due_on)}{r.late.then(|| view! { " " <span class="badge badge-warn">{t(Key::WorkPlanLate)}</span> })}</td>
                    <td>{r.rating.map(|x| t(x.key()))}</td>
                </tr>
            }).collect_view()}</tbody>
        </table></div>
    }
}

#[component]
fn StartForm(months: Vec<chrono::NaiveDate>) -> impl IntoView {
    let save = action::<SaveWorkPlan>();
    let error = action_error(save);
    view! {
        <details open=true>
            <summary data-testid="start-plan">{t(Key::WorkPlanStart)}</summary>
            <ActionForm action=save attr:class="form" attr:data-testid="start-form">
                <FormError error />
                <fieldset class="field radio-choice">
                    <legend>{t(Key::WorkPlanMonth)}</legend>
                    {months.into_iter().map(|m| view! {
                        <label class="checkbox">
                            <input type="radio" name="month" value=month_code(m) data-testid=format!("month-{}", month_code(m)) />
                            {month_text(m)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <TextArea label=Key::WorkPlanPlan name="plan" error rows=6 />
                <p class="field-hint">{t(Key::WorkPlanPlanHint)}</p>
                <button type="submit" class="button-primary">{t(Key::WorkPlanSaveDraft)}</button>
            </ActionForm>
        </details>
    }
}

/// The unit and month to show: a GET form, so it works without JavaScript.
#[component]
fn UnitFilter(
    units: Vec<(i64, crate::domain::Bilingual)>,
    chosen: Option<(i64, chrono::NaiveDate)>,
) -> impl IntoView {
    let locale = use_locale();
    let (unit, month) = chosen.map_or((0, String::new()), |(u, m)| (u, month_code(m)));
    view! {
        <Form method="GET" action="" attr:class="filters">
            <label for="unit">{t(Key::WorkPlanUnit)}</label>
            <select id="unit" name="unit" data-testid="unit">
                {units.into_iter().map(|(id, name)| {
                    let label = move || name.get(locale.get()).to_string();
                    view! { <option value=id.to_string() selected=id == unit>{label}</option> }
                }).collect_view()}
            </select>
            <label for="month">{t(Key::WorkPlanMonth)}</label>
            <input id="month" type="month" name="month" value=month data-testid="month" />
            <button type="submit">{t(Key::Show)}</button>
        </Form>
    }
}

#[component]
fn UnitMonthView(u: UnitMonth) -> impl IntoView {
    let publish = action::<PublishUnitMonth>();
    let error = action_error(publish);
    view! {
        <h3>{in_locale(&u.unit)} ", " {month_text(u.month)}</h3>
        {u.published_on.map(|p| view! {
            <p data-testid="published">{t(Key::WorkPlanPublishedOn)} " " {date_text(p)} " · "
                <A href=format!("/public/work-reports/{}/{}", u.unit_id, month_code(u.month))>{t(Key::WorkPlanPublicView)}</A></p>
        })}
        {or_empty(u.rows, Key::WorkPlanNoneUnit, |rows| view! { <PlanTable rows testid="unit-plans" person=true /> })}
        {u.may_publish.then(|| view! {
            <ActionForm action=publish attr:class="form" attr:data-testid="publish-form">
                <FormError error />
                <input type="hidden" name="unit_id" value=u.unit_id />
                <input type="hidden" name="month" value=month_code(u.month) />
                <p class="muted">{t(Key::WorkPlanPublishIntro)}</p>
                <Confirm label=Key::WorkPlanPublishConfirm error />
                <button type="submit">{t(Key::WorkPlanPublish)}</button>
            </ActionForm>
        })}
    }
}

#[component]
pub fn WorkPlanPage() -> impl IntoView {
    view! { <SignedIn><WorkPlanView /></SignedIn> }
}

#[component]
fn WorkPlanView() -> impl IntoView {
    let id = id_param();
    let done = provide_reload();
    let plan = fetched(move || (id(), done.get()), |(id, _)| get_work_plan(id));
    view! {
        <Loaded resource=plan let:d>
            <PlanCard d />
        </Loaded>
    }
}

#[component]
fn PlanCard(d: WorkPlanDetail) -> impl IntoView {
    let d = StoredValue::new(d);
    let v = d.get_value();
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/work-plans", Key::WorkPlanTitle, &[])] />
            <h1 data-testid="plan-title">{in_locale(&v.person.name)} ", " {month_text(v.month)}</h1>
            <dl class="facts">
                <dt>{t(Key::ProbationPosition)}</dt>
                <dd>{in_locale(&v.position)}{v.unit.as_ref().map(|u| view! { ", " {in_locale(u)} })}</dd>
                <dt>{t(Key::WorkPlanState)}</dt>
                <dd>{badge("monthly", v.state, "plan-state")}</dd>
                <dt>{t(Key::WorkPlanReportDue)}</dt>
                <dd data-testid="report-due">{date_text(v.report_due_on)}
                    {v.late.then(|| view! { " " <span class="badge badge-warn">{t(Key::WorkPlanLate)}</span> })}</dd>
                {v.approved_on.map(|a| view! { <dt>{t(Key::WorkPlanApprovedBy)}</dt><dd>{v.approved_by.clone()} ", " {date_text(a)}</dd> })}
                {v.reported_on.map(|a| view! { <dt>{t(Key::WorkPlanReportedOn)}</dt><dd>{date_text(a)}</dd> })}
            </dl>
            {v.return_note.clone().filter(|_| v.may_draft).map(|n| view! {
                <div class="alert alert-error" data-testid="return-note"><strong>{t(Key::WorkPlanReturned)}</strong><p class="pre">{n}</p></div>
            })}
            {v.previous_instructions.clone().map(|n| view! {
                <div class="subsection"><h3>{t(Key::WorkPlanPreviousInstructions)}</h3><p class="pre">{n}</p></div>
            })}
            <h2>{t(Key::WorkPlanPlan)}</h2>
            <p class="pre" data-testid="plan">{v.plan.clone()}</p>
            {v.may_draft.then(|| view! { <DraftForm d /> })}
            {v.may_submit.then(|| view! { <SubmitForm id=v.id revision=v.revision /> })}
            {v.may_approve.then(|| view! { <ApproveForm id=v.id revision=v.revision /> })}
            <h2>{t(Key::WorkPlanReport)}</h2>
            {match v.report.clone() {
                Some(r) => view! { <p class="pre" data-testid="report">{r}</p> }.into_any(),
                None => view! { <p class="empty">{t(Key::WorkPlanNoReport)}</p> }.into_any(),
            }}
            {v.may_report.then(|| view! { <ReportForm d /> })}
            {v.rating.map(|r| view! {
                <h2>{t(Key::WorkPlanEvaluation)}</h2>
                <dl class="facts" data-testid="evaluation">
                    <dt>{t(Key::WorkPlanRating)}</dt><dd data-testid="rating">{t(r.key())}</dd>
                    <dt>{t(Key::WorkPlanEvaluatedBy)}</dt><dd>{v.evaluated_by.clone()} ", " {v.evaluated_on.map(date_text)}</dd>
                    <dt>{t(Key::WorkPlanComments)}</dt><dd class="pre">{v.comments.clone()}</dd>
                    {v.instructions.clone().map(|i| view! { <dt>{t(Key::WorkPlanInstructions)}</dt><dd class="pre">{i}</dd> })}
                </dl>
            })}
            {v.may_evaluate.then(|| view! { <EvaluateForm id=v.id revision=v.revision /> })}
        </section>
    }
}

#[component]
fn DraftForm(d: StoredValue<WorkPlanDetail>) -> impl IntoView {
    let save = action::<SaveWorkPlan>();
    let error = action_error(save);
    let v = d.get_value();
    let empty = v.plan.trim().is_empty();
    view! {
        <details open=empty>
            <summary data-testid="edit-plan">{t(Key::WorkPlanEdit)}</summary>
            <ActionForm action=save attr:class="form" attr:data-testid="draft-form">
                <FormError error />
                <input type="hidden" name="id" value=v.id />
                <input type="hidden" name="revision" value=v.revision />
                <TextArea label=Key::WorkPlanPlan name="plan" error value=v.plan.clone() rows=8 />
                <button type="submit">{t(Key::WorkPlanSaveDraft)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn SubmitForm(id: i64, revision: i64) -> impl IntoView {
    let submit = action::<SubmitWorkPlan>();
    let error = action_error(submit);
    view! {
        <ActionForm action=submit attr:class="form inline" attr:data-testid="submit-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="revision" value=revision />
            <button type="submit" class="button-primary">{t(Key::WorkPlanSubmit)}</button>
        </ActionForm>
    }
}

#[component]
fn ApproveForm(id: i64, revision: i64) -> impl IntoView {
    let decide = action::<ApproveWorkPlan>();
    let error = action_error(decide);
    let options = vec![
        ("approve", Key::WorkPlanApprove),
        ("return", Key::WorkPlanReturn),
    ];
    view! {
        <ActionForm action=decide attr:class="form" attr:data-testid="approve-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="revision" value=revision />
            <RadioChoice label=Key::WorkPlanDecision name="decision" options error />
            <TextArea label=Key::WorkPlanNote name="note" error rows=3 />
            <button type="submit" class="button-primary">{t(Key::WorkPlanSendDecision)}</button>
        </ActionForm>
    }
}

#[component]
fn ReportForm(d: StoredValue<WorkPlanDetail>) -> impl IntoView {
    let report = action::<SubmitMonthlyReport>();
    let error = action_error(report);
    let v = d.get_value();
    view! {
        <ActionForm action=report attr:class="form" attr:data-testid="report-form">
            <FormError error />
            <input type="hidden" name="id" value=v.id />
            <input type="hidden" name="revision" value=v.revision />
            <TextArea label=Key::WorkPlanReport name="report" error value=v.report.clone().unwrap_or_default() rows=8 />
            <p class="field-hint">{t(Key::WorkPlanReportHint)}</p>
            <button type="submit" class="button-primary">{t(Key::WorkPlanSendReport)}</button>
        </ActionForm>
    }
}

#[component]
fn EvaluateForm(id: i64, revision: i64) -> impl IntoView {
    let evaluate = action::<EvaluateMonthlyReport>();
    let error = action_error(evaluate);
    let ratings: Vec<(&'static str, Key)> = Rating::ALL
        .iter()
        .rev()
        .map(|r| (r.code(), r.key()))
        .collect();
    view! {
        <h2>{t(Key::WorkPlanEvaluate)}</h2>
        <ActionForm action=evaluate attr:class="form" attr:data-testid="evaluate-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="revision" value=revision />
            <RadioChoice label=Key::WorkPlanRating name="rating" options=ratings error />
            <TextArea label=Key::WorkPlanComments name="comments" error rows=4 />
            <TextArea label=Key::WorkPlanInstructions name="instructions" error rows=3 />
            <Confirm label=Key::WorkPlanEvaluateConfirm error />
            <button type="submit" class="button-primary">{t(Key::WorkPlanSendEvaluation)}</button>
        </ActionForm>
    }
}

// ---- Public -------------------------------------------------------------------------------

#[component]
pub fn PublicListPage() -> impl IntoView {
    let list = fetched(|| (), |_| list_publications());
    view! {
        <section class="card wide">
            <h1>{t(Key::WorkPlanPublicTitle)}</h1>
            <p class="muted">{t(Key::WorkPlanPublicIntro)}</p>
            <Loaded resource=list let:rows>
                {or_empty(rows, Key::WorkPlanPublicNone, |rows| view! {
                    <ul class="plain" data-testid="publications">{rows.into_iter().map(|p| view! {
                        <li><A href=format!("/public/work-reports/{}/{}", p.unit_id, month_code(p.month))>
                            {in_locale(&p.unit)} ", " {month_text(p.month)}</A>
                            <span class="muted">" · " {t(Key::WorkPlanPublishedOn)} " " {date_text(p.published_on)}</span></li>
                    }).collect_view()}</ul>
                })}
            </Loaded>
        </section>
    }
}

#[component]
pub fn PublicReportPage() -> impl IntoView {
    let params = use_params_map();
    let report = fetched(
        move || {
            let p = params.read();
            (
                p.get("unit")
                    .and_then(|u| u.parse::<i64>().ok())
                    .unwrap_or_default(),
                p.get("month").unwrap_or_default(),
            )
        },
        |(unit, month)| get_publication(unit, month),
    );
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/public/work-reports", Key::WorkPlanPublicTitle, &[])] public=true />
            <Loaded resource=report let:r>
                <h1>{in_locale(&r.unit)} ", " {month_text(r.month)}</h1>
                <p class="muted">{t(Key::WorkPlanPublishedOn)} " " {date_text(r.published_on)}</p>
                {r.entries.into_iter().map(|e| view! {
                    <div class="subsection">
                        <h2>{in_locale(&e.name)}</h2>
                        <p class="muted">{in_locale(&e.position)}</p>
                        <h3>{t(Key::WorkPlanPlan)}</h3>
                        <p class="pre">{e.plan}</p>
                        <h3>{t(Key::WorkPlanReport)}</h3>
                        {match e.report {
                            Some(r) => view! { <p class="pre">{r}</p> }.into_any(),
                            None => view! { <p class="empty">{t(Key::WorkPlanNoReport)}</p> }.into_any(),
                        }}
                    </div>
                }).collect_view()}
            </Loaded>
        </section>
    }
}

/// The supervisor's monthly evaluations of a span, as evidence beside another judgement (the
/// annual scoring, a probation quarter, the attestation dossier).
#[component]
pub fn MonthlyEvidence(
    months: Vec<crate::domain::work_plan::MonthlyEvaluation>,
    #[prop(optional)] title: Option<Key>,
) -> impl IntoView {
    view! {
        <div class="subsection evidence" data-testid="monthly-evidence">
            <h3>{t(title.unwrap_or(Key::WorkPlanEvidenceTitle))}</h3>
            {or_empty(months, Key::WorkPlanEvidenceNone, |months| view! {
                <div class="table-scroll" tabindex="0"><table class="data">
                    <thead><tr><th>{t(Key::WorkPlanMonth)}</th><th>{t(Key::WorkPlanRating)}</th><th>{t(Key::WorkPlanComments)}</th></tr></thead>
                    <tbody>{months.into_iter().map(|m| view! {
                        <tr>
                            <td><A href=format!("/work-plans/{}", m.id)>{month_text(m.month)}</A></td>
                            <td>{t(m.rating.key())}</td>
                            <td class="pre">{m.comments}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table></div>
            })}
        </div>
    }
}
