#!/usr/bin/env bash
# Writes src/ConfLint.Cli/startup.order: the managed methods a short run of the native conflint executes, in the
# order first seen, for the NativeAOT compiler's explicit method layout (IlcOrderFile, see the project file).
#
# Why: a one-file lint is over in ~20 ms, and most of it is the kernel mapping pages of the 9 MB of code on first
# touch. With the executed methods packed at the front of the code section instead of spread over all of it, a
# one-file lint took about 0.86x the wall time (docs/benchmarks.md). Methods missing from the file (new code) are
# laid out after the listed ones, as before; names that no longer exist are skipped by the compiler. Run this
# again after large changes to the start-up path, and commit the result.
#
# Needs valgrind (callgrind counts which functions run; the machine's other load does not change the result).
# usage: bench/startup-order.sh [--out FILE]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$repo/src/ConfLint.Cli/startup.order"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "startup-order: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
for tool in valgrind callgrind_annotate nm objcopy python3; do
    command -v "$tool" >/dev/null || { echo "startup-order: $tool is missing (apt-get install valgrind binutils python3)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Symbols kept in the executable (valgrind cannot read the separate DWARF file), the layout left to the compiler's
# default so the list does not feed on itself.
dotnet publish "$repo/src/ConfLint.Cli" -c Release -r linux-x64 -o "$work/bin" -nologo -v q -clp:ErrorsOnly \
    -p:StripSymbols=false -p:IlcOrderFile=
objcopy --strip-debug "$work/bin/conflint" "$work/conflint"

corpus="$repo/fixtures/corpus"
demo="$repo/fixtures/demo"
# Representative short runs: the start, one site file, and whole hosts of each kind ConfLint reads, in each format.
runs=(
    "--version"
    "lint $demo/etc/nginx/sites-enabled/shop.conf"
    "lint --root $demo"
    "fix --dry-run --root $demo"
    "lint --root $corpus/debian12-nextcloud"
    "lint --root $corpus/symfony-apache-fpm-tcp --format json"
    "fix --dry-run --root $corpus/flask-gunicorn-sock-tutorial"
    "lint --root $corpus/per-user-pools --format sarif"
    "lint --root $corpus/rails-puma-capistrano --verbose"
    "lint --root $corpus/haproxy-gunicorn-numprocs"
    "lint --root $corpus/xwiki-tomcat-debian-nginx"
    "lint --root $corpus/supervisord-uwsgi-ini --format github"
    "lint --root $corpus/compose-env-laravel"
    "rules"
)
i=0
for run in "${runs[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    (cd "$work" && valgrind --tool=callgrind --callgrind-out-file="$work/run.$i" "$work/conflint" $run >/dev/null 2>"$work/log.$i") || true
    [[ -s "$work/run.$i" ]] || { echo "startup-order: callgrind failed on: conflint $run" >&2; cat "$work/log.$i" >&2; exit 1; }
done

python3 - "$work" "$out" "$i" <<'EOF'
import re, subprocess, sys
work, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
# The managed code's section, and each function's address.
sections = subprocess.run(['readelf', '-SW', f'{work}/conflint'], capture_output=True, text=True).stdout
start = size = None
for line in sections.splitlines():
    if '__managedcode' in line:
        fields = line.split(']', 1)[1].split()
        start, size = int(fields[2], 16), int(fields[4], 16)
if start is None:
    sys.exit('startup-order: no __managedcode section in the executable')
address = {}
for line in subprocess.run(['nm', '--defined-only', f'{work}/conflint'], capture_output=True, text=True).stdout.splitlines():
    fields = line.split(' ', 2)
    if len(fields) == 3 and fields[1] in 'tT':
        address[fields[2]] = int(fields[0], 16)
seen = {}
for i in range(1, count + 1):
    for line in open(f'{work}/run.{i}'):
        match = re.match(r'^c?fn=\(\d+\) (.+)$', line.rstrip('\n'))
        if match and match.group(1) not in seen:
            seen[match.group(1)] = None
managed = [name for name in seen if name in address and start <= address[name] < start + size]
with open(out, 'w') as f:
    f.write('\n'.join(managed) + '\n')
print(f'startup-order: {len(managed)} methods written to {out}')
EOF
