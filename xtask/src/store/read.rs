//! Reading snapshots back: the list, a selector (`7`, `latest`, `previous`,
//! `2026-07-01`), and a snapshot's canonical files.

use std::fmt;
use std::str::FromStr;

use super::{Store, StoreError};
use crate::snapshot::Counts;

/// Which snapshot a command means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotSelector {
    /// By id.
    Id(i64),
    /// The newest.
    Latest,
    /// The one before the newest.
    Previous,
    /// The newest taken on this date (`YYYY-MM-DD`).
    Date(String),
}

impl FromStr for SnapshotSelector {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "latest" => Ok(SnapshotSelector::Latest),
            "previous" => Ok(SnapshotSelector::Previous),
            _ if crate::clock::is_date(s) => Ok(SnapshotSelector::Date(s.to_string())),
            _ => s.parse::<i64>().map(SnapshotSelector::Id).map_err(|_| {
                format!("{s:?} is not a snapshot id, `latest`, `previous` or a date (YYYY-MM-DD)")
            }),
        }
    }
}

impl fmt::Display for SnapshotSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotSelector::Id(id) => write!(f, "{id}"),
            SnapshotSelector::Latest => f.write_str("latest"),
            SnapshotSelector::Previous => f.write_str("previous"),
            SnapshotSelector::Date(d) => f.write_str(d),
        }
    }
}

/// A row of `snapshots`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SnapshotInfo {
    /// Id.
    pub id: i64,
    /// Data date.
    pub taken_at: String,
    /// What was read.
    pub source: String,
    /// When it was written.
    pub created_at: String,
    /// Overall hash of its canonical files.
    pub content_sha256: String,
    /// Counts.
    pub counts: Counts,
    /// Pages read.
    pub pages: i64,
}

/// One service of a snapshot, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredService {
    /// Service prefix.
    pub prefix: String,
    /// Service name.
    pub name: String,
    /// sha256 of the canonical file.
    pub sha256: String,
    /// The content as compact JSON.
    pub document: String,
}

#[derive(sqlx::FromRow)]
struct SnapshotRow {
    id: i64,
    taken_at: String,
    source: String,
    created_at: String,
    content_sha256: String,
    services: i64,
    actions: i64,
    resource_types: i64,
    condition_keys: i64,
    operations: i64,
    pages: i64,
}

impl From<SnapshotRow> for SnapshotInfo {
    fn from(r: SnapshotRow) -> Self {
        SnapshotInfo {
            id: r.id,
            taken_at: r.taken_at,
            source: r.source,
            created_at: r.created_at,
            content_sha256: r.content_sha256,
            counts: Counts {
                services: r.services as usize,
                actions: r.actions as usize,
                resource_types: r.resource_types as usize,
                condition_keys: r.condition_keys as usize,
                operations: r.operations as usize,
            },
            pages: r.pages,
        }
    }
}

impl Store {
    /// Every snapshot, oldest first.
    pub async fn snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        let rows: Vec<SnapshotRow> = sqlx::query_as("SELECT * FROM snapshots ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err("listing snapshots", e))?;
        Ok(rows.into_iter().map(SnapshotInfo::from).collect())
    }

    /// The snapshot a selector means.
    pub async fn resolve(&self, selector: &SnapshotSelector) -> Result<SnapshotInfo, StoreError> {
        let all = self.snapshots().await?;
        let found = match selector {
            SnapshotSelector::Id(id) => all.iter().find(|s| s.id == *id),
            SnapshotSelector::Latest => all.last(),
            SnapshotSelector::Previous => all.len().checked_sub(2).map(|i| &all[i]),
            SnapshotSelector::Date(d) => all
                .iter()
                .rev()
                .find(|s| s.taken_at.starts_with(d.as_str())),
        };
        found.cloned().ok_or_else(|| StoreError::NoSnapshot {
            path: self.path.clone(),
            selector: selector.to_string(),
        })
    }

    /// A snapshot's canonical files, sorted by prefix.
    pub async fn services(&self, snapshot_id: i64) -> Result<Vec<StoredService>, StoreError> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT sv.prefix, sv.name, sv.content_sha256, sv.document FROM snapshot_services ss \
             JOIN service_versions sv ON sv.id = ss.service_version_id \
             WHERE ss.snapshot_id = ? ORDER BY sv.prefix",
        )
        .bind(snapshot_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err("reading the snapshot's services", e))?;
        Ok(rows
            .into_iter()
            .map(|(prefix, name, sha256, document)| StoredService {
                prefix,
                name,
                sha256,
                document,
            })
            .collect())
    }

    /// The global condition keys file a snapshot holds (its sha256 and
    /// canonical text); `None` for one stored without (before schema 7, or
    /// imported from a directory without the file).
    pub async fn global_keys(
        &self,
        snapshot_id: i64,
    ) -> Result<Option<(String, String)>, StoreError> {
        sqlx::query_as(
            "SELECT g.sha256, g.document FROM snapshots s \
             JOIN global_key_versions g ON g.sha256 = s.global_keys_sha256 WHERE s.id = ?",
        )
        .bind(snapshot_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.err("reading the snapshot's global condition keys", e))
    }

    /// Pages of a snapshot that answered "moved": slug → where to.
    pub async fn moved_pages(
        &self,
        snapshot_id: i64,
    ) -> Result<std::collections::BTreeMap<String, Option<String>>, StoreError> {
        let rows: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT slug, message FROM pages WHERE snapshot_id = ? AND status = 'moved'",
        )
        .bind(snapshot_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err("reading moved pages", e))?;
        Ok(rows
            .into_iter()
            .filter_map(|(slug, to)| Some((slug?, to)))
            .collect())
    }

    /// Runs `PRAGMA integrity_check`; `ok` when the file is sound.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err("checking integrity", e))?;
        Ok(rows
            .into_iter()
            .map(|(r,)| r)
            .collect::<Vec<_>>()
            .join("\n"))
    }
}
