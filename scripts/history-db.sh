#!/bin/sh
# Builds a database holding every recording of the corpus as a snapshot
# (../shared/corpus/sar-history/*.tar.zst, then sar-html/2026-02-01,
# 2026-06-01 and 2026-07-01), for `cargo xtask history` and its views
# (docs/history.md). Each recording goes through `cargo xtask build`.
#
#   scripts/history-db.sh [DB]        (default: history.sqlite)
#   XTASK=target/release/xtask scripts/history-db.sh DB   (a built binary)
#
# A page today's parser refuses stops `build` for its whole recording. So
# that one page does not cost a month of history, such pages are named,
# left out, and the recording built without them; the script lists them at
# the end. Run it again once the parser reads them.
set -eu
db=${1:-history.sqlite}
xtask=${XTASK:-cargo xtask}
corpus=${CORPUS:-$(dirname "$0")/../../shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
skipped="$tmp/skipped"
: >"$skipped"

build() { # DIR DATE
    attempt=0
    # shellcheck disable=SC2086 # "cargo xtask" is two words
    while ! $xtask --db "$db" build --from-dir "$1" --taken-at "$2" 2>"$tmp/err"; do
        attempt=$((attempt + 1))
        # `error  <path>: …` names each refused page.
        pages=$(sed -n 's/^error  \([^:]*\.html\):.*/\1/p' "$tmp/err")
        if [ -z "$pages" ] || [ "$attempt" -gt 2 ]; then
            cat "$tmp/err" >&2
            echo "$2: not built" >>"$skipped"
            return 0
        fi
        for p in $pages; do
            echo "$2: left out $(basename "$p"): $(grep -F "$p" "$tmp/err" | head -n 1 | cut -c1-160)" >>"$skipped"
            rm -f "$p"
        done
    done
}

for archive in "$corpus"/sar-history/*.tar.zst; do
    date=$(basename "$archive" .tar.zst)
    tar --use-compress-program='zstd -d --long=27' -xf "$archive" -C "$tmp"
    build "$tmp/$date" "$date"
    rm -rf "${tmp:?}/$date"
done
for date in 2026-02-01 2026-06-01 2026-07-01; do
    mkdir -p "$tmp/$date"
    cp "$corpus/sar-html/$date"/list_*.html "$tmp/$date"/
    build "$tmp/$date" "$date"
    rm -rf "${tmp:?}/$date"
done
echo "left out:"
cat "$skipped"
