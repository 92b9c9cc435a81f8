-- aws-iam-catalog dataset, schema 9: the history the snapshots hold, as views.
--
-- Every snapshot in the database is a recording of the reference on its
-- date (`taken_at`). These views read all of them in date order and say, for
-- every service, action, resource type and condition key, the first and the
-- last recording that has it, and each change of its fields between two
-- recordings that both have it. Nothing is stored: the views follow whatever
-- snapshots the database holds (the daily job's, or a replay of the past).
--
-- Names are matched case-insensitively within a service (IAM names are), and
-- each item is shown with its newest spelling. A first recording that is the
-- database's earliest is "on or before" that date (`on_or_before` = 1): the
-- item may be older than the history held.
--
-- They are cheap because snapshots are content-addressed: a service version
-- is read once however many snapshots share it, and fields are compared only
-- where a service's version changed between two of its recordings.
--
-- Written for SQLite 3.25 and later (window functions); no aggregate ORDER BY
-- (3.44), so that any `sqlite3` shell can read them: lists are built from
-- ordered subqueries.

-- The recordings, in date order, numbered from 1.
CREATE VIEW history_recordings AS
SELECT id AS snapshot_id, taken_at,
       row_number() OVER (ORDER BY taken_at, id) AS seq,
       services, actions, resource_types, condition_keys, pages
FROM snapshots;

-- Each service version: the first and last recording holding it, and how many do.
CREATE VIEW history_version_spans AS
SELECT ss.service_version_id, ss.prefix,
       min(s.taken_at) AS first_recorded, max(s.taken_at) AS last_recorded, count(*) AS recordings
FROM snapshot_services ss
JOIN snapshots s ON s.id = ss.snapshot_id
GROUP BY ss.service_version_id, ss.prefix;

-- Each recording where a service's version differs from the one of its
-- previous recording (the recording before may lack the service: then the
-- comparison is with the last recording that had it).
CREATE VIEW history_service_steps AS
SELECT prefix, taken_at, snapshot_id, service_version_id, previous_taken_at, previous_version_id
FROM (
    SELECT ss.prefix, s.taken_at, s.id AS snapshot_id, ss.service_version_id,
           lag(s.taken_at) OVER w AS previous_taken_at,
           lag(ss.service_version_id) OVER w AS previous_version_id
    FROM snapshot_services ss
    JOIN snapshots s ON s.id = ss.snapshot_id
    WINDOW w AS (PARTITION BY ss.prefix ORDER BY s.taken_at, s.id)
)
WHERE previous_version_id IS NOT NULL AND previous_version_id <> service_version_id;

-- First and last recordings of every service (prefix). `current` is 1 when
-- the newest snapshot has it.
CREATE VIEW service_history AS
SELECT vs.prefix,
       substr(max(vs.last_recorded || sv.name), 11) AS name,
       min(vs.first_recorded) AS first_recorded,
       max(vs.last_recorded) AS last_recorded,
       sum(vs.recordings) AS recordings,
       min(vs.first_recorded) = (SELECT min(taken_at) FROM snapshots) AS on_or_before,
       max(vs.last_recorded) = (SELECT max(taken_at) FROM snapshots) AS current
FROM history_version_spans vs
JOIN service_versions sv ON sv.id = vs.service_version_id
GROUP BY vs.prefix;

-- The same for every action, `qualified` as in a policy (`s3:GetObject`).
CREATE VIEW action_history AS
SELECT prefix, name AS action, prefix || ':' || name AS qualified,
       first_recorded, last_recorded, recordings,
       first_recorded = (SELECT min(taken_at) FROM snapshots) AS on_or_before,
       last_recorded = (SELECT max(taken_at) FROM snapshots) AS current
FROM (
    SELECT vs.prefix, substr(max(vs.last_recorded || a.name), 11) AS name,
           min(vs.first_recorded) AS first_recorded, max(vs.last_recorded) AS last_recorded,
           sum(vs.recordings) AS recordings
    FROM history_version_spans vs
    JOIN actions a ON a.service_version_id = vs.service_version_id
    GROUP BY vs.prefix, lower(a.name)
);

-- The same for every resource type of a service (`s3` `bucket`).
CREATE VIEW resource_type_history AS
SELECT prefix, name AS resource_type, first_recorded, last_recorded, recordings,
       first_recorded = (SELECT min(taken_at) FROM snapshots) AS on_or_before,
       last_recorded = (SELECT max(taken_at) FROM snapshots) AS current
FROM (
    SELECT vs.prefix, substr(max(vs.last_recorded || r.name), 11) AS name,
           min(vs.first_recorded) AS first_recorded, max(vs.last_recorded) AS last_recorded,
           sum(vs.recordings) AS recordings
    FROM history_version_spans vs
    JOIN resource_types r ON r.service_version_id = vs.service_version_id
    GROUP BY vs.prefix, lower(r.name)
);

-- The same for every condition key a service's table lists (global keys such
-- as `aws:SourceIp` appear once per service that lists them).
CREATE VIEW condition_key_history AS
SELECT prefix, name AS condition_key, first_recorded, last_recorded, recordings,
       first_recorded = (SELECT min(taken_at) FROM snapshots) AS on_or_before,
       last_recorded = (SELECT max(taken_at) FROM snapshots) AS current
FROM (
    SELECT vs.prefix, substr(max(vs.last_recorded || k.name), 11) AS name,
           min(vs.first_recorded) AS first_recorded, max(vs.last_recorded) AS last_recorded,
           sum(vs.recordings) AS recordings
    FROM history_version_spans vs
    JOIN condition_keys k ON k.service_version_id = vs.service_version_id
    GROUP BY vs.prefix, lower(k.name)
);

-- What appeared when: one row per item whose first recording is not the
-- database's earliest. "What did AWS add in 2024":
--   SELECT kind, count(*) FROM history_additions
--   WHERE first_recorded LIKE '2024-%' GROUP BY kind;
CREATE VIEW history_additions AS
SELECT 'service' AS kind, prefix, prefix AS item, first_recorded FROM service_history WHERE NOT on_or_before
UNION ALL
SELECT 'action', prefix, qualified, first_recorded FROM action_history WHERE NOT on_or_before
UNION ALL
SELECT 'resource_type', prefix, prefix || ':' || resource_type, first_recorded FROM resource_type_history WHERE NOT on_or_before
UNION ALL
SELECT 'condition_key', prefix, prefix || ' ' || condition_key, first_recorded FROM condition_key_history WHERE NOT on_or_before;

-- What went: one row per item the newest snapshot lacks, with the last
-- recording that had it.
CREATE VIEW history_removals AS
SELECT 'service' AS kind, prefix, prefix AS item, last_recorded FROM service_history WHERE NOT current
UNION ALL
SELECT 'action', prefix, qualified, last_recorded FROM action_history WHERE NOT current
UNION ALL
SELECT 'resource_type', prefix, prefix || ':' || resource_type, last_recorded FROM resource_type_history WHERE NOT current
UNION ALL
SELECT 'condition_key', prefix, prefix || ' ' || condition_key, last_recorded FROM condition_key_history WHERE NOT current;

-- An action of a service version matched with the same action (ignoring
-- case) of the version its service had in its previous recording: one row
-- per action present on both sides of a step. Rows are paired by id first;
-- fields are read only for the pairs a query keeps.
CREATE VIEW history_action_pairs AS
SELECT st.prefix, st.taken_at, st.previous_taken_at, n.name, o.id AS old_id, n.id AS new_id
FROM history_service_steps st
JOIN actions o ON o.service_version_id = st.previous_version_id
JOIN actions n ON n.service_version_id = st.service_version_id AND lower(n.name) = lower(o.name);

-- An action's access levels as comparable text (sorted).
CREATE VIEW history_action_levels AS
SELECT a.id AS action_id,
       (SELECT coalesce(group_concat(level, ', '), '') FROM
           (SELECT level FROM action_access_levels l WHERE l.action_id = a.id ORDER BY level)) AS levels
FROM actions a;

-- An action's resource types (its own rows, not EC2's scenarios) as
-- comparable text: the names sorted, and the same with `*` on the required
-- ones, as the docs mark them.
CREATE VIEW history_action_resources AS
SELECT a.id AS action_id,
       (SELECT coalesce(group_concat(resource_type, ', '), '') FROM
           (SELECT DISTINCT resource_type FROM action_resource_types r
            WHERE r.action_id = a.id AND r.scenario IS NULL ORDER BY resource_type)) AS types,
       (SELECT coalesce(group_concat(resource_type || CASE WHEN required THEN '*' ELSE '' END, ', '), '') FROM
           (SELECT resource_type, max(required) AS required FROM action_resource_types r
            WHERE r.action_id = a.id AND r.scenario IS NULL GROUP BY resource_type ORDER BY resource_type)) AS required
FROM actions a;

-- Each change of an action's access level, resource types or required flags
-- between two recordings of its service (`taken_at` is the first recording
-- with the new value, `previous_taken_at` the last with the old one). A
-- change of resource types is one row (`resource_types`, old and new with
-- their `*`); a change of only the required flags of the same types is
-- `required`.
CREATE VIEW action_changes AS
SELECT p.prefix, p.prefix || ':' || p.name AS qualified, p.taken_at, p.previous_taken_at,
       'access_level' AS field, o.levels AS old, n.levels AS new
FROM history_action_pairs p
JOIN history_action_levels o ON o.action_id = p.old_id
JOIN history_action_levels n ON n.action_id = p.new_id
WHERE o.levels <> n.levels
UNION ALL
SELECT p.prefix, p.prefix || ':' || p.name, p.taken_at, p.previous_taken_at,
       CASE WHEN o.types <> n.types THEN 'resource_types' ELSE 'required' END, o.required, n.required
FROM history_action_pairs p
JOIN history_action_resources o ON o.action_id = p.old_id
JOIN history_action_resources n ON n.action_id = p.new_id
WHERE o.required <> n.required;

-- Each change of a resource type's ARN format(s).
CREATE VIEW history_resource_type_arns AS
SELECT r.id AS resource_type_id,
       (SELECT coalesce(group_concat(template, ' '), '') FROM
           (SELECT template FROM arn_templates t WHERE t.resource_type_id = r.id ORDER BY template)) AS arns
FROM resource_types r;

CREATE VIEW resource_type_changes AS
SELECT st.prefix, n.name AS resource_type, st.taken_at, st.previous_taken_at,
       'arn_templates' AS field, oa.arns AS old, na.arns AS new
FROM history_service_steps st
JOIN resource_types o ON o.service_version_id = st.previous_version_id
JOIN resource_types n ON n.service_version_id = st.service_version_id AND lower(n.name) = lower(o.name)
JOIN history_resource_type_arns oa ON oa.resource_type_id = o.id
JOIN history_resource_type_arns na ON na.resource_type_id = n.id
WHERE oa.arns <> na.arns;

-- Each change of a condition key's type.
CREATE VIEW condition_key_changes AS
SELECT st.prefix, n.name AS condition_key, st.taken_at, st.previous_taken_at,
       'type' AS field, o.type AS old, n.type AS new
FROM history_service_steps st
JOIN condition_keys o ON o.service_version_id = st.previous_version_id
JOIN condition_keys n ON n.service_version_id = st.service_version_id AND lower(n.name) = lower(o.name)
WHERE o.type <> n.type;

-- Each change of the pages a service is read from: a page renamed (its
-- service name), moved to another slug, added or merged.
CREATE VIEW history_version_pages AS
SELECT sv.id AS service_version_id,
       (SELECT coalesce(group_concat(slug || ' (' || name || ')', ', '), '') FROM
           (SELECT slug, name FROM service_version_pages p WHERE p.service_version_id = sv.id ORDER BY slug, name)) AS pages
FROM service_versions sv;

CREATE VIEW service_page_changes AS
SELECT st.prefix, st.taken_at, st.previous_taken_at, o.pages AS old, n.pages AS new
FROM history_service_steps st
JOIN history_version_pages o ON o.service_version_id = st.previous_version_id
JOIN history_version_pages n ON n.service_version_id = st.service_version_id
WHERE o.pages <> n.pages;
