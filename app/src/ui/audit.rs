//! The audit log, for HR: filter by record, action, user and dates.
use super::widgets::{fetched, or_empty, ExportLinks, Loaded, Pager, SignedIn, HR_ONLY};
use crate::audit::{list_audit, AuditFilter};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <SignedIn roles=HR_ONLY><AuditView /></SignedIn> }
}

#[component]
fn AuditView() -> impl IntoView {
    let query = use_query_map();
    let text = move |k: &str| query.with(|q| q.get(k).filter(|v| !v.is_empty()));
    let filter = move || AuditFilter {
        entity: text("entity"),
        entity_id: text("entity_id"),
        action: text("action"),
        actor: text("actor"),
        from: text("from"),
        to: text("to"),
        page: text("page").and_then(|p| p.parse().ok()),
    };
    let rows = fetched(filter, |f| list_audit(Some(f)));
    let input = move |name: &'static str, label: Key, kind: &'static str| {
        view! {
            <div class="field"><label for=format!("audit-{name}")>{t(label)}</label>
                <input id=format!("audit-{name}") name=name type=if kind == "date" { "text" } else { kind }
                    inputmode=(kind == "date").then_some("numeric")
                    placeholder=(kind == "date").then(|| t(Key::DatePlaceholder))
                    value=move || text(name).unwrap_or_default() /></div>
        }
    };
    view! {
        <section class="card wide">
            <h1>{t(Key::AuditTitle)}</h1>
            <Form method="GET" action="" attr:class="filters">
                {input("entity", Key::ColEntity, "text")}
                {input("entity_id", Key::AuditEntityId, "text")}
                {input("action", Key::ColAction, "text")}
                {input("actor", Key::ColUser, "text")}
                {input("from", Key::AuditFrom, "date")}
                {input("to", Key::AuditTo, "date")}
                <button type="submit" class="button-primary">{t(Key::Filter)}</button>
            </Form>
            <p><ExportLinks list="audit" /></p>
            <Loaded resource=rows let:page>
                {
                    let (n, pages, total) = (page.page, page.pages(), page.total);
                    or_empty(page.items, Key::AuditNone, move |items| {
                    view! {
                        <table class="data audit" data-testid="audit">
                            <thead><tr><th>{t(Key::ColTime)}</th><th>{t(Key::ColUser)}</th><th>{t(Key::ColAction)}</th>
                                <th>{t(Key::ColEntity)}</th><th>{t(Key::ColBefore)}</th><th>{t(Key::ColAfter)}</th></tr></thead>
                            <tbody>
                                {items.into_iter().map(|r| view! {
                                    <tr><td class="mono nowrap">{r.occurred_at.clone()}</td><td>{r.actor.clone()}</td>
                                        <td class="mono">{r.action.clone()}</td><td class="mono">{r.entity.clone()} " " <span class="record-key">{r.entity_id.clone()}</span></td>
                                        <td class="json">{r.before.clone()}</td><td class="json">{r.after.clone()}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pager page=n pages total />
                    }
                })}
            </Loaded>
        </section>
    }
}
