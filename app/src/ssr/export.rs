//! Downloads of lists as CSV or XLSX: `GET /export/{name}.{csv|xlsx}?filters`. Each feature
//! declares its exports ([`Export`]: a name, who may download it and how the table is built,
//! with the same authorization and scope as the list's server function); this module serves
//! them, with headers in the user's language.
use super::access::{authorize, Access, RequestAuth};
use super::{AppState, Call};
use crate::domain::common::Bilingual;
use crate::error::AppError;
use crate::i18n::{Key, Locale};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

/// A list ready to write: column headers and text cells.
pub struct Table {
    pub name: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What an export's builder gets: the authorized call, the address's parameters and the
/// language of the headers.
pub struct ExportCall {
    pub call: Call,
    pub params: HashMap<String, String>,
    pub locale: Locale,
}

impl ExportCall {
    /// A non-empty parameter.
    pub fn param(&self, key: &str) -> Option<String> {
        self.params
            .get(key)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    pub fn number(&self, key: &str) -> Option<i64> {
        self.param(key).and_then(|v| v.parse().ok())
    }

    pub fn text(&self, key: Key) -> String {
        key.text(self.locale).to_string()
    }

    pub fn headers(&self, keys: &[Key]) -> Vec<String> {
        keys.iter().map(|k| self.text(*k)).collect()
    }

    pub fn name(&self, text: &Bilingual) -> String {
        text.get(self.locale).to_string()
    }

    pub fn name_or_empty(&self, text: &Option<Bilingual>) -> String {
        text.as_ref().map(|t| self.name(t)).unwrap_or_default()
    }
}

pub type TableFuture = Pin<Box<dyn Future<Output = Result<Table, AppError>> + Send>>;

/// One download a feature offers.
pub struct Export {
    pub name: &'static str,
    pub access: Access,
    pub build: fn(ExportCall) -> TableFuture,
}

/// Serves `/export/{file}` from the features' exports.
pub async fn serve(
    state: AppState,
    auth: RequestAuth,
    file: String,
    params: HashMap<String, String>,
    headers: HeaderMap,
    exports: &[&Export],
) -> Response {
    let locale = Locale::from_cookie_header(
        headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    );
    let Some((name, format)) = file.rsplit_once('.') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(export) = exports.iter().find(|e| e.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if format != "csv" && format != "xlsx" {
        return StatusCode::NOT_FOUND.into_response();
    }
    let table = match authorize(export.access, &auth, state.clock.now()) {
        Ok(actor) => {
            let call = Call {
                db: state.db.clone(),
                actor: actor.clone(),
            };
            let logged = serde_json::json!({ "format": format, "filters": params });
            match (export.build)(ExportCall {
                call,
                params,
                locale,
            })
            .await
            {
                // Every download is a confidential read: logged before it is sent.
                Ok(table) => super::audit::log_read(
                    &state.db,
                    &actor,
                    "export",
                    export.name,
                    format,
                    Some(logged),
                )
                .await
                .map(|_| table)
                .map_err(AppError::from),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    };
    let table = match table {
        Ok(table) => table,
        Err(e) => return (e.status(), e.message().text(locale).to_string()).into_response(),
    };
    let (bytes, content_type) = if format == "csv" {
        (
            to_csv(&table).map_err(|e| e.to_string()),
            "text/csv; charset=utf-8",
        )
    } else {
        (
            to_xlsx(&table).map_err(|e| e.to_string()),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    };
    match bytes {
        Ok(bytes) => {
            let disposition = format!("attachment; filename=\"{}.{format}\"", table.name);
            (
                [
                    (header::CONTENT_TYPE, content_type.to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => AppError::internal(e).status().into_response(),
    }
}

/// CSV with a byte-order mark, so Excel opens Georgian text correctly.
/// A cell as a CSV file carries it. A spreadsheet opening the file would run a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so such a cell gets a
/// leading `'` (OWASP's advice) — unless it is a plain number such as `-12.50`. XLSX cells are
/// typed strings and stay exact.
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = text.parse::<rust_decimal::Decimal>().is_ok();
    if risky && !number {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

pub fn to_csv(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(table.headers.iter().map(|h| csv_cell(h).into_owned()))?;
    for row in &table.rows {
        writer.write_record(row.iter().map(|c| csv_cell(c).into_owned()))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

pub fn to_xlsx(table: &Table) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, text) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, text, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, text)?;
        }
    }
    sheet.autofit();
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formulas_are_neutralized_and_numbers_kept() {
        for risky in [
            "=1+1",
            "+cmd",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(csv_cell(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-12.50", "+3", "Nino", "a=b", "", "2026-01-01"] {
            assert_eq!(csv_cell(safe), safe, "{safe:?}");
        }
    }
}
