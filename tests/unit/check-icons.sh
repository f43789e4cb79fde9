#!/bin/sh
# check-icons.sh SOURCE_DIR: every symbolic icon the client names is one the
# installed icon themes have (Adwaita, hicolor), so no section, tab or button
# shows a missing-image sign
set -u
dir=$1
themes=/usr/share/icons
missing=0
names=$( (grep -rhoE '"[a-z0-9-]+-symbolic"' "$dir" | tr -d '"';
          grep -rhoE 'icon-name">[a-z0-9-]+-symbolic' "$dir" | sed 's/.*">//') | sort -u)
count=0
for name in $names; do
  count=$((count + 1))
  if ! find "$themes/Adwaita" "$themes/hicolor" \( -name "$name.svg" -o -name "$name.symbolic.png" \) 2>/dev/null | grep -q .; then
    echo "not ok - icon $name is in no installed theme"
    missing=1
  fi
done
echo "# $count icon names checked"
[ "$count" -gt 0 ] || { echo "not ok - no icon names found under $dir"; exit 1; }
exit $missing
