//! The pay register as a download: each officer's line, the arrears month by month as lines of
//! their own, unit subtotals and the total.
use super::service;
use crate::domain::class::roman;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::export::{Export, ExportCall, Table};
use crate::ssr::Access;
use rust_decimal::Decimal;

pub const EXPORTS: &[Export] = &[Export {
    name: "pay-register",
    access: Access::OVERSIGHT,
    build: |x| Box::pin(pay_register(x)),
}];

fn money(d: Decimal) -> String {
    format!("{d:.2}")
}

fn class(c: Option<u8>) -> String {
    c.map(roman).unwrap_or("").to_string()
}

async fn pay_register(x: ExportCall) -> Result<Table, AppError> {
    let month = service::parse_month(x.param("month"))
        .ok()
        .flatten()
        .unwrap_or_else(|| crate::domain::pay::month_of(x.call.today()));
    let r = service::register(&x.call.db, month, x.number("unit")).await?;
    let mut rows = Vec::new();
    for u in &r.units {
        let unit = x.name_or_empty(&u.unit);
        for l in &u.lines {
            let last = l.pay.segments.last();
            rows.push(vec![
                unit.clone(),
                l.personal_number.clone(),
                x.name(&l.officer.person.name),
                x.name_or_empty(&l.officer.position),
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
                    unit.clone(),
                    l.personal_number.clone(),
                    x.name(&l.officer.person.name),
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
        rows.push(totals_row(unit, x.text(Key::PayTotal), &u.totals));
    }
    rows.push(totals_row(
        x.text(Key::ReportTotal),
        String::new(),
        &r.totals,
    ));
    Ok(Table {
        name: "pay-register",
        headers: x.headers(&[
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

/// A subtotal line: in the unit column the unit (or "total"), in the name column a label.
fn totals_row(first: String, label: String, t: &super::RegisterTotals) -> Vec<String> {
    vec![
        first,
        String::new(),
        label,
        String::new(),
        money(t.salary),
        String::new(),
        String::new(),
        money(t.bonus),
        String::new(),
        money(t.arrears),
        money(t.total),
    ]
}
