#!/bin/sh
# check-translations.sh SOURCE_ROOT: the zh_CN translation is complete. Every
# source file with translatable text is listed in po/POTFILES, and every
# message xgettext extracts from them has a translation in po/zh_CN.po that
# is neither missing, empty nor fuzzy.
set -u
root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

# files that translate something and are not listed
for f in $(cd "$root" && grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext) ?\(' --include='*.c' client server common;
           cd "$root" && grep -rl 'translatable="yes"' --include='*.ui' client); do
  if ! grep -qxF "$f" "$root/po/POTFILES"; then
    echo "not ok - $f has translatable text and is not in po/POTFILES"
    status=1
  fi
done

(cd "$root" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
   --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
   --files-from=po/POTFILES -o "$work/rapport.pot") || { echo "not ok - xgettext failed"; exit 1; }
if ! msgcmp "$root/po/zh_CN.po" "$work/rapport.pot" 2>"$work/msgcmp.log"; then
  grep -v 'this message is not used' "$work/msgcmp.log" | sed 's/^/# /'
  echo "not ok - po/zh_CN.po lacks translations of messages the sources use"
  status=1
fi
# translated means a non-empty msgstr that is not marked fuzzy
msgattrib --only-fuzzy --no-obsolete "$root/po/zh_CN.po" -o "$work/fuzzy.po"
if [ -s "$work/fuzzy.po" ]; then
  echo "not ok - po/zh_CN.po has fuzzy translations:"
  grep '^msgid ' "$work/fuzzy.po" | sed 's/^/# /' | head -20
  status=1
fi
msgattrib --untranslated --no-obsolete "$root/po/zh_CN.po" -o "$work/untranslated.po"
if [ -s "$work/untranslated.po" ]; then
  echo "not ok - po/zh_CN.po has untranslated messages:"
  grep '^msgid ' "$work/untranslated.po" | sed 's/^/# /' | head -20
  status=1
fi
messages=$(grep -c '^msgid ' "$work/rapport.pot")
echo "# $messages messages checked"
[ "$status" = 0 ] && echo "ok - zh_CN complete"
exit $status
