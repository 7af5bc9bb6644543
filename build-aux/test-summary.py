#!/usr/bin/python3
# Prints "N passed, N failed" from meson's testlog.json files (one JSON
# object per line; several builds add up). OK and EXPECTEDFAIL pass; SKIP is
# neither; everything else fails. Exits 1 when anything failed or a log is
# missing.
import json
import sys

passed = failed = skipped = 0
try:
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as log:
            for line in log:
                line = line.strip()
                if not line:
                    continue
                result = json.loads(line).get("result")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
except (OSError, ValueError) as error:
    print(f"test log unreadable: {error}", file=sys.stderr)
    print(f"{passed} passed, {failed + 1} failed")
    sys.exit(1)

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
