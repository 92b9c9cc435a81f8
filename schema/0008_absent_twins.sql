-- aws-iam-catalog dataset, schema 8: a twin that is not served is `absent`.
--
-- A page's Markdown or JSON twin (or the JSON twins' index) that answers
-- HTTP 404 or 410 is not served: no failure, its page stands on its other
-- renderings. Schema 2 allowed no such status, so such twins were stored as
-- `failed` rows with HTTP 404, and readers had to tell them apart by their
-- message. SQLite cannot alter a CHECK constraint: the table is rebuilt the
-- documented way (https://sqlite.org/lang_altertable.html, "making other
-- kinds of table schema changes"): create the new table, copy, drop the old
-- one, rename, recreate its index. No table, view or trigger refers to
-- fetch_pages, so nothing else has to be rebuilt; the copy keeps every row's
-- references to fetch_runs and page_bodies valid.
--
-- The old absent rows become `absent`: a twin URL (the path, without query
-- or fragment, ends in `.md` or `.json`, as `Rendering::of` names twins)
-- whose fetch failed with HTTP 404 or 410. Their message stays as written.

CREATE TABLE fetch_pages_new (
    run_id        INTEGER NOT NULL REFERENCES fetch_runs (id) ON DELETE CASCADE,
    url           TEXT    NOT NULL,  -- as listed in the table of contents
    final_url     TEXT,              -- after redirects inside the allow-list
    status        TEXT    NOT NULL CHECK (status IN ('ok', 'not-modified', 'failed', 'absent')),
    message       TEXT,              -- why it failed, or that it is absent
    http_status   INTEGER,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT    NOT NULL,
    attempts      INTEGER NOT NULL,
    sha256        TEXT    REFERENCES page_bodies (sha256),
    PRIMARY KEY (run_id, url)
) WITHOUT ROWID;

INSERT INTO fetch_pages_new
    (run_id, url, final_url, status, message, http_status, etag, last_modified, fetched_at, attempts, sha256)
WITH no_query AS (
    SELECT *, CASE WHEN instr(url, '?') > 0 THEN substr(url, 1, instr(url, '?') - 1) ELSE url END AS bare
    FROM fetch_pages
), paths AS (
    SELECT *, CASE WHEN instr(bare, '#') > 0 THEN substr(bare, 1, instr(bare, '#') - 1) ELSE bare END AS path
    FROM no_query
)
SELECT run_id, url, final_url,
       CASE WHEN status = 'failed' AND http_status IN (404, 410)
                 AND (substr(path, -3) = '.md' OR substr(path, -5) = '.json')
            THEN 'absent' ELSE status END,
       message, http_status, etag, last_modified, fetched_at, attempts, sha256
FROM paths;

DROP TABLE fetch_pages;
ALTER TABLE fetch_pages_new RENAME TO fetch_pages;
CREATE INDEX fetch_pages_by_url ON fetch_pages (url);
