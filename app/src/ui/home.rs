//! The home page: cards chosen by the user's roles.
use super::use_auth;
use super::widgets::{awaited, due_cell, fetched, in_locale, FormError, SeeOther, Stat, ToSignIn};
use crate::domain::common::date_text;
use crate::domain::CurrentUser;
use crate::domain::Role;
use crate::error::AppError;
use crate::home::{get_home_summary, HomeSummary};
use crate::i18n::{t, use_locale, Key};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    let summary = fetched(
        move || auth.user.get().flatten().map(|u| u.id),
        |user| async move {
            match user {
                Some(_) => Some(get_home_summary().await),
                None => None,
            }
        },
    );
    view! {
        <Transition>
            {awaited(move || async move {
                match auth.user.await {
                    None => view! { <ToSignIn /> }.into_any(),
                    Some(user) if user.must_change_password => view! { <SeeOther path="/account/password".into() /> }.into_any(),
                    Some(user) => {
                        let summary = summary.await;
                        view! { <Home user summary /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn Home(user: CurrentUser, summary: Option<Result<HomeSummary, AppError>>) -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let password_changed = move || query.read().get("password_changed").is_some();
    let person = user.clone();
    let (summary, error) = match summary {
        Some(Ok(summary)) => (Some(summary), None),
        Some(Err(error)) => (None, Some(error)),
        None => (None, None),
    };
    let institution = summary.as_ref().and_then(|s| s.institution.clone());
    let summary = summary.unwrap_or(HomeSummary {
        institution: None,
        organisation: None,
        user_count: None,
        my_position: None,
        supervised: None,
        tasks: 0,
        overdue_tasks: 0,
        first_tasks: Vec::new(),
    });
    let (tasks, overdue_tasks) = (summary.tasks, summary.overdue_tasks);
    let waiting = summary.first_tasks.clone();
    let role_cards = user
        .roles
        .iter()
        .map(|role| role_card(role, &summary))
        .collect_view();
    view! {
        <div class="page-head">
            <h1 data-testid="home-title">{move || Key::HomeWelcome.format(locale.get(), &[("name", person.name(locale.get()))])}</h1>
            {institution.map(|i| view! { <p class="muted">{move || i.get(locale.get()).to_string()}</p> })}
        </div>
        <FormError error=Signal::stored(error) />
        <Show when=password_changed>
            <p class="alert alert-success" role="status">{t(Key::PasswordChanged)}</p>
        </Show>
        <section class="card" data-testid="card-tasks">
            <h2>{t(Key::InboxTitle)}</h2>
            <div class="stats">
                <Stat label=Key::HomeOpenTasks value=tasks testid="stat-tasks" />
                <Stat label=Key::EvalOverdue value=overdue_tasks testid="stat-overdue-tasks" />
            </div>
            {(!waiting.is_empty()).then(|| view! { <TaskList list=waiting /> })}
            <p class="card-links"><A href="/inbox">{t(Key::HomeToInbox)}</A><A href="/evaluations">{t(Key::NavEvaluations)}</A></p>
        </section>
        {summary.my_position.clone().map(|p| view! {
            <section class="card" data-testid="card-my-position">
                <h2>{t(Key::CardMyPosition)}</h2>
                <p class="emphasis">{move || p.title.get(locale.get()).to_string()}</p>
                {p.unit.clone().map(|u| view! { <p class="muted">{move || u.get(locale.get()).to_string()}</p> })}
            </section>
        })}
        <div class="card-grid">{role_cards}</div>
    }
}

fn role_card(role: Role, summary: &HomeSummary) -> AnyView {
    let title = role.key();
    let body = match role {
        Role::Hr => {
            let org = summary.organisation.clone();
            let users = summary.user_count.unwrap_or_default();
            view! {
                {org.map(|o| view! {
                    <div class="stats">
                        <Stat label=Key::StatStaff value=o.staff testid="stat-staff" />
                        <Stat label=Key::StatWomen value=o.women />
                        <Stat label=Key::StatServices value=o.services testid="stat-services" />
                        <Stat label=Key::StatDepartments value=o.departments testid="stat-departments" />
                        <Stat label=Key::StatPositions value=o.positions />
                        <Stat label=Key::StatUsers value=users />
                    </div>
                })}
                <p class="muted">{t(Key::CardHrText)}</p>
                <p class="card-links"><A href="/org">{t(Key::NavOrg)}</A><A href="/employees">{t(Key::NavPeople)}</A>
                    <A href="/reports">{t(Key::NavReports)}</A></p>
            }
            .into_any()
        }
        Role::Mayor => {
            let org = summary.organisation.clone();
            view! {
                {org.map(|o| view! {
                    <div class="stats">
                        <Stat label=Key::StatStaff value=o.staff />
                        <Stat label=Key::StatServices value=o.services />
                        <Stat label=Key::StatDepartments value=o.departments />
                    </div>
                })}
                <p class="muted">{t(Key::CardMayorText)}</p>
                <p class="card-links"><A href="/orders">{t(Key::NavOrders)}</A><A href="/reports">{t(Key::NavReports)}</A></p>
            }
            .into_any()
        }
        Role::Manager => {
            let supervised = summary.supervised.unwrap_or_default();
            view! {
                <div class="stats">
                    <Stat label=Key::StatSupervised value=supervised testid="stat-supervised" />
                </div>
                <p class="muted">{t(Key::CardManagerText)}</p>
                <p class="card-links"><A href="/employees">{t(Key::HomeMyPeople)}</A></p>
            }
            .into_any()
        }
        Role::Employee => view! {
            <p class="muted">{t(Key::CardEmployeeText)}</p>
            <p class="card-links"><A href="/me">{t(Key::NavMyFile)}</A></p>
        }
        .into_any(),
        Role::Commission => view! { <p class="muted">{t(Key::CardCommissionText)}</p> }.into_any(),
    };
    view! {
        <section class="card" data-testid=format!("card-{}", role.code())>
            <h2>{t(title)}</h2>
            {body}
        </section>
    }
    .into_any()
}

/// The user's waiting tasks, each linking to where it is done (the inbox and the home page).
#[component]
pub fn TaskList(list: Vec<crate::domain::task::Task>) -> impl IntoView {
    let locale = use_locale();
    if list.is_empty() {
        return view! { <p class="empty" data-testid="inbox-empty">{t(Key::InboxEmpty)}</p> }
            .into_any();
    }
    view! {
        <ul class="tasks" data-testid="inbox">
            {list.into_iter().map(|task| {
                let who = task.person.as_ref().map(|p| in_locale(&p.name));
                let count = task.count;
                let subject = task.subject.clone();
                view! {
                    <li class:overdue=task.overdue>
                        <A href=task.link.clone()>{move || task.kind.key().format(locale.get(), &[("count", &count.to_string()), ("period", subject.get(locale.get()))])}</A>
                        {who.map(|w| view! { " — "{w} })}
                        {task.due.is_some().then(|| view! { " · "{t(Key::EvalDue)}" "{due_cell(task.due, task.overdue)} })}
                        {task.reminded.map(|d| view! { " "<span class="badge badge-warn" data-testid="reminded">{t(Key::InboxReminded)}" "{date_text(d)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
