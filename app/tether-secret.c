/* tether-secret.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-secret.h"

const SecretSchema *
tether_secret_get_schema (void)
{
  static const SecretSchema schema = {
    TETHER_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

void
tether_secret_store_async (const char          *url,
                           const char          *api_key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *label = NULL;

  g_return_if_fail (url != NULL);
  g_return_if_fail (api_key != NULL);

  /* Translators: the name of the item in the keyring */
  label = g_strdup_printf (_("Syncthing API key for %s"), url);
  secret_password_store (tether_secret_get_schema (), SECRET_COLLECTION_DEFAULT, label, api_key,
                         cancellable, callback, user_data,
                         "url", url,
                         NULL);
}

gboolean
tether_secret_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  return secret_password_store_finish (result, error);
}

void
tether_secret_lookup_async (const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (url != NULL);

  secret_password_lookup (tether_secret_get_schema (), cancellable, callback, user_data,
                          "url", url,
                          NULL);
}

char *
tether_secret_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  char *secret = secret_password_lookup_finish (result, error);
  char *copy = g_strdup (secret);

  /* Wiped, not just freed. The copy lives in ordinary memory: the entry
   * and the engine hold it there anyway. */
  secret_password_free (secret);

  return copy;
}
