#!/usr/bin/env python3
"""failures.py BUILD_DIR

After a failed `meson test`: for each test that did not pass, its name,
its result and the lines of its output that say why (failed subtests,
assertions, errors, the last lines before it ended), short enough to be
the last thing a CI log shows. Exits 0; prints nothing when all passed.
"""

import json
import os
import re
import sys

WHY = re.compile(r"^(not ok|Bail out)|assertion|ERROR|CRITICAL|WARNING|error:|failed|SUMMARY: |runtime error",
                 re.IGNORECASE)
NOISE = re.compile(r"GLib-GIO-DEBUG|_g_io_module_get_default")
PASSED = {"OK", "EXPECTEDFAIL", "SKIP"}


def summary(test):
    output = (test.get("stdout") or "") + "\n" + (test.get("stderr") or "")
    lines = [line for line in output.splitlines() if line.strip() and not NOISE.search(line)]
    why = [i for i, line in enumerate(lines) if WHY.search(line)]
    shown = sorted(set(why[-8:]) | set(range(max(0, len(lines) - 6), len(lines))))
    return [lines[i][:300] for i in shown]


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = os.path.join(sys.argv[1], "meson-logs", "testlog.json")
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            tests = [json.loads(line) for line in log if line.strip()]
    except OSError as error:
        print(f"failures.py: {error}", file=sys.stderr)
        return 0
    failed = [test for test in tests if test.get("result") not in PASSED]
    if not failed:
        return 0
    print(f"==== {len(failed)} failed in {sys.argv[1]}: why, from each one's output")
    for test in failed:
        print(f"== {test['name']}: {test.get('result')} after {test.get('duration', 0):.1f} s "
              f"(exit {test.get('returncode')})")
        for line in summary(test):
            print(f"   {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
