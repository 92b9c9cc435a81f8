//! Fetch runs: what `cargo xtask fetch` asked for and got, with the bodies
//! in the archive. Recorded in one transaction when the run ends; read back
//! for the next run's conditional requests and by `build --from-db`.

use std::collections::BTreeMap;

use rayon::prelude::*;
use sqlx::{QueryBuilder, Sqlite};

use super::{BATCH, Store, StoreError};

/// What became of one URL of a run (`fetch_pages.status`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::Type)]
#[sqlx(rename_all = "kebab-case")]
pub enum FetchStatus {
    /// A body arrived (or a first copy was archived).
    Ok,
    /// A 304 confirmed the archived body.
    NotModified,
    /// It could not be fetched. The default, so that no row says a page
    /// was read unless its fetch said so.
    #[default]
    Failed,
    /// A twin (Markdown, JSON, the index) that is not served (HTTP 404 or
    /// 410): no failure, its page stands on its other renderings (schema 8).
    Absent,
}

impl FetchStatus {
    /// True when the row has a body to read (its sha256).
    pub fn has_body(self) -> bool {
        matches!(self, FetchStatus::Ok | FetchStatus::NotModified)
    }
}

/// One URL of a run, as recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct FetchedPageRow {
    /// As listed in the table of contents.
    pub url: String,
    /// Where redirects led, when elsewhere.
    pub final_url: Option<String>,
    /// What became of it.
    pub status: FetchStatus,
    /// Why it failed, or that it is absent.
    pub message: Option<String>,
    /// Last HTTP status.
    pub http_status: Option<i64>,
    /// `ETag`.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
    /// When it ended.
    pub fetched_at: String,
    /// Requests sent for it.
    pub attempts: i64,
    /// The body's sha256 (for `not-modified`, the archived one's).
    pub sha256: Option<String>,
}

/// A run to record.
pub struct NewFetchRun {
    /// The site or mirror.
    pub base_url: String,
    /// The `--only` selection, for a partial run.
    pub only: Option<String>,
    /// When it started.
    pub started_at: String,
    /// Requests sent.
    pub requests: u64,
    /// Of which retries.
    pub retries: u64,
    /// 304 answers.
    pub not_modified: u64,
    /// Body bytes received.
    pub bytes: u64,
    /// The URLs the run counts as its pages (the reference pages: the
    /// fetcher says which; the store knows no URL rules).
    pub reference_pages: u64,
    /// Of which failed (only reference pages fail a run; a docs page that
    /// failed is a warning).
    pub failed: u64,
    /// Every URL: its row (sha256 filled for not-modified pages) and, for
    /// fetched pages, the body.
    pub pages: Vec<(FetchedPageRow, Option<Vec<u8>>)>,
}

/// A recorded run.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct FetchRunInfo {
    /// Id.
    pub id: i64,
    /// The site or mirror.
    pub base_url: String,
    /// The `--only` selection, for a partial run.
    pub only: Option<String>,
    /// Start.
    pub started_at: String,
    /// End.
    pub finished_at: String,
    /// URLs asked for.
    pub pages: i64,
    /// URLs that failed.
    pub failed: i64,
    /// Requests sent.
    pub requests: i64,
    /// Of which retries.
    pub retries: i64,
    /// 304 answers.
    pub not_modified: i64,
    /// Body bytes received.
    pub bytes: i64,
}

impl Store {
    /// Records a run and archives its new bodies, in one transaction.
    pub async fn record_fetch_run(&self, run: NewFetchRun) -> Result<i64, StoreError> {
        let (shas, bodies) = self
            .prepare_bodies(run.pages.par_iter().map(|(_, body)| body.as_deref()))
            .await?;
        let mut tx = self.begin_write().await?;
        self.insert_bodies(&mut tx, &bodies).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO fetch_runs (base_url, only, started_at, finished_at, pages, failed, requests, retries, \
             not_modified, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&run.base_url)
        .bind(&run.only)
        .bind(&run.started_at)
        .bind(crate::clock::utc_now_rfc3339())
        .bind(run.reference_pages as i64)
        .bind(run.failed as i64)
        .bind(run.requests as i64)
        .bind(run.retries as i64)
        .bind(run.not_modified as i64)
        .bind(run.bytes as i64)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| self.err("recording the fetch run", e))?;
        let rows: Vec<(&FetchedPageRow, Option<&String>)> = run
            .pages
            .iter()
            .zip(&shas)
            .map(|((row, _), sha)| (row, sha.as_ref().or(row.sha256.as_ref())))
            .collect();
        for chunk in rows.chunks(BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO fetch_pages (run_id, url, final_url, status, message, http_status, etag, last_modified, \
                 fetched_at, attempts, sha256) ",
            );
            q.push_values(chunk, |mut b, (p, sha)| {
                b.push_bind(id)
                    .push_bind(&p.url)
                    .push_bind(&p.final_url)
                    .push_bind(p.status)
                    .push_bind(&p.message)
                    .push_bind(p.http_status)
                    .push_bind(&p.etag)
                    .push_bind(&p.last_modified)
                    .push_bind(&p.fetched_at)
                    .push_bind(p.attempts)
                    .push_bind(*sha);
            });
            q.build()
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err("recording fetched pages", e))?;
        }
        tx.commit()
            .await
            .map_err(|e| self.err("committing the fetch run", e))?;
        Ok(id)
    }

    /// The validators of the newest archived copy of each URL.
    pub async fn latest_validators(
        &self,
    ) -> Result<BTreeMap<String, (Option<String>, Option<String>, String)>, StoreError> {
        let rows: Vec<(String, Option<String>, Option<String>, String)> = sqlx::query_as(
            "SELECT url, etag, last_modified, sha256 FROM fetch_pages p \
             WHERE sha256 IS NOT NULL AND run_id = (SELECT max(run_id) FROM fetch_pages q \
                 WHERE q.url = p.url AND q.sha256 IS NOT NULL)",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err("reading validators", e))?;
        Ok(rows
            .into_iter()
            .map(|(url, etag, lm, sha)| (url, (etag, lm, sha)))
            .collect())
    }

    /// A run (the newest when `id` is `None`) and its pages.
    pub async fn fetch_run(
        &self,
        id: Option<i64>,
    ) -> Result<(FetchRunInfo, Vec<FetchedPageRow>), StoreError> {
        let info: Option<FetchRunInfo> = sqlx::query_as(
            "SELECT * FROM fetch_runs WHERE id = coalesce(?, (SELECT max(id) FROM fetch_runs))",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.err("reading the fetch run", e))?;
        let info = info.ok_or_else(|| StoreError::NoSnapshot {
            path: self.path.clone(),
            selector: id.map_or("the latest fetch run".into(), |i| format!("fetch run {i}")),
        })?;
        let pages: Vec<FetchedPageRow> = sqlx::query_as(
            "SELECT url, final_url, status, message, http_status, etag, last_modified, fetched_at, attempts, sha256 \
             FROM fetch_pages WHERE run_id = ? ORDER BY url",
        )
        .bind(info.id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err("reading the fetch run's pages", e))?;
        Ok((info, pages))
    }

    /// Page slug → prefix, from the newest snapshot (for `fetch --only`).
    pub async fn slug_prefixes(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT slug, prefix FROM pages WHERE status = 'ok' AND slug IS NOT NULL AND prefix IS NOT NULL \
             AND snapshot_id = (SELECT max(id) FROM snapshots)",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err("reading page prefixes", e))?;
        Ok(rows.into_iter().collect())
    }
}
