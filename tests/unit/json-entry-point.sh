#!/bin/sh
# json-entry-point.sh: every JSON text in common/, server/ and client/ is read through
# crm_json_parse() (common/crm-json-parse.c); json-glib's own readers recurse without
# a bound and take what is not JSON. Usage: json-entry-point.sh SOURCE_ROOT
set -u
root=${1:?source root}
for dir in common server client; do
  test -d "$root/$dir" || { echo "no $root/$dir" >&2; exit 2; }
done
found=$(grep -rEn --include='*.c' --include='*.h' \
          'json_parser_load_from_|json_from_string|json_parser_new' \
          "$root/common" "$root/server" "$root/client" |
        grep -v '^[^:]*/common/crm-json-parse\.c:')
if [ -n "$found" ]; then
  echo "JSON read outside crm_json_parse():"
  echo "$found"
  exit 1
fi
exit 0
