#!/bin/sh
# Damages a real recording five ways and replays each after the month
# before it, with the job's default gates (issue 21, acceptance 2): every
# damaged copy must be rejected, while the real month is accepted.
#
#   scripts/replay-damaged.sh [XTASK]   (default: target/release/xtask)
#
# Base: sar-history/2026-04-01.tar.zst; damaged: sar-html/2026-06-01.
set -eu
xtask=${1:-target/release/xtask}
corpus=${CORPUS:-$(dirname "$0")/../../shared/corpus}
before="$corpus/sar-history/2026-04-01.tar.zst"
month="$corpus/sar-html/2026-06-01"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

variant() { # NAME, then edits in $tmp/$NAME/2026-06-01
    mkdir -p "$tmp/$1"
    cp -r "$month" "$tmp/$1/2026-06-01"
}
run() { # NAME
    "$xtask" replay "$before" "$tmp/$1/2026-06-01" --checkout "$tmp/$1/checkout" \
        --format json --out "$tmp/$1/rows.json" 2>/dev/null
    python3 - "$1" "$tmp/$1/rows.json" <<'PY'
import json, sys
row = json.load(open(sys.argv[2]))[-1]
print(f"{sys.argv[1]:<16} {row['outcome']:<9} {row['gate'] or ''}: {(row['details'] or [''])[0][:150]}")
PY
}

variant real
run real

variant dropped
rm "$tmp/dropped/2026-06-01/list_amazons3.html" "$tmp/dropped/2026-06-01/list_awslambda.html" \
    "$tmp/dropped/2026-06-01/list_amazondynamodb.html"
run dropped

variant cut
f="$tmp/cut/2026-06-01/list_amazonchime.html"
head -c $(($(wc -c <"$f") / 2)) "$f" >"$f.half" && mv "$f.half" "$f"
run cut

variant stray-tag
f="$tmp/stray-tag/2026-06-01/list_amazonec2.html"
python3 - "$f" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.index("</tr>", len(s) // 3)
open(p, "w").write(s[:i] + "</tr></table>" + s[i + 5:])
PY
run stray-tag

variant other-content
cp "$month/list_amazons3.html" "$tmp/other-content/2026-06-01/list_amazonsqs.html"
run other-content
