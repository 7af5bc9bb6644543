/* tether-i18n.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tether-i18n.h"

const char *
tether_i18n_init (void)
{
  const char *dir = g_getenv ("TETHER_LOCALEDIR");

  if (dir == NULL || *dir == '\0')
    dir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return dir;
}
