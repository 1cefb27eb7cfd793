//! The organisation: the tree of units on a date, a unit's staff list, the staff reports and
//! vacancies, and HR's forms for units and positions.
use super::use_auth;
use super::widgets::RecordHistory;
use super::widgets::{
    action_error, awaited, code_options, fetched, format_money, id_param, in_locale, or_empty,
    roman, Breadcrumbs, Confirm, Crumb, ExportLinks, Fetched, Field, FormError, Label, LoadError,
    Loaded, Select, SignedIn, TextArea, OVERSIGHT, READERS,
};
use crate::domain::common::date_text;
use crate::domain::deadline::DeadlineStatus;
use crate::domain::history::HistoryRecord;
use crate::domain::order::{Issuer, OrderType};
use crate::domain::staff::EmploymentType;
use crate::domain::Bilingual;
use crate::domain::Role;
use crate::i18n::{t, use_locale, Key};
use crate::org::{
    get_org_options, get_org_tree, get_position, get_public_staff_report, get_staff_report,
    get_unit_staff, list_vacancies, preview_base_salary, ChangePositionTerms, ChangeUnit,
    CreatePosition, CreateUnit, EndPosition, MergeUnit, OrgOptions, PositionDetail,
    ReviseBaseSalary, SetSupervision, StaffRow, UnitSummary, UpdatePosition,
};
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Form, Route, A};
use leptos_router::hooks::use_query_map;
use leptos_router::{path, Lazy, SsrMode};

/// The organisation's pages: the structure on a date, a unit, a position, the reports.
#[component(transparent)]
pub fn OrgRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("org") view={Lazy::<super::pages::OrgPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("org/units/:id") view={Lazy::<super::pages::UnitPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("org/positions/:id") view={Lazy::<super::pages::PositionPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("org/base-salary") view={Lazy::<super::pages::BaseSalaryPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("public/staff") view={Lazy::<super::pages::PublicStaffPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("reports") view={Lazy::<super::pages::OrgReportsLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// True when the signed-in user is HR (for showing the editing forms; the server decides).
pub fn is_hr() -> Signal<bool> {
    let auth = use_auth();
    Signal::derive(move || {
        auth.user
            .get()
            .flatten()
            .is_some_and(|u| u.roles.has(Role::Hr))
    })
}

/// The choices for HR's forms, loaded with the page (not inside a nested suspense, which
/// would hydrate out of step). None for everyone else.
pub fn options_resource() -> Fetched<Option<OrgOptions>> {
    let hr = is_hr();
    fetched(
        move || hr.get(),
        |hr| async move {
            if hr {
                get_org_options().await.ok()
            } else {
                None
            }
        },
    )
}

fn as_of_param() -> Signal<Option<String>> {
    let query = use_query_map();
    Signal::derive(move || query.read().get("as_of").filter(|s| !s.is_empty()))
}

/// The "as of" date picker: a GET form, so it works without JavaScript.
#[component]
fn AsOfForm(#[prop(into)] value: String) -> impl IntoView {
    view! {
        <Form method="GET" action="" attr:class="filters">
            <label for="as-of">{t(Key::OrgAsOf)}</label>
            <input id="as-of" type="text" inputmode="numeric" maxlength="10" class="date-input" name="as_of"
                placeholder=t(Key::DatePlaceholder)
                value=crate::domain::common::date_field_text(&value)
                data-testid="as-of" />
            <button type="submit">{t(Key::Show)}</button>
        </Form>
    }
}

#[component]
pub fn OrgPage() -> impl IntoView {
    view! { <SignedIn roles=READERS><OrgTreeView /></SignedIn> }
}

#[component]
fn OrgTreeView() -> impl IntoView {
    let as_of = as_of_param();
    let create = ServerAction::<CreateUnit>::new();
    let tree = fetched(
        move || (as_of.get(), create.version().get()),
        |(as_of, _)| get_org_tree(as_of),
    );
    let options = options_resource();
    view! {
        <section class="card wide">
            <h1>{t(Key::OrgTitle)}</h1>
            <Transition fallback=|| view! { <p class="muted">{t(Key::Loading)}</p> }>
                {awaited(move || async move {
                    match tree.await {
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                        Ok(tree) => {
                            let institution = tree.institution.clone().map(|i| in_locale(&i));
                            let options = options.await;
                            view! {
                                {institution.map(|name| view! { <p class="lead">{name}</p> })}
                                <AsOfForm value=tree.as_of.to_string() />
                                <h2>{t(Key::OrgLeadership)}</h2>
                                <StaffTable rows=tree.leadership.clone() />
                                <h2>{t(Key::OrgUnits)}</h2>
                                <p><ExportLinks list="units" /></p>
                                <UnitTable units=tree.units.clone() as_of=tree.as_of.to_string() />
                                {options.map(|options| view! {
                                    <NewUnitForm action=create options />
                                    <p><A href="/org/base-salary" attr:data-testid="base-salary-link">{t(Key::BaseSalaryTitle)}</A></p>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UnitTable(units: Vec<UnitSummary>, as_of: String) -> impl IntoView {
    if units.is_empty() {
        return view! { <p class="empty">{t(Key::OrgNoUnits)}</p> }.into_any();
    }
    view! {
        <table class="data" data-testid="org-tree">
            <thead><tr>
                <th>{t(Key::ColUnit)}</th><th>{t(Key::OrgHead)}</th><th class="num">{t(Key::StatPositions)}</th>
                <th class="num">{t(Key::StatStaff)}</th><th class="num">{t(Key::OrgVacancies)}</th>
            </tr></thead>
            <tbody>
                {units.into_iter().map(|u| {
                    let href = format!("/org/units/{}?as_of={}", u.id, as_of);
                    let name = in_locale(&u.name);
                    let head = u.head.as_ref().map(|h| in_locale(&h.name));
                    let class = if u.is_service { "unit-service" } else { "unit-department" };
                    let vacancy_class = if u.vacancies > 0 { "num has-vacancy" } else { "num" };
                    view! {
                        <tr class=class>
                            <td><A href=href>{name}</A><span class="code">{u.code.clone()}</span></td>
                            <td>{head}</td>
                            <td class="num">{u.positions}</td>
                            <td class="num">{u.staff}</td>
                            <td class=vacancy_class>{u.vacancies}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }.into_any()
}

/// A staff list: positions, holders, rank and category, salary; vacancies highlighted.
#[component]
pub fn StaffTable(rows: Vec<StaffRow>) -> impl IntoView {
    let show_salary = rows.iter().any(|r| r.salary.is_some());
    view! {
        <table class="data" data-testid="staff-list">
            <thead><tr>
                <th>{t(Key::ColPosition)}</th><th>{t(Key::OrgHolder)}</th><th>{t(Key::ColRank)}</th>
                <th>{t(Key::ColCategory)}</th><th>{t(Key::OrgEmployment)}</th>
                {show_salary.then(|| view! { <th class="num">{t(Key::ColSalary)}</th> })}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let vacant = r.vacant();
                    let title = in_locale(&r.title);
                    let category = r.category.as_ref().map(in_locale);
                    let holder = r.holder.clone().map(|h| {
                        let name = in_locale(&h.name);
                        view! { <A href=format!("/employees/{}", h.id)>{name}</A> }
                    });
                    let acting = r.acting.clone().map(|h| {
                        let name = in_locale(&h.name);
                        view! { <span class="acting">{t(Key::BasisActing)}": "<A href=format!("/employees/{}", h.id)>{name}</A></span> }
                    });
                    view! {
                        <tr class:vacant=vacant data-position=r.position_id>
                            <td><A href=format!("/org/positions/{}", r.position_id)>{title}</A>{r.is_head.then(|| view! { <span class="badge">{t(Key::OrgHeadBadge)}</span> })}</td>
                            <td>{holder}{vacant.then(|| view! { <span class="badge badge-warn" data-testid="vacant">{t(Key::OrgVacant)}</span> })}{acting}</td>
                            <td>{roman(r.rank)}</td>
                            <td>{category}</td>
                            <td>{t(r.employment_type.key())}</td>
                            {show_salary.then(|| view! { <td class="num">{r.salary.as_ref().map(format_money)}</td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn unit_options(options: &OrgOptions, services_only: bool) -> Vec<(String, Label)> {
    options
        .units
        .iter()
        .filter(|u| !services_only || u.parent_id.is_none())
        .map(|u| {
            let indent = if u.parent_id.is_some() { "— " } else { "" };
            let (name, code) = (u.name.clone(), u.code.clone());
            (
                u.id.to_string(),
                Label::new(move |l| format!("{indent}{} ({code})", name.get(l))),
            )
        })
        .collect()
}

/// The order fields every personnel or structure change carries.
#[component]
pub fn OrderFields(
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
    /// The kind an order registered with this change gets unless HR picks the other: main
    /// for changes of the structure, personnel for appointments, ends and movements.
    default_type: OrderType,
) -> impl IntoView {
    let kinds: Vec<(String, Label)> = [OrderType::Main, OrderType::Personnel]
        .into_iter()
        .map(|k| (k.code().to_string(), k.key().into()))
        .collect();
    let issuers = code_options::<Issuer>();
    view! {
        <fieldset class="order-fields">
            <legend>{t(Key::OrderBasis)}</legend>
            <Field label=Key::OrderNumber name="order_number" error hint=Key::OrderNumberHint />
            <Field label=Key::OrderDate name="order_date" input_type="date" error />
            <Select label=Key::OrderKind name="order_type" options=kinds error selected=default_type.code().to_string() />
            <Select label=Key::OrderIssuer name="issuer" options=issuers error selected=Issuer::Mayor.code().to_string() />
            <p class="field-hint">{t(Key::OrderKindHint)}</p>
        </fieldset>
    }
}

#[component]
fn NewUnitForm(action: ServerAction<CreateUnit>, options: OrgOptions) -> impl IntoView {
    let error = action_error(action);
    let services = unit_options(&options, true);
    view! {
        <div class="subsection">
            <details open=error.get_untracked().is_some()>
                <summary data-testid="new-unit">{t(Key::OrgNewUnit)}</summary>
                <ActionForm action attr:class="form" attr:data-testid="unit-form">
                    <FormError error />
                    <Select label=Key::OrgParentService name="parent_id" options=services error empty=Key::OrgNoParent />
                    <Field label=Key::OrgCode name="code" error hint=Key::OrgCodeHint />
                    <Field label=Key::NameKa name="name_ka" error />
                    <Field label=Key::NameEn name="name_en" error />
                    <Field label=Key::ValidFrom name="valid_from" input_type="date" error />
                    <OrderFields error default_type=OrderType::Main />
                    <button type="submit" class="button-primary">{t(Key::Create)}</button>
                </ActionForm>
            </details>
        </div>
    }
}

#[component]
pub fn UnitPage() -> impl IntoView {
    view! { <SignedIn roles=READERS><UnitView /></SignedIn> }
}

#[component]
fn UnitView() -> impl IntoView {
    let as_of = as_of_param();
    let id = id_param();
    let change = ServerAction::<ChangeUnit>::new();
    let add = ServerAction::<CreatePosition>::new();
    let supervise = ServerAction::<SetSupervision>::new();
    let end_position = ServerAction::<EndPosition>::new();
    let merge = ServerAction::<MergeUnit>::new();
    let staff = fetched(
        move || {
            (
                id(),
                as_of.get(),
                change.version().get(),
                add.version().get(),
                supervise.version().get(),
                end_position.version().get(),
                merge.version().get(),
            )
        },
        |(id, as_of, ..)| get_unit_staff(id, as_of),
    );
    let options = options_resource();
    view! {
        <Transition fallback=|| view! { <p class="muted">{t(Key::Loading)}</p> }>
            {awaited(move || async move {
                match staff.await {
                    Err(e) => view! { <section class="card"><LoadError error=e /></section> }.into_any(),
                    Ok(s) => {
                        let name = in_locale(&s.unit.name);
                        // The parent unit is HR's and the mayor's to open; a manager's scope ends below it.
                        let mut trail = vec![Crumb::page("/org", Key::OrgTitle, READERS)];
                        trail.extend(s.unit.parent_id.zip(s.parent.clone()).map(|(id, name)| {
                            Crumb::record(format!("/org/units/{id}"), name, OVERSIGHT)
                        }));
                        let as_of = s.as_of.to_string();
                        let unit_id = s.unit.id;
                        let is_service = s.unit.is_service;
                        let revision = s.unit.revision;
                        let options = options.await;
                        view! {
                            <section class="card wide">
                                <Breadcrumbs trail=trail />
                                <h1 data-testid="unit-name">{name}</h1>
                                <p class="muted">
                                    {t(if s.unit.is_service { Key::UnitService } else { Key::UnitDepartment })}
                                    " · " {s.unit.code.clone()} " · " {t(Key::ValidFrom)} " " {date_text(s.unit.valid_from)}
                                </p>
                                <AsOfForm value=as_of.clone() />
                                <h2>{t(Key::OrgStaffList)}</h2>
                                <p><ExportLinks list="staff-list" extra=format!("unit={unit_id}") /></p>
                                {if s.rows.is_empty() {
                                    view! { <p class="empty">{t(Key::OrgNoPositions)}</p> }.into_any()
                                } else {
                                    view! { <StaffTable rows=s.rows.clone() /> }.into_any()
                                }}
                                {(!s.subunits.is_empty()).then(|| view! {
                                    <h2>{t(Key::OrgSubunits)}</h2>
                                    <UnitTable units=s.subunits.clone() as_of=as_of.clone() />
                                })}
                                <h2>{t(Key::OrgHistory)}</h2>
                                <ul class="history">
                                    {s.history.iter().map(|h| {
                                        let order = h.order.clone().map(|o| view! {
                                            " · " <A href=format!("/orders/{}", o.id)>{t(Key::OrderShort)} " " {o.number.clone()}</A>
                                        });
                                        view! { <li>{date_text(h.effective_date)} " — " {t(h.event_type.key())}{order}</li> }
                                    }).collect_view()}
                                </ul>
                                {options.map(|options| view! {
                                    <NewPositionForm action=add unit_id options=options.clone() />
                                    <SupervisionForm action=supervise unit_id revision is_service options=options.clone() />
                                    <EndPositionForm action=end_position unit_id revision options=options.clone() />
                                    <MergeForm action=merge unit_id revision is_service options=options.clone() />
                                    <ChangeUnitForm action=change unit_id revision options />
                                })}
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn NewPositionForm(
    action: ServerAction<CreatePosition>,
    unit_id: i64,
    options: OrgOptions,
) -> impl IntoView {
    let error = action_error(action);
    let categories: Vec<(String, Label)> = options
        .categories
        .iter()
        .map(|c| {
            let (rank, title) = (roman(Some(c.rank)), c.title.clone());
            (
                c.id.to_string(),
                Label::new(move |l| format!("{rank} · {}", title.get(l))),
            )
        })
        .collect();
    let types = code_options::<EmploymentType>();
    view! {
        <div class="subsection">
            <details open=error.get_untracked().is_some()>
                <summary data-testid="new-position">{t(Key::OrgNewPosition)}</summary>
                <ActionForm action attr:class="form" attr:data-testid="position-form">
                    <FormError error />
                    <input type="hidden" name="unit_id" value=unit_id.to_string() />
                    <Field label=Key::TitleKa name="title_ka" error />
                    <Field label=Key::TitleEn name="title_en" error />
                    <Select label=Key::ColCategory name="category_id" options=categories error empty=Key::OrgNoCategory />
                    <Select label=Key::OrgEmployment name="employment_type" options=types error selected="officer".to_string() />
                    <Field label=Key::ColSalary name="salary" input_type="text" error hint=Key::SalaryHint optional=true />
                    <label class="checkbox"><input type="checkbox" name="is_head" value="on" />{t(Key::OrgIsHead)}</label>
                    <Field label=Key::ValidFrom name="valid_from" input_type="date" error />
                    <TextArea label=Key::JobDescriptionKa name="job_description_ka" error />
                    <TextArea label=Key::JobDescriptionEn name="job_description_en" error />
                    <TextArea label=Key::RequirementsMinKa name="requirements_min_ka" error />
                    <TextArea label=Key::RequirementsMinEn name="requirements_min_en" error />
                    <TextArea label=Key::RequirementsExtraKa name="requirements_extra_ka" error />
                    <TextArea label=Key::RequirementsExtraEn name="requirements_extra_en" error />
                    <button type="submit" class="button-primary">{t(Key::Create)}</button>
                </ActionForm>
            </details>
        </div>
    }
}

#[component]
fn ChangeUnitForm(
    action: ServerAction<ChangeUnit>,
    unit_id: i64,
    /// The unit's revision the form was loaded with.
    revision: i64,
    options: OrgOptions,
) -> impl IntoView {
    let error = action_error(action);
    let services = unit_options(&options, true);
    let changes: Vec<(String, Label)> = vec![
        ("rename".to_string(), Key::UnitEventRename.into()),
        ("move".to_string(), Key::UnitEventMove.into()),
        ("abolish".to_string(), Key::UnitEventAbolish.into()),
    ];
    view! {
        <div class="subsection">
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::OrgReorganize)}</summary>
                <p class="muted">{t(Key::OrgReorganizeHint)}</p>
                <ActionForm action attr:class="form">
                    <FormError error />
                    <input type="hidden" name="unit_id" value=unit_id.to_string() />
                    <input type="hidden" name="revision" value=revision.to_string() />
                    <Select label=Key::OrgChange name="change" options=changes error />
                    <Field label=Key::NameKa name="name_ka" error optional=true />
                    <Field label=Key::NameEn name="name_en" error optional=true />
                    <Select label=Key::OrgParentService name="parent_id" options=services error empty=Key::OrgNoParent />
                    <Field label=Key::EffectiveDate name="effective_date" input_type="date" error />
                    <OrderFields error default_type=OrderType::Main />
                    // Abolishing cannot be undone from the interface: ask first.
                    <Confirm label=Key::ConfirmReorganize error />
                    <button type="submit" class="button-danger">
                        {t(Key::OrgApplyChange)}
                    </button>
                </ActionForm>
            </details>
        </div>
    }
}

/// The staff by category and gender (seed 004 art. 35(3)).
#[component]
fn StaffReportTable(report: crate::org::StaffReport) -> impl IntoView {
    let r = report;
    view! {
                <table class="data" data-testid="staff-report">
                    <thead><tr><th>{t(Key::ColCategory)}</th><th class="num">{t(Key::ColWomen)}</th>
                        <th class="num">{t(Key::ColMen)}</th><th class="num">{t(Key::ColTotal)}</th></tr></thead>
                    <tbody>
                        {r.rows.iter().map(|row| view! {
                            <tr><td>{t(row.group.key())}</td><td class="num">{row.women}</td>
                                <td class="num">{row.men}</td><td class="num">{row.total()}</td></tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr><th>{t(Key::ReportTotal)}</th><th class="num" data-testid="report-women">{r.total.women}</th>
                        <th class="num">{r.total.men}</th><th class="num" data-testid="report-total">{r.total.total()}</th></tr></tfoot>
                </table>
    }
}

/// The staff figures anyone may see without signing in (seed 004 art. 35 asks that they be
/// published): the same table as the reports page, for today.
#[component]
pub fn PublicStaffPage() -> impl IntoView {
    let report = fetched(|| (), |_| get_public_staff_report());
    view! {
        <section class="card wide printable">
            <h1>{t(Key::PublicStaffTitle)}</h1>
            <Loaded resource=report inline=true let:r>
                {
                    let as_of = date_text(r.as_of);
                    let locale = use_locale();
                    view! { <p class="muted">{move || Key::PublicStaffAsOf.format(locale.get(), &[("date", &as_of)])}</p> }
                }
                <StaffReportTable report=r.clone() />
            </Loaded>
        </section>
    }
}

/// A deadline with its standing (on time, due soon, overdue) as a badge.
#[component]
fn DueDate(due: chrono::NaiveDate, status: DeadlineStatus) -> impl IntoView {
    let class = match status {
        DeadlineStatus::Upcoming => "badge",
        DeadlineStatus::DueSoon => "badge badge-warn",
        DeadlineStatus::Overdue => "badge badge-danger",
    };
    view! { {date_text(due)} " " <span class=class data-status=status.code()>{t(status.key())}</span> }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><ReportsView /></SignedIn> }
}

#[component]
fn ReportsView() -> impl IntoView {
    let as_of = as_of_param();
    let report = fetched(move || as_of.get(), get_staff_report);
    let vacancies = fetched(move || as_of.get(), list_vacancies);
    let locale = use_locale();
    view! {
        <section class="card wide printable">
            <Breadcrumbs trail=vec![Crumb::page("/org", Key::OrgTitle, READERS)] />
            <h1>{t(Key::ReportsTitle)}</h1>
            <Loaded resource=report inline=true let:r>
                <AsOfForm value=r.as_of.to_string() />
                <h2>{t(Key::ReportsByCategory)}</h2>
                <p class="muted">{t(Key::ReportsByCategoryNote)}</p>
                <p class="no-print"><ExportLinks list="staff-report" />
                    <button type="button" class="button-link" on:click=|_| { let _ = window().print(); }>{t(Key::Print)}</button></p>
                <StaffReportTable report=r.clone() />
            </Loaded>
        </section>
        <section class="card wide printable">
            <h2>{t(Key::ReportsVacancies)}</h2>
            <p class="no-print"><ExportLinks list="vacancies" /></p>
            <Loaded resource=vacancies inline=true let:list>
                {or_empty(list, Key::ReportsNoVacancies, |list| view! {
                        <div class="table-scroll" tabindex="0"><table class="data" data-testid="vacancies">
                            <thead><tr><th>{t(Key::ColUnit)}</th><th>{t(Key::ColPosition)}</th><th>{t(Key::ColRank)}</th>
                                <th>{t(Key::ColCategory)}</th><th class="num">{t(Key::ColSalary)}</th>
                                <th>{t(Key::VacancyOpenedOn)}</th><th>{t(Key::VacancyDecisionDue)}</th><th>{t(Key::VacancyFillDue)}</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|v| {
                                    let unit = v.unit.clone().map(|u| u.get(locale.get()).to_string());
                                    let unit = match v.unit_id {
                                        Some(id) => view! { <A href=format!("/org/units/{id}")>{unit}</A> }.into_any(),
                                        None => view! { <span>{unit}</span> }.into_any(),
                                    };
                                    view! {
                                        <tr data-position=v.position_id><td>{unit}</td><td>{in_locale(&v.title)}</td><td>{roman(v.rank)}</td>
                                            <td>{v.category.as_ref().map(in_locale)}</td><td class="num">{format_money(&v.salary)}</td>
                                            <td>{v.clock.as_ref().map(|c| date_text(c.opened_on))}</td>
                                            <td>{v.clock.as_ref().map(|c| view! { <DueDate due=c.decision_due status=c.decision_status /> })}</td>
                                            <td>{v.clock.as_ref().map(|c| view! { <DueDate due=c.fill_due status=c.fill_status /> })}</td></tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                })}
            </Loaded>
        </section>
    }
}

fn position_label(p: &crate::org::PositionOption) -> Label {
    let (title, holder) = (p.title.clone(), p.holder.as_ref().map(|h| h.name.clone()));
    Label::new(move |l| match &holder {
        Some(name) => format!("{} ({})", title.get(l), name.get(l)),
        None => title.get(l).to_string(),
    })
}

/// Explicit supervision: a position's override, and a service's deputy mayor.
#[component]
fn SupervisionForm(
    action: ServerAction<SetSupervision>,
    unit_id: i64,
    /// The unit's revision the form was loaded with.
    revision: i64,
    is_service: bool,
    options: OrgOptions,
) -> impl IntoView {
    let error = action_error(action);
    let own: Vec<(String, Label)> = options
        .positions
        .iter()
        .filter(|p| p.unit_id == Some(unit_id))
        .map(|p| (p.id.to_string(), position_label(p)))
        .collect();
    let all: Vec<(String, Label)> = options
        .positions
        .iter()
        .map(|p| (p.id.to_string(), position_label(p)))
        .collect();
    let leadership: Vec<(String, Label)> = options
        .positions
        .iter()
        .filter(|p| p.unit_id.is_none())
        .map(|p| (p.id.to_string(), position_label(p)))
        .collect();
    view! {
        <div class="subsection">
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::OrgSupervision)}</summary>
                <p class="muted">{t(Key::OrgSupervisionHint)}</p>
                <ActionForm action attr:class="form">
                    <FormError error />
                    <input type="hidden" name="unit_id" value=unit_id.to_string() />
                    <input type="hidden" name="revision" value=revision.to_string() />
                    {if is_service {
                        view! { <Select label=Key::OrgServiceDeputy name="deputy_position_id" options=leadership error empty=Key::OrgNoneMayor /> }.into_any()
                    } else {
                        view! { <input type="hidden" name="deputy_position_id" value="" /> }.into_any()
                    }}
                    <Select label=Key::OrgPositionInUnit name="position_id" options=own error empty=Key::ChooseOne />
                    <Select label=Key::OrgReportsTo name="reports_to" options=all error empty=Key::OrgByStructure />
                    <button type="submit" class="button-primary">{t(Key::Save)}</button>
                </ActionForm>
            </details>
        </div>
    }
}

#[component]
fn EndPositionForm(
    action: ServerAction<EndPosition>,
    unit_id: i64,
    /// The unit's revision the form was loaded with.
    revision: i64,
    options: OrgOptions,
) -> impl IntoView {
    let error = action_error(action);
    let own: Vec<(String, Label)> = options
        .positions
        .iter()
        .filter(|p| p.unit_id == Some(unit_id))
        .map(|p| (p.id.to_string(), position_label(p)))
        .collect();
    view! {
        <div class="subsection">
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::OrgEndPosition)}</summary>
                <ActionForm action attr:class="form">
                    <FormError error />
                    <input type="hidden" name="revision" value=revision.to_string() />
                    <Select label=Key::OrgPositionInUnit name="position_id" options=own error empty=Key::ChooseOne />
                    <Field label=Key::EndDate name="end_date" input_type="date" error />
                    <OrderFields error default_type=OrderType::Main />
                    <Confirm label=Key::ConfirmEndPosition error />
                    <button type="submit" class="button-danger">{t(Key::OrgEndPosition)}</button>
                </ActionForm>
            </details>
        </div>
    }
}

#[component]
pub fn PositionPage() -> impl IntoView {
    view! { <SignedIn roles=READERS><PositionView /></SignedIn> }
}

#[component]
fn PositionView() -> impl IntoView {
    let id = id_param();
    let update = ServerAction::<UpdatePosition>::new();
    let change_terms = ServerAction::<ChangePositionTerms>::new();
    let error = action_error(update);
    let position = fetched(
        move || (id(), update.version().get(), change_terms.version().get()),
        |(id, _, _)| get_position(id),
    );
    view! {
        <Loaded resource=position let:p>
            {{
                    let mut trail = vec![Crumb::page("/org", Key::OrgTitle, READERS)];
                    trail.extend(p.unit.clone().zip(p.unit_id).map(|(name, id)| {
                        Crumb::record(format!("/org/units/{id}"), name, READERS)
                    }));
                    let text = |b: &Bilingual| {
                        let f = in_locale(b);
                        let empty = b.ka.is_empty() && b.en.is_empty();
                        view! { <dd class="pre">{move || if empty { t(Key::NotGiven)().to_string() } else { f() }}</dd> }
                    };
                    view! {
                        <section class="card wide">
                            <Breadcrumbs trail=trail />
                            <h1 data-testid="position-title">{in_locale(&p.row.title)}</h1>
                            <dl class="facts">
                                <dt>{t(Key::OrgHolder)}</dt>
                                <dd>{match p.row.holder.clone() {
                                    Some(h) => view! { <A href=format!("/employees/{}", h.id)>{in_locale(&h.name)}</A> }.into_any(),
                                    None => view! { <span class="badge badge-warn">{t(Key::OrgVacant)}</span> }.into_any(),
                                }}</dd>
                                <dt>{t(Key::ColRank)}</dt><dd>{roman(p.row.rank)}</dd>
                                <dt>{t(Key::ColCategory)}</dt><dd>{p.row.category.as_ref().map(in_locale)}</dd>
                                <dt>{t(Key::OrgEmployment)}</dt><dd>{t(p.row.employment_type.key())}</dd>
                                {p.row.salary.map(|s| view! {
                                    <dt>{t(Key::ColSalary)}</dt>
                                    <dd>{format_money(&s)}{p.coefficient.map(|c| view! { " (× " {c.to_string()} ")" })}</dd>
                                })}
                                <dt>{t(Key::ValidFrom)}</dt><dd>{date_text(p.valid_from)} " — " {p.valid_to.map(date_text)}</dd>
                                <dt>{t(Key::JobDescription)}</dt>{text(&p.job_description)}
                                <dt>{t(Key::RequirementsMin)}</dt>{text(&p.requirements_min)}
                                <dt>{t(Key::RequirementsExtra)}</dt>{text(&p.requirements_extra)}
                            </dl>
                            <h2>{t(Key::PositionHolders)}</h2>
                            {if p.holders.is_empty() {
                                view! { <p class="empty">{t(Key::PositionNoHolders)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-scroll" tabindex="0"><table class="data">
                                        <thead><tr><th>{t(Key::ColName)}</th><th>{t(Key::Basis)}</th><th>{t(Key::Period)}</th></tr></thead>
                                        <tbody>
                                            {p.holders.clone().into_iter().map(|h| view! {
                                                <tr><td><A href=format!("/employees/{}", h.person.id)>{in_locale(&h.person.name)}</A></td>
                                                    <td>{t(h.basis.key())}</td>
                                                    <td>{date_text(h.start_date)} " — " {h.end_date.map(date_text)}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table></div>
                                }.into_any()
                            }}
                            <PositionTermsView p=p.clone() action=change_terms />
                            {p.editable.then(|| view! {
                                <div class="subsection">
                                    <details open=error.get_untracked().is_some()>
                                        <summary data-testid="edit-position">{t(Key::PositionEdit)}</summary>
                                        <p class="muted">{t(Key::PositionEditHint)}</p>
                                        <ActionForm action=update attr:class="form">
                                            <FormError error />
                                            <input type="hidden" name="id" value=p.row.position_id.to_string() />
                                            <input type="hidden" name="revision" value=p.row.revision.to_string() />
                                            <Field label=Key::TitleKa name="title_ka" error value=p.row.title.ka.clone() />
                                            <Field label=Key::TitleEn name="title_en" error value=p.row.title.en.clone() />
                                            <TextArea label=Key::JobDescriptionKa name="job_description_ka" error value=p.job_description.ka.clone() />
                                            <TextArea label=Key::JobDescriptionEn name="job_description_en" error value=p.job_description.en.clone() />
                                            <TextArea label=Key::RequirementsMinKa name="requirements_min_ka" error value=p.requirements_min.ka.clone() />
                                            <TextArea label=Key::RequirementsMinEn name="requirements_min_en" error value=p.requirements_min.en.clone() />
                                            <TextArea label=Key::RequirementsExtraKa name="requirements_extra_ka" error value=p.requirements_extra.ka.clone() />
                                            <TextArea label=Key::RequirementsExtraEn name="requirements_extra_en" error value=p.requirements_extra.en.clone() />
                                            <button type="submit" class="button-primary">{t(Key::Save)}</button>
                                        </ActionForm>
                                    </details>
                                </div>
                            })}
                        </section>
                    }.into_any()
            }}
        </Loaded>
        <RecordHistory record=HistoryRecord::Position id=Signal::derive(id) />
    }
}

/// A position's pay terms by date and, for HR, the form changing them from a date.
#[component]
fn PositionTermsView(
    p: PositionDetail,
    action: ServerAction<ChangePositionTerms>,
) -> impl IntoView {
    let error = action_error(action);
    let categories: Vec<(String, Label)> = p
        .categories
        .iter()
        .map(|c| {
            let (rank, title, coefficient) = (roman(Some(c.rank)), c.title.clone(), c.coefficient);
            (
                c.id.to_string(),
                Label::new(move |l| format!("{rank} · {} (× {coefficient})", title.get(l))),
            )
        })
        .collect();
    let types = code_options::<EmploymentType>();
    let terms = p.terms.clone();
    (!terms.is_empty()).then(|| view! {
        <h2>{t(Key::TermsTitle)}</h2>
        <div class="table-scroll" tabindex="0">
            <table class="data" data-testid="position-terms">
                <thead><tr><th>{t(Key::Period)}</th><th>{t(Key::OrgEmployment)}</th><th>{t(Key::ColCategory)}</th>
                    <th>{t(Key::ColSalary)}</th><th>{t(Key::TermsAct)}</th></tr></thead>
                <tbody>
                    {terms.into_iter().map(|x| view! {
                        <tr>
                            <td>{date_text(x.valid_from)} " — " {x.valid_to.map(date_text)}</td>
                            <td>{t(x.employment_type.key())}</td>
                            <td>{x.category.as_ref().map(in_locale)}</td>
                            <td class="num">{format_money(&x.salary)}{x.coefficient.map(|c| view! { " (× " {c.to_string()} ")" })}</td>
                            <td>{match x.order.clone() {
                                Some((number, date)) => format!("№{number}, {}", date_text(date)).into_any(),
                                None => t(Key::TermsInitial).into_any(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {p.editable.then(|| view! {
            <div class="subsection">
                <details open=error.get_untracked().is_some()>
                    <summary data-testid="change-terms">{t(Key::TermsChange)}</summary>
                    <p class="muted">{t(Key::TermsHint)}</p>
                    <ActionForm action attr:class="form" attr:data-testid="terms-form">
                        <FormError error />
                        <input type="hidden" name="id" value=p.row.position_id.to_string() />
                        <input type="hidden" name="revision" value=p.row.revision.to_string() />
                        <Field label=Key::ValidFrom name="valid_from" input_type="date" error />
                        <Select label=Key::OrgEmployment name="employment_type" options=types error empty=Key::ChooseOne />
                        <Select label=Key::ColCategory name="category_id" options=categories error empty=Key::OrgNoCategory />
                        <Field label=Key::ColSalary name="salary" error hint=Key::SalaryHint optional=true />
                        <OrderFields error default_type=OrderType::Main />
                        <Confirm label=Key::TermsConfirm error />
                        <button type="submit" class="button-primary">{t(Key::TermsChange)}</button>
                    </ActionForm>
                </details>
            </div>
        })}
    })
}

/// HR revises the base salary from a date: the positions it recomputes are listed first, then
/// confirmed as one act.
#[component]
pub fn BaseSalaryPage() -> impl IntoView {
    view! { <SignedIn roles=&[Role::Hr]><BaseSalaryView /></SignedIn> }
}

#[component]
fn BaseSalaryView() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &'static str| query.with(|q| q.get(name).unwrap_or_default());
    let revise = ServerAction::<ReviseBaseSalary>::new();
    let error = action_error(revise);
    let preview = fetched(
        move || (param("valid_from"), param("amount"), revise.version().get()),
        |(valid_from, amount, _)| async move {
            if valid_from.is_empty() || amount.is_empty() {
                return Ok(None);
            }
            preview_base_salary(valid_from, amount).await.map(Some)
        },
    );
    let done = move || {
        query.with(|q| q.get("done").is_some()) || revise.value().get().is_some_and(|r| r.is_ok())
    };
    // A date or amount the server refuses is shown next to its field.
    let asked = Signal::derive(move || preview.get().and_then(|r| r.err()));
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/org", Key::OrgTitle, READERS)] />
            <h1>{t(Key::BaseSalaryTitle)}</h1>
            <p class="muted">{t(Key::BaseSalaryHint)}</p>
            {move || done().then(|| view! { <p class="alert alert-success" role="status" data-testid="base-salary-done">{t(Key::BaseSalaryDone)}</p> })}
            <Form method="GET" action="" attr:class="filters">
                <Field label=Key::ValidFrom name="valid_from" input_type="date" error=asked value=param("valid_from") />
                <Field label=Key::BaseSalaryAmount name="amount" error=asked value=param("amount") />
                <button type="submit">{t(Key::BaseSalaryShow)}</button>
            </Form>
            <Loaded resource=preview inline=true let:found>
                {found.map(|b| {
                    let expected = b.lines.len().to_string();
                    view! {
                        <dl class="facts">
                            <dt>{t(Key::BaseSalaryCurrent)}</dt><dd>{b.current.as_ref().map(format_money)}</dd>
                        </dl>
                        {or_empty(b.lines.clone(), Key::BaseSalaryNone, |lines| view! {
                            <div class="table-scroll" tabindex="0">
                                <table class="data" data-testid="base-salary-lines">
                                    <thead><tr><th>{t(Key::ColPosition)}</th><th>{t(Key::ColUnit)}</th><th>{t(Key::TermsCoefficient)}</th>
                                        <th>{t(Key::BaseSalaryBefore)}</th><th>{t(Key::BaseSalaryAfter)}</th></tr></thead>
                                    <tbody>
                                        {lines.into_iter().map(|l| view! {
                                            <tr>
                                                <td><A href=format!("/org/positions/{}", l.position_id)>{in_locale(&l.title)}</A></td>
                                                <td>{l.unit.as_ref().map(in_locale)}</td>
                                                <td class="num">{l.coefficient.to_string()}</td>
                                                <td class="num">{format_money(&l.before)}</td>
                                                <td class="num">{format_money(&l.after)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })}
                        {(!b.lines.is_empty()).then(|| view! {
                            <ActionForm action=revise attr:class="form" attr:data-testid="base-salary-form">
                                <FormError error />
                                <input type="hidden" name="valid_from" value=b.valid_from.to_string() />
                                <input type="hidden" name="amount" value=b.amount.to_string() />
                                <input type="hidden" name="expected" value=expected />
                                <OrderFields error default_type=OrderType::Main />
                                <Confirm label=Key::BaseSalaryConfirm error />
                                <button type="submit" class="button-primary">{t(Key::BaseSalaryApply)}</button>
                            </ActionForm>
                        })}
                    }
                })}
            </Loaded>
        </section>
    }
}

#[component]
fn MergeForm(
    action: ServerAction<MergeUnit>,
    unit_id: i64,
    /// The unit's revision the form was loaded with.
    revision: i64,
    is_service: bool,
    options: OrgOptions,
) -> impl IntoView {
    let error = action_error(action);
    let targets: Vec<(String, Label)> = options
        .units
        .iter()
        .filter(|u| u.id != unit_id && u.parent_id.is_none() == is_service)
        .map(|u| {
            let (name, code) = (u.name.clone(), u.code.clone());
            (
                u.id.to_string(),
                Label::new(move |l| format!("{} ({code})", name.get(l))),
            )
        })
        .collect();
    view! {
        <div class="subsection">
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::OrgMerge)}</summary>
                <p class="muted">{t(Key::OrgMergeHint)}</p>
                <ActionForm action attr:class="form">
                    <FormError error />
                    <input type="hidden" name="unit_id" value=unit_id.to_string() />
                    <input type="hidden" name="revision" value=revision.to_string() />
                    <Select label=Key::OrgMergeTarget name="target_id" options=targets error empty=Key::ChooseOne />
                    <Field label=Key::EffectiveDate name="effective_date" input_type="date" error />
                    <OrderFields error default_type=OrderType::Personnel />
                    <Confirm label=Key::ConfirmMerge error />
                    <button type="submit" class="button-danger">{t(Key::OrgMerge)}</button>
                </ActionForm>
            </details>
        </div>
    }
}
