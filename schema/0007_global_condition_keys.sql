-- aws-iam-catalog dataset, schema 7: the global condition keys (the IAM User
-- Guide's page, not the reference) are part of a snapshot.
--
-- Their file, `global-condition-keys.json` in canonical form, is stored once
-- per distinct content, as service versions are; each snapshot names the one
-- it holds. Snapshots stored before this schema hold none (NULL), and so does
-- an import of a snapshot directory without the file.

CREATE TABLE global_key_versions (
    sha256   TEXT PRIMARY KEY,  -- of the canonical file
    document TEXT NOT NULL      -- the canonical file, as exported
);

ALTER TABLE snapshots ADD COLUMN global_keys_sha256 TEXT REFERENCES global_key_versions (sha256);
