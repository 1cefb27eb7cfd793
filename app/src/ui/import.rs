//! Importing employees or positions from CSV: check first (row-by-row errors), then import
//! everything or nothing.
use super::widgets::{action_error, FormError, SignedIn, HR_ONLY};
use super::Hydrated;
use crate::domain::csv_import::{EMPLOYEE_COLUMNS, POSITION_COLUMNS};
use crate::i18n::{t, use_locale, Key};
use crate::people::ImportCsv;
use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    let action = ServerAction::<ImportCsv>::new();
    let error = action_error(action);
    let locale = use_locale();
    let hydrated = use_context::<Hydrated>().map(|h| h.0);
    let (kind, set_kind) = signal("employees".to_string());
    let query = leptos_router::hooks::use_query_map();
    let columns = move || {
        if kind.get() == "positions" {
            POSITION_COLUMNS.join(",")
        } else {
            EMPLOYEE_COLUMNS.join(",")
        }
    };
    view! {
        <SignedIn roles=HR_ONLY>
            <section class="card wide">
                <h1>{t(Key::ImportTitle)}</h1>
                <p class="muted">{t(Key::ImportIntro)}</p>
                <ActionForm action attr:class="form" attr:data-testid="import-form">
                    <FormError error />
                    <div class="field">
                        <label for="import-kind">{t(Key::ImportKind)}</label>
                        <select id="import-kind" name="kind" on:change=move |ev| set_kind.set(event_target_value(&ev))>
                            <option value="employees">{t(Key::ImportEmployees)}</option>
                            <option value="positions">{t(Key::ImportPositions)}</option>
                        </select>
                    </div>
                    <p class="field-hint">{t(Key::ImportColumns)} " " <code>{columns}</code></p>
                    <Show when=move || hydrated.is_some_and(|h| h.get())>
                        <div class="field">
                            <label for="import-file">{t(Key::ImportFile)}</label>
                            <input id="import-file" type="file" accept=".csv,text/csv" data-testid="import-file" on:change=read_file_into_textarea />
                        </div>
                    </Show>
                    <div class="field">
                        <label for="import-csv">{t(Key::ImportPaste)}</label>
                        <textarea id="import-csv" name="csv" rows="10" required=true data-testid="import-csv"></textarea>
                    </div>
                    <div class="button-row">
                        <button type="submit" name="commit" value="false" data-testid="import-check">{t(Key::ImportCheck)}</button>
                        <button type="submit" name="commit" value="true" class="button-primary" data-testid="import-commit">{t(Key::ImportCommit)}</button>
                    </div>
                </ActionForm>
                {move || (action.value().get().is_none()).then(|| {
                    // After a post without JavaScript: the outcome from the address.
                    let q = query.read();
                    let number = |k: &str| q.get(k).and_then(|v| v.parse::<usize>().ok());
                    number("rows").map(|rows| {
                        let (message, class) = outcome(locale.get(), rows, number("errors").unwrap_or(0), q.get("committed").as_deref() == Some("true"));
                        view! { <p class=class role="status" data-testid="import-result">{message}</p> }
                    })
                })}
                {move || action.value().get().and_then(|r| r.ok()).map(|report| {
                    let (message, class) = outcome(locale.get(), report.rows, report.errors.len(), report.committed);
                    view! {
                        <p class=class role="status" data-testid="import-result">{message}</p>
                        {(!report.errors.is_empty()).then(|| view! {
                            <table class="data" data-testid="import-errors">
                                <thead><tr><th>{t(Key::ImportLine)}</th><th>{t(Key::ImportColumn)}</th><th>{t(Key::ImportProblem)}</th></tr></thead>
                                <tbody>
                                    {report.errors.iter().map(|e| view! {
                                        <tr><td class="num">{e.line}</td><td class="mono">{e.column.clone()}</td><td>{t(e.problem)}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        })}
                    }
                })}
            </section>
        </SignedIn>
    }
}

/// The line that sums up a check or an import, and its alert style.
pub(crate) fn outcome(
    locale: crate::i18n::Locale,
    rows: usize,
    errors: usize,
    committed: bool,
) -> (String, &'static str) {
    if committed {
        (
            Key::ImportDone.format(locale, &[("rows", &rows.to_string())]),
            "alert alert-ok",
        )
    } else if errors == 0 {
        (
            Key::ImportReady.format(locale, &[("rows", &rows.to_string())]),
            "alert alert-ok",
        )
    } else {
        (
            Key::ImportHasErrors.format(locale, &[("count", &errors.to_string())]),
            "alert alert-error",
        )
    }
}

/// Reads the chosen file as text into the form's text area (after hydration only).
fn read_file_into_textarea(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            if let (Ok(text), Some(area)) = (text, document().get_element_by_id("import-csv")) {
                if let (Some(text), Ok(area)) = (
                    text.as_string(),
                    area.dyn_into::<web_sys::HtmlTextAreaElement>(),
                ) {
                    area.set_value(&text);
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}
