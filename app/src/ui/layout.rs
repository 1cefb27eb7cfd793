//! The frame around every page: header with the product name, the user, the language switch
//! and sign-out; role-aware navigation; the page itself.
use super::search::SearchForm;
use super::widgets::{awaited, fetched};
use super::{use_auth, Hydrated};
use crate::auth::SetLocale;
use crate::domain::CurrentUser;
use crate::domain::Role;
use crate::home::TaskCount;
use crate::i18n::{t, use_locale, Key, Locale};
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

/// A navigation entry and the roles that see it (empty: every signed-in user).
struct NavItem {
    label: Key,
    href: &'static str,
    roles: &'static [Role],
}

const INBOX: &str = "/inbox";

/// The menu. Later features add their entries here.
const NAV: &[NavItem] = &[
    NavItem {
        label: Key::NavHome,
        href: "/",
        roles: &[],
    },
    NavItem {
        label: Key::NavOrg,
        href: "/org",
        roles: &[Role::Hr, Role::Mayor, Role::Manager],
    },
    NavItem {
        label: Key::NavPeople,
        href: "/employees",
        roles: &[Role::Hr, Role::Mayor, Role::Manager],
    },
    NavItem {
        label: Key::NavInbox,
        href: INBOX,
        roles: &[],
    },
    NavItem {
        label: Key::NavEvaluations,
        href: "/evaluations",
        roles: &[],
    },
    NavItem {
        label: Key::NavCycles,
        href: "/cycles",
        roles: &[Role::Hr, Role::Mayor],
    },
    NavItem {
        label: Key::NavClasses,
        href: "/classes",
        roles: &[Role::Hr, Role::Mayor],
    },
    NavItem {
        label: Key::NavCompetitions,
        href: "/competitions",
        roles: &[Role::Hr, Role::Mayor, Role::Commission],
    },
    NavItem {
        label: Key::NavProbation,
        href: "/probation",
        roles: &[Role::Hr, Role::Mayor, Role::Manager],
    },
    NavItem {
        label: Key::NavWorkPlans,
        href: "/work-plans",
        roles: &[Role::Hr, Role::Mayor, Role::Manager, Role::Employee],
    },
    NavItem {
        label: Key::NavTraining,
        href: "/training",
        roles: &[Role::Hr, Role::Mayor, Role::Manager, Role::Employee],
    },
    NavItem {
        label: Key::NavAttestation,
        href: "/attestation",
        roles: &[Role::Hr, Role::Mayor, Role::Commission],
    },
    NavItem {
        label: Key::NavPromotion,
        href: "/promotion",
        roles: &[Role::Hr, Role::Mayor],
    },
    NavItem {
        label: Key::NavDiscipline,
        href: "/discipline",
        roles: &[Role::Hr, Role::Mayor],
    },
    NavItem {
        label: Key::NavOrders,
        href: "/orders",
        roles: &[Role::Hr, Role::Mayor],
    },
    NavItem {
        label: Key::NavReports,
        href: "/reports",
        roles: &[Role::Hr, Role::Mayor],
    },
    NavItem {
        label: Key::NavImport,
        href: "/import",
        roles: &[Role::Hr],
    },
    NavItem {
        label: Key::NavAudit,
        href: "/audit",
        roles: &[Role::Hr],
    },
    NavItem {
        label: Key::NavMyFile,
        href: "/me",
        roles: &[Role::Employee],
    },
    NavItem {
        label: Key::NavPassword,
        href: "/account/password",
        roles: &[],
    },
];

fn visible_nav(user: &CurrentUser) -> Vec<&'static NavItem> {
    NAV.iter()
        .filter(|item| item.roles.is_empty() || user.roles.has_any(item.roles))
        .collect()
}

#[component]
pub fn Layout() -> impl IntoView {
    let auth = use_auth();
    // Counted again on each page, so the badge follows what the user just did.
    let location = leptos_router::hooks::use_location();
    // Not on the sign-in page (where signing out lands while the old user is still known) and
    // not before a forced password change: the menu is hidden then.
    let task_count = fetched(
        move || {
            let path = location.pathname.get();
            let user = auth
                .user
                .get()
                .flatten()
                .filter(|u| !u.must_change_password);
            let counted = user.filter(|_| path != "/sign-in").map(|u| u.id);
            (path, counted)
        },
        |(_, user)| async move {
            match user {
                Some(_) => crate::home::my_task_count().await,
                None => Ok(TaskCount::default()),
            }
        },
    );
    view! {
        <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
        <header class="site-header">
            <A href="/" attr:class="brand">
                <img class="brand-mark" src="/favicon.svg" alt="" width="28" height="28" />
                <span>{t(Key::AppName)}</span>
            </A>
            <div class="header-tools">
                <LanguageSwitch />
                <Transition>
                    {awaited(move || async move {
                        auth.user.await.map(|user| view! { <UserMenu user /> })
                    })}
                </Transition>
            </div>
        </header>
        <Transition>
            {awaited(move || async move {
                let user = auth.user.await.filter(|u| !u.must_change_password)?;
                let waiting = task_count.await.ok().unwrap_or_default();
                Some({
                    let items = visible_nav(&user);
                    let searches = user.roles.has_any(super::widgets::READERS);
                    // On a phone the menu folds behind a toggle: a checkbox and its label, so it
                    // opens without JavaScript too; choosing a page folds it again.
                    let open = NodeRef::<leptos::html::Input>::new();
                    view! {
                        <nav class="site-nav" aria-label=t(Key::NavLabel)>
                            <input type="checkbox" id="menu-open" class="menu-open" node_ref=open />
                            <label for="menu-open" class="menu-toggle" data-testid="menu-toggle">
                                <span class="menu-icon" aria-hidden="true">"☰"</span>{t(Key::MenuToggle)}
                            </label>
                            <ul on:click=move |_| { if let Some(input) = open.get() { input.set_checked(false); } }>
                                {items.into_iter().map(|item| view! {
                                    <li><A href=item.href>{t(item.label)}
                                        {(item.href == INBOX && waiting.open > 0).then(|| view! { <TaskBadge count=waiting /> })}
                                    </A></li>
                                }).collect_view()}
                                {searches.then(|| view! { <li class="nav-search"><SearchForm id="menu-search" /></li> })}
                            </ul>
                        </nav>
                    }
                })
            })}
        </Transition>
        <main id="main" class="site-main">
            <SavedMessage />
            <Outlet />
        </main>
        <footer class="site-footer">{t(Key::FooterText)} " · " <a href="/public/staff">{t(Key::PublicStaffLink)}</a>
            " · " <a href="/vacancies">{t(Key::VacanciesTitle)}</a></footer>
    }
}

/// The number of waiting tasks beside "Tasks"; red when some are overdue.
#[component]
fn TaskBadge(count: TaskCount) -> impl IntoView {
    let locale = use_locale();
    let open = count.open.to_string();
    let label = {
        let open = open.clone();
        let overdue = count.overdue.to_string();
        move || match count.overdue {
            0 => Key::NavTasksWaiting.format(locale.get(), &[("count", &open)]),
            _ => Key::NavTasksOverdue
                .format(locale.get(), &[("count", &open), ("overdue", &overdue)]),
        }
    };
    let title = label.clone();
    view! {
        <span class="nav-count" class:overdue={count.overdue > 0} data-testid="inbox-count" title=title>
            <span aria-hidden="true">{open}</span>
            <span class="visually-hidden">{label}</span>
        </span>
    }
}

#[component]
fn UserMenu(user: CurrentUser) -> impl IntoView {
    let auth = use_auth();
    let locale = use_locale();
    let roles: Vec<Key> = user.roles.iter().map(|r| r.key()).collect();
    view! {
        <div class="user-menu">
            <span class="user-name">{move || user.name(locale.get()).to_string()}</span>
            <span class="user-roles">
                {roles.into_iter().map(|k| view! { <span class="role-badge">{t(k)}</span> }).collect_view()}
            </span>
            <ActionForm action=auth.sign_out attr:class="inline-form">
                <button type="submit" class="button-link" data-testid="sign-out">{t(Key::SignOut)}</button>
            </ActionForm>
        </div>
    }
}

/// Works as a plain form post before the wasm loads (the server sets the cookie and sends the
/// browser back); afterwards the text changes at once.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SetLocale>::new();
    let hydrated = use_context::<Hydrated>().map(|h| h.0);
    view! {
        <div class="language-switch" role="group" aria-label=t(Key::LanguageLabel)>
            {Locale::ALL.into_iter().map(|option| {
                view! {
                    <ActionForm action attr:class="inline-form">
                        <input type="hidden" name="locale" value=option.code() />
                        <button
                            type="submit"
                            lang=option.code()
                            class="lang-button"
                            aria-pressed=move || (locale.get() == option).to_string()
                            data-testid=format!("lang-{}", option.code())
                            on:click=move |_| {
                                if hydrated.is_some_and(|h| h.get_untracked()) {
                                    // The other language's texts load first (once), then the page switches.
                                    leptos::task::spawn_local(async move {
                                        crate::i18n::load_texts(option).await;
                                        locale.set(option);
                                    });
                                }
                            }
                        >
                            {move || option.native_name().text(option)}
                        </button>
                    </ActionForm>
                }
            }).collect_view()}
        </div>
    }
}

/// "Saved." after a change, announced to screen readers; it goes away by itself.
#[component]
fn SavedMessage() -> impl IntoView {
    let saved = use_context::<super::SavedNotice>().map(|n| n.0);
    Effect::new(move |_| {
        if let Some(saved) = saved.filter(|s| s.get()) {
            set_timeout(move || saved.set(false), std::time::Duration::from_secs(8));
        }
    });
    view! {
        <div role="status" class="saved-status">
            {move || saved.is_some_and(|s| s.get()).then(|| view! {
                <p class="alert alert-success" data-testid="saved-notice">{t(Key::Saved)}</p>
            })}
        </div>
    }
}
