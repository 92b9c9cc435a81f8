-- aws-iam-catalog dataset, schema 3: what services' own docs say.
--
-- Projections of the service files' `docs`, `managed_policy_changes`,
-- `features` and `managed_policies` (notices already have `notices`).

CREATE TABLE service_docs (
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    url                TEXT    NOT NULL,
    PRIMARY KEY (service_version_id, url)
) WITHOUT ROWID;

CREATE TABLE managed_policy_changes (
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    date               TEXT,             -- ISO, when the cell could be read
    date_text          TEXT    NOT NULL, -- as written
    change             TEXT    NOT NULL,
    description        TEXT    NOT NULL,
    policies           TEXT    NOT NULL, -- comma-separated names
    url                TEXT    NOT NULL
);
CREATE INDEX managed_policy_changes_by_version ON managed_policy_changes (service_version_id);

CREATE TABLE service_features (
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    feature            TEXT    NOT NULL,
    support            TEXT    NOT NULL, -- Yes, No, Partial, or as written
    PRIMARY KEY (service_version_id, feature)
) WITHOUT ROWID;

CREATE TABLE managed_policies (
    service_version_id INTEGER NOT NULL REFERENCES service_versions (id) ON DELETE CASCADE,
    name               TEXT    NOT NULL,
    document           TEXT    NOT NULL CHECK (json_valid(document)),
    url                TEXT    NOT NULL,
    PRIMARY KEY (service_version_id, name)
) WITHOUT ROWID;

CREATE VIEW latest_notices AS
    SELECT sv.prefix, n.kind, n.date, n.text, n.url
    FROM latest_services ls
    JOIN service_versions sv ON sv.id = ls.service_version_id
    JOIN notices n ON n.service_version_id = sv.id;

CREATE VIEW latest_managed_policy_changes AS
    SELECT sv.prefix, c.date, c.date_text, c.change, c.description, c.policies, c.url
    FROM latest_services ls
    JOIN service_versions sv ON sv.id = ls.service_version_id
    JOIN managed_policy_changes c ON c.service_version_id = sv.id;
