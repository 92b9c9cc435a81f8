-- Fills the relational projection of the service versions listed in
-- temp.new_versions from their JSON documents. Runs inside the build's
-- transaction; SQLite's JSON functions do the walking.

INSERT INTO service_version_pages (service_version_id, slug, url, name, layout)
SELECT sv.id, p.value ->> 'slug', p.value ->> 'url', p.value ->> 'name', p.value ->> 'layout'
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.pages') p;

INSERT INTO service_links (service_version_id, kind, url)
SELECT sv.id, l.key, l.value
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.links') l;

INSERT INTO notices (service_version_id, kind, date, text, url)
SELECT sv.id, x.value ->> 'kind', x.value ->> 'date', x.value ->> 'text', x.value ->> 'url'
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.notices') x;

-- Each action gets its row id here, in one pass over the documents, so the
-- child tables below need no join back by name (which SQLite plans as a
-- rescan of the document per action: seconds on EC2).
CREATE TEMP TABLE new_actions (action_id INTEGER PRIMARY KEY, service_version_id INTEGER NOT NULL, json TEXT NOT NULL);
INSERT INTO temp.new_actions (action_id, service_version_id, json)
SELECT (SELECT coalesce(max(id), 0) FROM main.actions) + row_number() OVER (ORDER BY sv.id, a.key), sv.id, a.value
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.actions') a;

INSERT INTO actions (id, service_version_id, name, description, access_level, permission_only, doc_url)
SELECT action_id, service_version_id, json ->> 'name', json ->> 'description', json ->> 'access_level_raw',
       json ->> 'permission_only', json ->> 'doc_url'
FROM temp.new_actions;

INSERT INTO action_access_levels (action_id, level)
SELECT na.action_id, l.value FROM temp.new_actions na, json_each(na.json, '$.access_level') l;

INSERT INTO action_condition_keys (action_id, condition_key)
SELECT na.action_id, k.value FROM temp.new_actions na, json_each(na.json, '$.condition_keys') k;

INSERT INTO dependent_actions (action_id, depends_on, source)
SELECT na.action_id, d.value ->> 'name', d.value ->> 'source'
FROM temp.new_actions na, json_each(na.json, '$.dependent_actions') d;

-- Resource rows: the action's own (scenario NULL) and each EC2 scenario's.
CREATE TEMP TABLE new_action_resources (id INTEGER PRIMARY KEY, action_id INTEGER NOT NULL, scenario TEXT, json TEXT NOT NULL);
INSERT INTO temp.new_action_resources (id, action_id, scenario, json)
SELECT (SELECT coalesce(max(id), 0) FROM main.action_resource_types) + row_number() OVER (ORDER BY action_id, scenario, k),
       action_id, scenario, json
FROM (
    SELECT na.action_id, NULL AS scenario, r.key AS k, r.value AS json
    FROM temp.new_actions na, json_each(na.json, '$.resource_types') r
    UNION ALL
    SELECT na.action_id, s.value ->> 'name', r.key, r.value
    FROM temp.new_actions na, json_each(na.json, '$.scenarios') s, json_each(s.value, '$.resource_types') r
);

INSERT INTO action_resource_types (id, action_id, scenario, resource_type, required)
SELECT id, action_id, scenario, json ->> 'name', json ->> 'required' FROM temp.new_action_resources;

INSERT INTO action_resource_condition_keys (action_resource_type_id, condition_key)
SELECT nar.id, k.value FROM temp.new_action_resources nar, json_each(nar.json, '$.condition_keys') k;

CREATE TEMP TABLE new_resource_types (resource_type_id INTEGER PRIMARY KEY, service_version_id INTEGER NOT NULL, json TEXT NOT NULL);
INSERT INTO temp.new_resource_types (resource_type_id, service_version_id, json)
SELECT (SELECT coalesce(max(id), 0) FROM main.resource_types) + row_number() OVER (ORDER BY sv.id, r.key), sv.id, r.value
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.resource_types') r;

INSERT INTO resource_types (id, service_version_id, name, doc_url)
SELECT resource_type_id, service_version_id, json ->> 'name', json ->> 'doc_url' FROM temp.new_resource_types;

INSERT INTO arn_templates (resource_type_id, template)
SELECT nrt.resource_type_id, t.value FROM temp.new_resource_types nrt, json_each(nrt.json, '$.arn_templates') t;

INSERT INTO resource_type_condition_keys (resource_type_id, condition_key)
SELECT nrt.resource_type_id, k.value FROM temp.new_resource_types nrt, json_each(nrt.json, '$.condition_keys') k;

INSERT INTO condition_keys (service_version_id, name, description, type)
SELECT sv.id, k.value ->> 'name', k.value ->> 'description', k.value ->> 'type'
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.condition_keys') k;

CREATE TEMP TABLE new_operations (operation_id INTEGER PRIMARY KEY, service_version_id INTEGER NOT NULL, json TEXT NOT NULL);
INSERT INTO temp.new_operations (operation_id, service_version_id, json)
SELECT (SELECT coalesce(max(id), 0) FROM main.operations) + row_number() OVER (ORDER BY sv.id, o.key), sv.id, o.value
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.operations') o;

INSERT INTO operations (id, service_version_id, name, sdk_clients, source)
-- Qualified: json_each has a hidden column named `json` that an unqualified
-- `json` inside its own arguments would resolve to (sdk_clients came out empty).
SELECT no.operation_id, no.service_version_id, no.json ->> 'name',
       (SELECT coalesce(group_concat(c.value, ','), '') FROM json_each(no.json, '$.sdk_clients') c),
       (SELECT sv.document ->> '$.renderings.operations_from' FROM service_versions sv WHERE sv.id = no.service_version_id)
FROM temp.new_operations no;

INSERT INTO operation_actions (operation_id, action, access_level, condition_keys, possible_values)
SELECT no.operation_id, x.value ->> 'action', x.value ->> 'access_level',
       (SELECT coalesce(group_concat(k.value, ','), '') FROM json_each(x.value, '$.condition_keys') k),
       (SELECT coalesce(group_concat(v.value, ','), '') FROM json_each(x.value, '$.possible_values') v)
FROM temp.new_operations no, json_each(no.json, '$.actions') x;

INSERT INTO service_docs (service_version_id, url)
SELECT sv.id, d.value
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.docs') d;

INSERT INTO managed_policy_changes (service_version_id, date, date_text, change, description, policies, url)
SELECT sv.id, c.value ->> 'date', c.value ->> 'date_text', c.value ->> 'change', c.value ->> 'description',
       (SELECT coalesce(group_concat(p.value, ','), '') FROM json_each(c.value, '$.policies') p), c.value ->> 'url'
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.managed_policy_changes') c;

INSERT INTO service_features (service_version_id, feature, support)
SELECT sv.id, f.value ->> 'name', f.value ->> 'support'
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.features') f;

INSERT INTO managed_policies (service_version_id, name, document, url)
SELECT sv.id, m.value ->> 'name', m.value -> 'document', m.value ->> 'url'
FROM temp.new_versions n
JOIN service_versions sv ON sv.id = n.id, json_each(sv.document, '$.managed_policies') m;

DROP TABLE temp.new_actions;
DROP TABLE temp.new_action_resources;
DROP TABLE temp.new_resource_types;
DROP TABLE temp.new_operations;
