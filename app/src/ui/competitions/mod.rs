//! Vacancies and competitions: the public vacancy pages and application form, the applicant's
//! status page, HR's board and competition page, the commission's scoring page and the minutes.
use super::org::{is_hr, OrderFields};
use super::use_auth;
use super::widgets::{
    action_error, awaited, badge, code_options, fetched, format_money, id_param, in_locale,
    or_empty, Breadcrumbs, Confirm, Crumb, Field, FieldScope, FormError, Label, Loaded, Select,
    SignedIn, TextArea,
};
use crate::competitions::*;
use crate::domain::common::date_text;
use crate::domain::competition::{
    CommissionRole, CompetitionState, FillingDecision, FormalReason, StageKind,
};
use crate::domain::order::OrderType;
use crate::domain::staff::Gender;
use crate::domain::Role;
use crate::i18n::{t, use_locale, Key};
use leptos::context::Provider;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Form, Route, A};
use leptos_router::hooks::use_query_map;
use leptos_router::{path, Lazy, SsrMode};

mod entry;
pub(super) mod holidays;
pub(super) mod kit;
mod moves;
pub(super) mod reports;
mod reserve;
mod reviews;
mod schedule;

#[component(transparent)]
pub fn CompetitionRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("vacancies") view={Lazy::<super::pages::PublicVacanciesPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("vacancies/status") view={Lazy::<super::pages::ApplicationStatusPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("vacancies/:id") view={Lazy::<super::pages::PublicVacancyPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("competitions") view={Lazy::<super::pages::CompetitionBoardLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("competitions/reports") view={Lazy::<super::pages::CompetitionReportsLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("competitions/holidays") view={Lazy::<super::pages::HolidaysPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("competitions/:id/kit") view={Lazy::<super::pages::InterviewKitPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("competitions/:id") view={Lazy::<super::pages::CompetitionPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("competitions/:id/scoring") view={Lazy::<super::pages::ScoringPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("competitions/:id/minutes") view={Lazy::<super::pages::CompetitionMinutesLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("applications/:id") view={Lazy::<super::pages::ApplicationPageLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

pub(super) const PANEL: &[Role] = &[Role::Hr, Role::Mayor, Role::Commission];

use crate::ui::widgets::{action, provide_reload};

fn money(amount: rust_decimal::Decimal) -> String {
    format_money(&amount)
}

pub(super) fn score(value: rust_decimal::Decimal) -> String {
    value.round_dp(2).to_string()
}

pub(super) fn has_role(role: Role) -> Signal<bool> {
    let auth = use_auth();
    Signal::derive(move || auth.user.get().flatten().is_some_and(|u| u.roles.has(role)))
}

// ---- Public -------------------------------------------------------------------------------

#[component]
pub fn PublicVacanciesPage() -> impl IntoView {
    let list = fetched(|| (), |_| list_public_vacancies());
    view! {
        <section class="card wide">
            <h1>{t(Key::VacanciesTitle)}</h1>
            <p class="muted">{t(Key::VacanciesIntro)}</p>
            <Loaded resource=list inline=true let:rows>
                {or_empty(rows, Key::VacanciesNone, |rows| view! {
                    <ul class="vacancy-list" data-testid="public-vacancies">
                        {rows.into_iter().map(|v| view! {
                            <li class="vacancy-item">
                                <h2><a href=format!("/vacancies/{}", v.id)>{in_locale(&v.title)}</a></h2>
                                <p>{v.unit.as_ref().map(in_locale)} " · " {t(v.kind.key())}</p>
                                <p><span class="muted">{t(Key::VacancySalary)} ": "</span>{money(v.salary)}
                                   " · " <span class="muted">{t(Key::VacancyDeadline)} ": "</span>{date_text(v.applications_until)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </Loaded>
            <p><a href="/vacancies/status">{t(Key::VacancyStatusLink)}</a></p>
        </section>
    }
}

#[component]
fn AnnouncementView(a: Announcement) -> impl IntoView {
    let locale = use_locale();
    let lines = move |text: &crate::domain::Bilingual| {
        let text = text.clone();
        move || {
            text.get(locale.get())
                .lines()
                .map(|l| view! { <p>{l.to_string()}</p> })
                .collect_view()
        }
    };
    view! {
        <dl class="facts">
            <dt>{t(Key::VacancyUnit)}</dt><dd>{a.unit.as_ref().map(in_locale)}</dd>
            <dt>{t(Key::VacancyKind)}</dt><dd>{t(a.kind.key())}</dd>
            <dt>{t(Key::VacancySalary)}</dt><dd>{money(a.salary)}</dd>
            <dt>{t(Key::VacancyDeadline)}</dt><dd data-testid="deadline">{date_text(a.applications_until)}</dd>
            {a.order.clone().map(|o| view! {
                <dt>{t(Key::VacancyAnnouncedBy)}</dt>
                <dd>{t(Key::OrderShort)} " " {o.number.clone()} " · " {date_text(o.order_date)}</dd>
            })}
        </dl>
        <h2>{t(Key::VacancyDuties)}</h2>
        <div class="prose">{lines(&a.duties)}</div>
        <h2>{t(Key::VacancyRequirements)}</h2>
        <div class="prose">{lines(&a.requirements)}</div>
        <h2>{t(Key::VacancyStages)}</h2>
        <div class="table-scroll" tabindex="0">
            <table class="data">
                <thead><tr><th>{t(Key::StageCol)}</th><th class="num">{t(Key::StageMax)}</th>
                    <th class="num">{t(Key::StageWeight)}</th><th class="num">{t(Key::StagePass)}</th></tr></thead>
                <tbody>
                    {a.stages.iter().map(|s| view! {
                        <tr><td>{t(s.kind.key())}</td><td class="num">{s.max_points.to_string()}</td>
                            <td class="num">{s.weight.to_string()}</td>
                            <td class="num">{(s.pass_ratio * rust_decimal::Decimal::ONE_HUNDRED).normalize().to_string()} " %"</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn PublicVacancyPage() -> impl IntoView {
    let id = id_param();
    let vacancy = fetched(id, get_public_vacancy);
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/vacancies", Key::VacanciesTitle, &[])] public=true />
            <Loaded resource=vacancy let:v>
                <h1 data-testid="vacancy-title">{in_locale(&v.announcement.title)}</h1>
                <AnnouncementView a=v.announcement.clone() />
                {if v.open {
                    view! { <ApplicationFormView competition_id=v.id questions=v.announcement.questions.clone() /> }.into_any()
                } else {
                    view! { <p class="alert">{t(Key::VacancyClosed)}</p> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

/// The application form's fields, empty or with the application to amend.
#[component]
pub(super) fn ApplicantFields(
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
    questions: Vec<crate::domain::Bilingual>,
    #[prop(optional)] form: Option<ApplicationForm>,
    #[prop(optional)] answers: Vec<String>,
) -> impl IntoView {
    let f = form.unwrap_or_default();
    let genders = code_options::<Gender>();
    let answer_fields = questions
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let name = format!("answer[{}]", i + 1);
            let id = format!("field-answer-{}", i + 1);
            let problem = {
                let name = name.clone();
                Signal::derive(move || error.get().and_then(|e| e.concerns(&name)))
            };
            let value = answers.get(i).cloned().unwrap_or_default();
            view! {
                <div class="field" class:field-invalid=move || problem.get().is_some()>
                    <label for=id.clone()>{in_locale(&q)}</label>
                    <textarea id=id name=name rows="3">{super::widgets::textarea_text(value)}</textarea>
                    {move || problem.get().map(|k| view! { <p class="field-error" role="alert">{t(k)}</p> })}
                </div>
            }
        })
        .collect_view();
    let truthful_problem = Signal::derive(move || error.get().and_then(|e| e.concerns("truthful")));
    view! {
        <fieldset>
            <legend>{t(Key::ApplicantPerson)}</legend>
            <Field label=Key::ColPersonalNumber name="personal_number" error value=f.personal_number.clone() />
            <Field label=Key::FirstNameKa name="first_name_ka" error value=f.first_name_ka.clone() />
            <Field label=Key::LastNameKa name="last_name_ka" error value=f.last_name_ka.clone() />
            <Field label=Key::FirstNameEn name="first_name_en" error value=f.first_name_en.clone() />
            <Field label=Key::LastNameEn name="last_name_en" error value=f.last_name_en.clone() />
            <Select label=Key::ColGender name="gender" options=genders error empty=Key::ChooseOne selected=f.gender.clone() />
            <Field label=Key::ColBirthDate name="birth_date" error hint=Key::DateHint value=f.birth_date.clone() />
            <Field label=Key::ColEmail name="email" input_type="email" error value=f.email.clone() />
            <Field label=Key::ColPhone name="phone" input_type="tel" error optional=true value=f.phone.clone() />
        </fieldset>
        <fieldset>
            <legend>{t(Key::ApplicantBackground)}</legend>
            <TextArea label=Key::ApplicantEducation name="education" error value=f.education.clone() />
            <TextArea label=Key::ApplicantExperience name="experience" error value=f.experience.clone() />
            {answer_fields}
            <TextArea label=Key::ApplicantRelations name="relations" error value=f.relations.clone() />
            <p class="field-hint">{t(Key::ApplicantRelationsHint)}</p>
            <TextArea label=Key::ApplicantAccommodation name="accommodation" error value=f.accommodation.clone() />
        </fieldset>
        <div class="field confirm" class:field-invalid=move || truthful_problem.get().is_some()>
            <label class="checkbox">
                <input type="checkbox" name="truthful" value="yes" data-testid="truthful" />
                {t(Key::ApplicantTruthful)}
            </label>
            {move || truthful_problem.get().map(|k| view! { <p class="field-error" role="alert">{t(k)}</p> })}
        </div>
    }
}

#[component]
fn ApplicationFormView(
    competition_id: i64,
    questions: Vec<crate::domain::Bilingual>,
) -> impl IntoView {
    let action = ServerAction::<Apply>::new();
    let error = action_error(action);
    let locale = use_locale();
    view! {
        <h2>{t(Key::ApplyTitle)}</h2>
        <Show when=move || action.value().with(|v| matches!(v, Some(Ok(_))))>
            <p class="alert alert-success" data-testid="receipt">
                {move || action.value().get().and_then(|v| v.ok()).map(|code| Key::ApplyReceipt.format(locale.get(), &[("code", &code)]))}
            </p>
        </Show>
        <ActionForm action attr:class="form" attr:data-testid="application-form">
            <FormError error />
            <input type="hidden" name="competition_id" value=competition_id />
            <ApplicantFields error questions />
            <button type="submit" class="button-primary">{t(Key::ApplySubmit)}</button>
        </ActionForm>
    }
}

#[component]
pub fn ApplicationStatusPage() -> impl IntoView {
    let query = use_query_map();
    let code = move || query.with(|q| q.get("code").filter(|c| !c.is_empty()));
    let amended = move || query.with(|q| q.get("amended").is_some());
    let review_sent = move || query.with(|q| q.get("review").is_some());
    let status = fetched(code, |code| async move {
        match code {
            Some(code) => Some(get_application_status(code).await),
            None => None,
        }
    });
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/vacancies", Key::VacanciesTitle, &[])] public=true />
            <h1>{t(Key::VacancyStatusTitle)}</h1>
            <Form method="GET" action="" attr:class="filters">
                <div class="field"><label for="receipt-code">{t(Key::ReceiptCode)}</label>
                    <input id="receipt-code" name="code" autocomplete="off" value=move || code().unwrap_or_default() /></div>
                <button type="submit" class="button-primary">{t(Key::Show)}</button>
            </Form>
            <Show when=amended><p class="alert alert-success">{t(Key::ApplicationAmended)}</p></Show>
            <Show when=review_sent><p class="alert alert-success" data-testid="review-sent">{t(Key::ReviewSent)}</p></Show>
            <Suspense fallback=super::widgets::loading>
                {awaited(move || async move {
                    match status.await {
                        None => ().into_any(),
                        Some(Err(e)) => view! { <p class="alert alert-error" role="alert">{t(e.message())}</p> }.into_any(),
                        Some(Ok(s)) => view! { <StatusView status=s code=code().unwrap_or_default() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn StatusView(status: ApplicationStatus, code: String) -> impl IntoView {
    let s = status;
    let action = ServerAction::<AmendApplication>::new();
    let error = action_error(action);
    let locale = use_locale();
    view! {
        <h2>{in_locale(&s.title)}</h2>
        <dl class="facts" data-testid="application-status">
            <dt>{t(Key::ColStatus)}</dt><dd>{badge("application", s.state, "application-state")}</dd>
            <dt>{t(Key::CompetitionStep)}</dt><dd>{t(s.competition_state.key())}</dd>
            <dt>{t(Key::ApplicationSubmitted)}</dt><dd>{date_text(s.submitted_on)}</dd>
            {s.amended_on.map(|d| view! { <dt>{t(Key::ApplicationAmendedOn)}</dt><dd>{date_text(d)}</dd> })}
            {s.formal_reason.map(|r| view! { <dt>{t(Key::FormalCheck)}</dt><dd>{t(r.key())}</dd> })}
            {s.total.map(|v| view! { <dt>{t(Key::CompetitionTotal)}</dt><dd data-testid="own-total">{score(v)}</dd> })}
            {s.place.map(|p| view! { <dt>{t(Key::CompetitionPlace)}</dt><dd>{p}</dd> })}
            {s.docs_due.map(|d| view! { <dt>{t(Key::WinnerDocsDue)}</dt><dd>{date_text(d)}</dd> })}
            {s.reserve_until.map(|d| view! { <dt>{t(Key::ReserveUntil)}</dt><dd>{date_text(d)}</dd> })}
        </dl>
        {(!s.next_stages.is_empty()).then(|| view! {
            <h3>{t(Key::StageUpcoming)}</h3>
            <ul data-testid="stages-ahead">
                {s.next_stages.iter().map(|st| view! {
                    <li>{t(st.rule.kind.key())} ": " {schedule::when_and_where(st)}</li>
                }).collect_view()}
            </ul>
        })}
        {(!s.stages.is_empty()).then(|| view! {
            <h3>{t(Key::OwnMarks)}</h3>
            <div class="table-scroll" tabindex="0"><table class="data">
                <thead><tr><th>{t(Key::StageCol)}</th><th>{t(Key::MembersMarks)}</th><th class="num">{t(Key::StageMean)}</th><th>{t(Key::ColStatus)}</th></tr></thead>
                <tbody>
                    {s.stages.iter().map(|st| view! {
                        <tr><td>{t(st.rule.kind.key())}</td>
                            <td>{st.marks.iter().map(|m| score(*m)).collect::<Vec<_>>().join(", ")}</td>
                            <td class="num">{score(st.mean)} " / " {st.rule.max_points.to_string()}</td>
                            <td>{t(if st.passed { Key::StagePassed } else { Key::StageNotPassed })}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            {s.stages.iter().cloned().map(|st| view! { <reviews::OwnReviewView stage=st code=code.clone() /> }).collect_view()}
        })}
        {s.form.clone().map(|form| view! {
            <h3>{t(Key::AmendTitle)}</h3>
            <p class="muted">{move || Key::AmendUntil.format(locale.get(), &[("date", &date_text(s.applications_until))])}</p>
            <ActionForm action attr:class="form" attr:data-testid="amend-form">
                <FormError error />
                <input type="hidden" name="code" value=code.clone() />
                <ApplicantFields error questions=s.questions.clone() form answers=s.answers.clone() />
                <button type="submit" class="button-primary">{t(Key::AmendSubmit)}</button>
            </ActionForm>
        })}
    }
}

// ---- HR: the board ------------------------------------------------------------------------

#[component]
pub fn BoardPage() -> impl IntoView {
    view! { <SignedIn roles=PANEL><BoardView /></SignedIn> }
}

#[component]
fn BoardView() -> impl IntoView {
    let done = provide_reload();
    let board = fetched(move || done.get(), |_| get_vacancy_board());
    let hr = is_hr();
    let mayor = has_role(Role::Mayor);
    view! {
        <section class="card wide">
            <h1>{t(Key::CompetitionsTitle)}</h1>
            <p class="button-row">
                <Show when=move || hr.get() || mayor.get()><A href="/competitions/reports">{t(Key::CompetitionReportsTitle)}</A></Show>
                <Show when=move || hr.get()><A href="/competitions/holidays">{t(Key::HolidaysTitle)}</A></Show>
            </p>
            <Loaded resource=board let:b>
                <h2>{t(Key::CompetitionsList)}</h2>
                {or_empty(b.competitions.clone(), Key::CompetitionsNone, |rows| view! {
                    <div class="table-scroll" tabindex="0"><table class="data" data-testid="competitions">
                        <thead><tr><th>{t(Key::ColPosition)}</th><th>{t(Key::VacancyKind)}</th><th>{t(Key::ColStatus)}</th>
                            <th>{t(Key::VacancyDeadline)}</th><th class="num">{t(Key::Applicants)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|c| view! {
                                <tr><td><A href=format!("/competitions/{}", c.id)>{in_locale(&c.title)}</A>
                                        <br /><span class="muted">{c.unit.as_ref().map(in_locale)}</span></td>
                                    <td>{t(c.kind.key())}</td><td>{badge("competition", c.state, "competition-state")}</td>
                                    <td>{date_text(c.applications_until)}</td><td class="num">{c.applicants}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                })}
                {(!b.vacancies.is_empty()).then(|| view! {
                    <h2>{t(Key::VacancyRecords)}</h2>
                    <p class="muted">{t(Key::VacancyRecordsHint)}</p>
                    <ul class="vacancy-records" data-testid="vacancy-records">
                        {b.vacancies.clone().into_iter().map(|v| view! { <VacancyItem v hr mayor /> }).collect_view()}
                    </ul>
                })}
            </Loaded>
        </section>
    }
}

#[component]
fn VacancyItem(v: VacancyRecord, hr: Signal<bool>, mayor: Signal<bool>) -> impl IntoView {
    let action = action::<DecideVacancy>();
    let error = action_error(action);
    let undecided = v.decidable();
    let (id, revision) = (v.id, v.revision);
    view! {
        <li class="vacancy-record" data-testid=format!("vacancy-{}", v.position_id)>
            <p><strong>{in_locale(&v.position)}</strong> " · " {v.unit.as_ref().map(in_locale)}</p>
            <p>{badge("vacancy", v.state, "vacancy-state")} " " {t(Key::VacancyOpenedOn)} " " {date_text(v.opened_on)}
               " (" {t(v.opened_by.key())} ")"</p>
            {v.clock.clone().map(|c| view! {
                <p class="muted">{t(Key::VacancyDecisionDue)} " " {date_text(c.decision_due)} " " {t(c.decision_status.key())}
                   " · " {t(Key::VacancyFillDue)} " " {date_text(c.fill_due)} " " {t(c.fill_status.key())}</p>
            })}
            {v.decision.map(|d| view! {
                <p>{t(d.key())} {v.decision_order.clone().map(|o| view! { " · " {t(Key::OrderShort)} " " {o.number.clone()} " · " {date_text(o.order_date)} })}
                   {v.competition_id.map(|c| view! { " · " <A href=format!("/competitions/{c}")>{t(Key::OpenCompetition)}</A> })}
                   {(d == FillingDecision::Promotion).then(|| view! { " · " <A href=format!("/promotion/{}", v.id) attr:data-testid="promotion-check-link">{t(Key::PromotionCheckLink)}</A> })}</p>
            })}
            <moves::VacancyMoves v=v.clone() hr mayor />
            <reserve::VacancyReserve v=v.clone() mayor />
            <Show when=move || hr.get() && undecided>
                <details open=error.get_untracked().is_some()>
                    <summary>{t(Key::VacancyDecide)}</summary>
                    <ActionForm action attr:class="form">
                        <Provider value=FieldScope(format!("vacancy-{id}"))>
                            <FormError error />
                            <input type="hidden" name="vacancy_id" value=id />
                            <input type="hidden" name="revision" value=revision />
                            <Select label=Key::VacancyDecision name="decision" options={code_options::<FillingDecision>()} error empty=Key::ChooseOne />
                            <TextArea label=Key::VacancyDecisionReason name="reason" error rows=2 />
                            <OrderFields error default_type=OrderType::Personnel />
                            <Confirm label=Key::VacancyDecideConfirm error />
                            <button type="submit" class="button-primary">{t(Key::Record)}</button>
                        </Provider>
                    </ActionForm>
                </details>
            </Show>
        </li>
    }
}

// ---- The competition ----------------------------------------------------------------------

#[component]
pub fn CompetitionPage() -> impl IntoView {
    view! { <SignedIn roles=PANEL><CompetitionView /></SignedIn> }
}

#[component]
fn CompetitionView() -> impl IntoView {
    let id = id_param();
    let done = provide_reload();
    let competition = fetched(move || (id(), done.get()), |(id, _)| get_competition(id));
    let hr = is_hr();
    let mayor = has_role(Role::Mayor);
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/competitions", Key::CompetitionsTitle, PANEL)] />
            <Loaded resource=competition let:c>
                <h1 data-testid="competition-title">{in_locale(&c.announcement.title)}</h1>
                <p>{badge("competition", c.state, "competition-state")} " · " {t(c.announcement.kind.key())}
                   " · " <A href=format!("/competitions/{}/minutes", c.id)>{t(Key::MinutesLink)}</A>
                   " · " <A href=format!("/competitions/{}/kit", c.id)>{t(Key::KitLink)}</A>
                   {c.me.map(|_| view! { " · " <A href=format!("/competitions/{}/scoring", c.id) attr:data-testid="scoring-link">{t(Key::ScoringLink)}</A> })}
                   {c.announcement.announced_on.map(|_| view! { " · " <a href=format!("/vacancies/{}", c.id)>{t(Key::PublicPageLink)}</a> })}</p>
                {c.failure_reason.clone().map(|r| view! { <p class="alert alert-error">{t(Key::CompetitionFailedBecause)} " " {r}</p> })}
                <AnnouncementView a=c.announcement.clone() />
                <h2>{t(Key::Commission)}</h2>
                <ul data-testid="commission">
                    {c.commission.iter().map(|m| view! {
                        <li>{in_locale(&m.name)} " — " {t(m.role.key())}
                            {m.declared.then(|| view! { " · " <span class="badge">{t(Key::Declared)}</span> })}</li>
                    }).collect_view()}
                </ul>
                {
                    let draft = c.state == CompetitionState::Draft;
                    let c1 = c.clone();
                    let c2 = c.clone();
                    let c3 = c.clone();
                    let c4 = c.clone();
                    let has_candidates = !c.candidates.is_empty();
                    view! {
                        <Show when=move || hr.get() && draft>
                            <AnnouncementEditor c=c1.clone() />
                            <StagesEditor c=c2.clone() />
                        </Show>
                        <Show when=move || hr.get() && has_candidates>
                            <CommissionEditor c=c3.clone() />
                        </Show>
                        <Show when=move || mayor.get() && draft>
                            <OrderAction c=c4.clone() kind=OrderActionKind::Announce />
                        </Show>
                    }
                }
                <schedule::StageSchedule c=c.clone() />
                <Applicants c=c.clone() hr mayor />
                <reviews::ReviewsSection competition=c.id reviews=c.reviews.clone() />
                {c.takes_entries.then(|| view! { <entry::EnterApplications c=c.clone() /> })}
            </Loaded>
        </section>
    }
}

#[component]
fn AnnouncementEditor(c: CompetitionDetail) -> impl IntoView {
    let action = action::<SaveAnnouncement>();
    let error = action_error(action);
    let a = c.announcement.clone();
    view! {
        <details open=error.get_untracked().is_some()>
            <summary>{t(Key::AnnouncementEdit)}</summary>
            <ActionForm action attr:class="form" attr:data-testid="announcement-form">
                <FormError error />
                <input type="hidden" name="id" value=c.id />
                <input type="hidden" name="revision" value=c.revision />
                <Field label=Key::TitleKa name="title_ka" error value=a.title.ka.clone() />
                <Field label=Key::TitleEn name="title_en" error value=a.title.en.clone() />
                <TextArea label=Key::DutiesKa name="duties_ka" error value=a.duties.ka.clone() rows=5 />
                <TextArea label=Key::DutiesEn name="duties_en" error value=a.duties.en.clone() rows=5 />
                <TextArea label=Key::RequirementsKa name="requirements_ka" error value=a.requirements.ka.clone() rows=5 />
                <TextArea label=Key::RequirementsEn name="requirements_en" error value=a.requirements.en.clone() rows=5 />
                <TextArea label=Key::QuestionsKa name="questions_ka" error value=c.questions_text.ka.clone() />
                <TextArea label=Key::QuestionsEn name="questions_en" error value=c.questions_text.en.clone() />
                <p class="field-hint">{t(Key::QuestionsHint)}</p>
                <Field label=Key::VacancyDeadline name="applications_until" input_type="date" error value=a.applications_until.to_string() />
                <Field label=Key::RescoreGap name="rescore_gap" error value=c.rescore_gap.to_string() hint=Key::RescoreGapHint />
                <label class="checkbox"><input type="checkbox" name="anonymous_written" value="yes" checked=c.anonymous_written />
                    {t(Key::AnonymousWritten)}</label>
                <button type="submit" class="button-primary">{t(Key::Save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn StagesEditor(c: CompetitionDetail) -> impl IntoView {
    let action = action::<SaveStages>();
    let error = action_error(action);
    let kinds = code_options::<StageKind>();
    view! {
        <details open=error.get_untracked().is_some()>
            <summary>{t(Key::StagesEdit)}</summary>
            <ActionForm action attr:class="form" attr:data-testid="stages-form">
                <FormError error />
                <input type="hidden" name="id" value=c.id />
                <input type="hidden" name="revision" value=c.revision />
                {(1..=4usize).map(|i| {
                    let s = c.stages.get(i - 1).map(|s| s.rule);
                    let kinds = kinds.clone();
                    let problem = move |name: String| Signal::derive(move || error.get().and_then(|e| e.concerns(&name)));
                    let pk = problem(format!("stage_kind[{i}]"));
                    let pm = problem(format!("stage_max[{i}]"));
                    let pw = problem(format!("stage_weight[{i}]"));
                    view! {
                        <fieldset class="stage-row">
                            <legend>{t(Key::StageCol)} " " {i}</legend>
                            <select name=format!("stage_kind[{i}]") aria-label=t(Key::StageCol)>
                                <option value="">{t(Key::StageNone)}</option>
                                {kinds.into_iter().map(|(v, l)| {
                                    let sel = s.is_some_and(|s| s.kind.code() == v);
                                    view! { <option value=v selected=sel>{l.view()}</option> }
                                }).collect_view()}
                            </select>
                            <input name=format!("stage_max[{i}]") aria-label=t(Key::StageMax) value=s.map(|s| s.max_points.to_string()).unwrap_or_default() />
                            <input name=format!("stage_weight[{i}]") aria-label=t(Key::StageWeight) value=s.map(|s| s.weight.to_string()).unwrap_or_default() />
                            <input name=format!("stage_pass[{i}]") aria-label=t(Key::StagePass) value=s.map(|s| (s.pass_ratio * rust_decimal::Decimal::ONE_HUNDRED).normalize().to_string()).unwrap_or_default() />
                            {move || pk.get().or(pm.get()).or(pw.get()).map(|k| view! { <p class="field-error" role="alert">{t(k)}</p> })}
                        </fieldset>
                    }
                }).collect_view()}
                <p class="field-hint">{t(Key::StagesHint)}</p>
                <button type="submit" class="button-primary">{t(Key::Save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn CommissionEditor(c: CompetitionDetail) -> impl IntoView {
    let action = action::<SetCommission>();
    let error = action_error(action);
    let options: Vec<(String, Label)> = c
        .candidates
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone().into()))
        .collect();
    let role_of = |role: CommissionRole| {
        c.commission
            .iter()
            .find(|m| m.role == role)
            .map(|m| m.user_id.to_string())
            .unwrap_or_default()
    };
    let (chair, secretary) = (
        role_of(CommissionRole::Chair),
        role_of(CommissionRole::Secretary),
    );
    view! {
        <details open=error.get_untracked().is_some()>
            <summary>{t(Key::CommissionEdit)}</summary>
            <ActionForm action attr:class="form" attr:data-testid="commission-form">
                <FormError error />
                <input type="hidden" name="id" value=c.id />
                <input type="hidden" name="revision" value=c.revision />
                <Select label=Key::CommissionRoleChair name="chair" options=options.clone() error empty=Key::ChooseOne selected=chair />
                <Select label=Key::CommissionRoleSecretary name="secretary" options=options.clone() error empty=Key::ChooseOne selected=secretary />
                <fieldset><legend>{t(Key::CommissionMembers)}</legend>
                    {c.candidates.iter().map(|(id, name)| {
                        let on = c.commission.iter().any(|m| m.user_id == *id && m.role == CommissionRole::Member);
                        view! { <label class="checkbox"><input type="checkbox" name=format!("member[{id}]") value="on" checked=on />{in_locale(name)}</label> }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button-primary">{t(Key::Save)}</button>
            </ActionForm>
        </details>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum OrderActionKind {
    Announce,
    Appoint,
}

#[component]
fn OrderAction(c: CompetitionDetail, kind: OrderActionKind) -> impl IntoView {
    let announce = action::<AnnounceCompetition>();
    let appoint = action::<AppointWinner>();
    let error = match kind {
        OrderActionKind::Announce => action_error(announce),
        OrderActionKind::Appoint => action_error(appoint),
    };
    let fields = view! {
        <FormError error />
        <input type="hidden" name="id" value=c.id />
        <input type="hidden" name="revision" value=c.revision />
        <OrderFields error default_type=OrderType::Personnel />
    };
    match kind {
        OrderActionKind::Announce => view! {
            <h2>{t(Key::AnnounceTitle)}</h2>
            <ActionForm action=announce attr:class="form" attr:data-testid="announce-form">
                {fields}
                <Confirm label=Key::AnnounceConfirm error />
                <button type="submit" class="button-primary">{t(Key::AnnounceSubmit)}</button>
            </ActionForm>
        }
        .into_any(),
        OrderActionKind::Appoint => view! {
            <h2>{t(Key::AppointTitle)}</h2>
            <ActionForm action=appoint attr:class="form" attr:data-testid="appoint-form">
                {fields}
                <Field label=Key::ColStart name="start_date" input_type="date" error />
                <Confirm label=Key::AppointConfirm error />
                <button type="submit" class="button-primary">{t(Key::AppointSubmit)}</button>
            </ActionForm>
        }
        .into_any(),
    }
}

#[component]
fn Applicants(c: CompetitionDetail, hr: Signal<bool>, mayor: Signal<bool>) -> impl IntoView {
    let check = action::<RecordFormalCheck>();
    let check_error = action_error(check);
    let start = action::<StartStages>();
    let start_error = action_error(start);
    let tie = action::<BreakTie>();
    let tie_error = action_error(tie);
    let notify = action::<NotifyWinner>();
    let notify_error = action_error(notify);
    let declined = action::<WinnerDeclined>();
    let declined_error = action_error(declined);
    let fail = action::<FailCompetition>();
    let fail_error = action_error(fail);
    let formal = c.state == CompetitionState::FormalCheck;
    let mut outcomes: Vec<(String, Label)> =
        vec![("admitted".to_string(), Key::FormalAdmitted.into())];
    outcomes.extend(code_options::<FormalReason>());
    let stages = c.stages.clone();
    let chair = c.me == Some(CommissionRole::Chair);
    let c_for_appoint = c.clone();
    let state = c.state;
    let may_fail = state.may_go(CompetitionState::Failed);
    view! {
        <h2>{t(Key::Applicants)}</h2>
        {if c.applicants.is_empty() {
            view! { <p class="empty">{t(if c.me.is_some() && !c.i_declared { Key::DeclareFirstHint } else { Key::NoApplicants })}</p> }.into_any()
        } else {
            view! {
                <FormError error=check_error />
                <div class="table-scroll" tabindex="0"><table class="data" data-testid="applicants">
                    <thead><tr><th class="num">{t(Key::CompetitionPlace)}</th><th>{t(Key::ColName)}</th><th>{t(Key::ColStatus)}</th>
                        {stages.iter().map(|s| view! { <th class="num">{t(s.rule.kind.key())}</th> }).collect_view()}
                        <th class="num">{t(Key::CompetitionTotal)}</th><th>{t(Key::Recused)}</th>
                        {(formal && hr.get_untracked()).then(|| view! { <th>{t(Key::FormalCheck)}</th> })}</tr></thead>
                    <tbody>
                        {c.applicants.clone().into_iter().map(|a| {
                            let outcomes = outcomes.clone();
                            let winner = c.winner == Some(a.id);
                            view! {
                                <tr data-testid=format!("applicant-{}", a.id)>
                                    <td class="num">{a.place}</td>
                                    <td><A href=format!("/applications/{}", a.id)>{in_locale(&a.name)}</A>
                                        {a.acting_holder.then(|| view! { " " <span class="badge badge-warn">{t(Key::ActingHolderApplied)}</span> })}
                                        {winner.then(|| view! { " " <span class="badge" data-testid="winner">{t(Key::ApplicationStateWinner)}</span> })}</td>
                                    <td>{badge("application", a.state, "applicant-state")}
                                        {a.formal_reason.map(|r| view! { <br /><span class="muted">{t(r.key())}</span> })}</td>
                                    {a.stages.iter().map(|r| view! { <td class="num">{r.map(|(m, p)| format!("{}{}", score(m), if p { "" } else { " ✗" }))}</td> }).collect_view()}
                                    <td class="num" data-testid="total">{a.total.map(score)}</td>
                                    <td>{a.recused.join(", ")}</td>
                                    {(formal && hr.get_untracked()).then(|| view! {
                                        <td>
                                            <ActionForm action=check attr:class="inline-form">
                                                <input type="hidden" name="application_id" value=a.id />
                                                <input type="hidden" name="revision" value=a.revision />
                                                <select name="outcome" aria-label=t(Key::FormalCheck)>
                                                    <option value="">{t(Key::ChooseOne)}</option>
                                                    {outcomes.clone().into_iter().map(|(v, l)| view! { <option value=v>{l.view()}</option> }).collect_view()}
                                                </select>
                                                <input name="note" aria-label=t(Key::FormalNote) />
                                                <button type="submit">{t(Key::Record)}</button>
                                            </ActionForm>
                                        </td>
                                    })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any()
        }}
        {c.tie_reason.clone().map(|r| view! { <p>{t(Key::TieReason)} ": " {r}</p> })}
        <Show when=move || hr.get() && formal>
            <ActionForm action=start attr:class="form">
                <FormError error=start_error />
                <input type="hidden" name="id" value=c.id />
                <input type="hidden" name="revision" value=c.revision />
                <button type="submit" class="button-primary" data-testid="start-stages">{t(Key::StartStages)}</button>
            </ActionForm>
        </Show>
        {(chair && !c.tie.is_empty()).then(|| {
            let options: Vec<(String, Label)> = c.applicants.iter().filter(|a| c.tie.contains(&a.id))
                .map(|a| (a.id.to_string(), a.name.clone().into())).collect();
            view! {
                <h2>{t(Key::TieTitle)}</h2>
                <ActionForm action=tie attr:class="form">
                    <FormError error=tie_error />
                    <input type="hidden" name="id" value=c.id />
                    <input type="hidden" name="revision" value=c.revision />
                    <Select label=Key::TieWinner name="application_id" options error=tie_error empty=Key::ChooseOne />
                    <TextArea label=Key::TieReason name="reason" error=tie_error />
                    <Confirm label=Key::TieConfirm error=tie_error />
                    <button type="submit" class="button-primary">{t(Key::Record)}</button>
                </ActionForm>
            }
        })}
        <Show when=move || hr.get() && state == CompetitionState::Decided>
            <ActionForm action=notify attr:class="form">
                <FormError error=notify_error />
                <input type="hidden" name="id" value=c.id />
                <input type="hidden" name="revision" value=c.revision />
                <button type="submit" class="button-primary" data-testid="notify-winner">{t(Key::NotifyWinner)}</button>
            </ActionForm>
        </Show>
        {c.docs_due.map(|d| view! { <p>{t(Key::WinnerDocsDue)} " " {date_text(d)}</p> })}
        <Show when=move || hr.get() && state == CompetitionState::CandidateDocs>
            <details open=declined_error.get_untracked().is_some()><summary>{t(Key::WinnerDeclined)}</summary>
                <ActionForm action=declined attr:class="form">
                    <FormError error=declined_error />
                    <input type="hidden" name="id" value=c.id />
                    <input type="hidden" name="revision" value=c.revision />
                    <Confirm label=Key::WinnerDeclinedConfirm error=declined_error />
                    <button type="submit">{t(Key::Record)}</button>
                </ActionForm>
            </details>
        </Show>
        {
            let c5 = c_for_appoint.clone();
            view! {
                <Show when=move || mayor.get() && state == CompetitionState::CandidateDocs>
                    <OrderAction c=c5.clone() kind=OrderActionKind::Appoint />
                </Show>
            }
        }
        {c.appoint_order.clone().map(|o| view! { <p data-testid="appoint-order">{t(Key::AppointedBy)} " " {o.number.clone()} " · " {date_text(o.order_date)}</p> })}
        {c.probation.map(|(from, to)| view! {
            <p data-testid="probation">{t(Key::ProbationFromTo)} " " {date_text(from)} " – " {date_text(to)}
                {c.appointee.map(|e| view! { " · " <A href=format!("/employees/{e}")>{t(Key::PersonalFile)}</A> })}</p>
        })}
        <Show when=move || hr.get() && may_fail>
            <details open=fail_error.get_untracked().is_some()><summary>{t(Key::FailTitle)}</summary>
                <ActionForm action=fail attr:class="form">
                    <FormError error=fail_error />
                    <input type="hidden" name="id" value=c.id />
                    <input type="hidden" name="revision" value=c.revision />
                    <TextArea label=Key::FailReason name="reason" error=fail_error />
                    <Confirm label=Key::FailConfirm error=fail_error />
                    <button type="submit">{t(Key::Record)}</button>
                </ActionForm>
            </details>
        </Show>
    }
}

// ---- Commission ---------------------------------------------------------------------------

#[component]
pub fn ScoringPage() -> impl IntoView {
    view! { <SignedIn roles=&[Role::Commission]><ScoringViewPage /></SignedIn> }
}

#[component]
fn ScoringViewPage() -> impl IntoView {
    let id = id_param();
    let done = provide_reload();
    let view_data = fetched(move || (id(), done.get()), |(id, _)| get_scoring(id));
    view! {
        <section class="card wide">
            <Loaded resource=view_data let:s>
                <Breadcrumbs trail=vec![
                    Crumb::page("/competitions", Key::CompetitionsTitle, PANEL),
                    Crumb::record(format!("/competitions/{}", s.competition_id), s.title.clone(), PANEL),
                ] />
                <h1>{in_locale(&s.title)}</h1>
                <p>{t(Key::YourRole)} " " {t(s.me.key())} " · " {badge("competition", s.state, "competition-state")}</p>
                {if !s.declared {
                    view! { <DeclarationForm s=s.clone() /> }.into_any()
                } else {
                    view! { <Sheets s=s.clone() /> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn DeclarationForm(s: ScoringView) -> impl IntoView {
    let action = action::<DeclareInterests>();
    let error = action_error(action);
    view! {
        <h2>{t(Key::DeclarationTitle)}</h2>
        <p class="muted">{t(Key::DeclarationHint)}</p>
        {if s.to_declare.is_empty() {
            view! { <p class="empty">{t(Key::DeclarationNothingYet)}</p> }.into_any()
        } else {
            view! {
                <ActionForm action attr:class="form" attr:data-testid="declaration-form">
                    <FormError error />
                    <input type="hidden" name="id" value=s.competition_id />
                    <fieldset><legend>{t(Key::DeclarationConflicts)}</legend>
                        {s.to_declare.iter().map(|(id, name)| view! {
                            <label class="checkbox"><input type="checkbox" name=format!("conflict[{id}]") value="on" data-testid=format!("conflict-{id}") />{in_locale(name)}</label>
                        }).collect_view()}
                    </fieldset>
                    <TextArea label=Key::DeclarationNote name="note" error rows=2 />
                    <Confirm label=Key::DeclarationConfirm error />
                    <button type="submit" class="button-primary">{t(Key::DeclarationSubmit)}</button>
                </ActionForm>
            }.into_any()
        }}
    }
}

#[component]
fn Sheets(s: ScoringView) -> impl IntoView {
    // Errors of the plain posts below come back in the address.
    let submit_error = action_error(ServerAction::<SubmitSheet>::new());
    let rescore_error = action_error(ServerAction::<OpenRescore>::new());
    let close = action::<CloseStage>();
    let close_error = action_error(close);
    let chair = s.me == CommissionRole::Chair;
    let Some(stage) = s.stage.clone() else {
        return view! { <p class="empty">{t(Key::NoStageNow)}</p> }.into_any();
    };
    let id = s.competition_id;
    let revision = s.revision;
    let i_score = s.i_score;
    let rows = s.rows.clone();
    let absent = action::<MarkAbsent>();
    let absent_error = action_error(absent);
    let current_locale = use_locale();
    let absent_options: Vec<(String, Label)> = s
        .may_mark_absent
        .iter()
        .map(|(u, name)| (u.to_string(), name.clone().into()))
        .collect();
    view! {
        <h2>{t(Key::StageCol)} " " {stage.ordinal} ": " {t(stage.rule.kind.key())} " (" {t(Key::StageMax)} " " {stage.rule.max_points.to_string()} ")"</h2>
        {match (s.held, stage.held_on) {
            (true, _) => view! { <p class="muted">{t(if s.i_score { Key::SheetsHint } else { Key::SheetsSecretaryOnly })}</p> }.into_any(),
            (false, Some(day)) => view! { <p class="alert" data-testid="stage-waiting">{move || Key::StageWaitingDay.format(current_locale.get(), &[("date", &date_text(day))])}</p> }.into_any(),
            (false, None) => view! { <p class="alert" data-testid="stage-waiting">{t(Key::StageNotScheduledHint)}</p> }.into_any(),
        }}
        <FormError error=submit_error />
        <FormError error=rescore_error />
        <div class="table-scroll" tabindex="0"><table class="data" data-testid="sheets">
            <thead><tr><th>{t(Key::ColName)}</th><th>{t(Key::MySheet)}</th><th class="num">{t(Key::SheetsIn)}</th><th>{t(Key::MembersMarks)}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let r2 = r.clone();
                    view! {
                        <tr data-testid=format!("sheet-{}", r.application_id)>
                            <td>{r.label.clone()} {(r.round > 1).then(|| view! { " · " {t(Key::Round)} " " {r.round} })}</td>
                            <td>
                                {r.recused.then(|| view! { <span class="badge">{t(Key::Recused)}</span> })}
                                {r.mine.map(|m| view! { <span data-testid="my-score">{score(m)}</span> " " <span class="badge">{t(Key::SheetLocked)}</span> })}
                                {(i_score && !r.recused && r.mine.is_none()).then(|| view! {
                                    // A plain post: the page comes back whole with the sheet locked
                                    // (with or without JavaScript).
                                    <form method="post" action=SubmitSheet::PATH class="inline-form">
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="application_id" value=r.application_id />
                                        <input name="score" inputmode="decimal" aria-label=t(Key::Score) required=true size="5" />
                                        <input name="comment" aria-label=t(Key::Comment) />
                                        <button type="submit">{t(Key::SubmitSheet)}</button>
                                    </form>
                                })}
                            </td>
                            <td class="num">{r.submitted} " / " {r.expected}</td>
                            <td>{r.others.is_empty().then(|| t(Key::SheetsBlind))}
                                {(!r.others.is_empty()).then(|| r.others.iter().map(|(n, v)| format!("{n}: {}", score(*v))).collect::<Vec<_>>().join("; "))}
                                {r2.rescores.iter().map(|(round, reason)| view! { <br /><span class="muted">{t(Key::Round)} " " {*round} ": " {reason.clone()}</span> }).collect_view()}
                                {(chair && r.spread).then(|| view! {
                                    <form method="post" action=OpenRescore::PATH class="inline-form">
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="application_id" value=r2.application_id />
                                        <input name="reason" aria-label=t(Key::RescoreReason) required=true />
                                        <button type="submit">{t(Key::OpenRescore)}</button>
                                    </form>
                                })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        {(!s.absent.is_empty()).then(|| view! {
            <p data-testid="absent-members">{t(Key::AbsentMembers)} ": "
                {let absent = s.absent.clone(); move || absent.iter().map(|n| n.get(current_locale.get()).to_string()).collect::<Vec<_>>().join(", ")}</p>
        })}
        {(chair && !absent_options.is_empty()).then(|| view! {
            <details open=absent_error.get_untracked().is_some()>
                <summary>{t(Key::MarkAbsent)}</summary>
                <ActionForm action=absent attr:class="form" attr:data-testid="absent-form">
                    <FormError error=absent_error />
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="revision" value=revision />
                    <Select label=Key::Member name="user_id" options=absent_options.clone() error=absent_error empty=Key::ChooseOne />
                    <Confirm label=Key::MarkAbsentConfirm error=absent_error />
                    <button type="submit">{t(Key::Record)}</button>
                </ActionForm>
            </details>
        })}
        {(chair && s.held).then(|| view! {
            <ActionForm action=close attr:class="form" attr:data-testid="close-stage-form">
                <FormError error=close_error />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="revision" value=revision />
                <Confirm label=Key::CloseStageConfirm error=close_error />
                <button type="submit" class="button-primary">{t(Key::CloseStage)}</button>
            </ActionForm>
        })}
    }
    .into_any()
}

// ---- Minutes and one application ----------------------------------------------------------

#[component]
pub fn MinutesPage() -> impl IntoView {
    view! { <SignedIn roles=PANEL><MinutesView /></SignedIn> }
}

#[component]
fn MinutesView() -> impl IntoView {
    let id = id_param();
    let minutes = fetched(id, get_minutes);
    view! {
        <section class="card wide printable">
            <Loaded resource=minutes let:m>
                <Breadcrumbs trail=vec![
                    Crumb::page("/competitions", Key::CompetitionsTitle, PANEL),
                    Crumb::record(format!("/competitions/{}", id()), m.title.clone(), PANEL),
                ] />
                <h1>{t(Key::MinutesTitle)}</h1>
                <p><strong>{in_locale(&m.title)}</strong> " · " {t(m.kind.key())} " · " {t(m.state.key())}</p>
                {m.announce_order.clone().map(|o| view! { <p>{t(Key::VacancyAnnouncedBy)} " " {o.number.clone()} " · " {date_text(o.order_date)}</p> })}
                <h2>{t(Key::Commission)}</h2>
                <ul>{m.commission.iter().map(|c| view! { <li>{in_locale(&c.name)} " — " {t(c.role.key())}</li> }).collect_view()}</ul>
                <h2>{t(Key::DeclarationTitle)}</h2>
                <ul data-testid="minutes-declarations">
                    {m.declarations.iter().filter(|d| d.2).map(|d| view! { <li>{d.0.clone()} " — " {d.1.clone()} ": " {t(Key::ConflictDeclared)} " " {d.3.clone()}</li> }).collect_view()}
                </ul>
                {m.stages.iter().map(|s| view! {
                    <h2>{t(Key::StageCol)} " " {s.stage.ordinal} ": " {t(s.stage.rule.kind.key())}</h2>
                    {s.stage.held_on.map(|_| view! { <p>{t(Key::StageHeldOn)} ": " {schedule::when_and_where(&s.stage)}
                        {s.stage.noticed_on.map(|d| view! { " · " {t(Key::StageNoticedOn)} " " {date_text(d)} })}</p> })}
                    {(!s.absent.is_empty()).then(|| view! { <p>{t(Key::AbsentMembers)} ": " {s.absent.join(", ")}</p> })}
                    <div class="table-scroll" tabindex="0"><table class="data">
                        <thead><tr><th>{t(Key::ColName)}</th><th>{t(Key::Member)}</th><th class="num">{t(Key::Round)}</th><th class="num">{t(Key::Score)}</th></tr></thead>
                        <tbody>{s.sheets.iter().map(|x| view! { <tr><td>{x.0.clone()}</td><td>{x.1.clone()}</td><td class="num">{x.2}</td><td class="num">{score(x.3)}</td></tr> }).collect_view()}</tbody>
                    </table></div>
                    {s.rescores.iter().map(|r| view! { <p>{t(Key::Round)} " " {r.1} " — " {r.0.clone()}: " " {r.2.clone()} " (" {r.3.clone()} ")"</p> }).collect_view()}
                    <div class="table-scroll" tabindex="0"><table class="data">
                        <thead><tr><th>{t(Key::ColName)}</th><th class="num">{t(Key::Members)}</th><th class="num">{t(Key::StageMean)}</th><th>{t(Key::ColStatus)}</th></tr></thead>
                        <tbody>{s.results.iter().map(|x| view! { <tr><td>{x.0.clone()}</td><td class="num">{x.1}</td><td class="num">{score(x.2)}</td>
                            <td>{t(if x.3 { Key::StagePassed } else { Key::StageNotPassed })}</td></tr> }).collect_view()}</tbody>
                    </table></div>
                }).collect_view()}
                <h2>{t(Key::Ranking)}</h2>
                <div class="table-scroll" tabindex="0"><table class="data" data-testid="minutes-ranking">
                    <thead><tr><th class="num">{t(Key::CompetitionPlace)}</th><th>{t(Key::ColName)}</th><th class="num">{t(Key::CompetitionTotal)}</th><th>{t(Key::ColStatus)}</th></tr></thead>
                    <tbody>{m.applicants.iter().filter(|a| a.total.is_some()).map(|a| view! {
                        <tr><td class="num">{a.place}</td><td>{in_locale(&a.name)}</td><td class="num">{a.total.map(score)}</td><td>{t(a.state.key())}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
                {m.tie_reason.clone().map(|r| view! { <p>{t(Key::TieReason)} ": " {r}</p> })}
                {m.winner.clone().map(|w| view! { <p data-testid="minutes-winner">{t(Key::ApplicationStateWinner)} ": " {in_locale(&w)}</p> })}
                {m.appoint_order.clone().map(|o| view! { <p>{t(Key::AppointedBy)} " " {o.number.clone()} " · " {date_text(o.order_date)}</p> })}
                {m.failure_reason.clone().map(|r| view! { <p>{t(Key::CompetitionFailedBecause)} " " {r}</p> })}
                {(!m.reviews.is_empty()).then(|| view! {
                    <h2>{t(Key::ReviewsTitle)}</h2>
                    <ul data-testid="minutes-reviews">{m.reviews.iter().map(|r| view! {
                        <li>{in_locale(&r.applicant)} " — " {t(r.stage.rule.kind.key())} ", " {date_text(r.requested_on)} ": " {r.reason.clone()}
                            " — " {t(r.state.key())} {r.decision.clone().map(|d| view! { ": " {d} })}
                            {r.let_through.then(|| view! { " — " {t(Key::ReviewLetThrough)} })}</li>
                    }).collect_view()}</ul>
                })}
                <p class="muted">{t(Key::MinutesGenerated)} " " {date_text(m.generated_on)}</p>
            </Loaded>
        </section>
    }
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    view! { <SignedIn roles=PANEL><ApplicationView /></SignedIn> }
}

#[component]
fn ApplicationView() -> impl IntoView {
    let id = id_param();
    let application = fetched(id, get_application);
    view! {
        <section class="card wide">
            <Loaded resource=application let:a>
                <Breadcrumbs trail=vec![
                    Crumb::page("/competitions", Key::CompetitionsTitle, PANEL),
                    Crumb::page(format!("/competitions/{}", a.competition_id), Key::CompetitionCrumb, PANEL),
                ] />
                <h1>{in_locale(&a.name)}</h1>
                <dl class="facts">
                    <dt>{t(Key::ColStatus)}</dt><dd>{badge("application", a.state, "application-state")}</dd>
                    <dt>{t(Key::ColPersonalNumber)}</dt><dd>{a.personal_number.clone()}</dd>
                    <dt>{t(Key::ColGender)}</dt><dd>{t(a.gender.key())}</dd>
                    <dt>{t(Key::ColBirthDate)}</dt><dd>{date_text(a.birth_date)}</dd>
                    <dt>{t(Key::ColEmail)}</dt><dd>{a.email.clone()}</dd>
                    <dt>{t(Key::ColPhone)}</dt><dd>{a.phone.clone()}</dd>
                    <dt>{t(Key::ApplicationSubmitted)}</dt><dd>{date_text(a.submitted_on)}</dd>
                    {a.amended_on.map(|d| view! { <dt>{t(Key::ApplicationAmendedOn)}</dt><dd>{date_text(d)}</dd> })}
                    {a.formal_reason.map(|r| view! { <dt>{t(Key::FormalCheck)}</dt><dd>{t(r.key())} " " {a.formal_note.clone()}</dd> })}
                </dl>
                <h2>{t(Key::ApplicantEducation)}</h2><p class="prose">{a.education.clone()}</p>
                <h2>{t(Key::ApplicantExperience)}</h2><p class="prose">{a.experience.clone()}</p>
                {a.answers.iter().map(|(q, ans)| view! { <h3>{in_locale(q)}</h3><p class="prose">{ans.clone()}</p> }).collect_view()}
                <h2>{t(Key::ApplicantRelations)}</h2><p class="prose">{a.relations.clone()}</p>
                <h2>{t(Key::ApplicantAccommodation)}</h2><p class="prose">{a.accommodation.clone()}</p>
            </Loaded>
        </section>
    }
}
