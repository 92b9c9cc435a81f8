-- aws-iam-catalog dataset, schema 10: history's action pairs found by index.
--
-- `history_action_pairs` (schema 9) matches each action of a service's
-- version with the action of the same name, ignoring case, in the version
-- its service had in the previous recording. Without an index on the
-- lower-cased name SQLite scanned every action of the new version for each
-- old one, quadratic in a service's actions (EC2 has 700): `action_changes`
-- over the 48 recordings of 2019-10 to 2026-07 took 20 s. With the index,
-- each match is a lookup: 1.6 s.
--
-- The view is written again, its columns unchanged, with the join order
-- named (CROSS JOIN) and the index named (INDEXED BY): SQLite keeps no
-- statistics here (no ANALYZE), and without them it chose the index in the
-- wrong place.
CREATE INDEX actions_by_version_lower_name ON actions (service_version_id, lower(name));

DROP VIEW history_action_pairs;

CREATE VIEW history_action_pairs AS
SELECT st.prefix, st.taken_at, st.previous_taken_at, n.name, o.id AS old_id, n.id AS new_id
FROM history_service_steps st
CROSS JOIN actions o
CROSS JOIN actions n INDEXED BY actions_by_version_lower_name
WHERE o.service_version_id = st.previous_version_id
  AND n.service_version_id = st.service_version_id
  AND lower(n.name) = lower(o.name);
