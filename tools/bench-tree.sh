#!/usr/bin/env bash
# Whole-process benchmark over a generated server root: builds Release, makes the tree with
# gen-server-tree, then times a command over it with hyperfine and takes its peak memory with
# /usr/bin/time -v.
#
# usage: tools/bench-tree.sh [--out DIR | --tmp] [--gen "GEN-ARGS"] [--runs N] [--warmup N]
#                            [--ignore-exit] [--no-build] [-- COMMAND ARG...]
#
#   --out DIR      where to generate the tree (default: bench-tree/ in the repository, gitignored)
#   --tmp          generate into a fresh temporary folder, removed at the end
#   --gen ARGS     extra gen-server-tree arguments, e.g. "--servers 20000 --files 4000 --seed 7"
#   --runs N       hyperfine runs (default 10); --warmup N: hyperfine warm-up runs (default 1)
#   --ignore-exit  accept a non-zero exit (conflint lint exits 1 when it finds something)
#   --no-build     use what is already built
#   COMMAND        what to measure; {root} in any argument is replaced by the tree's folder. Default: the
#                  quick parse of every generated nginx file, one pass, no warm-up:
#                  ConfLint.Benchmarks --quick --tree {root} --kind nginx --iterations 1 --warmup 0
#                  Later: tools/bench-tree.sh --ignore-exit -- src/ConfLint.Cli/bin/Release/net10.0/conflint lint --root {root}
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$repo/bench-tree"
temporary=false
gen_args=""
runs=10
warmup=1
ignore_exit=false
build=true
command=()

while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out=$2; shift 2 ;;
        --tmp) temporary=true; shift ;;
        --gen) gen_args=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --ignore-exit) ignore_exit=true; shift ;;
        --no-build) build=false; shift ;;
        --) shift; command=("$@"); break ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-tree: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

need() {
    # need COMMAND DEBIAN-PACKAGE: install the package when the command is missing and we are root.
    if ! command -v "$1" >/dev/null; then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            apt-get install -y "$2" >/dev/null || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
        else
            echo "bench-tree: $1 is missing: apt-get install $2" >&2
            exit 2
        fi
    fi
}
need hyperfine hyperfine
need /usr/bin/time time

if $temporary; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
fi

bin="$repo/bench/ConfLint.Benchmarks/bin/Release/net10.0"
gen="$repo/tools/GenServerTree/bin/Release/net10.0/gen-server-tree"
if $build; then
    echo "== dotnet build -c Release"
    dotnet build "$repo/ConfLint.sln" -c Release -nologo -v q -clp:ErrorsOnly
fi

echo "== gen-server-tree --out $out $gen_args"
# shellcheck disable=SC2086 # gen_args is a list of words
"$gen" --out "$out" $gen_args
nginx_bytes=$(find "$out/etc/nginx" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
digest=$(cd "$out" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
echo "tree: $(find "$out" -type f | wc -l) files, $(du -sb --apparent-size "$out" | cut -f1) bytes (digest $digest);" \
    "nginx: $(find "$out/etc/nginx" -type f | wc -l) files, $nginx_bytes bytes"

if [[ ${#command[@]} -eq 0 ]]; then
    command=("$bin/ConfLint.Benchmarks" --quick --tree "{root}" --kind nginx --iterations 1 --warmup 0)
fi
command=("${command[@]//\{root\}/$out}")
printf -v line '%q ' "${command[@]}"
line=${line% }

echo "== machine"
echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); .NET: $(dotnet --list-runtimes | grep -m1 NETCore.App | cut -d' ' -f2)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== one run: $line"
"${command[@]}" || $ignore_exit

echo "== hyperfine --warmup $warmup --runs $runs"
hyperfine_flags=(--warmup "$warmup" --runs "$runs" --shell=none --style basic)
$ignore_exit && hyperfine_flags+=(--ignore-failure)
hyperfine "${hyperfine_flags[@]}" "$line"

echo "== /usr/bin/time -v"
report=$(mktemp)
/usr/bin/time -v -o "$report" "${command[@]}" >/dev/null || $ignore_exit
grep -E 'Elapsed \(wall clock\)|Maximum resident set size|User time|System time' "$report" | sed 's/^\s*//'
rm -f "$report"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
