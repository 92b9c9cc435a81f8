//! The parser's warnings, stored with their snapshot (schema 4).

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::write::NewPage;
use super::{BATCH, Store, StoreError};
use crate::parse::{Warning, WarningClass};

impl Store {
    /// Inserts the warnings of `pages` for snapshot `id`, inside the
    /// snapshot's transaction. A warning is filed under the page's
    /// `source_name`, as its `pages` row is.
    pub(super) async fn insert_warnings(
        &self,
        tx: &mut SqliteConnection,
        id: i64,
        pages: &[NewPage],
    ) -> Result<(), StoreError> {
        let rows: Vec<(&str, &Warning)> = pages
            .iter()
            .flat_map(|p| p.warnings.iter().map(|w| (p.source_name.as_str(), w)))
            .collect();
        for chunk in rows.chunks(BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO parse_warnings (snapshot_id, page, class, table_kind, row_number, value, message) ",
            );
            q.push_values(chunk, |mut b, (page, w)| {
                b.push_bind(id)
                    .push_bind(*page)
                    .push_bind(w.class.as_str())
                    .push_bind(&w.table)
                    .push_bind(w.row.map(|r| r as i64))
                    .push_bind(&w.value)
                    .push_bind(&w.message);
            });
            q.build()
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err("recording parse warnings", e))?;
        }
        Ok(())
    }

    /// The parse warnings stored with a snapshot, in page order; `page` is
    /// the page's `source_name`.
    pub async fn parse_warnings(&self, snapshot_id: i64) -> Result<Vec<Warning>, StoreError> {
        type Row = (
            String,
            String,
            Option<String>,
            Option<i64>,
            Option<String>,
            String,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT page, class, table_kind, row_number, value, message FROM parse_warnings \
             WHERE snapshot_id = ? ORDER BY rowid",
        )
        .bind(snapshot_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err("reading parse warnings", e))?;
        Ok(rows
            .into_iter()
            .filter_map(|(page, class, table, row, value, message)| {
                // A class a newer build wrote is skipped, not misfiled.
                let class = WarningClass::ALL
                    .into_iter()
                    .find(|c| c.as_str() == class)?;
                Some(Warning {
                    page,
                    class,
                    table,
                    row: row.map(|r| r as usize),
                    value,
                    message,
                })
            })
            .collect())
    }
}
