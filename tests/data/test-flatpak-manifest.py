#!/usr/bin/env python3
# test-flatpak-manifest.py — the Flatpak manifest is valid, pinned, and asks
# for no more than the code uses.
#
# Copyright 2026 The Tether authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-flatpak-manifest.py SOURCE_ROOT
#
# The runtime cannot be downloaded everywhere the tests run, so this checks
# what can be checked without it: the manifest's structure, its names against
# the desktop file, metainfo and D-Bus service file, pinned sources, and its
# permissions against an allow-list kept here and against the bus names the
# code uses. Where flatpak-builder and flatpak are installed, they parse the
# manifest and the permissions too (those checks skip otherwise). Prints TAP.

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

MANIFEST = os.path.join('flatpak', 'io.github.tetherapp.Tether.json')

# Every permission the app may have, each justified in README.md
# ("The Flatpak" section). A new one goes here, into the manifest and into
# the README together.
ALLOWED_FINISH_ARGS = {
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
    '--share=network',
    '--system-talk-name=org.freedesktop.NetworkManager',
    '--system-talk-name=org.freedesktop.login1',
    '--talk-name=org.kde.StatusNotifierWatcher',
    '--talk-name=org.freedesktop.StatusNotifierWatcher',
    '--filesystem=xdg-config/syncthing:ro',
    '--filesystem=~/.local/state/syncthing:ro',
}

# Never, whatever the allow-list says later.
FORBIDDEN = re.compile(
    r'^--(filesystem=(host|host-os|host-etc|home|/|~/?$)'
    r'|socket=(session-bus|system-bus|x11$)'
    r'|talk-name=org\.freedesktop\.Flatpak'
    r'|device=all'
    r'|own-name=)')

# Bus names the code reaches through a library rather than by a string of
# its own: the name, and what in the sources shows the library is used.
IMPLIED_NAMES = {
    'org.freedesktop.NetworkManager': re.compile(r'\bnm_client_[a-z_]+\s*\('),
}

# Dotted names in the sources that need no permission: the bus itself and
# its standard interfaces, portals (always reachable), the interfaces Tether
# exports for others to call, and Tether's own names.
NO_PERMISSION = re.compile(
    r'^(org\.freedesktop\.DBus(\..*)?'
    r'|org\.freedesktop\.portal\..*'
    r'|org\.kde\.StatusNotifierItem|org\.freedesktop\.StatusNotifierItem'
    r'|com\.canonical\.dbusmenu'
    r'|io\.github\.tetherapp\.Tether([.-].*)?)$')

# What the libnm module must switch off: the daemon's features Tether
# never runs, and everything but the library itself.
LIBNM_OPTIONS = [
    '-Dsystemdsystemunitdir=no', '-Dsystemd_journal=false', '-Dsession_tracking=no',
    '-Dppp=false', '-Dmodem_manager=false', '-Dnmcli=false', '-Dnmtui=false',
    '-Dintrospection=false', '-Dvapi=false', '-Ddocs=false', '-Dtests=no',
]
LIBNM_CLEANUP = ['/bin', '/sbin', '/libexec', '/etc', '/var']

SHA256 = re.compile(r'^[0-9a-f]{64}$')

# The module properties flatpak-builder knows. It warns about an unknown
# top-level property, but ignores a misspelt one in a module, which would
# then silently do nothing.
MODULE_PROPERTIES = {
    'name', 'disabled', 'sources', 'config-opts', 'make-args', 'make-install-args',
    'rm-configure', 'no-autogen', 'no-parallel-make', 'install-rule', 'no-make-install',
    'no-python-timestamp-fix', 'cmake', 'builddir', 'subdir', 'build-options',
    'build-commands', 'buildsystem', 'test-rule', 'test-commands', 'post-install',
    'cleanup', 'ensure-writable', 'only-arches', 'skip-arches', 'cleanup-platform',
    'run-tests', 'modules',
}
SOURCE_PROPERTIES = {
    'type', 'url', 'sha256', 'sha512', 'path', 'skip', 'dest', 'dest-filename',
    'strip-components', 'only-arches', 'skip-arches', 'mirror-urls',
}

results = []


def check(ok, name, details=()):
    results.append((bool(ok), name, list(details)))


def skip(name, reason):
    results.append((None, name, [reason]))


def read(root, *parts):
    with open(os.path.join(root, *parts), encoding='utf-8') as f:
        return f.read()


def strip_c_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def source_files(root):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, 'app')):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(('.c', '.h')):
                yield os.path.join(dirpath, name)


def bus_names_used(root):
    """Dotted names in string literals of the app's C sources, and the names
    implied by the libraries those sources call."""
    literals = {}
    implied = set()
    for path in source_files(root):
        with open(path, encoding='utf-8') as f:
            text = strip_c_comments(f.read())
        rel = os.path.relpath(path, root)
        for m in re.finditer(r'"((?:org|com|io|net)\.[A-Za-z0-9_.\-]+)"', text):
            literals.setdefault(m.group(1), set()).add(rel)
        for name, pattern in IMPLIED_NAMES.items():
            if pattern.search(text):
                implied.add(name)
    return literals, implied


def main():
    root = os.path.abspath(sys.argv[1])
    manifest_path = os.path.join(root, MANIFEST)
    meson_build = read(root, 'meson.build')
    app_id = re.search(r"^app_id\s*=\s*'([^']+)'", meson_build, re.M).group(1)

    # 1. Valid JSON.
    try:
        with open(manifest_path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        check(False, 'the manifest is valid JSON', [str(e)])
        return report()
    check(isinstance(manifest, dict), 'the manifest is valid JSON')

    # 2. The names agree with the desktop file, metainfo and D-Bus service.
    mid = manifest.get('id', manifest.get('app-id'))
    desktop = os.path.join('data', mid + '.desktop.in.in')
    metainfo_text = read(root, 'data', app_id + '.metainfo.xml.in')
    metainfo_id = re.search(r'<id>([^<]+)</id>', metainfo_text).group(1)
    launchable = re.search(r'<launchable type="desktop-id">([^<]+)</launchable>', metainfo_text)
    service_text = read(root, 'data', app_id + '.service.in')
    service_name = re.search(r'^Name=(.*)$', service_text, re.M).group(1).replace('@APP_ID@', app_id)
    check(mid == app_id and os.path.exists(os.path.join(root, desktop))
          and metainfo_id == app_id and service_name == app_id
          and launchable is not None and launchable.group(1) == app_id + '.desktop',
          'the app id is the desktop file, metainfo and D-Bus names',
          ['manifest %s, meson.build %s, desktop file %s, metainfo %s (launchable %s), '
           'D-Bus service %s' % (mid, app_id, desktop, metainfo_id,
                                 launchable and launchable.group(1), service_name)])

    # 3. The command is the binary meson installs, and the one D-Bus runs.
    app_meson = read(root, 'app', 'meson.build')
    installed = re.findall(r"executable\(\s*'([^']+)'[^)]*?install:\s*true", app_meson, re.S)
    service_exec = re.search(r'^Exec=\S*/([^/\s]+)(\s|$)', service_text, re.M)
    desktop_exec = re.search(r'^Exec=(\S+)', read(root, 'data', app_id + '.desktop.in.in'), re.M)
    check(manifest.get('command') in installed
          and service_exec is not None and service_exec.group(1) == manifest.get('command')
          and desktop_exec is not None and desktop_exec.group(1) == manifest.get('command'),
          'the command is the installed binary',
          ['command %r, installed executables %r, D-Bus Exec %r, desktop Exec %r'
           % (manifest.get('command'), installed, service_exec and service_exec.group(1),
              desktop_exec and desktop_exec.group(1))])

    # 4. The current GNOME runtime, with its SDK.
    version = str(manifest.get('runtime-version', ''))
    check(manifest.get('runtime') == 'org.gnome.Platform' and manifest.get('sdk') == 'org.gnome.Sdk'
          and re.fullmatch(r'\d+', version) is not None and int(version) >= 48,
          'org.gnome.Platform and org.gnome.Sdk 48 or newer',
          ['runtime %r %r, sdk %r' % (manifest.get('runtime'), version, manifest.get('sdk'))])

    # 5. Sources: every module but Tether's own from a pinned https URL with
    # its sha256; Tether from this checkout, last, with its tests on.
    modules = manifest.get('modules', [])
    problems = []
    for module in modules:
        if not isinstance(module, dict):
            problems.append('a module given by file name (%r): keep modules inline' % module)
            continue
        unknown = [k for k in module if k not in MODULE_PROPERTIES and not k.startswith('x-')]
        for source in module.get('sources', []):
            unknown += [k for k in source if k not in SOURCE_PROPERTIES and not k.startswith('x-')]
        if unknown:
            problems.append('%s: unknown properties %s' % (module.get('name'), ', '.join(unknown)))
        for source in module.get('sources', []):
            if source.get('type') == 'dir':
                continue
            if source.get('type') not in ('archive', 'file'):
                problems.append('%s: a %r source; use a release archive' % (module['name'], source.get('type')))
            if not str(source.get('url', '')).startswith('https://'):
                problems.append('%s: no https url' % module['name'])
            if not SHA256.match(str(source.get('sha256', ''))):
                problems.append('%s: no sha256 of 64 hex digits' % module['name'])
        if not module.get('sources'):
            problems.append('%s: no sources' % module.get('name'))
    check(modules and not problems,
          'every module has known properties and a pinned source with its sha256', problems)

    own = modules[-1] if modules and isinstance(modules[-1], dict) else {}
    own_sources = own.get('sources', [])
    dir_ok = (len(own_sources) == 1 and own_sources[0].get('type') == 'dir'
              and os.path.realpath(os.path.join(os.path.dirname(manifest_path), own_sources[0].get('path', '')))
              == os.path.realpath(root))
    dir_modules = [m.get('name') for m in modules if isinstance(m, dict)
                   and any(s.get('type') == 'dir' for s in m.get('sources', []))]
    check(dir_ok and dir_modules == [own.get('name')] and own.get('buildsystem') == 'meson'
          and own.get('run-tests') is True,
          'Tether is built last, from this checkout, with meson and its tests',
          ['last module %r, its sources %r, modules from a dir %r, run-tests %r'
           % (own.get('name'), own_sources, dir_modules, own.get('run-tests'))])

    # 6. libnm: pinned to a release Tether supports, daemon features off.
    libnm = [m for m in modules if isinstance(m, dict)
             and any('/NetworkManager-' in s.get('url', '') for s in m.get('sources', []))]
    details = []
    if len(libnm) != 1:
        details.append('%d modules build NetworkManager' % len(libnm))
    else:
        url = [s['url'] for s in libnm[0]['sources'] if '/NetworkManager-' in s.get('url', '')][0]
        m = re.search(r'/sources/NetworkManager/(\d+\.\d+)/NetworkManager-(\d+)\.(\d+)\.(\d+)\.tar\.xz$', url)
        need = re.search(r"dependency\('libnm',\s*version:\s*'>=\s*(\d+)\.(\d+)'", meson_build)
        if m is None or m.group(1) != '%s.%s' % (m.group(2), m.group(3)):
            details.append('not an upstream release tarball URL: %s' % url)
        elif need is None or (int(m.group(2)), int(m.group(3))) < (int(need.group(1)), int(need.group(2))):
            details.append('%s is older than what meson.build requires' % url)
        opts = libnm[0].get('config-opts', [])
        details += ['libnm config-opts lack %s' % o for o in LIBNM_OPTIONS if o not in opts]
        cleanup = libnm[0].get('cleanup', [])
        details += ['libnm cleanup lacks %s' % c for c in LIBNM_CLEANUP if c not in cleanup]
    check(not details, 'libnm from a NetworkManager release, with the daemon switched off', details)

    # 7. Permissions: the allow-list, never a forbidden one, each justified.
    finish_args = manifest.get('finish-args', [])
    outside = [a for a in finish_args if a not in ALLOWED_FINISH_ARGS]
    forbidden = [a for a in finish_args if FORBIDDEN.match(a)]
    writable = [a for a in finish_args if a.startswith('--filesystem=') and not a.endswith(':ro')]
    check(not outside and not forbidden and not writable and len(set(finish_args)) == len(finish_args),
          'no permission outside the allow-list, no home or host access, files read-only',
          ['not allowed: ' + a for a in outside] + ['forbidden: ' + a for a in forbidden]
          + ['writable: ' + a for a in writable])

    readme = read(root, 'README.md')
    section = re.search(r'^## The Flatpak\n(.*?)(?=^## |\Z)', readme, re.S | re.M)
    unexplained = [a for a in finish_args if section is None or '`' + a + '`' not in section.group(1)]
    check(section is not None and not unexplained,
          'README.md justifies every permission in "The Flatpak"',
          ['not in README.md: ' + a for a in unexplained])

    # 8. The bus names in the permissions are exactly those the code uses.
    literals, implied = bus_names_used(root)
    granted = {}
    for a in finish_args:
        m = re.match(r'^--(system-)?talk-name=(.+)$', a)
        if m:
            granted[m.group(2)] = 'system' if m.group(1) else 'session'
    used = set(implied)
    unaccounted = []
    for name, files in sorted(literals.items()):
        owner = [g for g in granted if name == g or name.startswith(g + '.')]
        if owner:
            used.update(owner)
        elif not NO_PERMISSION.match(name):
            unaccounted.append('%s (in %s)' % (name, ', '.join(sorted(files))))
    unused = sorted(set(granted) - used)
    check(not unaccounted and not unused, 'the bus permissions match the names the code uses',
          ['used but not granted: ' + n for n in unaccounted]
          + ['granted but not used: ' + n for n in unused])

    # 9. flatpak-builder reads every property (a typo would be ignored).
    builder = shutil.which('flatpak-builder')
    if builder is None:
        skip('flatpak-builder parses the manifest', 'flatpak-builder is not installed')
    else:
        # It makes its state folder in the working directory: a scratch one.
        with tempfile.TemporaryDirectory() as tmp:
            p = subprocess.run([builder, '--show-manifest', manifest_path],
                               capture_output=True, text=True, cwd=tmp)
        bad = [line for line in p.stderr.splitlines() if 'Unknown property' in line or 'rror' in line]
        check(p.returncode == 0 and not bad, 'flatpak-builder parses the manifest',
              bad or ['exit status %d' % p.returncode] if p.returncode or bad else [])

    # 10. flatpak accepts each permission as written, in a throw-away
    # per-user installation.
    flatpak = shutil.which('flatpak')
    if flatpak is None:
        skip('flatpak accepts the permissions', 'flatpak is not installed')
    else:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, 'data'),
                       XDG_CONFIG_HOME=os.path.join(tmp, 'config'))
            env.pop('FLATPAK_USER_DIR', None)
            p = subprocess.run([flatpak, 'override', '--user'] + finish_args + [app_id],
                               capture_output=True, text=True, env=env)
            messages = [line for line in p.stderr.splitlines() if line.strip()]
            check(p.returncode == 0 and not messages, 'flatpak accepts the permissions',
                  messages + (['exit status %d' % p.returncode] if p.returncode else []))

    return report()


def report():
    print('1..%d' % len(results))
    failed = 0
    for i, (ok, name, details) in enumerate(results, 1):
        if ok is None:
            print('ok %d - %s # SKIP %s' % (i, name, details[0]))
            continue
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok:
            failed += 1
            for d in details:
                print('# ' + d)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
