//! Writing a snapshot: one `BEGIN IMMEDIATE` transaction, so a run killed
//! half-way leaves only the snapshots that were there before.
//!
//! Content addressing keeps a daily run small: a service whose canonical file
//! is unchanged is referenced, not stored again (and not projected again);
//! a raw page whose sha256 is known is referenced, not stored again.

use std::collections::BTreeMap;

use rayon::prelude::*;
use sqlx::{QueryBuilder, Sqlite};

use super::{BATCH, Store, StoreError};
use crate::clock;
use crate::snapshot::{CanonicalSet, Counts, KeysFile};

/// The projection of new service versions into the relational tables.
const PROJECT_SQL: &str = include_str!("project.sql");

/// A page read for a snapshot.
#[derive(Clone, Debug, Default)]
pub struct NewPage {
    /// File, archive member or URL path it was read from.
    pub source_name: String,
    /// Its address on the documentation site.
    pub url: Option<String>,
    /// `list_<slug>.html` slug.
    pub slug: Option<String>,
    /// The prefix it documents, when it parsed.
    pub prefix: Option<String>,
    /// `ok`, `moved`, `error` or `unknown` (not fetched).
    pub status: &'static str,
    /// The error, or where a moved page points.
    pub message: Option<String>,
    /// When it was fetched (RFC 3339), for fetched pages.
    pub fetched_at: Option<String>,
    /// HTTP status, for fetched pages.
    pub http_status: Option<i64>,
    /// `ETag` response header.
    pub etag: Option<String>,
    /// `Last-Modified` response header.
    pub last_modified: Option<String>,
    /// The raw body, when there is one.
    pub body: Option<Vec<u8>>,
    /// Instead of `body`, the sha256 of a body the archive already holds (a
    /// fetched page: a build from a fetch run need not hold every body until
    /// the snapshot is stored).
    pub archived: Option<String>,
    /// What the parser warned about on this page (stored in `parse_warnings`).
    pub warnings: Vec<crate::parse::Warning>,
}

/// A snapshot to store.
pub struct NewSnapshot<'a> {
    /// The data date, `YYYY-MM-DD`.
    pub taken_at: String,
    /// What was read (directory, mirror URL, import).
    pub source: String,
    /// The services, as canonical files.
    pub files: &'a CanonicalSet,
    /// Their counts.
    pub counts: Counts,
    /// The pages read (empty for an import).
    pub pages: &'a [NewPage],
    /// The global condition keys, when the snapshot has them.
    pub global_keys: Option<&'a KeysFile>,
}

/// What a write added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteSummary {
    /// The new snapshot's id.
    pub id: i64,
    /// Service versions stored for the first time.
    pub new_service_versions: usize,
    /// Raw page bodies stored for the first time.
    pub new_page_bodies: usize,
}

impl Store {
    /// Stores a snapshot in one transaction.
    pub async fn add_snapshot(&self, snap: NewSnapshot<'_>) -> Result<WriteSummary, StoreError> {
        let (mut page_shas, bodies) = self
            .prepare_bodies(snap.pages.par_iter().map(|p| p.body.as_deref()))
            .await?;
        for (sha, page) in page_shas.iter_mut().zip(snap.pages) {
            if sha.is_none() {
                sha.clone_from(&page.archived);
            }
        }

        let mut tx = self.begin_write().await?;

        // Stored once per distinct content, like a service version.
        if let Some(keys) = snap.global_keys {
            sqlx::query(
                "INSERT INTO global_key_versions (sha256, document) VALUES (?, ?) \
                 ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(&keys.sha256)
            .bind(&keys.text)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err("storing the global condition keys", e))?;
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO snapshots (taken_at, source, created_at, content_sha256, services, actions, \
             resource_types, condition_keys, operations, pages, global_keys_sha256) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&snap.taken_at)
        .bind(&snap.source)
        .bind(clock::utc_now_rfc3339())
        .bind(&snap.files.content_sha256)
        .bind(snap.counts.services as i64)
        .bind(snap.counts.actions as i64)
        .bind(snap.counts.resource_types as i64)
        .bind(snap.counts.condition_keys as i64)
        .bind(snap.counts.operations as i64)
        .bind(snap.pages.len() as i64)
        .bind(snap.global_keys.map(|k| k.sha256.as_str()))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| self.err("inserting the snapshot", e))?;
        // Said on stderr so that an operator (and the crash test) can see the
        // transaction is open: until COMMIT, a crash leaves no trace of it.
        tracing::info!("writing snapshot {id} in one transaction");

        // Service versions: reuse the ones whose content is known.
        let mut version_ids: BTreeMap<String, i64> = BTreeMap::new();
        for chunk in snap.files.files.chunks(BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "SELECT content_sha256, id FROM service_versions WHERE content_sha256 IN ",
            );
            q.push_tuples(chunk, |mut b, f| {
                b.push_bind(&f.sha256);
            });
            let rows: Vec<(String, i64)> = q
                .build_query_as()
                .fetch_all(&mut *tx)
                .await
                .map_err(|e| self.err("looking up service versions", e))?;
            version_ids.extend(rows);
        }
        let new_files: Vec<_> = snap
            .files
            .files
            .iter()
            .filter(|f| !version_ids.contains_key(&f.sha256))
            .collect();
        let mut new_ids = Vec::new();
        for chunk in new_files.chunks(BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO service_versions (prefix, name, content_sha256, document) ",
            );
            // Stored compact (`json()` drops the indentation: a third of the
            // bytes); export re-creates the canonical text and checks its hash.
            q.push_values(chunk, |mut b, f| {
                b.push_bind(&f.prefix)
                    .push_bind(&f.name)
                    .push_bind(&f.sha256)
                    .push_unseparated(", json(")
                    .push_bind_unseparated(&f.text)
                    .push_unseparated(")");
            });
            q.push(" RETURNING content_sha256, id");
            let rows: Vec<(String, i64)> = q
                .build_query_as()
                .fetch_all(&mut *tx)
                .await
                .map_err(|e| self.err("inserting service versions", e))?;
            new_ids.extend(rows.iter().map(|(_, id)| *id));
            version_ids.extend(rows);
        }
        if !new_ids.is_empty() {
            sqlx::raw_sql("CREATE TEMP TABLE IF NOT EXISTS new_versions (id INTEGER PRIMARY KEY); DELETE FROM temp.new_versions;")
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err("preparing the projection", e))?;
            for chunk in new_ids.chunks(BATCH) {
                let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO temp.new_versions (id) ");
                q.push_values(chunk, |mut b, id| {
                    b.push_bind(*id);
                });
                q.build()
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.err("preparing the projection", e))?;
            }
            sqlx::raw_sql(PROJECT_SQL)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err("projecting new service versions into the tables", e))?;
        }
        for chunk in snap.files.files.chunks(BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO snapshot_services (snapshot_id, prefix, service_version_id) ",
            );
            q.push_values(chunk, |mut b, f| {
                b.push_bind(id)
                    .push_bind(&f.prefix)
                    .push_bind(version_ids[&f.sha256]);
            });
            q.build()
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err("linking services", e))?;
        }

        self.insert_bodies(&mut tx, &bodies).await?;
        let pages: Vec<(&NewPage, &Option<String>)> = snap.pages.iter().zip(&page_shas).collect();
        for chunk in pages.chunks(BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO pages (snapshot_id, source_name, url, slug, prefix, status, message, fetched_at, \
                 http_status, etag, last_modified, sha256) ",
            );
            q.push_values(chunk, |mut b, (p, sha)| {
                b.push_bind(id)
                    .push_bind(&p.source_name)
                    .push_bind(&p.url)
                    .push_bind(&p.slug)
                    .push_bind(&p.prefix)
                    .push_bind(p.status)
                    .push_bind(&p.message)
                    .push_bind(&p.fetched_at)
                    .push_bind(p.http_status)
                    .push_bind(&p.etag)
                    .push_bind(&p.last_modified)
                    .push_bind(*sha);
            });
            q.build()
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err("recording pages", e))?;
        }

        self.insert_warnings(&mut tx, id, snap.pages).await?;

        tx.commit()
            .await
            .map_err(|e| self.err("committing the snapshot", e))?;
        Ok(WriteSummary {
            id,
            new_service_versions: new_ids.len(),
            new_page_bodies: bodies.len(),
        })
    }
}
