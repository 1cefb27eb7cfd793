//! The computed result of an evaluation, with the inputs that make it re-verifiable.
use super::super::repo::NewResult;
use crate::domain::evaluation::{final_mark, Bands, MethodSettings, FINAL_MARK_RULE};
use crate::error::AppError;
use crate::i18n::Key;

/// The method version a result is computed under: (method id, version number).
#[derive(Clone, Copy, Debug)]
pub struct MethodRef {
    pub id: i64,
    pub version: i64,
}

/// The result of one evaluation from its scores by competency code, with the inputs that make
/// it re-verifiable: scores, scale, bands, method version and the rule.
pub fn compute_result<C: AsRef<str>>(
    evaluation_id: i64,
    scores: &[(C, i64)],
    settings: &MethodSettings,
    method: MethodRef,
    version: i64,
    appeal_id: Option<i64>,
) -> Result<NewResult, AppError> {
    let values: Vec<u8> = scores
        .iter()
        .map(|(_, s)| u8::try_from(*s).unwrap_or(0))
        .collect();
    let mark =
        final_mark(&values, settings).map_err(|_| AppError::Conflict(Key::EvalScoreMissing))?;
    let inputs = ResultInputs {
        scores: scores.iter().map(|(code, s)| (code.as_ref(), *s)).collect(),
        sum: mark.sum,
        count: mark.count,
        mean: mark.mean,
        scale: [settings.scale_min, settings.scale_max],
        bands: &settings.bands,
        method_id: method.id,
        method_version: method.version,
        rule: FINAL_MARK_RULE,
    };
    Ok(NewResult {
        evaluation_id,
        version,
        final_mark: mark.mean.to_string(),
        rating: mark.rating,
        sum: i64::from(mark.sum),
        count: i64::from(mark.count),
        method_id: method.id,
        inputs_json: serde_json::to_string(&inputs).map_err(AppError::internal)?,
        appeal_id,
    })
}

/// What is stored with every result so it can be re-verified.
#[derive(serde::Serialize)]
struct ResultInputs<'a> {
    scores: Vec<(&'a str, i64)>,
    sum: u32,
    count: u32,
    mean: rust_decimal::Decimal,
    scale: [u8; 2],
    bands: &'a Bands,
    method_id: i64,
    method_version: i64,
    rule: &'static str,
}
