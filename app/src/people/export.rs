//! The employee list as a download, in the caller's scope.
use super::{repo, EmployeeFilter};
use crate::domain::Coded;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::export::{Export, ExportCall, Table};
use crate::ssr::Access;

pub const EXPORTS: &[Export] = &[Export {
    name: "employees",
    access: Access::READERS,
    build: |x| Box::pin(employees(x)),
}];

async fn employees(x: ExportCall) -> Result<Table, AppError> {
    let scope = crate::org::service::people_scope(&x.call.db, &x.call.actor).await?;
    let filter = EmployeeFilter {
        q: x.param("q"),
        unit: x.number("unit"),
        rank: x.number("rank"),
        category: x.number("category"),
        gender: x.param("gender").and_then(|c| Coded::parse(&c)),
        status: x.param("status").and_then(|c| Coded::parse(&c)),
        sort: x.param("sort"),
        page: None,
    };
    let rows = repo::all(&x.call.db.read, &filter, &scope, x.call.today()).await?;
    Ok(Table {
        name: "employees",
        headers: x.headers(&[
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
                    x.name(&r.name),
                    x.text(r.gender.key()),
                    x.name_or_empty(&r.position),
                    x.name_or_empty(&r.unit),
                    r.rank.map(|n| n.to_string()).unwrap_or_default(),
                    x.name_or_empty(&r.category),
                ]
            })
            .collect(),
    })
}
