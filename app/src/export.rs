//! Downloads of the lists as CSV or XLSX: `GET /export/{list}.{csv|xlsx}?filters`. The same
//! authorization and scope as the list's server function; headers in the user's language.
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::{
    employment_type_key, gender_key, issuer_key, order_type_key, rating_key, report_group_key,
    stage_key, Key, Locale,
};
use crate::ssr::access::{decide, Access, RequestAuth};
use crate::ssr::{scope, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::HashMap;

/// A list ready to write: column headers and text cells.
pub struct Table {
    pub name: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

pub async fn handler(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(file): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let locale = Locale::from_cookie_header(
        headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    );
    let Some((list, format)) = file.rsplit_once('.') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if format != "csv" && format != "xlsx" {
        return StatusCode::NOT_FOUND.into_response();
    }
    match table(&state, &auth, list, &params, locale).await {
        Ok(table) => {
            let result = if format == "csv" {
                to_csv(&table).map_err(|e| e.to_string())
            } else {
                to_xlsx(&table).map_err(|e| e.to_string())
            };
            match result {
                Ok(bytes) => {
                    let content_type = if format == "csv" {
                        "text/csv; charset=utf-8"
                    } else {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    };
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
        Err(e) => (e.status(), e.message().text(locale).to_string()).into_response(),
    }
}

fn param(params: &HashMap<String, String>, key: &str) -> Option<String> {
    params
        .get(key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn number(params: &HashMap<String, String>, key: &str) -> Option<i64> {
    param(params, key).and_then(|v| v.parse().ok())
}

async fn table(
    state: &AppState,
    auth: &RequestAuth,
    list: &str,
    params: &HashMap<String, String>,
    locale: Locale,
) -> Result<Table, AppError> {
    let access = match list {
        "employees" | "staff-list" | "units" => {
            Access::AnyOf(&[Role::Hr, Role::Mayor, Role::Manager])
        }
        "orders" | "vacancies" | "staff-report" => Access::AnyOf(&[Role::Hr, Role::Mayor]),
        "audit" => Access::AnyOf(&[Role::Hr]),
        // Evaluation results are confidential: HR and the mayor; the individual list is logged.
        "evaluations" | "evaluation-distribution" => Access::AnyOf(&[Role::Hr, Role::Mayor]),
        // Pay belongs to HR and the mayor.
        "pay-register" => Access::AnyOf(&[Role::Hr, Role::Mayor]),
        _ => return Err(AppError::NotFound),
    };
    decide(access, auth.session.as_ref())?;
    let session = auth.session.clone().ok_or(AppError::Unauthenticated)?;
    let actor = crate::ssr::Actor {
        session_id: session.session_id,
        user: session.user,
        client_addr: auth.client_addr.clone(),
    };
    let db = &state.db.read;
    let h = |keys: &[Key]| {
        keys.iter()
            .map(|k| k.text(locale).to_string())
            .collect::<Vec<_>>()
    };
    let bi = |b: &crate::org::Bilingual| b.get(locale).to_string();
    let opt = |b: &Option<crate::org::Bilingual>| {
        b.as_ref()
            .map(|b| b.get(locale).to_string())
            .unwrap_or_default()
    };
    match list {
        "employees" => {
            let scope = scope::people_scope(&actor, db).await?;
            let filter = crate::people::EmployeeFilter {
                q: param(params, "q"),
                unit: number(params, "unit"),
                rank: number(params, "rank"),
                category: number(params, "category"),
                gender: param(params, "gender"),
                status: param(params, "status"),
                sort: param(params, "sort"),
                page: None,
            };
            let rows = crate::people::repo::all(db, &filter, &scope, crate::org::today()).await?;
            Ok(Table {
                name: "employees",
                headers: h(&[
                    Key::ColPersonalNumber,
                    Key::ColName,
                    Key::ColGender,
                    Key::ColPosition,
                    Key::ColUnit,
                    Key::ColRank,
                    Key::ColCategory,
                ]),
                rows: rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.personal_number.clone(),
                            bi(&r.name),
                            gender_key(&r.gender).text(locale).to_string(),
                            opt(&r.position),
                            opt(&r.unit),
                            r.rank.map(|n| n.to_string()).unwrap_or_default(),
                            opt(&r.category),
                        ]
                    })
                    .collect(),
            })
        }
        "orders" => {
            let filter = crate::orders::OrderFilter {
                year: number(params, "year").map(|y| y as i32),
                order_type: param(params, "order_type"),
                issuer: param(params, "issuer"),
                q: param(params, "q"),
                page: None,
            };
            let rows = crate::orders::repo::all(db, &filter).await?;
            Ok(Table {
                name: "orders",
                headers: h(&[
                    Key::ColNumber,
                    Key::ColDate,
                    Key::ColIssuer,
                    Key::ColType,
                    Key::ColTitle,
                    Key::ColEffective,
                ]),
                rows: rows
                    .iter()
                    .map(|o| {
                        vec![
                            o.number.clone(),
                            o.order_date.to_string(),
                            issuer_key(&o.issuer).text(locale).to_string(),
                            order_type_key(&o.order_type).text(locale).to_string(),
                            o.title.clone(),
                            o.effective_date.to_string(),
                        ]
                    })
                    .collect(),
            })
        }
        "staff-list" => {
            let scope = scope::people_scope(&actor, db).await?;
            let on = crate::org::parse_as_of(&param(params, "as_of"))?;
            let unit = number(params, "unit").ok_or(AppError::NotFound)?;
            let staff = crate::org::service::unit_staff(db, unit, on, &scope).await?;
            let mut headers = h(&[
                Key::ColPosition,
                Key::OrgHolder,
                Key::ColRank,
                Key::ColCategory,
                Key::OrgEmployment,
            ]);
            if scope.sees_salaries() {
                headers.push(Key::ColSalary.text(locale).to_string());
            }
            Ok(Table {
                name: "staff-list",
                headers,
                rows: staff
                    .rows
                    .iter()
                    .map(|r| {
                        let mut row = vec![
                            bi(&r.title),
                            r.holder
                                .as_ref()
                                .map(|p| bi(&p.name))
                                .unwrap_or_else(|| Key::OrgVacant.text(locale).to_string()),
                            r.rank.map(|n| n.to_string()).unwrap_or_default(),
                            opt(&r.category),
                            employment_type_key(&r.employment_type)
                                .text(locale)
                                .to_string(),
                        ];
                        if let Some(salary) = r.salary {
                            row.push(salary.to_string());
                        }
                        row
                    })
                    .collect(),
            })
        }
        "units" => {
            let on = crate::org::parse_as_of(&param(params, "as_of"))?;
            let tree = crate::org::service::tree(db, on).await?;
            Ok(Table {
                name: "units",
                headers: h(&[
                    Key::OrgCode,
                    Key::ColUnit,
                    Key::OrgHead,
                    Key::StatPositions,
                    Key::StatStaff,
                    Key::OrgVacancies,
                ]),
                rows: tree
                    .units
                    .iter()
                    .map(|u| {
                        vec![
                            u.code.clone(),
                            bi(&u.name),
                            u.head.as_ref().map(|p| bi(&p.name)).unwrap_or_default(),
                            u.positions.to_string(),
                            u.staff.to_string(),
                            u.vacancies.to_string(),
                        ]
                    })
                    .collect(),
            })
        }
        "vacancies" => {
            let on = crate::org::parse_as_of(&param(params, "as_of"))?;
            let rows = crate::org::service::vacancies(db, on).await?;
            Ok(Table {
                name: "vacancies",
                headers: h(&[
                    Key::ColUnit,
                    Key::ColPosition,
                    Key::ColRank,
                    Key::ColCategory,
                    Key::ColSalary,
                ]),
                rows: rows
                    .iter()
                    .map(|v| {
                        vec![
                            opt(&v.unit),
                            bi(&v.title),
                            v.rank.map(|n| n.to_string()).unwrap_or_default(),
                            opt(&v.category),
                            v.salary.to_string(),
                        ]
                    })
                    .collect(),
            })
        }
        "staff-report" => {
            let on = crate::org::parse_as_of(&param(params, "as_of"))?;
            let report = crate::org::repo::staff_report(db, on).await?;
            Ok(Table {
                name: "staff-report",
                headers: h(&[Key::ColCategory, Key::ColWomen, Key::ColMen, Key::ColTotal]),
                rows: report
                    .rows
                    .iter()
                    .chain(std::iter::once(&report.total))
                    .map(|r| {
                        vec![
                            report_group_key(&r.group).text(locale).to_string(),
                            r.women.to_string(),
                            r.men.to_string(),
                            r.total().to_string(),
                        ]
                    })
                    .collect(),
            })
        }
        "evaluations" => {
            let cycle = number(params, "cycle").ok_or(AppError::NotFound)?;
            let filter = crate::evaluation::repo::EvalFilter {
                cycle_id: Some(cycle),
                stage: param(params, "stage"),
                q: param(params, "q"),
                ..Default::default()
            };
            let rows =
                crate::evaluation::repo::rows(db, &filter, None, crate::org::today()).await?;
            let mut tx = state.db.write.begin().await?;
            crate::org::service::audit(
                &mut tx,
                &actor,
                "evaluation.export",
                "evaluation_cycle",
                cycle,
                None,
                Some(serde_json::json!({ "rows": rows.len() })),
            )
            .await?;
            tx.commit().await?;
            Ok(Table {
                name: "evaluations",
                headers: h(&[
                    Key::EvalPeriod,
                    Key::ColName,
                    Key::ColPosition,
                    Key::ColUnit,
                    Key::EvalEvaluator,
                    Key::EvalStage,
                    Key::EvalMark,
                    Key::EvalRating,
                ]),
                rows: rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.period.clone(),
                            bi(&r.employee.name),
                            opt(&r.position),
                            opt(&r.unit),
                            r.evaluator
                                .as_ref()
                                .map(|e| bi(&e.name))
                                .unwrap_or_default(),
                            stage_key(&r.stage).text(locale).to_string(),
                            r.mark.clone().unwrap_or_default(),
                            r.rating
                                .as_deref()
                                .map(|c| rating_key(c).text(locale).to_string())
                                .unwrap_or_default(),
                        ]
                    })
                    .collect(),
            })
        }
        "pay-register" => {
            let month = param(params, "month")
                .and_then(|m| {
                    chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()
                })
                .unwrap_or_else(|| crate::domain::pay::month_of(crate::org::today()));
            let r = crate::classes::service::register(db, month, number(params, "unit")).await?;
            let money = |d: rust_decimal::Decimal| format!("{d:.2}");
            let class =
                |c: Option<u8>| c.map(crate::domain::class::roman).unwrap_or("").to_string();
            let mut rows = Vec::new();
            for u in &r.units {
                for l in &u.lines {
                    let last = l.pay.segments.last();
                    rows.push(vec![
                        opt(&u.unit),
                        l.personal_number.clone(),
                        bi(&l.officer.person.name),
                        opt(&l.officer.position),
                        money(l.pay.salary),
                        class(last.and_then(|s| s.class_no)),
                        last.map(|s| s.rate.to_string()).unwrap_or_default(),
                        money(l.pay.bonus),
                        String::new(),
                        money(l.arrears_total()),
                        money(l.total),
                    ]);
                    // Arrears month by month, as separate lines.
                    for a in &l.arrears {
                        rows.push(vec![
                            opt(&u.unit),
                            l.personal_number.clone(),
                            bi(&l.officer.person.name),
                            String::new(),
                            String::new(),
                            format!("{} → {}", class(a.class_before), class(a.class_after)),
                            String::new(),
                            String::new(),
                            a.month.format("%Y-%m").to_string(),
                            money(a.amount),
                            String::new(),
                        ]);
                    }
                }
                let t = &u.totals;
                rows.push(vec![
                    opt(&u.unit),
                    String::new(),
                    Key::PayTotal.text(locale).to_string(),
                    String::new(),
                    money(t.salary),
                    String::new(),
                    String::new(),
                    money(t.bonus),
                    String::new(),
                    money(t.arrears),
                    money(t.total),
                ]);
            }
            let t = &r.totals;
            rows.push(vec![
                Key::ReportTotal.text(locale).to_string(),
                String::new(),
                String::new(),
                String::new(),
                money(t.salary),
                String::new(),
                String::new(),
                money(t.bonus),
                String::new(),
                money(t.arrears),
                money(t.total),
            ]);
            Ok(Table {
                name: "pay-register",
                headers: h(&[
                    Key::ColUnit,
                    Key::ColPersonalNumber,
                    Key::ColName,
                    Key::ColPosition,
                    Key::PaySalary,
                    Key::ClassColumn,
                    Key::PayRate,
                    Key::PayBonus,
                    Key::PayArrearsMonths,
                    Key::PayArrears,
                    Key::PayTotal,
                ]),
                rows,
            })
        }
        "evaluation-distribution" => {
            let cycle = number(params, "cycle").ok_or(AppError::NotFound)?;
            let d = crate::evaluation::service::dashboard(db, cycle, crate::org::today()).await?;
            let mut headers = h(&[Key::ColUnit]);
            headers.extend(
                crate::domain::evaluation::Rating::ALL
                    .iter()
                    .map(|r| rating_key(r.code()).text(locale).to_string()),
            );
            headers.push(Key::ReportTotal.text(locale).to_string());
            // Groups of fewer than 3 would identify people: their cells are suppressed.
            let cells = |counts: &[i64], total: i64| -> Vec<String> {
                if total < crate::domain::evaluation::MIN_GROUP {
                    let mut v = vec!["<3".to_string(); counts.len()];
                    v.push("<3".to_string());
                    v
                } else {
                    let mut v: Vec<String> = counts.iter().map(|n| n.to_string()).collect();
                    v.push(total.to_string());
                    v
                }
            };
            let mut rows: Vec<Vec<String>> = d
                .distribution
                .iter()
                .map(|u| {
                    let mut row = vec![bi(&u.unit)];
                    row.extend(cells(&u.ratings, u.total));
                    row
                })
                .collect();
            let total: i64 = d.rating_totals.iter().sum();
            let mut row = vec![Key::ReportTotal.text(locale).to_string()];
            row.extend(cells(&d.rating_totals, total));
            rows.push(row);
            Ok(Table {
                name: "evaluation-distribution",
                headers,
                rows,
            })
        }
        _ => {
            let filter = crate::audit::AuditFilter {
                entity: param(params, "entity"),
                entity_id: param(params, "entity_id"),
                action: param(params, "action"),
                actor: param(params, "actor"),
                from: param(params, "from"),
                to: param(params, "to"),
                page: None,
            };
            let page = crate::audit::repo::list(db, &filter, false).await?;
            Ok(Table {
                name: "audit",
                headers: h(&[
                    Key::ColTime,
                    Key::ColUser,
                    Key::ColAction,
                    Key::ColEntity,
                    Key::ColBefore,
                    Key::ColAfter,
                ]),
                rows: page
                    .items
                    .into_iter()
                    .map(|r| {
                        vec![
                            r.occurred_at,
                            r.actor.unwrap_or_default(),
                            r.action,
                            format!("{} {}", r.entity, r.entity_id.unwrap_or_default()),
                            r.before.unwrap_or_default(),
                            r.after.unwrap_or_default(),
                        ]
                    })
                    .collect(),
            })
        }
    }
}

/// CSV with a byte-order mark, so Excel opens Georgian text correctly.
pub fn to_csv(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(&table.headers)?;
    for row in &table.rows {
        writer.write_record(row)?;
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
