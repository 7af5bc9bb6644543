#!/usr/bin/env python3
# test-potfiles.py — po/POTFILES.in lists every file with translatable strings.
#
# Copyright 2026 The Tether authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-potfiles.py SOURCE_ROOT
#
# A C file counts when it calls _(), N_(), C_(), NC_() or g_dngettext(); a
# .ui file when it has translatable="yes"; desktop, metainfo and schema
# sources always (their strings are translatable by format). Also fails
# when POTFILES.in names a file that does not exist. Prints TAP.

import os
import re
import sys

C_MARKERS = re.compile(r'(?<![A-Za-z0-9_])(N?C?_|g_dngettext|g_dgettext|ngettext)\s*\(')
UI_MARKER = 'translatable="yes"'
ALWAYS = ('.desktop.in', '.desktop.in.in', '.metainfo.xml.in', '.gschema.xml')
SEARCHED = ('app', 'data')


def translatable(path):
    name = os.path.basename(path)
    if name.endswith(ALWAYS):
        return True
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith(('.c', '.h')):
        return C_MARKERS.search(text) is not None
    if name.endswith('.ui'):
        return UI_MARKER in text
    return False


def main():
    root = os.path.abspath(sys.argv[1])
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        listed = [line.strip() for line in f
                  if line.strip() and not line.lstrip().startswith('#')]

    found = []
    for top in SEARCHED:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if translatable(path):
                    found.append(os.path.relpath(path, root))

    missing = [p for p in found if p not in listed]
    stale = [p for p in listed if not os.path.exists(os.path.join(root, p))]

    print('1..2')
    if missing:
        print('not ok 1 - files with translatable strings missing from po/POTFILES.in')
        for p in missing:
            print('# missing: ' + p)
    else:
        print('ok 1 - po/POTFILES.in lists all %d files with translatable strings' % len(found))
    if stale:
        print('not ok 2 - po/POTFILES.in names files that do not exist')
        for p in stale:
            print('# no such file: ' + p)
    else:
        print('ok 2 - every file in po/POTFILES.in exists')

    return 0


if __name__ == '__main__':
    sys.exit(main())
