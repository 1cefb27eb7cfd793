//! The evaluation screens: my evaluations, one evaluation with the form of its stage, the
//! printable sheet, HR's cycles and dashboard, the method settings and the task inbox.
use super::org::is_hr;
use super::widgets::RecordHistory;
use super::widgets::{
    action_error, badge, code_options, due_cell, fetched, id_param, in_locale, or_empty,
    reload_on_success, Breadcrumbs, Confirm, Crumb, ExportLinks, Field, FormError, Loaded, Pager,
    RadioChoice, Select, SignedIn, Stat, TextArea, OVERSIGHT,
};
use crate::domain::common::date_text;
use crate::domain::evaluation::CycleStatus;
use crate::domain::evaluation::{final_mark, MethodSettings, Rating, Stage, TermUnit};
use crate::domain::history::HistoryRecord;
use crate::domain::rule::Certainty;
use crate::domain::Bilingual;
use crate::evaluation::*;
use crate::i18n::{t, use_locale, Key, Locale};
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Form, Route, A};
use leptos_router::hooks::use_query_map;
use leptos_router::{path, Lazy, SsrMode};
use std::collections::HashMap;

/// The evaluation cycle: evaluations, their print sheet, cycles, the method, the inbox.
#[component(transparent)]
pub fn EvaluationRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("evaluations") view={Lazy::<super::pages::EvaluationsPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("evaluations/:id") view={Lazy::<super::pages::EvaluationPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("evaluations/:id/print") view={Lazy::<super::pages::EvaluationPrintPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("cycles") view={Lazy::<super::pages::CyclesPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("cycles/:id") view={Lazy::<super::pages::CyclePageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("evaluation-method") view={Lazy::<super::pages::MethodPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("inbox") view={Lazy::<super::pages::InboxPageLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

fn stage_badge(stage: Stage) -> impl IntoView {
    badge("stage", stage, "stage")
}

fn rating_badge(rating: Option<Rating>) -> impl IntoView {
    rating.map(|r| badge("rating", r, "rating"))
}

/// A table of evaluation rows (used by "my evaluations", the dashboard and the inbox).
#[component]
fn EvalTable(
    rows: Vec<EvalRow>,
    #[prop(optional)] show_evaluator: bool,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <table class="data" data-testid=testid>
            <thead><tr>
                <th>{t(Key::EvalPeriod)}</th><th>{t(Key::ColName)}</th><th>{t(Key::ColPosition)}</th>
                {show_evaluator.then(|| view! { <th>{t(Key::EvalEvaluator)}</th> })}
                <th>{t(Key::EvalStage)}</th><th>{t(Key::EvalDue)}</th><th>{t(Key::EvalMark)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let evaluator = r.evaluator.as_ref().map(|e| in_locale(&e.name));
                    let position = r.position.as_ref().map(in_locale);
                    let reason = r.exempt_reason;
                    view! {
                        <tr>
                            <td>{r.period.clone()}</td>
                            <td><A href=format!("/evaluations/{}", r.id)>{in_locale(&r.employee.name)}</A></td>
                            <td>{position}</td>
                            {show_evaluator.then(|| view! { <td>{evaluator}</td> })}
                            <td>{stage_badge(r.stage)}{reason.map(|c| view! { " " <span class="muted">{t(c.key())}</span> })}</td>
                            <td>{due_cell(r.due, r.overdue)}</td>
                            <td>{r.mark.clone()}{rating_badge(r.rating)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

// ---- My evaluations -----------------------------------------------------------------------

#[component]
pub fn EvaluationsPage() -> impl IntoView {
    view! { <SignedIn><MyEvaluationsView /></SignedIn> }
}

#[component]
fn MyEvaluationsView() -> impl IntoView {
    let lists = fetched(|| (), |_| my_evaluations());
    view! {
        <section class="card wide">
            <h1>{t(Key::EvalMyTitle)}</h1>
            <Loaded resource=lists inline=true let:l>
                {(!l.to_review.is_empty()).then(|| view! {
                    <h2>{t(Key::EvalToReview)}</h2>
                    <EvalTable rows=l.to_review.clone() show_evaluator=true testid="to-review" />
                })}
                {(!l.to_evaluate.is_empty()).then(|| view! {
                    <h2>{t(Key::EvalToEvaluate)}</h2>
                    <EvalTable rows=l.to_evaluate.clone() testid="to-evaluate" />
                })}
                <h2>{t(Key::EvalMine)}</h2>
                {if l.mine.is_empty() {
                    view! { <p class="empty">{t(Key::EvalNoneMine)}</p> }.into_any()
                } else {
                    view! { <EvalTable rows=l.mine.clone() show_evaluator=true testid="mine" /> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

// ---- One evaluation -----------------------------------------------------------------------

#[component]
pub fn EvaluationPage() -> impl IntoView {
    view! { <SignedIn><EvaluationView /></SignedIn> }
}

#[component]
fn EvaluationView() -> impl IntoView {
    let id = id_param();
    let plan = ServerAction::<SubmitPlan>::new();
    let confirm = ServerAction::<ConfirmPlan>::new();
    let self_assess = ServerAction::<SubmitSelfAssessment>::new();
    let rate = ServerAction::<SubmitRating>::new();
    let answer = ServerAction::<AnswerResult>::new();
    let finalize = ServerAction::<FinalizeEvaluation>::new();
    let appeal = ServerAction::<AppealResult>::new();
    let decide = ServerAction::<DecideAppeal>::new();
    let manage = ServerAction::<ManageEvaluation>::new();
    let delegate = ServerAction::<DelegateAppeal>::new();
    let delivery = ServerAction::<RecordResultDelivery>::new();
    // Reload after a successful step only: a refused one keeps the form as the user left it.
    let done = RwSignal::new(0u32);
    reload_on_success(plan, done);
    reload_on_success(confirm, done);
    reload_on_success(self_assess, done);
    reload_on_success(rate, done);
    reload_on_success(answer, done);
    reload_on_success(finalize, done);
    reload_on_success(appeal, done);
    reload_on_success(decide, done);
    reload_on_success(manage, done);
    reload_on_success(delegate, done);
    reload_on_success(delivery, done);
    let detail = fetched(move || (id(), done.get()), |(id, _)| get_evaluation(id));
    view! {
        <Loaded resource=detail let:d>
            {{
                    let d = StoredValue::new(d);
                    let can = d.with_value(|d| d.can);
                    view! {
                        <EvaluationHeader d=d.get_value() />
                        <PlanSection d=d.get_value() />
                        <Show when=move || can.plan><PlanForm d=d.get_value() action=plan /></Show>
                        <Show when=move || can.confirm_plan><ConfirmPlanForm id=d.with_value(|d| d.row.id) action=confirm /></Show>
                        <Show when=move || can.self_assess><ScoreForm d=d.get_value() mode=ScoreMode::SelfAssessment self_action=self_assess rate_action=rate decide_action=decide /></Show>
                        <Show when=move || can.rate || can.decide || can.self_assess>
                            <super::work_plans::MonthlyEvidence months=d.with_value(|d| d.monthly.clone()) />
                        </Show>
                        <Show when=move || can.rate><ScoreForm d=d.get_value() mode=ScoreMode::Rating self_action=self_assess rate_action=rate decide_action=decide /></Show>
                        <ScoresSection d=d.get_value() />
                        <Show when=move || can.answer><AnswerForm id=d.with_value(|d| d.row.id) action=answer /></Show>
                        <Show when=move || can.finalize><FinalizeForm id=d.with_value(|d| d.row.id) action=finalize /></Show>
                        <AppealSection d=d.get_value() />
                        <Show when=move || can.appeal><AppealForm id=d.with_value(|d| d.row.id) action=appeal /></Show>
                        <Show when=move || can.decide><ScoreForm d=d.get_value() mode=ScoreMode::Appeal self_action=self_assess rate_action=rate decide_action=decide /></Show>
                        <Show when=move || can.manage()><ManageForms d=d.get_value() action=manage /></Show>
                        <Show when=move || can.delegate><DelegateForm id=d.with_value(|d| d.row.id) action=delegate /></Show>
                        <Show when=move || can.record_delivery><DeliveryForm id=d.with_value(|d| d.row.id) action=delivery /></Show>
                    }.into_any()
            }}
        </Loaded>
        <RecordHistory record=HistoryRecord::Evaluation id=Signal::derive(id) />
    }
}

/// The way back from an evaluation: HR and the mayor go to its cycle, everyone else to the
/// evaluations they take part in.
fn evaluation_crumbs(cycle: &CycleRow) -> Vec<Crumb> {
    let oversight = super::use_auth()
        .user
        .get_untracked()
        .flatten()
        .is_some_and(|u| u.roles.has_any(OVERSIGHT));
    if oversight {
        let name = |l| Key::CycleTitle.format(l, &[("period", &cycle.label())]);
        vec![
            Crumb::page("/cycles", Key::CyclesTitle, OVERSIGHT),
            Crumb::record(
                format!("/cycles/{}", cycle.id),
                Bilingual::new(name(Locale::Ka), name(Locale::En)),
                OVERSIGHT,
            ),
        ]
    } else {
        vec![Crumb::page("/evaluations", Key::EvalMyTitle, &[])]
    }
}

#[component]
fn EvaluationHeader(d: EvaluationDetail) -> impl IntoView {
    let current = Some(d.row.stage);
    let flow: Vec<Stage> = Stage::ALL
        .iter()
        .copied()
        .filter(|s| !matches!(s, Stage::Exempt | Stage::Appealed))
        .filter(|s| *s != Stage::SelfAssessment || d.settings.self_assessment)
        .collect();
    let position = d.row.position.as_ref().map(in_locale);
    let unit = d.row.unit.as_ref().map(in_locale);
    let evaluator = d.row.evaluator.as_ref().map(|e| in_locale(&e.name));
    let reason = d.row.exempt_reason;
    view! {
        <section class="card wide">
            <Breadcrumbs trail=evaluation_crumbs(&d.cycle) />
            <p class="no-print"><a href=format!("/evaluations/{}/print", d.row.id) data-testid="print-link">{t(Key::EvalPrint)}</a></p>
            <h1 data-testid="evaluation-title">{in_locale(&d.row.employee.name)}</h1>
            <dl class="facts">
                <dt>{t(Key::EvalPeriod)}</dt><dd>{d.row.period.clone()}</dd>
                <dt>{t(Key::ColPosition)}</dt><dd>{position}</dd>
                <dt>{t(Key::ColUnit)}</dt><dd>{unit}</dd>
                <dt>{t(Key::EvalEvaluator)}</dt><dd data-testid="evaluator">{evaluator}</dd>
                <dt>{t(Key::EvalStage)}</dt><dd>{stage_badge(d.row.stage)}{reason.map(|c| view! { " " {t(c.key())} })}</dd>
                <dt>{t(Key::EvalDue)}</dt><dd>{due_cell(d.row.due, d.row.overdue)}</dd>
                {d.hr_note.clone().map(|n| view! { <dt>{t(Key::EvalHrNote)}</dt><dd>{n}</dd> })}
            </dl>
            <ol class="stages" aria-label=t(Key::EvalStage)>
                {flow.into_iter().map(|s| {
                    let here = Some(s) == current || (s == Stage::Finalized && current == Some(Stage::Appealed));
                    view! { <li class:current=here>{t(s.key())}</li> }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn PlanSection(d: EvaluationDetail) -> impl IntoView {
    let planned = d.plan_submitted_at.is_some();
    view! {
        <section class="card wide">
            <h2>{t(Key::EvalPlan)}</h2>
            {if planned {
                view! {
                    <p class="muted">{t(Key::EvalPlanSubmitted)}" "{d.plan_submitted_at.clone()}
                        {d.plan_confirmed_at.clone().map(|at| view! { " · "{t(Key::EvalPlanConfirmed)}" "{at} })}</p>
                    <h3>{t(Key::EvalObjectives)}</h3>
                    <p class="pre" data-testid="objectives">{d.objectives.clone()}</p>
                }.into_any()
            } else {
                view! { <p class="empty">{t(Key::EvalNoPlanYet)}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn PlanForm(d: EvaluationDetail, action: ServerAction<SubmitPlan>) -> impl IntoView {
    let error = action_error(action);
    let chosen = d.chosen.clone();
    view! {
        <section class="card wide">
            <h2>{t(Key::EvalPlanForm)}</h2>
            <ActionForm action attr:class="form" attr:data-testid="plan-form">
                <FormError error />
                <input type="hidden" name="id" value=d.row.id />
                <TextArea label=Key::EvalObjectives name="objectives" error value=d.objectives.clone().unwrap_or_default() rows=5 />
                <fieldset class="field">
                    <legend>{t(Key::EvalCompetencies)}</legend>
                    <p class="hint">{t(Key::EvalCompetenciesHint)}</p>
                    {d.lines.iter().map(|l| {
                        let c = &l.competency;
                        let checked = chosen.contains(&c.id);
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" name=format!("chosen[{}]", c.id) value="on" checked=checked />
                                {in_locale(&c.name)}" "<span class="muted">"("{t(c.kind.key())}")"</span>
                            </label>
                        }
                    }).collect_view()}
                    {move || error.get().filter(|e| e.field() == Some("chosen")).map(|e| view! { <p class="field-error" role="alert">{t(e.message())}</p> })}
                </fieldset>
                <button type="submit" class="button-primary">{t(Key::EvalSubmitPlan)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ConfirmPlanForm(id: i64, action: ServerAction<ConfirmPlan>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section class="card wide">
            <ActionForm action attr:class="form">
                <FormError error />
                <input type="hidden" name="id" value=id />
                <p>{t(Key::EvalConfirmPlanText)}</p>
                <button type="submit" class="button-primary" data-testid="confirm-plan">{t(Key::EvalConfirmPlan)}</button>
            </ActionForm>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScoreMode {
    SelfAssessment,
    Rating,
    Appeal,
}

/// Scores for every planned competency: the officer's self-assessment, the evaluator's rating
/// or, on appeal, the reviewer's decision. After hydration the running mean and band show live;
/// without JavaScript the server computes them.
#[component]
fn ScoreForm(
    d: EvaluationDetail,
    mode: ScoreMode,
    self_action: ServerAction<SubmitSelfAssessment>,
    rate_action: ServerAction<SubmitRating>,
    decide_action: ServerAction<DecideAppeal>,
) -> impl IntoView {
    let error = match mode {
        ScoreMode::SelfAssessment => action_error(self_action),
        ScoreMode::Rating => action_error(rate_action),
        ScoreMode::Appeal => action_error(decide_action),
    };
    let settings = d.settings.clone();
    // Pre-filled scores (self-assessment, appeal) count from the start.
    let initial: HashMap<i64, u8> = d
        .lines
        .iter()
        .filter_map(|l| {
            let value = match mode {
                ScoreMode::Appeal => l.score,
                ScoreMode::Rating => None,
                ScoreMode::SelfAssessment => l.self_score,
            };
            value
                .and_then(|v| u8::try_from(v).ok())
                .map(|v| (l.competency.id, v))
        })
        .collect();
    let picked: RwSignal<HashMap<i64, u8>> = RwSignal::new(initial);
    let count = d.lines.len();
    let preview = {
        let settings = settings.clone();
        move || {
            let scores: Vec<u8> = picked.with(|p| p.values().copied().collect());
            (scores.len() == count && count > 0)
                .then(|| final_mark(&scores, &settings).ok())
                .flatten()
        }
    };
    let locale = use_locale();
    let scale: Vec<u8> = settings.scale().collect();
    let title = match mode {
        ScoreMode::SelfAssessment => Key::EvalSelfAssessment,
        ScoreMode::Rating => Key::EvalRatingForm,
        ScoreMode::Appeal => Key::EvalDecideAppeal,
    };
    let rows = d.lines.iter().map(|l| {
        let c = l.competency.clone();
        let id = c.id;
        let initial = match mode {
            ScoreMode::Appeal => l.score,
            ScoreMode::Rating => None,
            ScoreMode::SelfAssessment => l.self_score,
        };
        let options = scale.iter().map(|s| {
            let selected = initial == Some(i64::from(*s));
            view! { <option value=s.to_string() selected=selected>{*s}</option> }
        }).collect_view();
        // This row's own problems, next to its score and comment.
        let score_field = format!("scores[{id}]");
        let comment_field = format!("comments[{id}]");
        let score_problem = Signal::derive(move || error.get().and_then(|e| e.concerns(&score_field)));
        let comment_problem = Signal::derive(move || error.get().and_then(|e| e.concerns(&comment_field)));
        let (score_error_id, comment_error_id) = (format!("score-error-{id}"), format!("comment-error-{id}"));
        let code = c.code.clone();
        view! {
            <tr class:row-invalid=move || score_problem.get().is_some() || comment_problem.get().is_some()>
                <td><strong>{in_locale(&c.name)}</strong><br /><span class="muted">{in_locale(&c.descriptor)}</span></td>
                {(mode == ScoreMode::Rating).then(|| view! { <td class="num">{l.self_score}</td> })}
                <td>
                    <select name=format!("scores[{id}]") aria-label=in_locale(&c.name) data-testid=format!("score-{}", c.code)
                        aria-invalid=move || score_problem.get().map(|_| "true")
                        aria-describedby={let e = score_error_id.clone(); move || score_problem.get().map(|_| e.clone())}
                        on:change=move |ev| {
                            let value = event_target_value(&ev).parse::<u8>().ok();
                            picked.update(|p| { match value { Some(v) => { p.insert(id, v); } None => { p.remove(&id); } } });
                        }>
                        <option value="">"—"</option>
                        {options}
                    </select>
                    {let code = code.clone(); move || score_problem.get().map(|k| view! {
                        <p class="field-error" role="alert" id=score_error_id.clone() data-testid=format!("score-error-{code}")>{t(k)}</p>
                    })}
                </td>
                {(mode == ScoreMode::Rating).then(|| view! {
                    <td>
                        <input type="text" name=format!("comments[{id}]") aria-label=t(Key::EvalComment) data-testid=format!("comment-{}", c.code)
                            maxlength="5000"
                            aria-invalid=move || comment_problem.get().map(|_| "true")
                            aria-describedby={let e = comment_error_id.clone(); move || comment_problem.get().map(|_| e.clone())} />
                        {move || comment_problem.get().map(|k| view! {
                            <p class="field-error" role="alert" id=comment_error_id.clone() data-testid=format!("comment-error-{code}")>{t(k)}</p>
                        })}
                    </td>
                })}
            </tr>
        }
    }).collect_view();
    let body = view! {
        <FormError error />
        <input type="hidden" name="id" value=d.row.id />
        <p class="hint">{move || Key::EvalScaleHint.format(locale.get(), &[("min", &settings.scale_min.to_string()), ("max", &settings.scale_max.to_string())])}</p>
        {(mode == ScoreMode::Rating && d.settings.comment_required_for_extremes).then(|| view! { <p class="hint">{t(Key::EvalExtremesHint)}</p> })}
        <table class="data scores">
            <thead><tr><th>{t(Key::EvalCompetency)}</th>
                {(mode == ScoreMode::Rating).then(|| view! { <th>{t(Key::EvalSelfScore)}</th> })}
                <th>{t(Key::EvalScore)}</th>
                {(mode == ScoreMode::Rating).then(|| view! { <th>{t(Key::EvalComment)}</th> })}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {move || error.get().filter(|e| e.field() == Some("scores")).map(|e| view! { <p class="field-error" role="alert" data-testid="score-error">{t(e.message())}</p> })}
        <p class="live-mean" data-testid="live-mean" aria-live="polite">
            {move || preview().map(|m| view! { {t(Key::EvalLiveMean)}" "<strong>{m.display()}</strong>" "{rating_badge(Some(m.rating))} })}
        </p>
    };
    match mode {
        ScoreMode::SelfAssessment => view! {
            <section class="card wide"><h2>{t(title)}</h2>
                <ActionForm action=self_action attr:class="form" attr:data-testid="self-form">
                    {body}
                    <TextArea label=Key::EvalComment name="comment" error />
                    <button type="submit" class="button-primary">{t(Key::EvalSubmitSelf)}</button>
                </ActionForm>
            </section>
        }
        .into_any(),
        ScoreMode::Rating => view! {
            <section class="card wide"><h2>{t(title)}</h2>
                <ActionForm action=rate_action attr:class="form" attr:data-testid="rating-form">
                    {body}
                    <TextArea label=Key::EvalSummaryComment name="summary_comment" error rows=4 />
                    <button type="submit" class="button-primary">{t(Key::EvalSubmitRating)}</button>
                </ActionForm>
            </section>
        }
        .into_any(),
        ScoreMode::Appeal => view! {
            <section class="card wide"><h2>{t(title)}</h2>
                <ActionForm action=decide_action attr:class="form" attr:data-testid="decide-form">
                    <RadioChoice label=Key::EvalDecision name="decision" error
                        options=vec![("upheld", Key::EvalUpheld), ("changed", Key::EvalChanged)] />
                    <p class="hint">{t(Key::EvalChangedHint)}</p>
                    {body}
                    <TextArea label=Key::EvalReasoning name="reasoning" error rows=4 />
                    <Confirm label=Key::EvalDecideConfirm error />
                    <button type="submit" class="button-primary">{t(Key::EvalDecide)}</button>
                </ActionForm>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn ScoresSection(d: EvaluationDetail) -> impl IntoView {
    let any_scores = d
        .lines
        .iter()
        .any(|l| l.score.is_some() || l.self_score.is_some());
    let pending = d
        .results
        .is_empty()
        .then(|| {
            let scores: Vec<u8> = d
                .lines
                .iter()
                .filter_map(|l| l.score.and_then(|s| u8::try_from(s).ok()))
                .collect();
            final_mark(&scores, &d.settings).ok()
        })
        .flatten();
    let lines = d.lines.clone();
    let rows = move || {
        lines.iter().map(|l| view! {
        <tr><td>{in_locale(&l.competency.name)}</td><td class="num">{l.self_score}</td>
            <td class="num" data-testid=format!("scored-{}", l.competency.code)>{l.score}</td><td>{l.comment.clone()}</td></tr>
    }).collect_view()
    };
    let results = d.results.clone();
    view! {
        <Show when=move || any_scores || !results.is_empty()>
            <section class="card wide">
                <h2>{t(Key::EvalScores)}</h2>
                <table class="data">
                    <thead><tr><th>{t(Key::EvalCompetency)}</th><th class="num">{t(Key::EvalSelfScore)}</th><th class="num">{t(Key::EvalScore)}</th><th>{t(Key::EvalComment)}</th></tr></thead>
                    <tbody>{rows()}</tbody>
                </table>
                {d.self_comment.clone().map(|c| view! { <h3>{t(Key::EvalSelfComment)}</h3><p class="pre">{c}</p> })}
                {d.summary_comment.clone().map(|c| view! { <h3>{t(Key::EvalSummaryComment)}</h3><p class="pre" data-testid="summary-comment">{c}</p> })}
                {pending.clone().map(|m| view! {
                    <p data-testid="pending-mark">{t(Key::EvalProposedMark)}" "<strong>{m.display()}</strong>" "{rating_badge(Some(m.rating))}
                        " "<span class="muted">{format!("({} / {})", m.sum, m.count)}</span></p>
                })}
                {d.acknowledged_at.clone().map(|at| view! {
                    <p>{if d.objection.is_some() { t(Key::EvalObjectedAt) } else { t(Key::EvalAcknowledgedAt) }}" "{at}</p>
                })}
                {d.objection.clone().map(|o| view! { <h3>{t(Key::EvalObjection)}</h3><p class="pre" data-testid="objection">{o}</p> })}
                {d.acknowledge_due.filter(|_| d.row.stage == Stage::Acknowledgement).map(|due| view! { <p class="muted">{t(Key::EvalAnswerBy)}" "{date_text(due)}</p> })}
                {(!d.results.is_empty()).then(|| view! {
                    <h3>{t(Key::EvalResults)}</h3>
                    <table class="data" data-testid="results">
                        <thead><tr><th>{t(Key::EvalVersion)}</th><th>{t(Key::EvalMark)}</th><th>{t(Key::EvalRating)}</th><th>{t(Key::EvalSumCount)}</th><th>{t(Key::ColDate)}</th><th>{t(Key::EvalInputs)}</th></tr></thead>
                        <tbody>
                            {d.results.iter().map(|r| view! {
                                <tr>
                                    <td>{r.version}{r.by_appeal.then(|| view! { " "<span class="badge">{t(Key::EvalByAppeal)}</span> })}</td>
                                    <td class="num" data-testid="final-mark" title=r.final_mark.clone()>{r.display.clone()}</td>
                                    <td>{rating_badge(Some(r.rating))}</td>
                                    <td class="num">{format!("{} / {}", r.sum, r.count)}</td>
                                    <td>{r.created_at.clone()}</td>
                                    <td><details><summary>{t(Key::EvalShowInputs)}</summary><code class="pre">{r.inputs_json.clone()}</code></details></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {d.finalized_at.clone().map(|at| view! { <p class="muted">{t(Key::EvalFinalizedAt)}" "{at}</p> })}
                    {d.finalized_at.is_some().then(|| match (d.received_on, d.appeal_due) {
                        (Some(on), Some(due)) => view! {
                            <p class="muted" data-testid="received-on">{t(Key::EvalReceivedOn)}" "{date_text(on)}" · "{t(Key::EvalAppealDueOn)}" "{date_text(due)}</p>
                        }.into_any(),
                        _ => view! { <p class="muted" data-testid="received-on">{t(Key::EvalAppealWindowNotStarted)}</p> }.into_any(),
                    })}
                })}
            </section>
        </Show>
    }
}

#[component]
fn AnswerForm(id: i64, action: ServerAction<AnswerResult>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section class="card wide">
            <h2>{t(Key::EvalAnswer)}</h2>
            <ActionForm action attr:class="form" attr:data-testid="answer-form">
                <FormError error />
                <input type="hidden" name="id" value=id />
                <RadioChoice label=Key::EvalAnswerChoice name="answer" error
                    options=vec![("acknowledge", Key::EvalAcknowledge), ("object", Key::EvalObject)] />
                <TextArea label=Key::EvalObjection name="objection" error />
                <Confirm label=Key::EvalAnswerConfirm error />
                <button type="submit" class="button-primary">{t(Key::EvalSign)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn FinalizeForm(id: i64, action: ServerAction<FinalizeEvaluation>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section class="card wide">
            <ActionForm action attr:class="form">
                <FormError error />
                <input type="hidden" name="id" value=id />
                <p>{t(Key::EvalFinalizeText)}</p>
                <Confirm label=Key::EvalFinalizeConfirm error />
                <button type="submit" class="button-primary" data-testid="finalize">{t(Key::EvalFinalize)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AppealSection(d: EvaluationDetail) -> impl IntoView {
    d.appeal.map(|a| view! {
        <section class="card wide" data-testid="appeal">
            <h2>{t(Key::EvalAppeal)}</h2>
            <dl class="facts">
                <dt>{t(Key::EvalFiledAt)}</dt><dd>{a.filed_at}</dd>
                <dt>{t(Key::EvalGrounds)}</dt><dd class="pre">{a.grounds}</dd>
                <dt>{t(Key::EvalReviewer)}</dt><dd>{match a.reviewer { Some(name) => name.into_any(), None => view! { {t(Key::RoleMayor)} }.into_any() }}</dd>
                <dt>{t(Key::EvalDecisionDue)}</dt><dd>{date_text(a.decision_due)}</dd>
                {a.decision.map(|dec| view! {
                    <dt>{t(Key::EvalDecision)}</dt>
                    <dd data-testid="decision">{t(dec.key())}" · "{a.decided_at.clone()}</dd>
                    <dt>{t(Key::EvalReasoning)}</dt><dd class="pre">{a.reasoning.clone()}</dd>
                })}
            </dl>
        </section>
    })
}

#[component]
fn AppealForm(id: i64, action: ServerAction<AppealResult>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section class="card wide">
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::EvalAppealToMayor)}</summary>
                <ActionForm action attr:class="form" attr:data-testid="appeal-form">
                    <FormError error />
                    <input type="hidden" name="id" value=id />
                    <TextArea label=Key::EvalGrounds name="grounds" error rows=4 />
                    <Confirm label=Key::EvalAppealConfirm error />
                    <button type="submit" class="button-primary">{t(Key::EvalFileAppeal)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn ManageForms(d: EvaluationDetail, action: ServerAction<ManageEvaluation>) -> impl IntoView {
    let error = action_error(action);
    let id = d.row.id;
    let exempt_or_include = if d.can.include {
        Some(("include", Key::EvalInclude))
    } else if d.can.exempt {
        Some(("exempt", Key::EvalExempt))
    } else {
        None
    };
    view! {
        <section class="card wide no-print">
            <h2>{t(Key::EvalHrActions)}</h2>
            <FormError error />
            {exempt_or_include.map(|(code, label)| view! {
                <details open=error.get_untracked().is_some()><summary>{t(label)}</summary>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="id" value=id /><input type="hidden" name="action" value=code /><input type="hidden" name="person" value="" />
                        <TextArea label=Key::EvalReason name="reason" error />
                        <button type="submit" class="button-primary">{t(label)}</button>
                    </ActionForm>
                </details>
            })}
            {d.can.reassign.then(|| view! {
                <details open=error.get_untracked().is_some()><summary>{t(Key::EvalReassign)}</summary>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="id" value=id /><input type="hidden" name="action" value="reassign" />
                        <Field label=Key::EvalNewEvaluator name="person" error hint=Key::PersonQueryHint person=true />
                        <TextArea label=Key::EvalReason name="reason" error />
                        <button type="submit" class="button-primary">{t(Key::EvalReassign)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

/// The mayor names another reviewer for the appeal.
#[component]
fn DelegateForm(id: i64, action: ServerAction<DelegateAppeal>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section class="card wide no-print">
            <h2>{t(Key::EvalMayorActions)}</h2>
            <FormError error />
            <details open=error.get_untracked().is_some()><summary>{t(Key::EvalDelegate)}</summary>
                <ActionForm action attr:class="form" attr:data-testid="delegate-form">
                    <input type="hidden" name="id" value=id />
                    <Field label=Key::EvalReviewerUsername name="username" error />
                    <TextArea label=Key::EvalReason name="reason" error />
                    <button type="submit" class="button-primary">{t(Key::EvalDelegate)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn DeliveryForm(id: i64, action: ServerAction<RecordResultDelivery>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section class="card wide no-print">
            <h2>{t(Key::EvalRecordDelivery)}</h2>
            <ActionForm action attr:class="form" attr:data-testid="delivery-form">
                <FormError error />
                <input type="hidden" name="id" value=id />
                <p class="hint">{t(Key::EvalRecordDeliveryHint)}</p>
                <Field label=Key::EvalDeliveredOn name="delivered_on" input_type="date" error />
                <button type="submit" class="button-primary">{t(Key::EvalRecordDelivery)}</button>
            </ActionForm>
        </section>
    }
}

// ---- Print --------------------------------------------------------------------------------

#[component]
pub fn EvaluationPrintPage() -> impl IntoView {
    view! { <SignedIn><PrintView /></SignedIn> }
}

#[component]
fn PrintView() -> impl IntoView {
    let id = id_param();
    let detail = fetched(id, get_evaluation);
    view! {
        <Loaded resource=detail let:d>
            {{
                    // The result in force, or (before finalization) the evaluator's mark.
                    let result = d.results.first().cloned().or_else(|| {
                        let scores: Vec<u8> = d.lines.iter().filter_map(|l| l.score.and_then(|s| u8::try_from(s).ok())).collect();
                        final_mark(&scores, &d.settings).ok().map(|m| ResultVersion {
                            version: 0,
                            final_mark: m.mean.to_string(),
                            display: m.display(),
                            rating: m.rating,
                            sum: i64::from(m.sum),
                            count: i64::from(m.count),
                            created_at: String::new(),
                            by_appeal: false,
                            inputs_json: String::new(),
                        })
                    });
                    let position = d.row.position.as_ref().map(in_locale);
                    let unit = d.row.unit.as_ref().map(in_locale);
                    let evaluator = d.row.evaluator.as_ref().map(|e| in_locale(&e.name));
                    view! {
                        <article class="sheet" data-testid="sheet">
                            <p class="no-print"><A href=format!("/evaluations/{}", d.row.id)>{t(Key::EvalBack)}</A>" · "{t(Key::EvalPrintHint)}</p>
                            <h1>{t(Key::EvalSheetTitle)}</h1>
                            <p class="sheet-sub">{t(Key::EvalPeriod)}": "{d.row.period.clone()}</p>
                            <table class="sheet-head">
                                <tbody>
                                    <tr><th>{t(Key::EvalOfficer)}</th><td>{in_locale(&d.row.employee.name)}</td></tr>
                                    <tr><th>{t(Key::ColPosition)}</th><td>{position}</td></tr>
                                    <tr><th>{t(Key::ColUnit)}</th><td>{unit}</td></tr>
                                    <tr><th>{t(Key::EvalEvaluator)}</th><td>{evaluator}</td></tr>
                                </tbody>
                            </table>
                            <h2>{t(Key::EvalObjectives)}</h2>
                            <p class="pre">{d.objectives.clone()}</p>
                            <h2>{t(Key::EvalScores)}</h2>
                            <table class="data">
                                <thead><tr><th>"#"</th><th>{t(Key::EvalCompetency)}</th><th class="num">{t(Key::EvalSelfScore)}</th><th class="num">{t(Key::EvalScore)}</th><th>{t(Key::EvalComment)}</th></tr></thead>
                                <tbody>
                                    {d.lines.iter().enumerate().map(|(i, l)| view! {
                                        <tr><td>{i + 1}</td><td>{in_locale(&l.competency.name)}</td><td class="num">{l.self_score}</td><td class="num">{l.score}</td><td>{l.comment.clone()}</td></tr>
                                    }).collect_view()}
                                </tbody>
                                {result.clone().map(|r| view! {
                                    <tfoot><tr><th></th><th>{t(Key::EvalFinalMark)}" ("{format!("{} / {}", r.sum, r.count)}")"</th><th></th>
                                        <th class="num" data-testid="sheet-mark">{r.display.clone()}</th><th>{t(r.rating.key())}</th></tr></tfoot>
                                })}
                            </table>
                            {d.summary_comment.clone().map(|c| view! { <h2>{t(Key::EvalSummaryComment)}</h2><p class="pre">{c}</p> })}
                            {d.objection.clone().map(|c| view! { <h2>{t(Key::EvalObjection)}</h2><p class="pre">{c}</p> })}
                            <div class="signatures">
                                <div><p>{t(Key::EvalEvaluator)}</p><p class="sign-line">{t(Key::EvalSignature)}</p><p class="muted">{d.rated_at.clone()}</p></div>
                                <div><p>{t(Key::EvalOfficer)}</p><p class="sign-line">{t(Key::EvalSignature)}</p><p class="muted">{d.acknowledged_at.clone()}</p></div>
                                <div><p>{t(Key::EvalHrSpecialist)}</p><p class="sign-line">{t(Key::EvalSignature)}</p><p class="muted">{d.finalized_at.clone()}</p></div>
                            </div>
                        </article>
                    }.into_any()
            }}
        </Loaded>
    }
}

// ---- Cycles -------------------------------------------------------------------------------

#[component]
pub fn CyclesPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><CyclesView /></SignedIn> }
}

#[component]
fn CyclesView() -> impl IntoView {
    let open = ServerAction::<OpenCycle>::new();
    let error = action_error(open);
    let cycles = fetched(move || open.version().get(), |_| list_cycles());
    let hr = is_hr();
    view! {
        <section class="card wide">
            <h1>{t(Key::CyclesTitle)}</h1>
            <p><A href="/evaluation-method">{t(Key::MethodTitle)}</A></p>
            <Loaded resource=cycles inline=true let:list>
                {or_empty(list, Key::CyclesNone, |list| view! {
                        <table class="data" data-testid="cycles">
                            <thead><tr><th>{t(Key::EvalPeriod)}</th><th>{t(Key::CycleStatus)}</th><th>{t(Key::CycleEvaluated)}</th>
                                <th>{t(Key::CycleSettled)}</th><th>{t(Key::CycleExempt)}</th><th>{t(Key::CycleSummaryDue)}</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|c| { let (href, label) = (format!("/cycles/{}", c.id), c.label()); view! {
                                    <tr><td><A href=href>{label}</A></td>
                                        <td>{t(c.status.key())}</td>
                                        <td class="num">{c.total - c.exempt}</td><td class="num">{c.settled - c.exempt}</td>
                                        <td class="num">{c.exempt}</td><td>{date_text(c.summary_due)}</td></tr>
                                } }).collect_view()}
                            </tbody>
                        </table>
                })}
            </Loaded>
        </section>
        <Show when=move || hr.get()>
            <section class="card wide">
                <h2>{t(Key::CycleOpenNew)}</h2>
                <ActionForm action=open attr:class="form" attr:data-testid="open-cycle">
                    <FormError error />
                    <Field label=Key::CycleYear name="year" input_type="number" error />
                    <Field label=Key::CyclePeriodNo name="period_no" input_type="number" error value="1" hint=Key::CyclePeriodHint />
                    <p class="hint">{t(Key::CycleOpenHint)}</p>
                    <button type="submit" class="button-primary">{t(Key::CycleOpenButton)}</button>
                </ActionForm>
            </section>
        </Show>
    }
}

#[component]
pub fn CyclePage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><CycleView /></SignedIn> }
}

#[component]
fn CycleView() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let text = move |k: &str| query.with(|q| q.get(k).filter(|v| !v.is_empty()));
    let finalize = ServerAction::<FinalizeReady>::new();
    let close = ServerAction::<CloseCycle>::new();
    let add = ServerAction::<AddToCycle>::new();
    let remind = ServerAction::<RemindOverdue>::new();
    // Reload after a success only: a refused form keeps what the user typed.
    let done = RwSignal::new(0u32);
    reload_on_success(finalize, done);
    reload_on_success(close, done);
    reload_on_success(remind, done);
    let versions = move || done.get();
    let dashboard = fetched(move || (id(), versions()), |(id, _)| cycle_dashboard(id));
    let list = fetched(
        move || {
            (
                id(),
                text("stage"),
                text("q"),
                text("page").and_then(|p| p.parse::<i64>().ok()),
                versions(),
            )
        },
        |(id, stage, q, page, _)| {
            list_evaluations(id, stage.and_then(|s| Stage::parse(&s)), q, page)
        },
    );
    let hr = is_hr();
    let locale = use_locale();
    view! {
        <Loaded resource=dashboard let:d>
            {{
                    let c = d.cycle.clone();
                    let cycle_id = c.id;
                    let open = c.status == CycleStatus::Open;
                    view! {
                        <section class="card wide">
                            <Breadcrumbs trail=vec![Crumb::page("/cycles", Key::CyclesTitle, OVERSIGHT)] />
                            <h1 data-testid="cycle-title">{let label = c.label(); move || Key::CycleTitle.format(locale.get(), &[("period", &label)])}</h1>
                            <p>{if open { t(Key::CycleOpen) } else { t(Key::CycleClosed) }}" · "{t(Key::CycleMethodVersion)}" "{c.method_version}</p>
                            <div class="stats">
                                <Stat label=Key::CycleEvaluated value=c.total - c.exempt testid="stat-evaluated" />
                                <Stat label=Key::CycleSettled value=c.settled - c.exempt testid="stat-settled" />
                                <Stat label=Key::CycleExempt value=c.exempt testid="stat-exempt" />
                                <Stat label=Key::CycleReady value=d.ready_to_finalize testid="stat-ready" />
                                <Stat label=Key::EvalOverdue value=d.overdue.len() as i64 testid="stat-overdue" />
                            </div>
                            <p class="muted">{t(Key::CyclePlanningDue)}" "{date_text(c.planning_due)}" · "{t(Key::CycleRatingDue)}" "{date_text(c.rating_due)}" · "{t(Key::CycleSummaryDue)}" "{date_text(c.summary_due)}</p>
                            <p>{t(Key::CycleExportResults)}": "<ExportLinks list="evaluations" extra=format!("cycle={cycle_id}") /></p>
                            <p>{t(Key::CycleExportDistribution)}": "<ExportLinks list="evaluation-distribution" extra=format!("cycle={cycle_id}") /></p>
                        </section>
                        <section class="card wide">
                            <h2>{t(Key::CycleProgress)}</h2>
                            <div class="table-scroll" tabindex="0">
                            <table class="data" data-testid="progress">
                                <thead><tr><th>{t(Key::ColUnit)}</th>{Stage::ALL.iter().map(|s| view! { <th>{t(s.key())}</th> }).collect_view()}<th>{t(Key::ReportTotal)}</th></tr></thead>
                                <tbody>
                                    {d.progress.iter().map(|u| view! {
                                        <tr><td>{in_locale(&u.unit)}</td>{u.counts.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}<td class="num">{u.total}</td></tr>
                                    }).collect_view()}
                                </tbody>
                                <tfoot><tr><th>{t(Key::ReportTotal)}</th>{d.stage_totals.iter().map(|n| view! { <th class="num">{*n}</th> }).collect_view()}<th class="num">{c.total}</th></tr></tfoot>
                            </table>
                            </div>
                        </section>
                        <DistributionChart d=d.clone() />
                        <section class="card wide">
                            <h2>{t(Key::CycleOverdue)}</h2>
                            {if d.overdue.is_empty() {
                                view! { <p class="empty">{t(Key::CycleNoOverdue)}</p> }.into_any()
                            } else {
                                view! { <EvalTable rows=d.overdue.clone() show_evaluator=true testid="overdue" /> }.into_any()
                            }}
                        </section>
                        <Show when=move || hr.get() && open>
                            <CycleHrForms cycle_id ready=d.ready_to_finalize overdue=d.overdue.len() can_close=d.can_close finalize close add remind />
                        </Show>
                    }.into_any()
            }}
        </Loaded>
        <section class="card wide">
            <h2>{t(Key::CycleEvaluations)}</h2>
            <Form method="GET" action="" attr:class="filters">
                <div class="field"><label for="eq">{t(Key::EvalSearch)}</label>
                    <input id="eq" type="search" name="q" value=move || text("q").unwrap_or_default() /></div>
                <div class="field"><label for="es">{t(Key::EvalStage)}</label>
                    <select id="es" name="stage">
                        <option value="">{t(Key::FilterAll)}</option>
                        {Stage::ALL.iter().map(|s| { let (code, key) = (s.code(), s.key()); view! { <option value=code selected=move || text("stage").as_deref() == Some(code)>{t(key)}</option> } }).collect_view()}
                    </select></div>
                <button type="submit" class="button-primary">{t(Key::Filter)}</button>
            </Form>
            <Loaded resource=list inline=true let:page>
                {if page.items.is_empty() { view! { <p class="empty">{t(Key::EvalNoneMatch)}</p> }.into_any() } else {
                        let (n, pages, total) = (page.page, page.pages(), page.total);
                        view! { <EvalTable rows=page.items show_evaluator=true testid="cycle-evaluations" /><Pager page=n pages total /> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

/// Results per service as stacked bars (SVG: no inline styles, which the CSP forbids).
#[component]
fn DistributionChart(d: Dashboard) -> impl IntoView {
    let total: i64 = d.rating_totals.iter().sum();
    let percent = move |n: i64| {
        if total == 0 {
            0.0
        } else {
            n as f64 * 100.0 / total as f64
        }
    };
    let bar_height = 22;
    let rows = d.distribution.len() as i64 + 1;
    let height = rows * (bar_height + 8) + 8;
    let bars: Vec<(Bilingual, Vec<i64>, i64)> = std::iter::once((
        Bilingual::new(
            Key::ReportTotal.text(crate::i18n::Locale::Ka).to_string(),
            Key::ReportTotal.text(crate::i18n::Locale::En).to_string(),
        ),
        d.rating_totals.clone(),
        total,
    ))
    .chain(
        d.distribution
            .iter()
            .map(|u| (u.unit.clone(), u.counts.clone(), u.total)),
    )
    .collect();
    view! {
        <section class="card wide">
            <h2>{t(Key::CycleDistribution)}</h2>
            {if total == 0 {
                view! { <p class="empty">{t(Key::CycleNoResults)}</p> }.into_any()
            } else {
                view! {
                    <p class="legend">{Rating::ALL.iter().enumerate().map(|(i, r)| view! {
                        <span class=format!("swatch rating-{}", r.code())></span>{t(r.key())}
                        {format!(" {} ({:.0}%)  ", d.rating_totals[i], percent(d.rating_totals[i]))}
                    }).collect_view()}</p>
                    <svg class="chart" role="img" aria-label=t(Key::CycleDistribution) viewBox=format!("0 0 1000 {height}") data-testid="distribution-chart">
                        {bars.into_iter().enumerate().map(|(row, (unit, counts, n))| {
                            let y = 8 + row as i64 * (bar_height + 8);
                            let mut x = 300.0;
                            let segments = counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| {
                                let w = 600.0 * *c as f64 / n.max(1) as f64;
                                let seg = view! { <rect x=format!("{x:.1}") y=y width=format!("{w:.1}") height=bar_height class=format!("rating-{}", Rating::ALL[i].code())><title>{format!("{c}")}</title></rect> };
                                x += w;
                                seg
                            }).collect_view();
                            view! {
                                <g>
                                    <text x="0" y=y + 16 class="chart-label"><title>{in_locale(&unit)}</title>{short_label(&unit)}</text>
                                    {segments}
                                    <text x="910" y=y + 16 class="chart-label">{n}</text>
                                </g>
                            }
                        }).collect_view()}
                    </svg>
                }.into_any()
            }}
        </section>
    }
}

/// A unit's name cut to fit the chart's label column (the full name is the tooltip).
fn short_label(unit: &Bilingual) -> impl Fn() -> String + Send + Sync + 'static {
    let full = in_locale(unit);
    move || {
        let name = full();
        if name.chars().count() > 30 {
            format!("{}…", name.chars().take(29).collect::<String>())
        } else {
            name
        }
    }
}

#[component]
fn CycleHrForms(
    cycle_id: i64,
    ready: i64,
    overdue: usize,
    can_close: bool,
    finalize: ServerAction<FinalizeReady>,
    close: ServerAction<CloseCycle>,
    add: ServerAction<AddToCycle>,
    remind: ServerAction<RemindOverdue>,
) -> impl IntoView {
    let remind_error = action_error(remind);
    let finalize_error = action_error(finalize);
    let close_error = action_error(close);
    let add_error = action_error(add);
    view! {
        <section class="card wide no-print">
            <h2>{t(Key::EvalHrActions)}</h2>
            {(ready > 0).then(|| view! {
                <ActionForm action=finalize attr:class="form" attr:data-testid="finalize-ready">
                    <FormError error=finalize_error />
                    <input type="hidden" name="cycle_id" value=cycle_id />
                    <p>{t(Key::CycleFinalizeText)}" ("{ready}")"</p>
                    <Confirm label=Key::CycleFinalizeConfirm error=finalize_error />
                    <button type="submit" class="button-primary">{t(Key::CycleFinalizeButton)}</button>
                </ActionForm>
            })}
            {(overdue > 0).then(|| view! {
                <ActionForm action=remind attr:class="form" attr:data-testid="remind">
                    <FormError error=remind_error />
                    <input type="hidden" name="cycle_id" value=cycle_id />
                    <p>{t(Key::CycleRemindText)}</p>
                    <button type="submit" class="button-primary">{t(Key::CycleRemindButton)}</button>
                </ActionForm>
            })}
            <details open=add_error.get_untracked().is_some()><summary>{t(Key::CycleAddOfficer)}</summary>
                <ActionForm action=add attr:class="form">
                    <FormError error=add_error />
                    <input type="hidden" name="cycle_id" value=cycle_id />
                    <Field label=Key::PersonOfficer name="personal_number" error=add_error hint=Key::PersonQueryHint person=true />
                    <TextArea label=Key::EvalReason name="reason" error=add_error />
                    <button type="submit" class="button-primary">{t(Key::CycleAddOfficer)}</button>
                </ActionForm>
            </details>
            {if can_close {
                view! {
                    <ActionForm action=close attr:class="form" attr:data-testid="close-cycle">
                        <FormError error=close_error />
                        <input type="hidden" name="cycle_id" value=cycle_id />
                        <Confirm label=Key::CycleCloseConfirm error=close_error />
                        <button type="submit" class="button-danger">{t(Key::CycleCloseButton)}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="muted">{t(Key::CycleCloseLater)}</p> }.into_any()
            }}
        </section>
    }
}

// ---- Method -------------------------------------------------------------------------------

#[component]
pub fn MethodPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><MethodView /></SignedIn> }
}

fn setting_rows(s: &MethodSettings) -> Vec<(Key, &'static str, String)> {
    let yes_no = |b: bool| if b { "✓" } else { "—" }.to_string();
    vec![
        (
            Key::MethodScale,
            "scale",
            format!("{}–{}", s.scale_min, s.scale_max),
        ),
        (
            Key::MethodBands,
            "bands",
            format!(
                "≥ {} / ≥ {} / ≥ {}",
                s.bands.excellent, s.bands.good, s.bands.satisfactory
            ),
        ),
        (
            Key::MethodMinService,
            "min_service_months",
            s.min_service_months.to_string(),
        ),
        (
            Key::MethodPeriods,
            "periods_per_year",
            s.periods_per_year.to_string(),
        ),
        (
            Key::MethodPlanningDays,
            "planning_days",
            s.planning_days.to_string(),
        ),
        (
            Key::MethodRatingDays,
            "rating_days",
            s.rating_days.to_string(),
        ),
        (
            Key::MethodSummaryDays,
            "summary_days",
            s.summary_days.to_string(),
        ),
        (
            Key::MethodAcknowledgeDays,
            "acknowledge_days",
            s.acknowledge_days.to_string(),
        ),
        (
            match s.appeal_unit {
                TermUnit::Days => Key::MethodAppealDays,
                TermUnit::Months => Key::MethodAppealMonths,
            },
            "appeal_days",
            s.appeal_days.to_string(),
        ),
        (
            Key::MethodDecisionDays,
            "appeal_decision_days",
            s.appeal_decision_days.to_string(),
        ),
        (
            Key::MethodSelfAssessment,
            "self_assessment",
            yes_no(s.self_assessment),
        ),
        (
            Key::MethodExtremes,
            "comment_required_for_extremes",
            yes_no(s.comment_required_for_extremes),
        ),
    ]
}

#[component]
fn MethodView() -> impl IntoView {
    let query = use_query_map();
    let adopt = ServerAction::<AdoptMethod>::new();
    let add = ServerAction::<AddCompetency>::new();
    let remove = ServerAction::<RemoveCompetency>::new();
    let version = move || query.with(|q| q.get("version").and_then(|v| v.parse::<i64>().ok()));
    let done = RwSignal::new(0u32);
    reload_on_success(adopt, done);
    reload_on_success(add, done);
    reload_on_success(remove, done);
    let method = fetched(move || (version(), done.get()), |(v, _)| get_method(v));
    let hr = is_hr();
    view! {
        <Loaded resource=method let:page>
            {{
                    let m = page.shown.clone();
                    let sources = m.sources.clone();
                    let editable = !m.in_use;
                    let method_id = m.id;
                    let revision = m.revision;
                    view! {
                        <section class="card wide">
                            <Breadcrumbs trail=vec![Crumb::page("/cycles", Key::CyclesTitle, OVERSIGHT)] />
                            <h1>{t(Key::MethodTitle)}</h1>
                            <p class="years">{t(Key::MethodVersions)}": "{page.versions.iter().map(|v| view! {
                                <a href=format!("/evaluation-method?version={}", v.id) class:current=v.id == m.id>{format!("v{} ({})", v.version, date_text(v.valid_from))}</a>" "
                            }).collect_view()}</p>
                            <p data-testid="method-version">{t(Key::MethodVersion)}" "{m.version}" · "{t(Key::MethodValidFrom)}" "{date_text(m.valid_from)}" · "
                                {t(Key::MethodOrder)}" №"{m.order_number.clone()}" ("{date_text(m.order_date)}")"
                                {m.in_use.then(|| view! { " "<span class="badge">{t(Key::MethodInUse)}</span> })}</p>
                            <table class="data" data-testid="method-settings">
                                <thead><tr><th>{t(Key::MethodSetting)}</th><th>{t(Key::MethodValue)}</th><th>{t(Key::MethodSource)}</th><th>{t(Key::MethodCertainty)}</th></tr></thead>
                                <tbody>
                                    {setting_rows(&m.settings).into_iter().map(|(label, field, value)| {
                                        let source = sources.get(field).cloned();
                                        let uncertain = source.as_ref().is_none_or(|s| s.certainty == Certainty::Uncertain);
                                        view! {
                                            <tr><th>{t(label)}</th><td>{value}</td><td>{source.as_ref().map(|s| in_locale(&s.source))}</td>
                                                <td>{source.map(|s| view! { <span class="badge" class:badge-warn=uncertain>{t(s.certainty.key())}</span> })}</td></tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                        <section class="card wide">
                            <h2>{t(Key::EvalCompetencies)}</h2>
                            <p class="muted">{sources.get("competencies").map(|s| in_locale(&s.source))}</p>
                            <table class="data" data-testid="competencies">
                                <thead><tr><th>{t(Key::MethodCode)}</th><th>{t(Key::EvalCompetency)}</th><th>{t(Key::MethodKind)}</th><th>{t(Key::MethodRanks)}</th><th>{t(Key::MethodDescriptor)}</th>
                                    {move || (hr.get() && editable).then(|| view! { <th></th> })}</tr></thead>
                                <tbody>
                                    {m.competencies.iter().map(|c| {
                                        let cid = c.id;
                                        view! {
                                            <tr><td>{c.code.clone()}</td><td>{in_locale(&c.name)}</td><td>{t(c.kind.key())}</td><td>{c.ranks.clone()}</td><td>{in_locale(&c.descriptor)}</td>
                                                {move || (hr.get() && editable).then(|| view! { <td><RemoveCompetencyForm id=cid revision action=remove /></td> })}</tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {(!editable).then(|| view! { <p class="hint">{t(Key::MethodFrozen)}</p> })}
                        </section>
                        <Show when=move || hr.get() && editable><AddCompetencyForm method_id revision action=add /></Show>
                        <Show when=move || hr.get()><AdoptForm settings=m.settings.clone() action=adopt /></Show>
                    }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn RemoveCompetencyForm(
    id: i64,
    revision: i64,
    action: ServerAction<RemoveCompetency>,
) -> impl IntoView {
    let error = action_error(action);
    view! {
        <ActionForm action attr:class="inline-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="revision" value=revision />
            <label class="checkbox"><input type="checkbox" name="confirm" value="yes" required=true />{t(Key::Remove)}</label>
            <button type="submit" class="button-danger">{t(Key::Remove)}</button>
        </ActionForm>
    }
}

#[component]
fn AddCompetencyForm(
    method_id: i64,
    revision: i64,
    action: ServerAction<AddCompetency>,
) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section class="card wide">
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::MethodAddCompetency)}</summary>
                <ActionForm action attr:class="form">
                    <FormError error />
                    <input type="hidden" name="method_id" value=method_id />
                    <input type="hidden" name="revision" value=revision />
                    <Field label=Key::MethodCode name="code" error />
                    <div class="field"><label for="field-kind">{t(Key::MethodKind)}</label>
                        <select id="field-kind" name="kind"><option value="core">{t(Key::CompetencyCore)}</option><option value="managerial">{t(Key::CompetencyManagerial)}</option></select></div>
                    <Field label=Key::MethodRanks name="ranks" error value="1,2,3,4" />
                    <Field label=Key::MethodNameKa name="name_ka" error />
                    <Field label=Key::MethodNameEn name="name_en" error />
                    <TextArea label=Key::MethodDescriptorKa name="descriptor_ka" error />
                    <TextArea label=Key::MethodDescriptorEn name="descriptor_en" error />
                    <button type="submit" class="button-primary">{t(Key::Add)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn AdoptForm(settings: MethodSettings, action: ServerAction<AdoptMethod>) -> impl IntoView {
    let error = action_error(action);
    let s = settings;
    let units = code_options::<TermUnit>();
    view! {
        <section class="card wide">
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::MethodAdopt)}</summary>
                <p class="hint">{t(Key::MethodAdoptHint)}</p>
                <ActionForm action attr:class="form" attr:data-testid="adopt-form">
                    <FormError error />
                    <Field label=Key::OrderNumber name="order_number" error />
                    <Field label=Key::OrderDate name="order_date" input_type="date" error />
                    <Field label=Key::MethodValidFrom name="valid_from" input_type="date" error />
                    <div class="field"><label for="field-scale">{t(Key::MethodScale)}</label>
                        <select id="field-scale" name="scale"><option value="1-4" selected=s.scale_max == 4>"1–4"</option><option value="1-5" selected=s.scale_max == 5>"1–5"</option></select></div>
                    <Field label=Key::RatingExcellent name="excellent" error value=s.bands.excellent.to_string() />
                    <Field label=Key::RatingGood name="good" error value=s.bands.good.to_string() />
                    <Field label=Key::RatingSatisfactory name="satisfactory" error value=s.bands.satisfactory.to_string() />
                    {setting_rows(&s).into_iter().filter(|(_, field, _)| MethodSettings::NUMBER_FIELDS.contains(field)).map(|(label, name, value)| view! {
                        <Field label name input_type="number" error value />
                    }).collect_view()}
                    <Select label=Key::MethodAppealUnit name="appeal_unit" options=units error selected=s.appeal_unit.code().to_string() />
                    <label class="checkbox"><input type="checkbox" name="self_assessment" value="on" checked=s.self_assessment />{t(Key::MethodSelfAssessment)}</label>
                    <label class="checkbox"><input type="checkbox" name="comment_required_for_extremes" value="on" checked=s.comment_required_for_extremes />{t(Key::MethodExtremes)}</label>
                    <button type="submit" class="button-primary">{t(Key::MethodAdoptButton)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

// ---- Inbox --------------------------------------------------------------------------------

#[component]
pub fn InboxPage() -> impl IntoView {
    view! { <SignedIn><InboxView /></SignedIn> }
}

#[component]
fn InboxView() -> impl IntoView {
    let tasks = fetched(|| (), |_| crate::home::my_tasks());
    view! {
        <section class="card wide">
            <h1>{t(Key::InboxTitle)}</h1>
            <Loaded resource=tasks inline=true let:list>
                <super::home::TaskList list />
            </Loaded>
        </section>
    }
}
