#!/usr/bin/env bash
# make packages: the Debian packages of packaging/debian/, built with
# dpkg-buildpackage from a copy of the tree outside it, then checked: lintian
# (errors and warnings fail), appstreamcli, desktop-file-validate and
# systemd-analyze verify on the files the packages install, and
# systemd-analyze security's exposure score of the unit.
#   packaging/build-packages.sh OUT_DIR [COMMIT]
# The packages are built from COMMIT (default HEAD): what is committed, not the
# working tree's uncommitted changes. OUT_DIR receives the .deb, .changes and .buildinfo files; OUT_DIR/build the
# copied tree and OUT_DIR/root the packages' files, unpacked for the checks.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
rev=${2:-HEAD}
case "$out/" in "$src"/*) echo "OUT_DIR must be outside the source tree" >&2; exit 2;; esac

version=$(git -C "$src" show "$rev:packaging/debian/changelog" | dpkg-parsechangelog -l - -S Version)
work="$out/build/rapport-$version"
rm -rf "$out/build" "$out/root" "$out/verify-root" "$out"/*.deb "$out"/*.ddeb "$out"/*.changes "$out"/*.buildinfo
mkdir -p "$work"

# the committed tree; its packaging/debian/ becomes the copy's debian/
git -C "$src" archive --format=tar "$rev" | tar --extract --directory="$work" --file=-
cp -a "$work/packaging/debian" "$work/debian"

# the build dependencies: apt installs those missing (SUDO= when root)
if ! (cd "$work" && dpkg-checkbuilddeps) 2>/dev/null; then
  ${SUDO:-} env DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -q --no-install-recommends "$work"
fi

start=$(date +%s)
(cd "$work" && DEB_BUILD_OPTIONS="parallel=$(nproc)" nice dpkg-buildpackage -us -uc -b)
mv "$out"/build/*.deb "$out"/build/*.changes "$out"/build/*.buildinfo "$out"/
mv "$out"/build/*.ddeb "$out"/ 2>/dev/null || true
echo "Built in $(( $(date +%s) - start )) s:"
ls -1 "$out"/*.deb

status=0
check() { echo "== $*"; "$@" || { echo "FAILED: $*" >&2; status=1; }; }

check lintian --fail-on error,warning --info "$out"/*.changes

mkdir -p "$out/root"
for deb in "$out"/*.deb; do dpkg-deb --extract "$deb" "$out/root"; done
root="$out/root"
check appstreamcli validate --no-net "$root/usr/share/metainfo/org.rapport.Rapport.metainfo.xml"
check desktop-file-validate "$root/usr/share/applications/org.rapport.Rapport.desktop"
# the unit against the packaged files (ExecStart's binary, man:rapportd(8))
# and this machine's systemd units (the targets it is ordered after)
rm -rf "$out/verify-root" && mkdir -p "$out/verify-root/lib"
cp -a /lib/systemd "$out/verify-root/lib/" && cp -a "$root/." "$out/verify-root/"
check env MANPATH="$out/verify-root/usr/share/man" systemd-analyze verify --root="$out/verify-root" \
  /lib/systemd/system/rapportd.service
echo "== systemd-analyze security rapportd.service"
systemd-analyze security --offline=true --no-pager "$root/lib/systemd/system/rapportd.service" | tail -n 1

exit $status
