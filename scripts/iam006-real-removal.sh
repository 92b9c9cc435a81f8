#!/bin/sh
# IAM006 (removed action) end to end, on a real removal: AWS dropped
# chime:CreateBotMembership from Chime's page between the recordings of
# 2022-05-01 (it is there) and 2022-10-24 (it is gone).
#
#   scripts/iam006-real-removal.sh [SCRATCH]
#
# In a scratch copy of this checkout (the files git tracks, as they are in
# the working tree) without its data (snapshots/, src/generated/), the real
# update replays the two recordings (`cargo xtask replay A B --checkout
# SCRATCH`, docs/replay.md): the first is a first snapshot, the second
# removes the action and the release keeps it as a tombstone. The lint is
# then built in the scratch checkout, against that data, and run on a
# policy naming the action: the script passes when it reports IAM006 with
# the date of the data that removed it, and fails otherwise.
#
# Slow (a release build of xtask, two updates, a build of the lint in the
# scratch checkout: about 10-20 minutes on a cold machine), so it is not
# part of `cargo test`; aws-iam-lint/docs/checks.md says how to run it.
# The scratch directory (default: a new one under $TMPDIR) is kept, named
# on the last line; CARGO_TARGET_DIR, when set, is used for its build.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CORPUS:-$repo/../shared/corpus}
before=$corpus/sar-history/2022-05-01.tar.zst
after=$corpus/sar-history/2022-10-24.tar.zst
action=chime:CreateBotMembership
removed_on=2022-10-24
for f in "$before" "$after"; do
    [ -f "$f" ] || { echo "missing recording $f (set CORPUS)" >&2; exit 2; }
done
scratch=${1:-$(mktemp -d "${TMPDIR:-/tmp}/iam006-real-removal.XXXXXX")}
mkdir -p "$scratch"
[ -z "$(ls -A "$scratch")" ] || { echo "$scratch is not empty" >&2; exit 2; }

# The checkout without its data: the first recording is a first update.
(cd "$repo" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$scratch"
keys=snapshots/global-condition-keys.json
mv "$scratch/$keys" "$scratch/keys.json"
rm -rf "$scratch/snapshots" "$scratch/src/generated"
mkdir -p "$scratch/snapshots"
mv "$scratch/keys.json" "$scratch/$keys"
printf '# Changelog\n' >"$scratch/CHANGELOG.md"

echo "== replaying $(basename "$before") and $(basename "$after") into $scratch" >&2
(cd "$repo" && cargo xtask replay "$before" "$after" --checkout "$scratch" \
    --db "$scratch/catalog.sqlite" --out "$scratch/replay.md")
cat "$scratch/replay.md"

echo "== the tombstone" >&2
grep -rn "CreateBotMembership\|CREATE_BOT_MEMBERSHIP" "$scratch/snapshots" "$scratch/CHANGELOG.md" \
    | cut -c1-200 | head -n 5

echo "== aws-iam-lint, built against the replayed data" >&2
cat >"$scratch/policy.json" <<JSON
{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["$action", "chime:CreateMeeting"], "Resource": "*"}}
JSON
(cd "$scratch" && cargo build -q -p aws-iam-lint)
lint=${CARGO_TARGET_DIR:-$scratch/target}/debug/aws-iam-lint
out=$("$lint" --config /dev/null --format compact "$scratch/policy.json" || true)
echo "$out"
expected="IAM006 \"$action\": $action removed from the AWS documentation in the data of $removed_on"
if echo "$out" | grep -qF "$expected"; then
    echo "ok: $expected (scratch checkout $scratch)"
else
    echo "FAILED: no line with: $expected (scratch checkout $scratch)" >&2
    exit 1
fi
