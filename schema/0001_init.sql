-- aws-iam-catalog dataset, schema 1.
--
-- Migrations are numbered and never edited once landed (sqlx checks their
-- checksums); a change is a new file.
--
-- Two layers:
--   * the record: snapshots, the raw page archive, and content-addressed
--     service versions holding each service's content as compact JSON (which
--     `cargo xtask export` turns back into the canonical file, checking its
--     sha256);
--   * a relational projection of every service version (actions, resource
--     types, condition keys, ...) filled from that JSON on insert, for SQL.

CREATE TABLE snapshots (
    id             INTEGER PRIMARY KEY,
    taken_at       TEXT    NOT NULL,  -- the data date, YYYY-MM-DD
    source         TEXT    NOT NULL,  -- the directory, mirror or URL read
    created_at     TEXT    NOT NULL,  -- when the row was written, UTC RFC 3339
    content_sha256 TEXT    NOT NULL,  -- overall hash of the canonical files (manifest.toml)
    services       INTEGER NOT NULL,
    actions        INTEGER NOT NULL,
    resource_types INTEGER NOT NULL,
    condition_keys INTEGER NOT NULL,
    operations     INTEGER NOT NULL,
    pages          INTEGER NOT NULL
);

-- Raw pages, stored once per distinct content.
CREATE TABLE page_bodies (
    sha256      TEXT    PRIMARY KEY,          -- of the uncompressed body
    size        INTEGER NOT NULL,             -- uncompressed bytes
    compression TEXT    NOT NULL CHECK (compression IN ('gzip', 'none')),
    body        BLOB    NOT NULL
) WITHOUT ROWID;

-- Every page a snapshot read, with what became of it.
CREATE TABLE pages (
    snapshot_id   INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    source_name   TEXT    NOT NULL,           -- file (relative to the snapshot's source), archive member or URL path
    url           TEXT,                       -- the page's address on docs.aws.amazon.com
    slug          TEXT,
    prefix        TEXT,
    status        TEXT    NOT NULL CHECK (status IN ('ok', 'moved', 'error', 'unknown')),
    message       TEXT,                       -- the error, or where a moved page points
    fetched_at    TEXT,
    http_status   INTEGER,
    etag          TEXT,
    last_modified TEXT,
    sha256        TEXT    REFERENCES page_bodies (sha256),
    PRIMARY KEY (snapshot_id, source_name)
) WITHOUT ROWID;

-- A service as one canonical file: stored once, whatever number of
-- snapshots share it.
CREATE TABLE service_versions (
    id             INTEGER PRIMARY KEY,
    prefix         TEXT NOT NULL,
    name           TEXT NOT NULL,
    content_sha256 TEXT NOT NULL UNIQUE,     -- of the canonical file (services/<prefix>.json)
    document       TEXT NOT NULL CHECK (json_valid(document))  -- the same content, compact JSON
);
CREATE INDEX service_versions_by_prefix ON service_versions (prefix);

CREATE TABLE snapshot_services (
    snapshot_id        INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    prefix             TEXT    NOT NULL,
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id),
    PRIMARY KEY (snapshot_id, prefix)
) WITHOUT ROWID;
CREATE INDEX snapshot_services_by_version ON snapshot_services (service_version_id);

-- The projection, one set of rows per service version.

CREATE TABLE service_version_pages (
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    slug               TEXT    NOT NULL,
    url                TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    layout             TEXT    NOT NULL,
    PRIMARY KEY (service_version_id, slug)
) WITHOUT ROWID;

CREATE TABLE service_links (
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    kind               TEXT    NOT NULL,     -- guide, api_reference, iam_guide, service_reference
    url                TEXT    NOT NULL,
    PRIMARY KEY (service_version_id, kind)
) WITHOUT ROWID;

CREATE TABLE notices (
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    kind               TEXT    NOT NULL,
    date               TEXT,
    text               TEXT    NOT NULL,
    url                TEXT    NOT NULL
);
CREATE INDEX notices_by_version ON notices (service_version_id);

CREATE TABLE actions (
    id                 INTEGER PRIMARY KEY,
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    name               TEXT    NOT NULL,
    description        TEXT    NOT NULL,
    access_level       TEXT    NOT NULL,     -- as written, e.g. 'Tagging, Write'
    permission_only    INTEGER NOT NULL CHECK (permission_only IN (0, 1)),
    doc_url            TEXT,
    UNIQUE (service_version_id, name)
);

CREATE TABLE action_access_levels (
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    level     TEXT    NOT NULL CHECK (level IN ('List', 'Read', 'Write', 'Permissions management', 'Tagging')),
    PRIMARY KEY (action_id, level)
) WITHOUT ROWID;
CREATE INDEX action_access_levels_by_level ON action_access_levels (level);

CREATE TABLE action_resource_types (
    id            INTEGER PRIMARY KEY,
    action_id     INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    scenario      TEXT,                      -- NULL: the action's own rows; else the EC2 scenario
    resource_type TEXT    NOT NULL,
    required      INTEGER NOT NULL CHECK (required IN (0, 1))
);
CREATE INDEX action_resource_types_by_action ON action_resource_types (action_id);
CREATE INDEX action_resource_types_by_type ON action_resource_types (resource_type);

CREATE TABLE action_resource_condition_keys (
    action_resource_type_id INTEGER NOT NULL REFERENCES action_resource_types (id) ON DELETE CASCADE,
    condition_key           TEXT    NOT NULL,
    PRIMARY KEY (action_resource_type_id, condition_key)
) WITHOUT ROWID;

CREATE TABLE action_condition_keys (
    action_id     INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    condition_key TEXT    NOT NULL,
    PRIMARY KEY (action_id, condition_key)
) WITHOUT ROWID;
CREATE INDEX action_condition_keys_by_key ON action_condition_keys (condition_key);

CREATE TABLE dependent_actions (
    action_id  INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    depends_on TEXT    NOT NULL,             -- prefix:Action
    source     TEXT    NOT NULL,             -- dependent-actions-column, operations-table
    PRIMARY KEY (action_id, depends_on, source)
) WITHOUT ROWID;

CREATE TABLE resource_types (
    id                 INTEGER PRIMARY KEY,
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    name               TEXT    NOT NULL,
    doc_url            TEXT,
    UNIQUE (service_version_id, name)
);

CREATE TABLE arn_templates (
    resource_type_id INTEGER NOT NULL REFERENCES resource_types (id) ON DELETE CASCADE,
    template         TEXT    NOT NULL,
    PRIMARY KEY (resource_type_id, template)
) WITHOUT ROWID;

CREATE TABLE resource_type_condition_keys (
    resource_type_id INTEGER NOT NULL REFERENCES resource_types (id) ON DELETE CASCADE,
    condition_key    TEXT    NOT NULL,
    PRIMARY KEY (resource_type_id, condition_key)
) WITHOUT ROWID;

CREATE TABLE condition_keys (
    id                 INTEGER PRIMARY KEY,
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    name               TEXT    NOT NULL,
    description        TEXT    NOT NULL,
    type               TEXT    NOT NULL,
    UNIQUE (service_version_id, name)
);

CREATE TABLE operations (
    id                 INTEGER PRIMARY KEY,
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    name               TEXT    NOT NULL,
    sdk_clients        TEXT    NOT NULL      -- comma-separated, may be empty
);
CREATE INDEX operations_by_version ON operations (service_version_id);

CREATE TABLE operation_actions (
    operation_id    INTEGER NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
    action          TEXT    NOT NULL,        -- prefix:Action
    access_level    TEXT,
    condition_keys  TEXT    NOT NULL,        -- comma-separated
    possible_values TEXT    NOT NULL         -- comma-separated
);
CREATE INDEX operation_actions_by_operation ON operation_actions (operation_id);
CREATE INDEX operation_actions_by_action ON operation_actions (action);

-- Views for the common questions. `latest_*` read the newest snapshot.

CREATE VIEW latest_snapshot AS
    SELECT * FROM snapshots ORDER BY id DESC LIMIT 1;

CREATE VIEW snapshot_actions AS
    SELECT ss.snapshot_id, sv.prefix, a.name AS action, sv.prefix || ':' || a.name AS qualified,
           a.description, a.access_level, a.permission_only, a.id AS action_id
    FROM snapshot_services ss
    JOIN service_versions sv ON sv.id = ss.service_version_id
    JOIN actions a ON a.service_version_id = sv.id;

CREATE VIEW latest_actions AS
    SELECT * FROM snapshot_actions WHERE snapshot_id = (SELECT id FROM latest_snapshot);

CREATE VIEW latest_action_resource_types AS
    SELECT la.prefix, la.action, la.qualified, art.resource_type, art.required, art.scenario
    FROM latest_actions la
    JOIN action_resource_types art ON art.action_id = la.action_id;

CREATE VIEW latest_services AS
    SELECT sv.prefix, sv.name, sv.content_sha256, sv.id AS service_version_id,
           (SELECT count(*) FROM actions a WHERE a.service_version_id = sv.id) AS actions
    FROM snapshot_services ss
    JOIN service_versions sv ON sv.id = ss.service_version_id
    WHERE ss.snapshot_id = (SELECT id FROM latest_snapshot);
