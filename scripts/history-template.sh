#!/bin/sh
# A checkout holding seven years of history, for timing an update against
# the history it stores (docs/replay.md, "Cost as history grows"):
#
#   scripts/history-template.sh T
#   cargo xtask bench update --dir ../shared/corpus/sar-html/2026-07-01 --template T --runs 3
#
# T is a clone of this checkout whose catalog.sqlite holds every recording
# of the corpus (scripts/history-db.sh), then 2026-07-01 (the checkout's
# snapshots/) and 2026-06-01 through the job, so that the 2026-07-01 pages
# are a real, accepted update of it.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: scripts/history-template.sh DIR}
xtask=${XTASK:-$here/target/release/xtask}
corpus=${CORPUS:-$here/../shared/corpus}
[ -x "$xtask" ] || (cd "$here" && cargo build --release --quiet -p xtask)
rm -rf "$dir"
git clone --quiet "$here" "$dir"
dir=$(cd "$dir" && pwd)
XTASK="$xtask" CORPUS="$corpus" sh "$here/scripts/history-db.sh" "$dir/catalog.sqlite"
# Exit 1: accepted (the pages of 2026-06-01 replace the checkout's 2026-07-01).
"$xtask" --checkout "$dir" update --db "$dir/catalog.sqlite" \
    --from-dir "$corpus/sar-html/2026-06-01" --from-dir "$corpus/service-docs" \
    --accept-shrink all || [ $? -eq 1 ]
echo "template ready: $dir"
