//! Visits from paper (migration 0016): one counter per sheet and source, nothing else.

use super::on_db;
use super::Db;
use crate::error::DomainError;
use crate::model::PaperSource;

/// Adds one visit from `source` to the published sheet `slug`; false when no published
/// sheet has it. One statement: an upsert that increments.
pub async fn count(db: &Db, slug: &str, source: PaperSource) -> Result<bool, DomainError> {
    let sql = "INSERT INTO paper_visits (action_id, source, visits)
               SELECT id, $2, 1 FROM actions WHERE slug = $1 AND published = TRUE
               ON CONFLICT (action_id, source) DO UPDATE SET visits = paper_visits.visits + 1";
    let done = on_db!(db, pool => sqlx::query(sql)
        .bind(slug)
        .bind(source.code())
        .execute(pool)
        .await
        .map(|d| d.rows_affected()))?;
    Ok(done == 1)
}

/// The visits from paper of a sheet, by source (sources without visits left out).
pub async fn of_sheet(db: &Db, action_id: i64) -> Result<Vec<(PaperSource, i64)>, DomainError> {
    let sql = "SELECT source, visits FROM paper_visits WHERE action_id = $1 AND visits > 0";
    let rows: Vec<(String, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(action_id).fetch_all(pool).await)?;
    let mut visits: Vec<(PaperSource, i64)> = rows
        .into_iter()
        .filter_map(|(source, count)| PaperSource::parse(&source).map(|s| (s, count)))
        .collect();
    visits.sort_by_key(|(source, _)| PaperSource::ALL.iter().position(|s| s == source));
    Ok(visits)
}
