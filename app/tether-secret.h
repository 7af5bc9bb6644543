/* tether-secret.h
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The API key for a Syncthing address typed in Preferences lives in the
 * user's keyring (libsecret), one item per address, never in GSettings.
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define TETHER_SECRET_SCHEMA_NAME "io.github.tetherapp.Tether.ApiKey"

const SecretSchema *tether_secret_get_schema    (void);

void                tether_secret_store_async   (const char           *url,
                                                 const char           *api_key,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            tether_secret_store_finish  (GAsyncResult         *result,
                                                 GError              **error);

/* Finishes with the key, or NULL (and no error) when the keyring has none. */
void                tether_secret_lookup_async  (const char           *url,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
char               *tether_secret_lookup_finish (GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
