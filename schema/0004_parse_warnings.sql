-- aws-iam-catalog dataset, schema 4: what the parser warned about.
--
-- The parser is strict on structure and lenient on content: a value inside a
-- cell that breaks a naming rule is normalised or kept as written, a
-- duplicated action row is kept once, and each such case is a warning. They
-- are stored with the snapshot whose pages they are about (the canonical
-- files do not carry them), so that a review can count them by class.

CREATE TABLE parse_warnings (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    page        TEXT    NOT NULL,  -- pages.source_name of the page
    class       TEXT    NOT NULL,  -- WarningClass::as_str(): normalised, kept-as-written, …
    table_kind  TEXT,              -- "actions", "resource types", … when in a table
    row_number  INTEGER,           -- 1-based body row of that table
    value       TEXT,              -- the value as written on the page
    message     TEXT    NOT NULL
);

CREATE INDEX parse_warnings_by_snapshot ON parse_warnings (snapshot_id, class);
