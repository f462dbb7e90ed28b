#!/usr/bin/env bash
# Whole-process benchmarks of the native conflint (docs/benchmarks.md), with hyperfine, in one run so the ratios
# compare like with like:
#   1. conflint --version                                   (target: at most 10 ms)
#   2. one site file: conflint lint SITE against nginx -t on a config holding only that site (at most 1.5x)
#   3. the generated 10,000-server tree: conflint lint --root TREE (at most 0.5 s and 250 MB peak), against
#      crossplane parsing only its nginx part (conflint at least 10x faster)
#   4. a 50 MB single nginx file: conflint lint and conflint parse --format json (under 1 GB peak each)
# Peak memory is /usr/bin/time's maximum resident set size.
#
# usage: bench/run.sh [--runs N] [--no-build] [--out DIR]
#   crossplane: $CROSSPLANE (a command, e.g. "python3 -m crossplane" run from a checkout: set PYTHONPATH), else
#   `crossplane` on PATH; without either, step 3's comparison is skipped.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=10
build=true
out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --no-build) build=false; shift ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

for tool in hyperfine /usr/bin/time nginx; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine time nginx-light)" >&2; exit 2; }
done

work=${out:-$(mktemp -d)}
mkdir -p "$work"
[[ -z "$out" ]] && trap 'rm -rf "$work"' EXIT
bin="$work/native"
if $build || [[ ! -x "$bin/conflint" ]]; then
    echo "== dotnet publish -r linux-x64 (NativeAOT)"
    dotnet publish "$repo/src/ConfLint.Cli" -c Release -r linux-x64 -o "$bin" -nologo -v q -clp:ErrorsOnly
    dotnet build "$repo/tools/GenServerTree" -c Release -nologo -v q -clp:ErrorsOnly
fi
conflint="$bin/conflint"

echo "== machine"
echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); kernel $(uname -r)"
echo "nginx: $(nginx -v 2>&1 | cut -d/ -f2); conflint: $("$conflint" --version); hyperfine: $(hyperfine --version | cut -d' ' -f2)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

peak() { # peak LABEL COMMAND...: the maximum resident set size, in MB
    local report; report=$(mktemp)
    /usr/bin/time -f '%M' -o "$report" "${@:2}" >/dev/null 2>&1 || true
    echo "peak $1: $(( $(tail -n 1 "$report") / 1024 )) MB"
    rm -f "$report"
}
hf() { hyperfine --shell=none --style basic --warmup 3 --runs "$runs" --ignore-failure "$@"; }
hf_few() { hyperfine --shell=none --style basic --warmup 1 --runs 3 --ignore-failure "$@"; }  # the 50 MB runs

echo "== 1. start-up"
hf -n "conflint --version" "$conflint --version"

echo "== 2. one site file"
site="$work/site"
mkdir -p "$site"
cat > "$site/shop.conf" <<'SITE'
upstream app { server 127.0.0.1:8000; keepalive 16; }
server {
    listen 80;
    server_name shop.example www.shop.example;
    root /var/www/shop/public;
    index index.php;
    client_max_body_size 32m;
    location / { try_files $uri $uri/ /index.php?$query_string; }
    location ~ \.php$ {
        include /etc/nginx/fastcgi_params;
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        fastcgi_pass unix:/run/php/php8.2-fpm.sock;
        fastcgi_read_timeout 300s;
        fastcgi_buffer_size 16k;
        fastcgi_buffers 16 16k;
    }
    location /api/ {
        proxy_pass http://app;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_read_timeout 120s;
        proxy_buffer_size 16k;
        proxy_buffers 8 16k;
    }
    location ~ /\.ht { deny all; }
}
SITE
printf 'error_log stderr;\npid %s/nginx.pid;\nevents {}\nhttp {\n    include %s/shop.conf;\n}\n' "$site" "$site" > "$site/nginx.conf"
nginx -t -q -c "$site/nginx.conf" -e stderr
hf -n "nginx -t" "nginx -t -q -c $site/nginx.conf -e stderr" -n "conflint lint site" "$conflint lint $site/shop.conf"

echo "== 3. the 10,000-server tree"
tree="$work/tree"
[[ -d "$tree/etc" ]] || "$repo/tools/GenServerTree/bin/Release/net10.0/gen-server-tree" --out "$tree" >/dev/null
echo "tree: $(find "$tree" -type f | wc -l) files, $(du -sb --apparent-size "$tree" | cut -f1) bytes; nginx: $(find "$tree/etc/nginx" -type f | wc -l) files"
# crossplane follows the configuration's absolute includes: it reads a copy whose /etc/nginx/ paths point into it.
scratch="$work/crossplane-nginx"
rm -rf "$scratch" && cp -r "$tree/etc/nginx" "$scratch"
grep -rlZ -e '/etc/nginx/' "$scratch" | xargs -0 sed -i "s#/etc/nginx/#$scratch/#g"
crossplane=${CROSSPLANE:-$(command -v crossplane || true)}
commands=(-n "conflint lint --root tree" "$conflint lint --root $tree --format json")
[[ -n "$crossplane" ]] && commands+=(-n "crossplane parse (nginx only)" "$crossplane parse --out /dev/null $scratch/nginx.conf")
hf "${commands[@]}"
peak "conflint lint --root tree" "$conflint" lint --root "$tree" --format json

echo "== 4. a 50 MB single file"
big="$work/big/nginx.conf"
mkdir -p "$(dirname "$big")"
{
    echo "events {}"
    echo "http {"
    while :; do
        for f in "$tree"/etc/nginx/sites-enabled/*.conf; do
            cat "$f"
            [[ $(stat -c %s "$big") -ge 52428800 ]] && break 2
        done
    done
    echo "}"
} > "$big"
echo "file: $(stat -c %s "$big") bytes, $(wc -l < "$big") lines"
hf_few -n "conflint lint (50 MB)" "$conflint lint $big --format json" -n "conflint parse --format json (50 MB)" "$conflint parse $big --format json"
peak "conflint lint (50 MB)" "$conflint" lint "$big" --format json
peak "conflint parse --format json (50 MB)" "$conflint" parse "$big" --format json
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
