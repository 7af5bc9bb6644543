/* tether-i18n.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Follows the session's locale and binds Tether's gettext domain to its
 * installed translations, or to $TETHER_LOCALEDIR when that is set (the
 * build tree's compiled catalogues, for tests and `meson devenv`). Returns
 * the directory bound. */
const char *tether_i18n_init (void);

G_END_DECLS
