//! Attestation pages: HR's due list and the form scheduling a session, the sessions; one
//! session with each officer's dossier, the members' votes and recusals, the chair's
//! conclusion and the mayor's order; the printable minutes.
use super::org::OrderFields;
use super::widgets::{
    action, action_error, badge, fetched, id_param, in_locale, or_empty, provide_reload,
    Breadcrumbs, Confirm, Crumb, Field, FormError, Loaded, RadioChoice, SignedIn, TextArea,
};
use crate::attestation::{
    get_session, list_attestation, AttestationBoard, AttestedView, CastVote, ConcludeAttestation,
    Dossier, OrderSession, ScheduleSession, SessionDetail,
};
use crate::domain::career::Conclusion;
use crate::domain::common::date_text;
use crate::domain::order::OrderType;
use crate::domain::work_plan::month_text;
use crate::domain::Role;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Route, A};
use leptos_router::{path, Lazy, SsrMode};

const PANEL: &[Role] = &[Role::Hr, Role::Mayor, Role::Commission];

#[component(transparent)]
pub fn AttestationRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("attestation") view={Lazy::<super::pages::AttestationPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("attestation/:id") view={Lazy::<super::pages::SessionPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("attestation/:id/minutes") view={Lazy::<super::pages::AttestationMinutesLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[component]
pub fn AttestationPage() -> impl IntoView {
    view! { <SignedIn roles=PANEL><BoardView /></SignedIn> }
}

#[component]
fn BoardView() -> impl IntoView {
    let done = provide_reload();
    let board = fetched(move || done.get(), |_| list_attestation());
    view! {
        <section class="card wide">
            <h1>{t(Key::AttestationTitle)}</h1>
            <Loaded resource=board let:b>
                <BoardContent b />
            </Loaded>
        </section>
    }
}

#[component]
fn BoardContent(b: AttestationBoard) -> impl IntoView {
    let years = b.interval_years.to_string();
    let intro =
        move || Key::AttestationIntro.format(crate::i18n::use_locale().get(), &[("years", &years)]);
    view! {
        <p class="muted">{if b.enabled { intro.into_any() } else { t(Key::AttestationDisabled).into_any() }}</p>
        <h2>{t(Key::AttestationSessions)}</h2>
        {or_empty(b.sessions, Key::AttestationNoSessions, |rows| view! {
            <div class="table-scroll" tabindex="0"><table class="data" data-testid="sessions">
                <thead><tr><th>{t(Key::AttestationHeldOn)}</th><th>{t(Key::AttestationPlace)}</th><th>{t(Key::WorkPlanState)}</th><th class="num">{t(Key::AttestationConcludedCount)}</th></tr></thead>
                <tbody>{rows.into_iter().map(|s| view! {
                    <tr>
                        <td><A href=format!("/attestation/{}", s.id)>{date_text(s.held_on)}</A></td>
                        <td>{s.place.clone()}</td>
                        <td>{badge("session", s.state, "session-state")}</td>
                        <td class="num">{s.concluded} " / " {s.officers}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
        })}
        {b.may_schedule.then(|| view! { <ScheduleForm due=b.due.clone() commission=b.commission.clone() /> })}
    }
}

#[component]
fn ScheduleForm(
    due: Vec<crate::attestation::DueOfficer>,
    commission: Vec<(i64, String)>,
) -> impl IntoView {
    let schedule = action::<ScheduleSession>();
    let error = action_error(schedule);
    view! {
        <h2>{t(Key::AttestationDue)}</h2>
        <ActionForm action=schedule attr:class="form" attr:data-testid="schedule-form">
            <FormError error />
            {or_empty(due, Key::AttestationNoneDue, |rows| view! {
                <div class="table-scroll" tabindex="0"><table class="data" data-testid="due">
                    <thead><tr><th></th><th>{t(Key::ProbationPerson)}</th><th>{t(Key::AttestationDueOn)}</th><th>{t(Key::AttestationLast)}</th></tr></thead>
                    <tbody>{rows.into_iter().map(|d| view! {
                        <tr class:overdue=d.overdue>
                            <td>{(!d.scheduled).then(|| view! {
                                <input type="checkbox" name=format!("officer[{}]", d.person.id) value="on" aria-label=in_locale(&d.person.name) data-testid=format!("officer-{}", d.person.id) />
                            })}</td>
                            <td>{in_locale(&d.person.name)}<br /><span class="muted">{in_locale(&d.position)}</span></td>
                            <td>{date_text(d.due_on)}{d.scheduled.then(|| view! { <br /><span class="badge">{t(Key::AttestationScheduled)}</span> })}</td>
                            <td>{match d.last_attested { Some(l) => date_text(l), None => format!("— ({})", date_text(d.appointed_on)) }}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table></div>
            })}
            <Field label=Key::AttestationHeldOn name="held_on" input_type="date" error />
            <Field label=Key::AttestationPlace name="place" error />
            <fieldset class="field radio-choice">
                <legend>{t(Key::AttestationMembers)}</legend>
                {commission.iter().map(|(id, name)| view! {
                    <label class="checkbox"><input type="checkbox" name=format!("member[{id}]") value="on" data-testid=format!("member-{id}") />{name.clone()}</label>
                }).collect_view()}
            </fieldset>
            <fieldset class="field radio-choice">
                <legend>{t(Key::AttestationChair)}</legend>
                {commission.iter().map(|(id, name)| view! {
                    <label class="checkbox"><input type="radio" name="chair" value=id.to_string() data-testid=format!("chair-{id}") />{name.clone()}</label>
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button-primary">{t(Key::AttestationSchedule)}</button>
        </ActionForm>
    }
}

#[component]
pub fn SessionPage() -> impl IntoView {
    view! { <SignedIn roles=PANEL><SessionView /></SignedIn> }
}

#[component]
fn SessionView() -> impl IntoView {
    let id = id_param();
    let done = provide_reload();
    let session = fetched(move || (id(), done.get()), |(id, _)| get_session(id));
    view! {
        <Loaded resource=session let:s>
            <SessionCard s />
        </Loaded>
    }
}

fn members_line(s: &SessionDetail) -> String {
    s.members
        .iter()
        .map(|(name, chair)| {
            if *chair {
                format!("{name} (*)")
            } else {
                name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn SessionCard(s: SessionDetail) -> impl IntoView {
    let members = members_line(&s);
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/attestation", Key::AttestationTitle, &[Role::Hr, Role::Mayor, Role::Commission])] />
            <h1>{t(Key::AttestationSession)} " " {date_text(s.held_on)}</h1>
            <dl class="facts">
                <dt>{t(Key::AttestationPlace)}</dt><dd>{s.place.clone()}</dd>
                <dt>{t(Key::WorkPlanState)}</dt><dd>{badge("session", s.state, "session-state")}</dd>
                <dt>{t(Key::AttestationMembers)}</dt><dd>{members} <span class="muted">" (*) " {t(Key::AttestationChair)}</span></dd>
                {s.order.clone().map(|o| view! { <dt>{t(Key::DisciplineOrder)}</dt><dd data-testid="session-order"><A href=format!("/orders/{}", o.id)>{format!("№ {} ({})", o.number, date_text(o.order_date))}</A></dd> })}
            </dl>
            <p class="no-print"><A href=format!("/attestation/{}/minutes", s.id) attr:data-testid="minutes-link">{t(Key::AttestationMinutes)}</A></p>
            {s.officers.into_iter().map(|a| view! { <OfficerCard a /> }).collect_view()}
            {s.may_order.then(|| view! { <OrderForm id=s.id revision=s.revision /> })}
        </section>
    }
}

fn conclusions() -> Vec<(&'static str, Key)> {
    Conclusion::ALL
        .iter()
        .rev()
        .map(|c| (c.code(), c.key()))
        .collect()
}

#[component]
fn OfficerCard(a: AttestedView) -> impl IntoView {
    let id = a.id;
    view! {
        <div class="subsection" data-testid="attested">
            <h2>{in_locale(&a.person.name)}</h2>
            <p class="muted">{in_locale(&a.position)} " · " {t(Key::AttestationDueOn)} " " {date_text(a.due_on)}</p>
            <DossierView d=a.dossier.clone() />
            <h3>{t(Key::AttestationVotes)}</h3>
            <ul data-testid="votes">{a.votes.iter().map(|v| view! {
                <li>{v.member.clone()}{v.chair.then_some(" (*)")} ": "
                    {match (v.vote, v.recused) {
                        (_, true) => view! { {t(Key::AttestationRecused)} " — " {v.note.clone()} }.into_any(),
                        (Some(c), _) => t(c.key()).into_any(),
                        (None, _) => t(Key::AttestationNotVoted).into_any(),
                    }}</li>
            }).collect_view()}</ul>
            {match a.conclusion {
                Some(c) => view! {
                    <div class="alert" data-testid="conclusion"><strong>{t(c.key())}</strong>
                        <p class="pre">{a.reasoning.clone()}</p>
                        <p class="muted">{a.concluded_on.map(date_text)}</p></div>
                }.into_any(),
                None => view! {
                    <p class="muted">{t(Key::AttestationCarried)} ": " {match a.carried { Some(c) => t(c.key()).into_any(), None => "—".into_any() }}</p>
                }.into_any(),
            }}
            {a.may_vote.then(|| view! { <VoteForm id /> })}
            {a.may_conclude.then(|| view! { <ConcludeForm id /> })}
        </div>
    }
}

#[component]
fn DossierView(d: Dossier) -> impl IntoView {
    view! {
        <details class="dossier" data-testid="dossier">
            <summary>{t(Key::AttestationDossier)}{d.since.map(|s| view! { " (" {t(Key::AttestationSince)} " " {date_text(s)} ")" })}</summary>
            <h3>{t(Key::AttestationAnnual)}</h3>
            {or_empty(d.annual, Key::AttestationNothing, |rows| view! { <ul>{rows.into_iter().map(|r| view! {
                <li>{date_text(r.period_start)} " – " {date_text(r.period_end)} ": " {r.mark} " · " {t(r.rating.key())}</li>
            }).collect_view()}</ul> })}
            <h3>{t(Key::AttestationProbation)}</h3>
            {or_empty(d.probation, Key::AttestationNothing, |rows| view! { <ul>{rows.into_iter().map(|(q, positive)| view! {
                <li>{q} ": " {t(if positive { Key::ProbationPositive } else { Key::ProbationNegative })}</li>
            }).collect_view()}</ul> })}
            <h3>{t(Key::AttestationMonthly)}</h3>
            {or_empty(d.monthly, Key::AttestationNothing, |rows| view! { <ul>{rows.into_iter().map(|m| view! {
                <li>{month_text(m.month)} ": " {t(m.rating.key())}</li>
            }).collect_view()}</ul> })}
            <h3>{t(Key::TrainingRecords)}</h3>
            {or_empty(d.trainings, Key::AttestationNothing, |rows| view! { <ul>{rows.into_iter().map(|x| view! {
                <li>{x.course} ", " {date_text(x.ends_on)} ", " {x.hours} " " {t(Key::TrainingHours)}{x.qualification.then(|| view! { " · " {t(Key::TrainingQualification)} })}</li>
            }).collect_view()}</ul> })}
            <h3>{t(Key::DisciplineSanctions)}</h3>
            {or_empty(d.sanctions, Key::AttestationNothing, |rows| view! { <ul>{rows.into_iter().map(|x| view! {
                <li>{t(x.kind.key())} ", " {date_text(x.valid_from)} " – " {x.valid_to.map(date_text)}</li>
            }).collect_view()}</ul> })}
        </details>
    }
}

#[component]
fn VoteForm(id: i64) -> impl IntoView {
    let vote = action::<CastVote>();
    let error = action_error(vote);
    let mut options = conclusions();
    options.push(("recused", Key::AttestationRecuse));
    view! {
        <ActionForm action=vote attr:class="form" attr:data-testid="vote-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <RadioChoice label=Key::AttestationYourVote name="vote" options error />
            <TextArea label=Key::AttestationVoteNote name="note" error rows=2 />
            <button type="submit">{t(Key::AttestationCastVote)}</button>
        </ActionForm>
    }
}

#[component]
fn ConcludeForm(id: i64) -> impl IntoView {
    let conclude = action::<ConcludeAttestation>();
    let error = action_error(conclude);
    view! {
        <ActionForm action=conclude attr:class="form" attr:data-testid="conclude-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <TextArea label=Key::AttestationReasoning name="reasoning" error rows=4 />
            <Confirm label=Key::AttestationConcludeConfirm error />
            <button type="submit" class="button-primary">{t(Key::AttestationConclude)}</button>
        </ActionForm>
    }
}

#[component]
fn OrderForm(id: i64, revision: i64) -> impl IntoView {
    let order = action::<OrderSession>();
    let error = action_error(order);
    view! {
        <h2 class="no-print">{t(Key::AttestationOrder)}</h2>
        <ActionForm action=order attr:class="form no-print" attr:data-testid="order-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="revision" value=revision />
            <OrderFields error default_type=OrderType::Personnel />
            <Confirm label=Key::AttestationOrderConfirm error />
            <button type="submit" class="button-primary">{t(Key::AttestationIssueOrder)}</button>
        </ActionForm>
    }
}

#[component]
pub fn MinutesPage() -> impl IntoView {
    view! { <SignedIn roles=PANEL><MinutesView /></SignedIn> }
}

/// The minutes, in the reader's language, fitting A4 when printed.
#[component]
fn MinutesView() -> impl IntoView {
    let id = id_param();
    let session = fetched(id, get_session);
    view! {
        <section class="card wide printable">
            <Loaded resource=session let:s>
                <h1 data-testid="minutes-title">{t(Key::AttestationMinutesTitle)}</h1>
                <p>{t(Key::AttestationHeldOn)} ": " {date_text(s.held_on)} " · " {s.place.clone()}</p>
                <p>{t(Key::AttestationMembers)} ": " {members_line(&s)}</p>
                <div class="table-scroll" tabindex="0"><table class="data" data-testid="minutes">
                    <thead><tr><th>{t(Key::ProbationPerson)}</th><th>{t(Key::AttestationVotes)}</th><th>{t(Key::AttestationConclusion)}</th></tr></thead>
                    <tbody>{s.officers.iter().map(|a| view! {
                        <tr>
                            <td>{in_locale(&a.person.name)}<br /><span class="muted">{in_locale(&a.position)}</span></td>
                            <td><ul>{a.votes.iter().map(|v| view! {
                                <li>{v.member.clone()} ": " {match (v.vote, v.recused) {
                                    (_, true) => view! { {t(Key::AttestationRecused)} " (" {v.note.clone()} ")" }.into_any(),
                                    (Some(c), _) => t(c.key()).into_any(),
                                    (None, _) => t(Key::AttestationNotVoted).into_any(),
                                }}</li>
                            }).collect_view()}</ul></td>
                            <td>{a.conclusion.map(|c| t(c.key()))}<p class="pre">{a.reasoning.clone()}</p></td>
                        </tr>
                    }).collect_view()}</tbody>
                </table></div>
                {s.order.clone().map(|o| view! { <p>{t(Key::AttestationOrder)} ": № " {o.number.clone()} " · " {date_text(o.order_date)}</p> })}
                <p class="signatures">{t(Key::AttestationSignatures)}</p>
            </Loaded>
        </section>
    }
}
