//! The registry as a download.
use super::{repo, OrderFilter};
use crate::domain::Coded;
use crate::i18n::Key;
use crate::ssr::export::{Export, ExportCall, Table};
use crate::ssr::Access;

pub const EXPORTS: &[Export] = &[Export {
    name: "orders",
    access: Access::OVERSIGHT,
    build: |x| Box::pin(orders(x)),
}];

async fn orders(x: ExportCall) -> Result<Table, crate::error::AppError> {
    let filter = OrderFilter {
        year: x.number("year").map(|y| y as i32),
        order_type: x.param("order_type").and_then(|c| Coded::parse(&c)),
        issuer: x.param("issuer").and_then(|c| Coded::parse(&c)),
        q: x.param("q"),
        page: None,
    };
    let rows = repo::all(&x.call.db.read, &filter).await?;
    Ok(Table {
        name: "orders",
        headers: x.headers(&[
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
                    x.text(o.issuer.key()),
                    x.text(o.order_type.key()),
                    o.title.clone(),
                    o.effective_date.to_string(),
                ]
            })
            .collect(),
    })
}
