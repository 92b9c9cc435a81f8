//! Reading the history views (`schema/0009_history.sql`, `0010_…`): the
//! recordings, an item's first and last recording and its field changes.

use super::{Store, StoreError};

/// A recording (a snapshot) with its counts.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Recording {
    pub snapshot_id: i64,
    pub taken_at: String,
    pub services: i64,
    pub actions: i64,
    pub resource_types: i64,
    pub condition_keys: i64,
    pub pages: i64,
}

/// What a recording's pages say of their layout, for telling eras apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayoutSample {
    /// A page was saved as a `.partial.html` fragment.
    pub partial: bool,
    /// A page was read in the July 2026 layout (HTML or Markdown).
    pub redesign: bool,
    /// The first reference page's body (by name), when archived.
    pub body: Option<Vec<u8>>,
}

/// An item's span over the recordings (a row of `*_history`).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Span {
    pub prefix: String,
    /// As the newest recording having it spells it.
    pub name: String,
    pub first_recorded: String,
    pub last_recorded: String,
    pub recordings: i64,
    /// The first recording is the database's earliest.
    pub on_or_before: bool,
    /// The newest recording has it.
    pub current: bool,
}

/// A change of a field between two recordings (a row of `*_changes`).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Change {
    pub prefix: String,
    pub name: String,
    pub taken_at: String,
    pub previous_taken_at: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// What a service version holds, for a service's timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VersionItems {
    pub name: String,
    pub actions: Vec<String>,
    pub resource_types: Vec<String>,
    pub condition_keys: Vec<String>,
    /// `slug (name)` of each page, sorted.
    pub pages: Vec<String>,
}

/// The kinds of items the `*_history` and `*_changes` views cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Action,
    ResourceType,
    ConditionKey,
}

/// `SELECT … FROM <view>` of a kind's spans, its name column as `name`
/// (static text: sqlx takes no SQL built at run time).
macro_rules! spans_of {
    ($view:literal, $column:literal, $tail:literal) => {
        concat!(
            "SELECT prefix, ",
            $column,
            " AS name, first_recorded, last_recorded, recordings, on_or_before, current FROM ",
            $view,
            " ",
            $tail
        )
    };
}

impl ItemKind {
    /// Its spans named `?2` (ignoring case), in the service `?1` or any (NULL).
    fn spans_named(self) -> &'static str {
        match self {
            ItemKind::Action => spans_of!(
                "action_history",
                "action",
                "WHERE (?1 IS NULL OR prefix = ?1) AND lower(action) = lower(?2) ORDER BY prefix"
            ),
            ItemKind::ResourceType => spans_of!(
                "resource_type_history",
                "resource_type",
                "WHERE (?1 IS NULL OR prefix = ?1) AND lower(resource_type) = lower(?2) ORDER BY prefix"
            ),
            ItemKind::ConditionKey => spans_of!(
                "condition_key_history",
                "condition_key",
                "WHERE (?1 IS NULL OR prefix = ?1) AND lower(condition_key) = lower(?2) ORDER BY prefix"
            ),
        }
    }

    /// All its spans.
    fn all_spans(self) -> &'static str {
        match self {
            ItemKind::Action => spans_of!("action_history", "action", "ORDER BY prefix, action"),
            ItemKind::ResourceType => spans_of!(
                "resource_type_history",
                "resource_type",
                "ORDER BY prefix, resource_type"
            ),
            ItemKind::ConditionKey => spans_of!(
                "condition_key_history",
                "condition_key",
                "ORDER BY prefix, condition_key"
            ),
        }
    }
}

impl Store {
    /// Every recording, in date order.
    pub async fn recordings(&self) -> Result<Vec<Recording>, StoreError> {
        sqlx::query_as(
            "SELECT snapshot_id, taken_at, services, actions, resource_types, condition_keys, pages \
             FROM history_recordings ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err("listing the recordings", e))
    }

    /// What a recording's pages say of their layout.
    pub async fn layout_sample(&self, snapshot_id: i64) -> Result<LayoutSample, StoreError> {
        let (partial, redesign): (bool, bool) = sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM pages WHERE snapshot_id = ?1 AND source_name LIKE '%.partial.html'), \
                    EXISTS (SELECT 1 FROM snapshot_services ss \
                            JOIN service_version_pages p ON p.service_version_id = ss.service_version_id \
                            WHERE ss.snapshot_id = ?1 AND p.layout IN ('html-2026', 'markdown-2026'))",
        )
        .bind(snapshot_id)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| self.err("reading a recording's layout", e))?;
        let body: Option<(String, Vec<u8>)> = sqlx::query_as(
            "SELECT b.compression, b.body FROM pages p JOIN page_bodies b ON b.sha256 = p.sha256 \
             WHERE p.snapshot_id = ? AND p.status = 'ok' AND p.slug IS NOT NULL \
             ORDER BY p.source_name LIMIT 1",
        )
        .bind(snapshot_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.err("reading a recording's page", e))?;
        let body = body.and_then(|(compression, bytes)| match compression.as_str() {
            "gzip" => {
                use std::io::Read;
                // A sample: the first 64 KiB say which template it is.
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(bytes.as_slice())
                    .take(64 << 10)
                    .read_to_end(&mut out)
                    .ok()
                    .map(|_| out)
            }
            _ => Some(bytes),
        });
        Ok(LayoutSample {
            partial,
            redesign,
            body,
        })
    }

    /// A service's span (`service_history`).
    pub async fn service_span(&self, prefix: &str) -> Result<Option<Span>, StoreError> {
        Ok(self.service_spans_of(Some(prefix)).await?.pop())
    }

    /// Every service's span.
    pub async fn service_spans(&self) -> Result<Vec<Span>, StoreError> {
        self.service_spans_of(None).await
    }

    /// The spans of the service `prefix`, or of every service.
    async fn service_spans_of(&self, prefix: Option<&str>) -> Result<Vec<Span>, StoreError> {
        sqlx::query_as(
            "SELECT prefix, name, first_recorded, last_recorded, recordings, on_or_before, current \
             FROM service_history WHERE ?1 IS NULL OR prefix = ?1 ORDER BY prefix",
        )
        .bind(prefix)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err("reading service_history", e))
    }

    /// The spans of the items of a kind named `name` (ignoring case): in
    /// one service when `prefix` is given, else in every service.
    pub async fn item_spans(
        &self,
        kind: ItemKind,
        prefix: Option<&str>,
        name: &str,
    ) -> Result<Vec<Span>, StoreError> {
        sqlx::query_as(kind.spans_named())
            .bind(prefix)
            .bind(name)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err("reading the history of an item", e))
    }

    /// Every span of a kind, for the backfill.
    pub async fn all_item_spans(&self, kind: ItemKind) -> Result<Vec<Span>, StoreError> {
        sqlx::query_as(kind.all_spans())
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err("reading the history of the items", e))
    }

    /// The field changes of one item of a service (name ignoring case).
    pub async fn item_changes(
        &self,
        kind: ItemKind,
        prefix: &str,
        name: &str,
    ) -> Result<Vec<Change>, StoreError> {
        let sql = match kind {
            ItemKind::Action => {
                "SELECT prefix, substr(qualified, length(prefix) + 2) AS name, taken_at, previous_taken_at, field, old, new \
                 FROM action_changes WHERE prefix = ?1 AND lower(qualified) = lower(?1 || ':' || ?2)"
            }
            ItemKind::ResourceType => {
                "SELECT prefix, resource_type AS name, taken_at, previous_taken_at, field, old, new \
                 FROM resource_type_changes WHERE prefix = ?1 AND lower(resource_type) = lower(?2)"
            }
            ItemKind::ConditionKey => {
                "SELECT prefix, condition_key AS name, taken_at, previous_taken_at, field, old, new \
                 FROM condition_key_changes WHERE prefix = ?1 AND lower(condition_key) = lower(?2)"
            }
        };
        sqlx::query_as(sql)
            .bind(prefix)
            .bind(name)
            .fetch_all(&self.pool)
            .await
            .map(|mut v: Vec<Change>| {
                v.sort_by(|a, b| (&a.taken_at, &a.field).cmp(&(&b.taken_at, &b.field)));
                v
            })
            .map_err(|e| self.err("reading the changes", e))
    }

    /// The service's version in each recording (`None` where it is absent),
    /// in date order.
    pub async fn service_versions_over_time(
        &self,
        prefix: &str,
    ) -> Result<Vec<(String, Option<i64>)>, StoreError> {
        sqlx::query_as(
            "SELECT r.taken_at, ss.service_version_id FROM history_recordings r \
             LEFT JOIN snapshot_services ss ON ss.snapshot_id = r.snapshot_id AND ss.prefix = ? \
             ORDER BY r.seq",
        )
        .bind(prefix)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err("reading a service's versions", e))
    }

    /// The names a service version holds, and its pages.
    pub async fn version_items(&self, version: i64) -> Result<VersionItems, StoreError> {
        let names = |sql: &'static str| async move {
            sqlx::query_scalar::<_, String>(sql)
                .bind(version)
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.err("reading a service version", e))
        };
        Ok(VersionItems {
            name: sqlx::query_scalar("SELECT name FROM service_versions WHERE id = ?")
                .bind(version)
                .fetch_one(&self.pool)
                .await
                .map_err(|e| self.err("reading a service version", e))?,
            actions: names("SELECT name FROM actions WHERE service_version_id = ? ORDER BY name")
                .await?,
            resource_types: names(
                "SELECT name FROM resource_types WHERE service_version_id = ? ORDER BY name",
            )
            .await?,
            condition_keys: names(
                "SELECT name FROM condition_keys WHERE service_version_id = ? ORDER BY name",
            )
            .await?,
            pages: names(
                "SELECT slug || ' (' || name || ')' FROM service_version_pages \
                 WHERE service_version_id = ? ORDER BY slug, name",
            )
            .await?,
        })
    }
}
