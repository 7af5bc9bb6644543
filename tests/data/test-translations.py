#!/usr/bin/env python3
# test-translations.py — every language in po/LINGUAS is complete against the
# strings in the sources as they are now, and its catalogue is well-formed.
#
# Copyright 2026 The Tether authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-translations.py SOURCE_ROOT BUILT_DESKTOP_FILE BUILT_METAINFO
#
# The template is made afresh from po/POTFILES.in with xgettext and the
# options of meson's "glib" preset (what `ninja tether-pot` runs), so a
# string added to the code without a translation fails here before anyone
# regenerates po/tether.pot. Each .po is merged into a scratch copy
# (msgmerge, as `ninja tether-update-po` would) and must then have no
# untranslated and no fuzzy message; msgfmt --check must accept it; plural
# forms, mnemonics and desktop-file lists must be kept. The built desktop
# file and metainfo must carry each language. Prints TAP.

import os
import re
import shutil
import subprocess
import sys
import tempfile

# Languages the project keeps complete; po/LINGUAS may list more.
REQUIRED = ['de', 'fr']

PLURAL_FORMS = {
    'de': 'nplurals=2; plural=(n != 1);',
    'fr': 'nplurals=2; plural=(n > 1);',
}

# meson's i18n "glib" preset (mesonbuild/modules/i18n.py), as `tether-pot` uses it.
XGETTEXT_GLIB_PRESET = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

results = []


def check(ok, name, details=()):
    results.append((bool(ok), name, list(details)))


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def unquote(chunks):
    text = ''.join(chunks)
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)


def parse_po(path):
    """Entries as dicts: msgctxt, msgid, msgid_plural, msgstr (list), flags,
    obsolete. Enough of the format for the files msgmerge writes."""
    entries = []
    entry = None
    field = None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            obsolete = line.startswith('#~')
            if obsolete:
                line = line[2:].lstrip()
            if not line.strip():
                entry, field = None, None
                continue
            if line.startswith('#,'):
                if entry is None:
                    entry = {'flags': set(), 'msgstr': {}, 'obsolete': obsolete}
                    entries.append(entry)
                entry['flags'].update(x.strip() for x in line[2:].split(','))
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
            if m:
                if entry is None or (m.group(1) in ('msgid', 'msgctxt') and 'msgid' in entry):
                    entry = {'flags': set(), 'msgstr': {}, 'obsolete': obsolete}
                    entries.append(entry)
                key = m.group(1)
                if key.startswith('msgstr'):
                    field = ('msgstr', int(m.group(2) or 0))
                    entry['msgstr'][field[1]] = [m.group(3)]
                else:
                    field = (key, None)
                    entry[key] = [m.group(3)]
                continue
            m = re.match(r'^"(.*)"$', line)
            if m and entry is not None and field is not None:
                if field[0] == 'msgstr':
                    entry['msgstr'][field[1]].append(m.group(1))
                else:
                    entry[field[0]].append(m.group(1))
    for e in entries:
        for key in ('msgctxt', 'msgid', 'msgid_plural'):
            if key in e:
                e[key] = unquote(e[key])
        e['msgstr'] = {k: unquote(v) for k, v in e['msgstr'].items()}
    return entries


def mnemonics(text):
    """Mnemonic underlines as GTK reads them: '_' before a letter or digit,
    '__' being a literal underscore."""
    return len(re.findall(r'(?<!_)_(?=[^\W_])', text.replace('__', '')))


def main():
    root = os.path.abspath(sys.argv[1])
    desktop_file, metainfo_file = sys.argv[2], sys.argv[3]
    po_dir = os.path.join(root, 'po')

    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        linguas = [w for line in f for w in line.split('#')[0].split()]
    missing = [l for l in REQUIRED if l not in linguas]
    absent = [l for l in linguas if not os.path.exists(os.path.join(po_dir, l + '.po'))]
    check(not missing and not absent, 'po/LINGUAS lists %s, each with its .po' % ', '.join(REQUIRED),
          ['not in LINGUAS: ' + l for l in missing] + ['no po/%s.po' % l for l in absent])

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'tether.pot')
        p = run(['xgettext', '--package-name=tether', '--directory=' + root,
                 '--files-from=' + os.path.join(po_dir, 'POTFILES.in'),
                 '--output=' + pot] + XGETTEXT_GLIB_PRESET)
        check(p.returncode == 0 and os.path.exists(pot), 'xgettext makes the template from the sources',
              p.stderr.splitlines())
        if p.returncode != 0:
            return report()
        n_template = len([e for e in parse_po(pot) if e.get('msgid')])

        for lang in linguas:
            po = os.path.join(po_dir, lang + '.po')
            if not os.path.exists(po):
                continue

            # As written: msgfmt's checks (format strings, headers, plurals).
            p = run(['msgfmt', '--check', '--check-accelerators=_', '-o', os.devnull, po])
            check(p.returncode == 0 and not p.stderr.strip(), '%s: msgfmt --check accepts po/%s.po' % (lang, lang),
                  p.stderr.splitlines())

            # Merged with the current template: complete, nothing fuzzy.
            merged = os.path.join(tmp, lang + '.po')
            shutil.copy(po, merged)
            p = run(['msgmerge', '--quiet', '--update', '--backup=none', '--no-wrap', merged, pot])
            if p.returncode != 0:
                check(False, '%s: msgmerge with the current template' % lang, p.stderr.splitlines())
                continue
            stats = run(['msgfmt', '--statistics', '-o', os.devnull, merged]).stderr.strip()
            entries = [e for e in parse_po(merged) if e.get('msgid') and not e['obsolete']]
            untranslated = [e for e in entries if any(not s for s in e['msgstr'].values()) or not e['msgstr']]
            fuzzy = [e for e in entries if 'fuzzy' in e['flags']]
            check(not untranslated and not fuzzy and len(entries) == n_template,
                  '%s: every one of the %d messages translated, none fuzzy (%s)' % (lang, n_template, stats),
                  ['untranslated: %r' % e['msgid'] for e in untranslated[:20]]
                  + ['fuzzy: %r' % e['msgid'] for e in fuzzy[:20]])

            # Plurals, mnemonics, desktop-file lists, placeholders kept.
            header = [e for e in parse_po(merged) if e.get('msgid') == '']
            plural = re.search(r'Plural-Forms:\s*([^\n]*)', header[0]['msgstr'].get(0, '')) if header else None
            problems = []
            if plural is None or plural.group(1).strip() != PLURAL_FORMS.get(lang, plural.group(1).strip()):
                problems.append('Plural-Forms is %r' % (plural and plural.group(1)))
            for e in entries:
                for i, s in e['msgstr'].items():
                    if not s:
                        continue
                    if mnemonics(e['msgid']) != mnemonics(s):
                        problems.append('mnemonic: %r -> %r' % (e['msgid'], s))
                    if e['msgid'].endswith(';') != s.endswith(';'):
                        problems.append('list separator: %r -> %r' % (e['msgid'], s))
                    if 'c-format' in e['flags'] and e['msgid'].count('%%') != s.count('%%'):
                        problems.append('literal %%: %r -> %r' % (e['msgid'], s))
                if e.get('msgid_plural') and len(e['msgstr']) != 2:
                    problems.append('plural forms: %r has %d' % (e['msgid'], len(e['msgstr'])))
            check(not problems, '%s: plural forms, mnemonics and lists kept' % lang, problems[:30])

    # What the build merged into the desktop file and metainfo.
    with open(desktop_file, encoding='utf-8') as f:
        desktop = f.read()
    with open(metainfo_file, encoding='utf-8') as f:
        metainfo = f.read()
    for lang in REQUIRED:
        lacking = [k for k in ('Name', 'GenericName', 'Comment', 'Keywords')
                   if not re.search(r'^%s\[%s\]=.+$' % (k, re.escape(lang)), desktop, re.M)]
        lacking += ['<%s xml:lang="%s">' % (t, lang) for t in ('summary', 'p', 'li', 'caption')
                    if '<%s xml:lang="%s">' % (t, lang) not in metainfo]
        check(not lacking, '%s: the built desktop file and metainfo are translated' % lang, lacking)

    return report()


def report():
    print('1..%d' % len(results))
    failed = 0
    for i, (ok, name, details) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok:
            failed += 1
            for d in details:
                print('# ' + d)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
