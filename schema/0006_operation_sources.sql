-- aws-iam-catalog dataset, schema 6: where operations came from, and every
-- action's SDK clients.
--
-- `operations.source` is NULL when the page's own operations table gave the
-- operation, else the rendering that did (`service-reference-json`: the JSON
-- twin filled `operations[]` for a page without an operations table; the
-- service file says so in `renderings.operations_from`). Dependent actions
-- derived from those operations carry the same source in
-- `dependent_actions.source`.

ALTER TABLE operations ADD COLUMN source TEXT;

-- The SDK clients of the operations that authorize each action.
CREATE VIEW action_sdk_clients AS
SELECT o.service_version_id, oa.action, o.name AS operation, o.sdk_clients, o.source
FROM operations o
JOIN operation_actions oa ON oa.operation_id = o.id;
