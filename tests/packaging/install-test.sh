#!/usr/bin/env bash
# make check-packages: the Debian packages of `make packages` in a clean
# Debian 12 root (mmdebstrap, from this machine's Debian mirror):
#   tests/packaging/install-test.sh PACKAGES_DIR
# apt installs rapport-common, rapportd and rapport with their dependencies;
# the rapport user, the directories, the unit and the files are checked;
# rapportd is started as the unit starts it (there is no systemd in the root:
# its ExecStart= as its User=) and answers GET /api/v1/health; an upgrade
# keeps the configuration and the data. Then purge
# removes the user and the configuration and keeps the data; installing again
# (the old uid taken by another user meanwhile) adopts the kept data and
# rapportd starts on it; purge with RAPPORT_PURGE_DATA=yes removes everything.
# Run as root (mmdebstrap's root mode: the test's steps are its hooks).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

if [ "${1:-}" != --in-root ]; then
  debs=$(cd "${1:?usage: install-test.sh PACKAGES_DIR}" && pwd)
  for p in rapport-common rapportd rapport; do
    ls "$debs/${p}_"*.deb >/dev/null || { echo "no $p package in $debs: run make packages" >&2; exit 2; }
  done
  work=$(mktemp -d "${TMPDIR:-/tmp}/rapport-install-test.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  # this machine's Debian sources (deb822), else the Debian mirror
  sources=/etc/apt/sources.list.d/debian.sources
  [ -r "$sources" ] || sources="deb http://deb.debian.org/debian bookworm main"
  start=$(date +%s)
  # the packages this machine's apt already downloaded are reused (hard links)
  mmdebstrap --mode=root --variant=apt \
    --setup-hook='mkdir -p "$1/var/cache/apt/archives" && { cp -al /var/cache/apt/archives/*.deb "$1/var/cache/apt/archives/" 2>/dev/null || true; }' \
    --customize-hook="\"$here\" --in-root \"\$1\" \"$debs\" \"$work\" $start" \
    bookworm "$work/root" "$sources"
  echo "install-test: passed in $(( $(date +%s) - start )) s"
  exit 0
fi

# --- inside mmdebstrap's customize hook: /proc, /sys and /dev are mounted ---
root=$2 debs=$3 work=$4 start=$5
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rapportd_pid=

step() { echo "== install-test [$(( $(date +%s) - start )) s] $*"; }
fail() {
  echo "install-test: FAILED: $*" >&2
  for log in apt rapportd; do
    [ ! -s "$work/$log.log" ] || { echo "-- the end of $log.log:"; tail -n 30 "$work/$log.log"; } >&2
  done
  exit 1
}
in_root() { chroot "$root" "$@"; }
apt_in_root() { in_root env DEBIAN_FRONTEND=noninteractive "$@" apt-get -y -q -o Dpkg::Use-Pty=0 "${apt_args[@]}"; }
stop_rapportd() {
  [ -n "$rapportd_pid" ] || return 0
  kill -TERM "$rapportd_pid" 2>/dev/null || true
  wait "$rapportd_pid" || fail "rapportd did not stop cleanly (status $?)"
  rapportd_pid=
}
trap stop_rapportd EXIT

# what every installed Debian system has and a bare root lacks: localhost in
# /etc/hosts (mariadb-install-db refuses to run when it cannot resolve it)
[ -s "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"

# no service starts while apt runs (mariadb-server's init script would start
# a system MariaDB that rapportd does not use)
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mkdir -p "$root/tmp/rapport-debs"
packages=()
for deb in "$debs"/rapport-common_*.deb "$debs"/rapportd_*.deb "$debs"/rapport_*.deb; do
  cp "$deb" "$root/tmp/rapport-debs/"
  packages+=("/tmp/rapport-debs/$(basename "$deb")")
done

install_packages() {
  apt_args=(install --no-install-recommends "${packages[@]}")
  apt_in_root > "$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get install"; }
}

# rapportd as rapportd.service runs it: its ExecStart= as its User= and Group=
start_rapportd() {
  local unit=$root/lib/systemd/system/rapportd.service exec_start user group
  exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
  user=$(sed -n 's/^User=//p' "$unit")
  group=$(sed -n 's/^Group=//p' "$unit")
  : > "$work/rapportd.log"
  # shellcheck disable=SC2086 # ExecStart= is split into words as systemd does
  chroot --userspec="$user:$group" "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/var/lib/rapport LANG=C.UTF-8 $exec_start > "$work/rapportd.log" 2>&1 &
  rapportd_pid=$!
  local deadline=$(( $(date +%s) + 180 )) body
  until body=$(curl -sfk --max-time 5 "https://127.0.0.1:$port/api/v1/health"); do
    kill -0 "$rapportd_pid" 2>/dev/null || fail "rapportd exited"
    [ "$(date +%s)" -lt $deadline ] || fail "no answer from /api/v1/health within 180 s"
    sleep 0.5
  done
  echo "GET /api/v1/health: $body"
  case "$body" in *'"ok"'*) ;; *) fail "health: $body" ;; esac
}

# names as the root's own users and groups know them
owner_mode() { in_root stat -c '%U:%G %a' "$1"; }
owner() { in_root stat -c %U "$1"; }

step "apt-get install rapport-common rapportd rapport"
install_packages
step "installed"

getent_line=$(in_root getent passwd rapport) || fail "no user rapport"
echo "user: $getent_line"
case "$getent_line" in *:/var/lib/rapport:/usr/sbin/nologin) ;; *) fail "rapport's home or shell";; esac
in_root getent group rapport >/dev/null || fail "no group rapport"
[ "$(owner_mode /var/lib/rapport)" = "rapport:rapport 750" ] || fail "/var/lib/rapport: $(owner_mode /var/lib/rapport)"
[ "$(owner_mode /var/backups/rapport)" = "rapport:rapport 750" ] || fail "/var/backups/rapport: $(owner_mode /var/backups/rapport)"
in_root dpkg-query -W -f='${Conffiles}\n' rapportd | grep -q '^ /etc/rapport/rapportd.conf ' || fail "rapportd.conf is not a conffile"
for f in /usr/sbin/rapportd /usr/bin/rapport-admin /usr/bin/rapport /lib/systemd/system/rapportd.service \
         /usr/lib/sysusers.d/rapportd.conf /usr/lib/tmpfiles.d/rapportd.conf \
         /usr/share/locale/zh_CN/LC_MESSAGES/rapport.mo \
         /usr/share/applications/org.rapport.Rapport.desktop \
         /usr/share/metainfo/org.rapport.Rapport.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/org.rapport.Rapport.svg; do
  [ -e "$root$f" ] || fail "$f is not installed"
done
[ -L "$root/etc/systemd/system/multi-user.target.wants/rapportd.service" ] || fail "rapportd.service is not enabled"
grep -aq org.rapport.Rapport "$root/usr/share/glib-2.0/schemas/gschemas.compiled" || fail "the client's GSettings schema is not compiled"
for bin in /usr/sbin/rapportd /usr/bin/rapport-admin /usr/bin/rapport; do
  ! in_root ldd "$bin" | grep 'not found' || fail "$bin: libraries not found"
done

step "rapportd as the unit starts it"
sed -i "s/^listen=.*/listen=127.0.0.1:$port/" "$root/etc/rapport/rapportd.conf"
start_rapportd
grep -q 'Applying migration 001-' "$work/rapportd.log" || fail "rapportd applied no migration"
admin_password=$(cat "$root/var/lib/rapport/initial-admin-password")
old_uid=$(in_root id -u rapport)
[ "$(owner /var/lib/rapport/db/data/ibdata1)" = rapport ] || fail "the database is not rapport's"
# the administrator's command beside the running service, as its user (the database's socket account)
users=$(chroot --userspec=rapport:rapport "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
          rapport-admin --config /etc/rapport/rapportd.conf --data-dir /var/lib/rapport user list 2>&1) ||
  fail "rapport-admin user list beside the running rapportd: $users"
case "$users" in *admin*) echo "rapport-admin user list: ok" ;; *) fail "rapport-admin user list: $users" ;; esac
stop_rapportd
step "rapportd stopped"

# an upgrade: the same packages under a newer version (repacked); the
# maintainer scripts run as on an upgrade (the unit is restarted there, and
# rapportd applies the migrations a new version brings when it starts)
step "apt-get install of a newer version: configuration and data kept"
old_version=$(in_root dpkg-query -W -f='${Version}' rapportd)
new_version="$old_version+1"
mkdir -p "$root/tmp/rapport-upgrade"
upgrade=()
for deb in "${packages[@]}"; do
  rm -rf "$work/unpacked"
  dpkg-deb --raw-extract "$root$deb" "$work/unpacked"
  sed -i -e "s/^Version: .*/Version: $new_version/" -e "s/(= $old_version)/(= $new_version)/g" \
    "$work/unpacked/DEBIAN/control"
  dpkg-deb --build "$work/unpacked" "$root/tmp/rapport-upgrade/" > /dev/null
  upgrade+=("/tmp/rapport-upgrade/$(basename "${deb%%_*}")_${new_version}_$(dpkg-deb -f "$root$deb" Architecture).deb")
done
apt_args=(install --no-install-recommends "${upgrade[@]}")
apt_in_root > "$work/apt.log" 2>&1 || fail "apt-get install of the newer version"
[ "$(in_root dpkg-query -W -f='${Version}' rapportd)" = "$new_version" ] || fail "rapportd was not upgraded"
grep -q "^listen=127.0.0.1:$port\$" "$root/etc/rapport/rapportd.conf" || fail "the upgrade lost the configuration's change"
start_rapportd
! grep -q 'Applying migration' "$work/rapportd.log" || fail "migrations applied again after the upgrade"
[ "$(cat "$root/var/lib/rapport/initial-admin-password")" = "$admin_password" ] || fail "the upgrade changed the data"
stop_rapportd

step "apt-get purge: the data stays"
apt_args=(purge rapportd rapport rapport-common)
apt_in_root > "$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get purge"; }
cat "$work/apt.log" | grep 'is kept' || true
! in_root getent passwd rapport >/dev/null || fail "the user rapport is still there"
! in_root getent group rapport >/dev/null || fail "the group rapport is still there"
for f in /etc/rapport /lib/systemd/system/rapportd.service /usr/lib/sysusers.d/rapportd.conf \
         /etc/systemd/system/multi-user.target.wants/rapportd.service /var/backups/rapport \
         /usr/lib/x86_64-linux-gnu/rapport; do
  [ ! -e "$root$f" ] || fail "$f is still there after purge"
done
[ -f "$root/var/lib/rapport/db/data/ibdata1" ] || fail "purge removed the data"

step "install again, the old uid taken by another user: the data is adopted"
in_root useradd --system --no-create-home --uid "$old_uid" other-service
install_packages
[ "$(in_root id -u rapport)" != "$old_uid" ] || fail "rapport has its old uid again"
[ -z "$(in_root find /var/lib/rapport ! -user rapport -print -quit)" ] || fail "files not rapport's"
[ "$(owner /var/lib/rapport/db/data/ibdata1)" = rapport ] || fail "the kept database is not rapport's"
sed -i "s/^listen=.*/listen=127.0.0.1:$port/" "$root/etc/rapport/rapportd.conf"
start_rapportd
! grep -q 'Applying migration' "$work/rapportd.log" || fail "migrations applied again to the kept database"
[ "$(cat "$root/var/lib/rapport/initial-admin-password")" = "$admin_password" ] || fail "the data is not the same"
stop_rapportd

step "apt-get purge with RAPPORT_PURGE_DATA=yes"
apt_args=(purge rapportd rapport rapport-common)
apt_in_root RAPPORT_PURGE_DATA=yes > "$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get purge"; }
for f in /var/lib/rapport /etc/rapport /var/backups/rapport; do
  [ ! -e "$root$f" ] || fail "$f is still there after purge with RAPPORT_PURGE_DATA=yes"
done
! in_root getent passwd rapport >/dev/null || fail "the user rapport is still there"
step "done"
