#!/usr/bin/env bash
# Checks a tree made by gen-server-tree with the real daemons: nginx -t, php-fpm8.2 -t and
# systemd-analyze verify. The configs name absolute paths (/etc/nginx/..., /var/log/...), so each check
# runs on a copy whose paths are rewritten into a scratch folder: nothing under /etc or /var/log is touched.
#
# usage: tools/check-server-tree.sh TREE
set -euo pipefail

tree=${1:?usage: tools/check-server-tree.sh TREE}
tree=$(cd "$tree" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0

if command -v nginx >/dev/null; then
    mkdir -p "$scratch/nginx-logs"
    cp -r "$tree/etc/nginx" "$scratch/nginx"
    grep -rlZ -e '/etc/nginx/' -e '/var/log/nginx/' "$scratch/nginx" \
        | xargs -0 sed -i "s#/etc/nginx/#$scratch/nginx/#g; s#/var/log/nginx/#$scratch/nginx-logs/#g"
    echo "== nginx -t (paths under $scratch)"
    nginx -t -p "$scratch/nginx" -c "$scratch/nginx/nginx.conf" || status=1
fi

if command -v php-fpm8.2 >/dev/null; then
    mkdir -p "$scratch/fpm-logs/php8.2-fpm"
    cp -r "$tree/etc/php/8.2/fpm" "$scratch/fpm"
    sed -i "s#/etc/php/8.2/fpm/#$scratch/fpm/#g; s#/run/php/#$scratch/#g; s#/var/log/#$scratch/fpm-logs/#g" \
        "$scratch/fpm/php-fpm.conf" "$scratch"/fpm/pool.d/*.conf
    echo "== php-fpm8.2 -t"
    php-fpm8.2 -t -y "$scratch/fpm/php-fpm.conf" || status=1
fi

if command -v systemd-analyze >/dev/null; then
    # The apps' binaries are not installed here: those complaints are expected and left out.
    echo "== systemd-analyze verify (complaints other than missing app binaries follow)"
    units=$(cd "$tree/etc/systemd/system" && ls ./*.service)
    complaints=$(cd "$tree/etc/systemd/system" \
        && echo "$units" | SYSTEMD_UNIT_PATH="$tree/etc/systemd/system:" xargs -n 200 systemd-analyze verify --man=no 2>&1 \
        | grep -v 'is not executable: No such file or directory' || true)
    complaints+=$(systemd-analyze verify --man=no "$tree/lib/systemd/system/php8.2-fpm.service" 2>&1 || true)
    if [[ -n "$complaints" ]]; then
        echo "$complaints"
        status=1
    else
        echo "$(echo "$units" | wc -l) units: no other complaint"
    fi
fi

exit $status
