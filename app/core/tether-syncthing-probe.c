/* tether-syncthing-probe.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-syncthing-client.h"
#include "tether-syncthing-probe.h"

typedef struct {
  char            *url;       /* owned, nullable */
  char            *api_key;   /* owned, nullable, secret */
  char            *used_url;  /* owned, nullable: set by the worker */
} Probe;

typedef struct {
  TetherStVersion *version;   /* owned, nullable */
  GError          *error;     /* owned, nullable */
  gboolean         done;
} Wait;

static void
probe_free (Probe *probe)
{
  g_free (probe->url);
  g_free (probe->api_key);
  g_free (probe->used_url);
  g_free (probe);
}

static char *
nonempty (const char *s)
{
  return s != NULL && s[0] != '\0' ? g_strdup (s) : NULL;
}

/* The same rules as the engine: a full override wins; otherwise config.xml,
 * with either override replacing its part. */
static TetherStLocation *
probe_locate (Probe   *probe,
              GError **error)
{
  g_autoptr(TetherStLocation) found = NULL;

  if (probe->url != NULL && probe->api_key != NULL)
    {
      found = g_new0 (TetherStLocation, 1);
      found->url = g_strdup (probe->url);
      found->api_key = g_strdup (probe->api_key);
      found->tls = g_str_has_prefix (probe->url, "https:");
      return g_steal_pointer (&found);
    }

  found = tether_st_location_find (error);
  if (found == NULL)
    return NULL;

  if (probe->url != NULL)
    {
      g_free (found->url);
      found->url = g_strdup (probe->url);
      found->tls = g_str_has_prefix (probe->url, "https:");
    }
  if (probe->api_key != NULL)
    {
      g_free (found->api_key);
      found->api_key = g_strdup (probe->api_key);
    }

  return g_steal_pointer (&found);
}

static void
version_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->version = tether_syncthing_client_get_version_finish (TETHER_SYNCTHING_CLIENT (object),
                                                              result, &wait->error);
  wait->done = TRUE;
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Probe *probe = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(TetherStLocation) location = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  location = probe_locate (probe, &error);
  if (location == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The client's SoupSession binds to the context that is thread-default
   * when it is made: ours, for the life of this function. */
  g_main_context_push_thread_default (context);
  {
    g_autoptr(TetherSyncthingClient) client = tether_syncthing_client_new (location, &wait.error);

    if (client != NULL)
      {
        probe->used_url = g_strdup (tether_syncthing_client_get_url (client));
        tether_syncthing_client_get_version_async (client, cancellable, version_cb, &wait);
        while (!wait.done)
          g_main_context_iteration (context, TRUE);
      }
  }
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  if (wait.version != NULL)
    g_task_return_pointer (task, wait.version, (GDestroyNotify) tether_st_version_free);
  else
    g_task_return_error (task, wait.error);
}

void
tether_syncthing_probe_async (const char          *url,
                              const char          *api_key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Probe *probe;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  probe = g_new0 (Probe, 1);
  probe->url = nonempty (url);
  probe->api_key = nonempty (api_key);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tether_syncthing_probe_async);
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);
  g_task_run_in_thread (task, probe_thread);
}

TetherStVersion *
tether_syncthing_probe_finish (GAsyncResult  *result,
                               char         **url_out,
                               GError       **error)
{
  TetherStVersion *version;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tether_syncthing_probe_async, NULL);

  version = g_task_propagate_pointer (G_TASK (result), error);
  if (url_out != NULL)
    {
      Probe *probe = g_task_get_task_data (G_TASK (result));

      *url_out = version != NULL ? g_strdup (probe->used_url) : NULL;
    }

  return version;
}
