//! HR enters applications received elsewhere (on paper, by post, the national portal's
//! export): one at a time with the application form, or a CSV file checked line by line.
//! Each entered application gets its receipt code, shown once for HR to hand over.
use super::{action, ApplicantFields};
use crate::competitions::{CompetitionDetail, EnterApplication, ImportApplications};
use crate::domain::csv_import::{RowError, APPLICATION_COLUMNS};
use crate::i18n::{t, use_locale, Key};
use crate::ui::widgets::{action_error, Field, FormError};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EnterApplications(c: CompetitionDetail) -> impl IntoView {
    let enter = action::<EnterApplication>();
    let enter_error = action_error(enter);
    let import = action::<ImportApplications>();
    let import_error = action_error(import);
    let locale = use_locale();
    let query = use_query_map();
    // The receipt of the last entry: from the action, or from the address after a post
    // without JavaScript.
    let receipt = move || {
        enter
            .value()
            .get()
            .and_then(|r| r.ok())
            .or_else(|| query.with(|q| q.get("receipt")))
    };
    // The import's outcome: from the action, or from the address after a post without
    // JavaScript (then only the counts and the codes; the per-line list needs the script).
    let imported = move || -> Option<(usize, usize, bool, Vec<RowError>, Vec<(usize, String)>)> {
        if let Some(Ok(r)) = import.value().get() {
            return Some((r.rows, r.errors.len(), r.committed, r.errors, r.receipts));
        }
        query.with(|q| {
            let receipts = q
                .get("receipts")
                .unwrap_or_default()
                .split(',')
                .filter_map(|p| {
                    let (line, code) = p.split_once(':')?;
                    Some((line.parse().ok()?, code.to_string()))
                })
                .collect();
            Some((
                q.get("rows")?.parse().ok()?,
                q.get("errors")?.parse().ok()?,
                q.get("committed").as_deref() == Some("true"),
                Vec::new(),
                receipts,
            ))
        })
    };
    view! {
        <h2>{t(Key::EntryTitle)}</h2>
        <p class="muted">{t(Key::EntryIntro)}</p>
        {move || receipt().map(|code| view! {
            <p class="alert alert-success" data-testid="entered-receipt">{Key::EntryReceipt.format(locale.get(), &[("code", &code)])}</p>
        })}
        <details open=enter_error.get_untracked().is_some()>
            <summary>{t(Key::EntryOne)}</summary>
            <ActionForm action=enter attr:class="form" attr:data-testid="entry-form">
                <FormError error=enter_error />
                <input type="hidden" name="competition_id" value=c.id />
                <Field label=Key::EntryReceivedOn name="received_on" input_type="date" error=enter_error />
                <ApplicantFields error=enter_error questions=Vec::new() />
                <button type="submit" class="button-primary">{t(Key::EntrySubmit)}</button>
            </ActionForm>
        </details>
        <details open=import_error.get_untracked().is_some()>
            <summary>{t(Key::EntryImport)}</summary>
            <ActionForm action=import attr:class="form" attr:data-testid="entry-import-form">
                <FormError error=import_error />
                <input type="hidden" name="competition_id" value=c.id />
                <p class="field-hint">{t(Key::ImportColumns)} " " <code>{APPLICATION_COLUMNS.join(",")}</code></p>
                <div class="field">
                    <label for="entry-csv">{t(Key::ImportPaste)}</label>
                    <textarea id="entry-csv" name="csv" rows="8" required=true></textarea>
                </div>
                <div class="button-row">
                    <button type="submit" name="commit" value="false">{t(Key::ImportCheck)}</button>
                    <button type="submit" name="commit" value="true" class="button-primary">{t(Key::ImportCommit)}</button>
                </div>
            </ActionForm>
        </details>
        {move || imported().map(|(rows, error_count, committed, errors, receipts)| {
            let (message, class) = crate::ui::import::outcome(locale.get(), rows, error_count, committed);
            view! {
                <p class=class role="status" data-testid="entry-import-result">{message}</p>
                {(!errors.is_empty()).then(|| view! {
                    <div class="table-scroll" tabindex="0"><table class="data">
                        <thead><tr><th>{t(Key::ImportLine)}</th><th>{t(Key::ImportColumn)}</th><th>{t(Key::ImportProblem)}</th></tr></thead>
                        <tbody>{errors.into_iter().map(|e| view! {
                            <tr><td class="num">{e.line}</td><td class="mono">{e.column}</td><td>{t(e.problem)}</td></tr>
                        }).collect_view()}</tbody>
                    </table></div>
                })}
                {(!receipts.is_empty()).then(|| view! {
                    <p>{t(Key::EntryReceiptsHint)}</p>
                    <div class="table-scroll" tabindex="0"><table class="data" data-testid="entry-receipts">
                        <thead><tr><th>{t(Key::ImportLine)}</th><th>{t(Key::ReceiptCode)}</th></tr></thead>
                        <tbody>{receipts.into_iter().map(|(line, code)| view! {
                            <tr><td class="num">{line}</td><td class="mono">{code}</td></tr>
                        }).collect_view()}</tbody>
                    </table></div>
                })}
            }
        })}
    }
}
