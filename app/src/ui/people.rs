//! People: the employee list, the personal file with its tabs, and HR's forms.
use super::org::{is_hr, OrderFields};
use super::widgets::HistoryTable;
use super::widgets::{
    action_error, awaited, code_options, fetched, format_money, id_param, in_locale, query_with,
    roman, Breadcrumbs, Confirm, Crumb, ExportLinks, Field, FormError, Label, LoadError, Loaded,
    Pager, Select, SignedIn, TextArea, HR_ONLY, READERS,
};
use crate::domain::common::date_text;
use crate::domain::order::OrderType;
use crate::domain::staff::{AssignmentBasis, EmployeeStatus, FileSection, Gender};
use crate::i18n::{t, Key};
use crate::org::{get_list_choices, get_vacant_choices, VacantChoice};
use crate::people::{
    get_employee, get_file_history, list_employees, AddFileEntry, Appoint, CreateEmployee,
    EmployeeFile, EmployeeFilter, EndAssignment, RemoveFileEntry, UpdateEmployee,
};
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Form, Route, A};
use leptos_router::hooks::use_query_map;
use leptos_router::{path, Lazy, SsrMode};

/// Personal files: the list, a new file, one file, one's own.
#[component(transparent)]
pub fn PeopleRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("employees") view={Lazy::<super::pages::EmployeesPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("employees/new") view={Lazy::<super::pages::NewEmployeePageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("employees/:id") view={Lazy::<super::pages::EmployeePageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("employees/:id/print") view={Lazy::<super::pages::FilePrintPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("me") view={Lazy::<super::pages::MyFilePageLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

fn filter_from_query(q: &leptos_router::params::ParamsMap) -> EmployeeFilter {
    let text = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
    let number = |k: &str| text(k).and_then(|v| v.parse().ok());
    EmployeeFilter {
        q: text("q"),
        unit: number("unit"),
        rank: number("rank"),
        category: number("category"),
        gender: text("gender").and_then(|c| Gender::parse(&c)),
        status: text("status").and_then(|c| EmployeeStatus::parse(&c)),
        sort: text("sort"),
        page: number("page"),
    }
}

#[component]
pub fn EmployeesPage() -> impl IntoView {
    view! { <SignedIn roles=READERS><EmployeeList /></SignedIn> }
}

#[component]
fn EmployeeList() -> impl IntoView {
    let query = use_query_map();
    let list = fetched(
        move || filter_from_query(&query.read()),
        |f| list_employees(Some(f)),
    );
    let choices = fetched(|| (), |_| get_list_choices());
    let hr = is_hr();
    let current = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let sort_link = move |key: &'static str| {
        let now = current("sort");
        let next = if now == key {
            format!("-{key}")
        } else {
            key.to_string()
        };
        query.with(|q| {
            query_with(
                &{
                    let mut q = q.clone();
                    q.remove("page");
                    q
                },
                "sort",
                &next,
            )
        })
    };
    let ranks: Vec<(String, Label)> = (1..=4)
        .map(|r| (r.to_string(), roman(Some(r)).to_string().into()))
        .collect();
    let genders = code_options::<Gender>();
    let statuses = code_options::<EmployeeStatus>();
    let no_error = Signal::stored(None);
    view! {
        <section class="card wide">
            <div class="title-row">
                <h1>{t(Key::PeopleTitle)}</h1>
                <Show when=move || hr.get()>
                    <A href="/employees/new" attr:class="button-primary" attr:data-testid="new-employee">{t(Key::PeopleNew)}</A>
                </Show>
            </div>
            <Form method="GET" action="" attr:class="filters" attr:data-testid="employee-filters">
                <div class="field">
                    <label for="q">{t(Key::PeopleSearch)}</label>
                    <input id="q" type="search" name="q" value=move || current("q") data-testid="search" />
                </div>
                <Suspense>
                    {awaited(move || async move {
                        let tree = choices.await.ok();
                        let units: Vec<(String, Label)> = tree.as_ref().map(|t| t.units.iter().map(|u| {
                            let indent = if u.parent_id.is_none() { "" } else { "— " };
                            let name = u.name.clone();
                            (u.id.to_string(), Label::new(move |l| format!("{indent}{}", name.get(l))))
                        }).collect()).unwrap_or_default();
                        let categories: Vec<(String, Label)> = tree.as_ref().map(|t| t.categories.iter().map(|c| {
                            let (rank, title) = (roman(Some(c.rank)), c.title.clone());
                            (c.id.to_string(), Label::new(move |l| format!("{rank} · {}", title.get(l))))
                        }).collect()).unwrap_or_default();
                        view! {
                            <Select label=Key::ColUnit name="unit" options=units error=no_error empty=Key::FilterAll selected=current("unit") />
                            <Select label=Key::ColCategory name="category" options=categories error=no_error empty=Key::FilterAll selected=current("category") />
                        }
                    })}
                </Suspense>
                <Select label=Key::ColRank name="rank" options=ranks error=no_error empty=Key::FilterAll selected=current("rank") />
                <Select label=Key::ColGender name="gender" options=genders error=no_error empty=Key::FilterAll selected=current("gender") />
                <Select label=Key::PeopleStatus name="status" options=statuses error=no_error empty=Key::FilterAll selected=current("status") />
                <input type="hidden" name="sort" value=move || current("sort") />
                <button type="submit" class="button-primary">{t(Key::Filter)}</button>
                <A href="/employees">{t(Key::FilterReset)}</A>
            </Form>
            <p><ExportLinks list="employees" /></p>
            <Loaded resource=list inline=true let:page>
                {if page.items.is_empty() { view! { <p class="empty" data-testid="no-employees">{t(Key::PeopleNone)}</p> }.into_any() } else {
                        let (n, pages, total) = (page.page, page.pages(), page.total);
                        view! {
                            <table class="data" data-testid="employees">
                                <thead><tr>
                                    <th><a href=sort_link("name")>{t(Key::ColName)}</a></th>
                                    <th><a href=sort_link("personal_number")>{t(Key::ColPersonalNumber)}</a></th>
                                    <th>{t(Key::ColPosition)}</th>
                                    <th><a href=sort_link("unit")>{t(Key::ColUnit)}</a></th>
                                    <th><a href=sort_link("rank")>{t(Key::ColRank)}</a></th>
                                    <th>{t(Key::ColGender)}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|e| view! {
                                        <tr>
                                            <td><A href=format!("/employees/{}", e.id)>{in_locale(&e.name)}</A>
                                                {(!e.active).then(|| view! { <span class="badge">{t(Key::StatusNoPosition)}</span> })}</td>
                                            <td class="mono">{e.personal_number.clone()}</td>
                                            <td>{e.position.as_ref().map(in_locale)}</td>
                                            <td>{e.unit.as_ref().map(in_locale)}</td>
                                            <td>{roman(e.rank)}</td>
                                            <td>{t(e.gender.key())}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <Pager page=n pages total />
                        }.into_any()
                }}
            </Loaded>
        </section>
    }
}

/// The fields of a personal file's details, empty or filled for editing.
#[component]
fn EmployeeFields(
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
    file: Option<EmployeeFile>,
) -> impl IntoView {
    let genders = code_options::<Gender>();
    let v = |f: fn(&EmployeeFile) -> String| file.as_ref().map(f).unwrap_or_default();
    view! {
        <Field label=Key::ColPersonalNumber name="personal_number" error hint=Key::PersonalNumberHint value=v(|f| f.personal_number.clone()) />
        <Field label=Key::FirstNameKa name="first_name_ka" error value=v(|f| f.first_name.ka.clone()) />
        <Field label=Key::LastNameKa name="last_name_ka" error value=v(|f| f.last_name.ka.clone()) />
        <Field label=Key::FirstNameEn name="first_name_en" error value=v(|f| f.first_name.en.clone()) />
        <Field label=Key::LastNameEn name="last_name_en" error value=v(|f| f.last_name.en.clone()) />
        <Select label=Key::ColGender name="gender" options=genders error empty=Key::ChooseOne selected=v(|f| f.gender.code().to_string()) />
        <Field label=Key::BirthDate name="birth_date" input_type="date" error value=v(|f| f.birth_date.to_string()) />
        <Field label=Key::Email name="email" input_type="email" error optional=true value=v(|f| f.email.clone().unwrap_or_default()) />
        <Field label=Key::Phone name="phone" input_type="tel" error optional=true value=v(|f| f.phone.clone().unwrap_or_default()) />
        <TextArea label=Key::Notes name="notes" error value=v(|f| f.notes.clone()) />
    }
}

#[component]
pub fn NewEmployeePage() -> impl IntoView {
    let action = ServerAction::<CreateEmployee>::new();
    let error = action_error(action);
    view! {
        <SignedIn roles=HR_ONLY>
            <section class="card">
                <Breadcrumbs trail=vec![Crumb::page("/employees", Key::PeopleTitle, READERS)] />
                <h1>{t(Key::PeopleNew)}</h1>
                <ActionForm action attr:class="form" attr:data-testid="employee-form">
                    <FormError error />
                    <EmployeeFields error file=None />
                    <button type="submit" class="button-primary">{t(Key::Create)}</button>
                </ActionForm>
            </section>
        </SignedIn>
    }
}

const TABS: [(&str, Key); 7] = [
    ("details", Key::TabDetails),
    ("assignments", Key::TabAssignments),
    ("class", Key::TabClass),
    ("education", Key::TabEducation),
    ("work", Key::TabWork),
    ("document", Key::TabDocuments),
    // HR only: the audit log's rows about the file.
    ("history", Key::TabHistory),
];

#[component]
pub fn EmployeePage() -> impl IntoView {
    view! { <SignedIn><EmployeeView /></SignedIn> }
}

#[component]
fn EmployeeView() -> impl IntoView {
    let query = use_query_map();
    let id = id_param();
    let tab = move || query.read().get("tab").unwrap_or_else(|| "details".into());
    let actions = FileActions {
        update: ServerAction::new(),
        appoint: ServerAction::new(),
        end: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
    };
    let file = fetched(
        move || {
            (
                id(),
                actions.update.version().get(),
                actions.appoint.version().get(),
                actions.end.version().get(),
                actions.add.version().get(),
                actions.remove.version().get(),
            )
        },
        |(id, ..)| get_employee(id),
    );
    // HR's appointment form offers today's vacant positions.
    let hr = is_hr();
    let options = fetched(
        move || hr.get(),
        |hr| async move {
            if hr {
                get_vacant_choices().await.ok().map(|v| v.0)
            } else {
                None
            }
        },
    );
    // Loaded beside the file (not inside its suspense) so hydration finds the same resources.
    let classes = fetched(
        move || (id(), tab() == "class"),
        |(id, wanted)| async move {
            if wanted {
                Some(crate::classes::get_employee_classes(id).await)
            } else {
                None
            }
        },
    );
    let history = fetched(
        move || (id(), tab() == "history"),
        |(id, wanted)| async move {
            if wanted {
                Some(get_file_history(id).await)
            } else {
                None
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="muted">{t(Key::Loading)}</p> }>
            {awaited(move || async move {
                let classes = classes.await;
                let history = history.await;
                match file.await {
                    Err(e) => view! { <section class="card"><LoadError error=e /></section> }.into_any(),
                    Ok(f) => {
                        let name = in_locale(&f.name());
                        let current = f.assignments.iter().find(|a| a.end_date.is_none_or(|e| e >= f.as_of)).cloned();
                        let tab_now = tab();
                        let id = f.id;
                        let options = options.await;
                        view! {
                            <section class="card wide">
                                <Breadcrumbs trail=vec![Crumb::page("/employees", Key::PeopleTitle, READERS)] />
                                <h1 data-testid="employee-name">{name}</h1>
                                <p class="no-print"><a href=format!("/employees/{id}/print") data-testid="print-file">{t(Key::FilePrint)}</a></p>
                                <p class="muted">
                                    <span class="mono">{f.personal_number.clone()}</span>
                                    {current.map(|a| view! { " · " {in_locale(&a.position)} {a.unit.as_ref().map(|u| view! { ", " {in_locale(u)} })} })}
                                </p>
                                <nav class="tabs" aria-label=t(Key::TabsLabel)>
                                    {TABS.iter().filter(|(code, _)| *code != "history" || f.editable).map(|(code, label)| {
                                        let selected = tab_now == *code;
                                        view! {
                                            // A plain link: the router's <A> marks every tab current (they share the path).
                                            <a href=format!("/employees/{id}?tab={code}") class=if selected { "tab tab-selected" } else { "tab" }
                                               aria-current=selected.then_some("page") data-testid=format!("tab-{code}")>{t(*label)}</a>
                                        }
                                    }).collect_view()}
                                </nav>
                                <FileTab file=f.clone() tab=tab_now actions options classes=classes.clone() history=history.clone() />
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The personal file as HR files it on paper: details, service record, education, work
/// history and documents, with the date it was printed and the signatures.
#[component]
pub fn FilePrintPage() -> impl IntoView {
    view! { <SignedIn><FilePrint /></SignedIn> }
}

#[component]
fn FilePrint() -> impl IntoView {
    let id = id_param();
    let file = fetched(id, get_employee);
    view! {
        <Loaded resource=file let:f>
            {
                let supervisor = f.supervisor.as_ref().map(|s| in_locale(&s.name));
                view! {
                    <article class="sheet" data-testid="file-sheet">
                        <p class="no-print"><A href=format!("/employees/{}", f.id)>{t(Key::EvalBack)}</A>" · "{t(Key::EvalPrintHint)}</p>
                        <h1>{t(Key::FileSheetTitle)}</h1>
                        <p class="sheet-sub">{in_locale(&f.name())}</p>
                        <table class="sheet-head">
                            <tbody>
                                <tr><th>{t(Key::ColPersonalNumber)}</th><td class="mono">{f.personal_number.clone()}</td></tr>
                                <tr><th>{t(Key::ColGender)}</th><td>{t(f.gender.key())}</td></tr>
                                <tr><th>{t(Key::BirthDate)}</th><td>{date_text(f.birth_date)}</td></tr>
                                <tr><th>{t(Key::Phone)}</th><td>{f.phone.clone()}</td></tr>
                                <tr><th>{t(Key::Email)}</th><td>{f.email.clone()}</td></tr>
                                <tr><th>{t(Key::Supervisor)}</th><td>{supervisor}</td></tr>
                            </tbody>
                        </table>
                        <h2>{t(Key::TabAssignments)}</h2>
                        {if f.assignments.is_empty() {
                            view! { <p class="empty">{t(Key::PeopleNoAssignments)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="data" data-testid="file-sheet-assignments">
                                    <thead><tr><th>{t(Key::ColPosition)}</th><th>{t(Key::ColUnit)}</th><th>{t(Key::Basis)}</th>
                                        <th>{t(Key::Period)}</th><th>{t(Key::OrderShort)}</th></tr></thead>
                                    <tbody>
                                        {f.assignments.iter().map(|a| view! {
                                            <tr>
                                                <td>{in_locale(&a.position)}</td>
                                                <td>{a.unit.as_ref().map(in_locale)}</td>
                                                <td>{t(a.basis.key())}</td>
                                                <td class="nowrap">{date_text(a.start_date)} " — " {a.end_date.map(date_text)}</td>
                                                <td>{a.order.as_ref().map(|o| o.number.clone())}
                                                    {a.end_order.as_ref().map(|o| format!(" / {}", o.number))}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        {FileSection::ALL.iter().map(|section| {
                            let (rows, labels, types) = entry_section(&f, section.code());
                            let columns = if types[3].is_empty() { 3 } else { 4 };
                            view! {
                                <h2>{t(section.key())}</h2>
                                {if rows.is_empty() {
                                    view! { <p class="empty">{t(Key::EntriesNone)}</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="data">
                                            <thead><tr>{labels[..columns].iter().map(|k| view! { <th>{t(*k)}</th> }).collect_view()}</tr></thead>
                                            <tbody>
                                                {rows.into_iter().map(|(_, cells)| view! {
                                                    <tr>{cells.into_iter().take(columns).map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }.into_any()
                                }}
                            }
                        }).collect_view()}
                        <p class="muted" data-testid="file-sheet-date">{t(Key::FileSheetAsOf)}" "{date_text(f.as_of)}</p>
                        <div class="signatures">
                            <div><p>{t(Key::EvalHrSpecialist)}</p><p class="sign-line">{t(Key::EvalSignature)}</p></div>
                            <div><p>{t(Key::FileSheetEmployee)}</p><p class="sign-line">{t(Key::EvalSignature)}</p></div>
                        </div>
                    </article>
                }
            }
        </Loaded>
    }
}

#[derive(Clone, Copy)]
struct FileActions {
    update: ServerAction<UpdateEmployee>,
    appoint: ServerAction<Appoint>,
    end: ServerAction<EndAssignment>,
    add: ServerAction<AddFileEntry>,
    remove: ServerAction<RemoveFileEntry>,
}

#[component]
fn FileTab(
    file: EmployeeFile,
    tab: String,
    actions: FileActions,
    options: Option<Vec<VacantChoice>>,
    classes: Option<Result<crate::classes::EmployeeClasses, crate::error::AppError>>,
    history: Option<Result<Vec<crate::domain::history::HistoryEntry>, crate::error::AppError>>,
) -> impl IntoView {
    match tab.as_str() {
        "history" => history
            .map(|history| view! { <HistoryTable history intro=Key::HistoryIntro none=Key::HistoryNone testid="file-history" /> }.into_any())
            .unwrap_or_else(|| ().into_any()),
        "assignments" => view! { <AssignmentsTab file actions options /> }.into_any(),
        "class" => classes
            .map(|classes| view! { <super::classes::ClassTab classes /> }.into_any())
            .unwrap_or_else(|| ().into_any()),
        "education" | "work" | "document" => {
            view! { <EntriesTab file section=tab actions /> }.into_any()
        }
        _ => view! { <DetailsTab file actions /> }.into_any(),
    }
}

#[component]
fn DetailsTab(file: EmployeeFile, actions: FileActions) -> impl IntoView {
    let error = action_error(actions.update);
    let supervisor = file.supervisor.clone().map(|s| {
        let name = in_locale(&s.name);
        view! { <A href=format!("/employees/{}", s.id)>{name}</A> }
    });
    view! {
        <dl class="facts">
            <dt>{t(Key::ColGender)}</dt><dd>{t(file.gender.key())}</dd>
            <dt>{t(Key::BirthDate)}</dt><dd>{date_text(file.birth_date)}</dd>
            <dt>{t(Key::Email)}</dt><dd>{file.email.clone()}</dd>
            <dt>{t(Key::Phone)}</dt><dd>{file.phone.clone()}</dd>
            <dt>{t(Key::Supervisor)}</dt><dd data-testid="supervisor">{supervisor}</dd>
            <dt>{t(Key::Notes)}</dt><dd class="pre">{file.notes.clone()}</dd>
        </dl>
        {file.editable.then(|| view! {
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::PeopleEdit)}</summary>
                <ActionForm action=actions.update attr:class="form">
                    <FormError error />
                    <input type="hidden" name="id" value=file.id.to_string() />
                    <input type="hidden" name="revision" value=file.revision.to_string() />
                    <EmployeeFields error file=Some(file.clone()) />
                    <button type="submit" class="button-primary">{t(Key::Save)}</button>
                </ActionForm>
            </details>
        })}
    }
}

#[component]
fn AssignmentsTab(
    file: EmployeeFile,
    actions: FileActions,
    options: Option<Vec<VacantChoice>>,
) -> impl IntoView {
    let today = file.as_of;
    let end_error = action_error(actions.end);
    let rows = file.assignments.clone();
    let editable = file.editable;
    view! {
        {if rows.is_empty() {
            view! { <p class="empty">{t(Key::PeopleNoAssignments)}</p> }.into_any()
        } else {
            view! {
                <table class="data" data-testid="assignments">
                    <thead><tr><th>{t(Key::ColPosition)}</th><th>{t(Key::ColUnit)}</th><th>{t(Key::Basis)}</th>
                        <th>{t(Key::Period)}</th><th>{t(Key::OrderShort)}</th>
                        {rows.iter().any(|a| a.salary.is_some()).then(|| view! { <th class="num">{t(Key::ColSalary)}</th> })}</tr></thead>
                    <tbody>
                        {rows.iter().map(|a| {
                            let order = a.order.clone().map(|o| view! { <A href=format!("/orders/{}", o.id)>{o.number.clone()}</A> });
                            let end_order = a.end_order.clone().map(|o| view! { " / " <A href=format!("/orders/{}", o.id)>{o.number.clone()}</A> });
                            view! {
                                <tr>
                                    <td>{in_locale(&a.position)}</td>
                                    <td>{a.unit.as_ref().map(in_locale)}</td>
                                    <td>{t(a.basis.key())}</td>
                                    <td>{date_text(a.start_date)} " — " {a.end_date.map(date_text)}</td>
                                    <td>{order}{end_order}</td>
                                    {a.salary.as_ref().map(|s| view! { <td class="num">{format_money(s)}</td> })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {options.filter(|_| editable).map(|options| view! { <AppointForm employee_id=file.id action=actions.appoint options /> })}
        {editable.then(|| rows.clone().into_iter().filter(|a| a.end_date.is_none_or(|e| e >= today)).map(|a| {
            let title = in_locale(&a.position);
            view! {
                <details open=end_error.get_untracked().is_some()>
                    <summary data-testid="end-assignment">{t(Key::PeopleEndAssignment)} ": " {title}</summary>
                    <ActionForm action=actions.end attr:class="form">
                        <FormError error=end_error />
                        <input type="hidden" name="assignment_id" value=a.id.to_string() />
                        <Field label=Key::EndDate name="end_date" input_type="date" error=end_error />
                        <Field label=Key::EndReason name="reason" error=end_error />
                        <OrderFields error=end_error default_type=OrderType::Personnel />
                        <Confirm label=Key::ConfirmEndAssignment error=end_error />
                        <button type="submit" class="button-danger">{t(Key::PeopleEndAssignment)}</button>
                    </ActionForm>
                </details>
            }
        }).collect_view())}
    }
}

#[component]
fn AppointForm(
    employee_id: i64,
    action: ServerAction<Appoint>,
    options: Vec<VacantChoice>,
) -> impl IntoView {
    let error = action_error(action);
    let positions: Vec<(String, Label)> = options
        .iter()
        .map(|v| {
            let (title, unit) = (v.title.clone(), v.unit.clone());
            (
                v.position_id.to_string(),
                Label::new(move |l| {
                    let unit = unit.as_ref().map(|u| u.get(l)).unwrap_or_default();
                    format!("{} — {unit}", title.get(l))
                }),
            )
        })
        .collect();
    let bases = code_options::<AssignmentBasis>();
    view! {
        <details open=error.get_untracked().is_some()>
            <summary data-testid="appoint">{t(Key::PeopleAppoint)}</summary>
            <ActionForm action attr:class="form" attr:data-testid="appoint-form">
                <FormError error />
                <input type="hidden" name="employee_id" value=employee_id.to_string() />
                <Select label=Key::PeopleVacantPosition name="position_id" options=positions error empty=Key::ChooseOne />
                <Select label=Key::Basis name="basis" options=bases error selected="competition".to_string() />
                <Field label=Key::StartDate name="start_date" input_type="date" error />
                <Field label=Key::EndDate name="end_date" input_type="date" error optional=true hint=Key::EndDateHint />
                <TextArea label=Key::PeopleActingReason name="acting_reason" error rows=2 />
                <p class="field-hint">{t(Key::PeopleActingReasonHint)}</p>
                <OrderFields error default_type=OrderType::Personnel />
                <button type="submit" class="button-primary">{t(Key::PeopleAppoint)}</button>
            </ActionForm>
        </details>
    }
}

/// (id, cells) per entry; (labels, input types) per section.
type Section = (Vec<(i64, Vec<String>)>, [Key; 4], [&'static str; 4]);

/// A file's entries of one section (education, work history, documents) as table cells,
/// with the section's column labels and form input types.
fn entry_section(file: &EmployeeFile, section: &str) -> Section {
    match section {
        "education" => (
            file.education
                .iter()
                .map(|e| {
                    (
                        e.id,
                        vec![
                            e.institution.clone(),
                            e.qualification.clone(),
                            e.graduated_year.map(|y| y.to_string()).unwrap_or_default(),
                            String::new(),
                        ],
                    )
                })
                .collect(),
            [
                Key::EduInstitution,
                Key::EduQualification,
                Key::EduYear,
                Key::EduYear,
            ],
            ["text", "text", "number", ""],
        ),
        "work" => (
            file.work_history
                .iter()
                .map(|w| {
                    (
                        w.id,
                        vec![
                            w.employer.clone(),
                            w.position_title.clone(),
                            date_text(w.from_date),
                            w.to_date.map(date_text).unwrap_or_default(),
                        ],
                    )
                })
                .collect(),
            [
                Key::WorkEmployer,
                Key::ColPosition,
                Key::StartDate,
                Key::EndDate,
            ],
            ["text", "text", "date", "date"],
        ),
        _ => (
            file.documents
                .iter()
                .map(|d| {
                    (
                        d.id,
                        vec![
                            d.kind.clone(),
                            d.title.clone(),
                            d.reference.clone(),
                            d.issued_on.map(date_text).unwrap_or_default(),
                        ],
                    )
                })
                .collect(),
            [
                Key::DocKind,
                Key::ColTitle,
                Key::DocReference,
                Key::DocIssued,
            ],
            ["text", "text", "text", "date"],
        ),
    }
}

/// Education, work history or documents: a list and, for HR, an add form and removal.
#[component]
fn EntriesTab(file: EmployeeFile, section: String, actions: FileActions) -> impl IntoView {
    let add_error = action_error(actions.add);
    let remove_error = action_error(actions.remove);
    let entries_revision = file.entries_revision;
    let (rows, labels, types) = entry_section(&file, &section);
    let columns = if types[3].is_empty() { 3 } else { 4 };
    let editable = file.editable;
    let employee_id = file.id;
    let section_code = section.clone();
    view! {
        {if rows.is_empty() {
            view! { <p class="empty">{t(Key::EntriesNone)}</p> }.into_any()
        } else {
            view! {
                <FormError error=remove_error />
                <table class="data" data-testid=format!("entries-{section}")>
                    <thead><tr>{labels[..columns].iter().map(|k| view! { <th>{t(*k)}</th> }).collect_view()}
                        {editable.then(|| view! { <th></th> })}</tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(entry_id, cells)| { let section_code = section_code.clone(); view! {
                            <tr>
                                {cells.into_iter().take(columns).map(|c| view! { <td>{c}</td> }).collect_view()}
                                {editable.then(|| view! {
                                    <td>
                                        <ActionForm action=actions.remove attr:class="inline-form">
                                            <input type="hidden" name="employee_id" value=employee_id.to_string() />
                                            <input type="hidden" name="revision" value=entries_revision.to_string() />
                                            <input type="hidden" name="section" value=section_code.clone() />
                                            <input type="hidden" name="entry_id" value=entry_id.to_string() />
                                            <label class="checkbox"><input type="checkbox" name="confirm" value="yes" required=true />{t(Key::ConfirmRemove)}</label>
                                            <button type="submit" class="button-link danger">{t(Key::Remove)}</button>
                                        </ActionForm>
                                    </td>
                                })}
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {editable.then(|| view! {
            <details open=add_error.get_untracked().is_some()>
                <summary data-testid="add-entry">{t(Key::EntriesAdd)}</summary>
                <ActionForm action=actions.add attr:class="form">
                    <FormError error=add_error />
                    <input type="hidden" name="employee_id" value=employee_id.to_string() />
                    <input type="hidden" name="revision" value=entries_revision.to_string() />
                    <input type="hidden" name="section" value=section.clone() />
                    <Field label=labels[0] name="a" input_type=types[0] error=add_error />
                    <Field label=labels[1] name="b" input_type=types[1] error=add_error />
                    <Field label=labels[2] name="c" input_type=types[2] error=add_error optional=section != "work" />
                    {(columns == 4).then(|| view! { <Field label=labels[3] name="d" input_type=types[3] error=add_error optional=true /> })}
                    <button type="submit" class="button-primary">{t(Key::Add)}</button>
                </ActionForm>
            </details>
        })}
    }
}

/// `/me`: the signed-in user's own personal file.
#[component]
pub fn MyFilePage() -> impl IntoView {
    let auth = super::use_auth();
    view! {
        <SignedIn>
            {move || match auth.user.get().flatten().and_then(|u| u.employee_id) {
                Some(id) => view! { <leptos_router::components::Redirect path=format!("/employees/{id}") /> }.into_any(),
                None => view! { <section class="card"><p class="empty">{t(Key::MyFileNone)}</p></section> }.into_any(),
            }}
        </SignedIn>
    }
}
