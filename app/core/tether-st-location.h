/* tether-st-location.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the user's Syncthing listens and how to authenticate: read from its
 * config.xml (GMarkup), in the places DESIGN.md lists, or given by hand.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TETHER_ST_LOCATION_ERROR (tether_st_location_error_quark ())

typedef enum {
  TETHER_ST_LOCATION_ERROR_NOT_FOUND,    /* no config.xml in any searched place */
  TETHER_ST_LOCATION_ERROR_UNREADABLE,   /* found, but cannot be read */
  TETHER_ST_LOCATION_ERROR_INVALID,      /* not well-formed, or no <gui> */
  TETHER_ST_LOCATION_ERROR_NO_API_KEY,   /* <gui> without an <apikey> */
  TETHER_ST_LOCATION_ERROR_UNSUPPORTED,  /* e.g. a unix-socket GUI address */
} TetherStLocationError;

GQuark tether_st_location_error_quark (void);

typedef struct {
  char    *config_path; /* owned, nullable: the config.xml it came from */
  char    *url;         /* owned: base URL, "http://127.0.0.1:8384" (no trailing /) */
  gboolean tls;
  char    *api_key;     /* owned: secret, never log it */
  char    *cert_path;   /* owned, nullable: https-cert.pem beside config.xml, to pin */
} TetherStLocation;

void              tether_st_location_free        (TetherStLocation *self);
TetherStLocation *tether_st_location_copy        (const TetherStLocation *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TetherStLocation, tether_st_location_free)

/* Parse one config.xml. A listen address of 0.0.0.0 / [::] / empty host is
 * turned into the matching loopback address. */
TetherStLocation *tether_st_location_from_file   (const char  *config_path,
                                                  GError     **error);
TetherStLocation *tether_st_location_from_data   (const char  *xml,
                                                  gssize       len,
                                                  const char  *config_path,
                                                  GError     **error);

/* The config.xml paths to try, in order: $STHOME/config.xml,
 * $XDG_STATE_HOME/syncthing, $HOST_XDG_STATE_HOME/syncthing,
 * ~/.local/state/syncthing, $XDG_CONFIG_HOME/syncthing,
 * $HOST_XDG_CONFIG_HOME/syncthing, ~/.config/syncthing (each /config.xml),
 * without duplicates. The HOST_ variables are the host's own values, which
 * Flatpak passes into its sandbox. */
GStrv             tether_st_location_candidates  (void);

/* Try the candidates in order; the first that exists decides. When none
 * exists the NOT_FOUND error's message names every path that was tried. */
TetherStLocation *tether_st_location_find        (GError     **error);

G_END_DECLS
