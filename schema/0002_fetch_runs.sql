-- aws-iam-catalog dataset, schema 2: fetch runs.
--
-- `cargo xtask fetch` records each run and every page it asked for; the raw
-- bodies go to page_bodies (stored once per sha256, as for builds). A later
-- `build --from-db` turns a complete run into a snapshot; the validators
-- (ETag, Last-Modified) of the newest copy of a URL make the next run's
-- requests conditional.

CREATE TABLE fetch_runs (
    id           INTEGER PRIMARY KEY,
    base_url     TEXT    NOT NULL,
    only         TEXT,               -- the --only selection; NULL for a complete run
    started_at   TEXT    NOT NULL,
    finished_at  TEXT    NOT NULL,
    pages        INTEGER NOT NULL,   -- pages asked for (the table of contents' list)
    failed       INTEGER NOT NULL,   -- pages that could not be fetched
    requests     INTEGER NOT NULL,   -- HTTP requests sent, retries included
    retries      INTEGER NOT NULL,
    not_modified INTEGER NOT NULL,   -- 304 answers (archived body reused)
    bytes        INTEGER NOT NULL    -- body bytes received (after decompression)
);

CREATE TABLE fetch_pages (
    run_id        INTEGER NOT NULL REFERENCES fetch_runs (id) ON DELETE CASCADE,
    url           TEXT    NOT NULL,  -- as listed in the table of contents
    final_url     TEXT,              -- after redirects inside the allow-list
    status        TEXT    NOT NULL CHECK (status IN ('ok', 'not-modified', 'failed')),
    message       TEXT,              -- why it failed
    http_status   INTEGER,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT    NOT NULL,
    attempts      INTEGER NOT NULL,
    sha256        TEXT    REFERENCES page_bodies (sha256),
    PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
CREATE INDEX fetch_pages_by_url ON fetch_pages (url);
