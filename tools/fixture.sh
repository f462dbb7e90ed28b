#!/usr/bin/env bash
# Lays out a rule fixture's whole server tree: its base (fixtures/_base/STACK, named by the fixture's BASE file or
# else its rule folder's), then its own files, less
# the base files its DELETE file lists. Usage: tools/fixture.sh fixtures/CL001/bad-php-version-socket OUT
# then: conflint lint --root OUT
set -euo pipefail
fixture=${1:?usage: tools/fixture.sh FIXTURE_FOLDER OUT_FOLDER}
out=${2:?usage: tools/fixture.sh FIXTURE_FOLDER OUT_FOLDER}
basefile="$fixture/BASE"; [ -f "$basefile" ] || basefile="$(dirname "$fixture")/BASE"
base="$(dirname "$0")/../fixtures/_base/$(tr -d '[:space:]' < "$basefile")"
[ -d "$base" ] || { echo "fixture.sh: no base $base" >&2; exit 2; }
mkdir -p "$out"
cp -R "$base/." "$out/"
cp -R "$fixture/." "$out/"
rm -f "$out/BASE" "$out/DELETE"
if [ -f "$fixture/DELETE" ]; then
  grep -v '^\s*\(#\|$\)' "$fixture/DELETE" | while read -r path; do rm "$out/$path"; done
fi
