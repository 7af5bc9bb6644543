/* tether-syncthing-client.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tether-syncthing-client.h"

/* A plain request must not hang the engine when Syncthing is stopped with
 * SIGSTOP or wedged; the long-poll gets its own, longer deadline. */
#define REQUEST_TIMEOUT_S   10
#define POLL_GRACE_S        15

struct _TetherSyncthingClient
{
  GObject           parent_instance;

  SoupSession      *session;      /* owned */
  char             *url;          /* owned, no trailing slash */
  char             *api_key;      /* owned, secret */
  GTlsCertificate  *pinned;       /* owned, nullable */
  guint64           poll_conn_id; /* connection the last long-poll used */
};

G_DEFINE_FINAL_TYPE (TetherSyncthingClient, tether_syncthing_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (tether-syncthing-client-error-quark, tether_syncthing_client_error)

typedef gpointer (*ParseFunc) (const char  *data,
                               gsize        len,
                               GError     **error);

typedef struct {
  SoupMessage *msg;          /* owned */
  ParseFunc    parse;        /* nullable: no body expected */
  GDestroyNotify result_free;
  GSource     *deadline;     /* owned, nullable */
  GCancellable *cancellable; /* owned: the caller's, or our own for the deadline */
  gulong       cancel_id;
  GCancellable *caller_cancellable; /* owned, nullable */
  gboolean     timed_out;
} Request;

static void
request_free (Request *req)
{
  if (req->deadline != NULL)
    {
      g_source_destroy (req->deadline);
      g_source_unref (req->deadline);
    }
  if (req->cancel_id != 0)
    g_cancellable_disconnect (req->caller_cancellable, req->cancel_id);
  g_clear_object (&req->caller_cancellable);
  g_clear_object (&req->cancellable);
  g_clear_object (&req->msg);
  g_free (req);
}

void
tether_st_event_batch_free (TetherStEventBatch *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_free (self);
}

static void
tether_syncthing_client_finalize (GObject *object)
{
  TetherSyncthingClient *self = (TetherSyncthingClient *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->pinned);
  g_free (self->url);
  g_free (self->api_key);

  G_OBJECT_CLASS (tether_syncthing_client_parent_class)->finalize (object);
}

static void
tether_syncthing_client_class_init (TetherSyncthingClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tether_syncthing_client_finalize;
}

static void
tether_syncthing_client_init (TetherSyncthingClient *self)
{
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) addr = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  addr = g_inet_address_new_from_string (host);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

TetherSyncthingClient *
tether_syncthing_client_new (const TetherStLocation  *location,
                             GError                 **error)
{
  g_autoptr(TetherSyncthingClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (location->url != NULL, NULL);
  g_return_val_if_fail (location->api_key != NULL, NULL);

  uri = g_uri_parse (location->url, G_URI_FLAGS_NONE, error);
  if (uri == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    {
      g_set_error (error, TETHER_SYNCTHING_CLIENT_ERROR,
                   TETHER_SYNCTHING_CLIENT_ERROR_INSECURE,
                   _("“%s” is not an http:// or https:// address."), location->url);
      return NULL;
    }

  if (g_str_equal (scheme, "http") &&
      (g_uri_get_host (uri) == NULL || !host_is_loopback (g_uri_get_host (uri))))
    {
      g_set_error (error, TETHER_SYNCTHING_CLIENT_ERROR,
                   TETHER_SYNCTHING_CLIENT_ERROR_INSECURE,
                   _("Tether will not send the API key over plain HTTP to %s. "
                     "Use an https:// address for a Syncthing on another machine."),
                   g_uri_get_host (uri) ? g_uri_get_host (uri) : location->url);
      return NULL;
    }

  self = g_object_new (TETHER_TYPE_SYNCTHING_CLIENT, NULL);
  self->url = g_strdup (location->url);
  while (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';
  self->api_key = g_strdup (location->api_key);

  if (location->cert_path != NULL && g_str_equal (scheme, "https"))
    {
      g_autoptr(GError) local_error = NULL;

      self->pinned = g_tls_certificate_new_from_file (location->cert_path, &local_error);
      if (self->pinned == NULL)
        g_debug ("Could not load %s to pin: %s", location->cert_path, local_error->message);
    }

  /* The session's own timeout is off: each request has its own deadline
   * (the events long-poll legitimately waits for a minute). */
  self->session = soup_session_new_with_options ("timeout", 0,
                                                 "idle-timeout", 0,
                                                 "max-conns-per-host", 4,
                                                 "user-agent", "Tether/" PACKAGE_VERSION,
                                                 NULL);
  /* A proxy set for the desktop (http_proxy, GNOME's settings) must not
   * carry requests meant for this machine: it would fail or see the key. */
  if (host_is_loopback (g_uri_get_host (uri)))
    soup_session_set_proxy_resolver (self->session, NULL);

  return g_steal_pointer (&self);
}

const char *
tether_syncthing_client_get_url (TetherSyncthingClient *self)
{
  g_return_val_if_fail (TETHER_IS_SYNCTHING_CLIENT (self), NULL);

  return self->url;
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  TetherSyncthingClient *self = user_data;

  /* Syncthing's GUI certificate is self-signed. Trust exactly the one
   * beside config.xml; without that file, the first one seen (TOFU). */
  if (self->pinned == NULL)
    {
      self->pinned = g_object_ref (peer);
      return TRUE;
    }

  return g_tls_certificate_is_same (self->pinned, peer);
}

static gboolean
deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);

  req->timed_out = TRUE;
  g_cancellable_cancel (req->cancellable);
  g_clear_pointer (&req->deadline, g_source_unref);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
set_transport_error (GTask  *task,
                     GError *error)
{
  Request *req = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !req->timed_out)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      g_task_return_new_error (task, TETHER_SYNCTHING_CLIENT_ERROR,
                               TETHER_SYNCTHING_CLIENT_ERROR_INSECURE,
                               _("Syncthing's HTTPS certificate is not the one Tether trusts."));
      g_error_free (error);
      return;
    }

  g_task_return_new_error (task, TETHER_SYNCTHING_CLIENT_ERROR,
                           TETHER_SYNCTHING_CLIENT_ERROR_UNREACHABLE,
                           "%s", req->timed_out ? _("Syncthing did not answer in time.") : error->message);
  g_error_free (error);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;
  gconstpointer data;
  gsize len;
  gpointer parsed;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      set_transport_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (req->msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_task_return_new_error (task, TETHER_SYNCTHING_CLIENT_ERROR,
                               TETHER_SYNCTHING_CLIENT_ERROR_UNAUTHORIZED,
                               _("Syncthing rejected Tether's API key (HTTP %u)."), status);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* A Syncthing that is starting or shutting down answers 5xx for a
       * moment: that is "not there yet", not "not Syncthing". */
      g_task_return_new_error (task, TETHER_SYNCTHING_CLIENT_ERROR,
                               SOUP_STATUS_IS_SERVER_ERROR (status)
                                 ? TETHER_SYNCTHING_CLIENT_ERROR_UNREACHABLE
                                 : TETHER_SYNCTHING_CLIENT_ERROR_HTTP,
                               _("Syncthing answered %s %s with HTTP %u %s."),
                               soup_message_get_method (req->msg),
                               g_uri_get_path (soup_message_get_uri (req->msg)),
                               status,
                               soup_message_get_reason_phrase (req->msg) ?
                                 soup_message_get_reason_phrase (req->msg) : "");
      return;
    }

  if (req->parse == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_bytes_get_data (body, &len);
  /* An empty 200 is what a Syncthing on its way down sends to a pending
   * request: it is going away, not answering wrongly. */
  if (len == 0)
    {
      g_task_return_new_error (task, TETHER_SYNCTHING_CLIENT_ERROR,
                               TETHER_SYNCTHING_CLIENT_ERROR_UNREACHABLE,
                               _("Syncthing closed the request without an answer."));
      return;
    }
  parsed = req->parse (data != NULL ? data : "", len, &error);
  if (parsed == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, parsed, req->result_free);
}

/* Starts one request; the task's result is what parse() returned. */
static GTask *
request_async (TetherSyncthingClient *self,
               const char            *method,
               const char            *path_and_query,
               GBytes                *body,
               ParseFunc              parse,
               GDestroyNotify         result_free,
               guint                  timeout_s,
               GCancellable          *cancellable,
               GAsyncReadyCallback    callback,
               gpointer               user_data,
               gpointer               source_tag)
{
  g_autofree char *uri = g_strconcat (self->url, path_and_query, NULL);
  GTask *task;
  Request *req;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  req = g_new0 (Request, 1);
  req->parse = parse;
  req->result_free = result_free;
  req->msg = soup_message_new (method, uri);
  if (req->msg == NULL)
    {
      request_free (req);
      g_task_return_new_error (task, TETHER_SYNCTHING_CLIENT_ERROR,
                               TETHER_SYNCTHING_CLIENT_ERROR_HTTP,
                               _("“%s” is not a valid address."), self->url);
      g_object_unref (task);
      return NULL;
    }
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);

  soup_message_headers_replace (soup_message_get_request_headers (req->msg),
                                "X-API-Key", self->api_key);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", body);
  else if (g_str_equal (method, "POST"))
    {
      g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

      soup_message_set_request_body_from_bytes (req->msg, "application/json", empty);
    }
  g_signal_connect_object (req->msg, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb), self, 0);

  req->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      req->caller_cancellable = g_object_ref (cancellable);
      req->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                              req->cancellable, NULL);
    }

  req->deadline = g_timeout_source_new_seconds (timeout_s);
  g_source_set_callback (req->deadline, deadline_cb, task, NULL);
  g_source_attach (req->deadline, g_main_context_get_thread_default ());

  soup_session_send_and_read_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                                    req->cancellable, send_cb, g_object_ref (task));

  return task;
}

#define SIMPLE_GET(name, path, parse_fn, free_fn)                                 \
  void                                                                            \
  tether_syncthing_client_get_##name##_async (TetherSyncthingClient *self,        \
                                              GCancellable          *cancellable, \
                                              GAsyncReadyCallback    callback,    \
                                              gpointer               user_data)   \
  {                                                                               \
    GTask *task;                                                                  \
                                                                                  \
    g_return_if_fail (TETHER_IS_SYNCTHING_CLIENT (self));                         \
                                                                                  \
    task = request_async (self, "GET", path, NULL, (ParseFunc) parse_fn, free_fn, \
                          REQUEST_TIMEOUT_S, cancellable, callback, user_data,    \
                          tether_syncthing_client_get_##name##_async);            \
    g_clear_object (&task);                                                       \
  }

static gpointer
parse_devices (const char *data, gsize len, GError **error)
{
  return tether_st_parse_devices (data, len, NULL, error);
}

static gpointer
parse_connections (const char *data, gsize len, GError **error)
{
  return tether_st_parse_connections (data, len, NULL, error);
}

static gpointer
parse_device_stats (const char *data, gsize len, GError **error)
{
  return tether_st_parse_device_stats (data, len, NULL, error);
}

SIMPLE_GET (version, "/rest/system/version", tether_st_parse_version,
            (GDestroyNotify) tether_st_version_free)
SIMPLE_GET (status, "/rest/system/status", tether_st_parse_status,
            (GDestroyNotify) tether_st_status_free)
SIMPLE_GET (devices, "/rest/config/devices", parse_devices,
            (GDestroyNotify) g_ptr_array_unref)
SIMPLE_GET (connections, "/rest/system/connections", parse_connections,
            (GDestroyNotify) g_ptr_array_unref)
SIMPLE_GET (device_stats, "/rest/stats/device", parse_device_stats,
            (GDestroyNotify) g_ptr_array_unref)

TetherStVersion *
tether_syncthing_client_get_version_finish (TetherSyncthingClient  *self,
                                            GAsyncResult           *result,
                                            GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

TetherStStatus *
tether_syncthing_client_get_status_finish (TetherSyncthingClient  *self,
                                           GAsyncResult           *result,
                                           GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
tether_syncthing_client_get_list_finish (TetherSyncthingClient  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tether_syncthing_client_set_paused_async (TetherSyncthingClient *self,
                                          const char            *device_id,
                                          gboolean               paused,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (TETHER_IS_SYNCTHING_CLIENT (self));
  g_return_if_fail (device_id != NULL);

  escaped = g_uri_escape_string (device_id, NULL, FALSE);
  path = g_strdup_printf ("/rest/system/%s?device=%s", paused ? "pause" : "resume", escaped);
  task = request_async (self, "POST", path, NULL, NULL, NULL, REQUEST_TIMEOUT_S,
                        cancellable, callback, user_data,
                        tether_syncthing_client_set_paused_async);
  g_clear_object (&task);
}

gboolean
tether_syncthing_client_set_paused_finish (TetherSyncthingClient  *self,
                                           GAsyncResult           *result,
                                           GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
device_path (const char *device_id)
{
  g_autofree char *escaped = g_uri_escape_string (device_id, NULL, FALSE);

  return g_strconcat ("/rest/config/devices/", escaped, NULL);
}

void
tether_syncthing_client_get_device_async (TetherSyncthingClient *self,
                                          const char            *device_id,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (TETHER_IS_SYNCTHING_CLIENT (self));
  g_return_if_fail (device_id != NULL);

  path = device_path (device_id);
  task = request_async (self, "GET", path, NULL, (ParseFunc) tether_st_parse_device,
                        (GDestroyNotify) tether_st_device_free, REQUEST_TIMEOUT_S,
                        cancellable, callback, user_data,
                        tether_syncthing_client_get_device_async);
  g_clear_object (&task);
}

TetherStDevice *
tether_syncthing_client_get_device_finish (TetherSyncthingClient  *self,
                                           GAsyncResult           *result,
                                           GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tether_syncthing_client_patch_device_async (TetherSyncthingClient *self,
                                            const char            *device_id,
                                            JsonNode              *patch,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data)
{
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize len;
  GTask *task;

  g_return_if_fail (TETHER_IS_SYNCTHING_CLIENT (self));
  g_return_if_fail (device_id != NULL);
  g_return_if_fail (patch != NULL);

  path = device_path (device_id);
  json = json_to_string (patch, FALSE);
  len = strlen (json);
  body = g_bytes_new_take (g_steal_pointer (&json), len);
  task = request_async (self, "PATCH", path, body, NULL, NULL, REQUEST_TIMEOUT_S,
                        cancellable, callback, user_data,
                        tether_syncthing_client_patch_device_async);
  g_clear_object (&task);
}

gboolean
tether_syncthing_client_patch_device_finish (TetherSyncthingClient  *self,
                                             GAsyncResult           *result,
                                             GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
events_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  TetherSyncthingClient *self = g_task_get_source_object (outer);
  Request *req = g_task_get_task_data (G_TASK (result));
  const gint64 *since = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStEventBatch) batch = NULL;
  guint64 conn_id;

  batch = g_task_propagate_pointer (G_TASK (result), &error);
  if (batch == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  conn_id = soup_message_get_connection_id (req->msg);
  batch->new_connection = conn_id != self->poll_conn_id;
  self->poll_conn_id = conn_id;

  /* An empty answer (the long-poll timed out) leaves the stream where it
   * was. With events, last_id is the newest one: lower than since means
   * Syncthing started over, which the engine checks. */
  if (batch->events->len == 0)
    batch->last_id = *since;

  g_task_return_pointer (outer, g_steal_pointer (&batch),
                         (GDestroyNotify) tether_st_event_batch_free);
}

static gpointer
parse_event_batch (const char  *data,
                   gsize        len,
                   GError     **error)
{
  g_autoptr(TetherStEventBatch) batch = g_new0 (TetherStEventBatch, 1);

  batch->last_id = -1;
  batch->events = tether_st_parse_events (data, len, &batch->last_id, &batch->n_skipped, error);
  if (batch->events == NULL)
    return NULL;

  return g_steal_pointer (&batch);
}

void
tether_syncthing_client_events_async (TetherSyncthingClient *self,
                                      gint64                 since,
                                      guint                  timeout_s,
                                      guint                  limit,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (TETHER_IS_SYNCTHING_CLIENT (self));
  g_return_if_fail (since >= 0);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, tether_syncthing_client_events_async);
  g_task_set_task_data (outer, g_memdup2 (&since, sizeof since), g_free);

  if (limit > 0)
    path = g_strdup_printf ("/rest/events?since=%" G_GINT64_FORMAT "&limit=%u&timeout=%u",
                            since, limit, timeout_s);
  else
    path = g_strdup_printf ("/rest/events?since=%" G_GINT64_FORMAT "&timeout=%u",
                            since, timeout_s);

  inner = request_async (self, "GET", path, NULL, parse_event_batch,
                         (GDestroyNotify) tether_st_event_batch_free,
                         timeout_s + POLL_GRACE_S, cancellable, events_cb, outer,
                         tether_syncthing_client_events_async);
}

TetherStEventBatch *
tether_syncthing_client_events_finish (TetherSyncthingClient  *self,
                                       GAsyncResult           *result,
                                       GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
