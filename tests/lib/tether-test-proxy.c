/* tether-test-proxy.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tether-test-proxy.h"

struct _TetherTestProxy
{
  GSocketService *service;
  GCancellable   *cancellable;
  guint16         target_port;
  char           *url;
  GPtrArray      *requests;  /* request lines, owned */
};

typedef struct {
  TetherTestProxy *proxy;
  GIOStream       *client;
  GIOStream       *upstream;
  GString         *pending;  /* bytes of a request line not yet complete */
  gboolean         at_line;  /* the next bytes start a request */
  guint8           buffer[16384];
} Pipe;

static void
pipe_free (Pipe *pipe)
{
  g_clear_object (&pipe->client);
  g_clear_object (&pipe->upstream);
  g_string_free (pipe->pending, TRUE);
  g_free (pipe);
}

static gboolean
looks_like_request (const char *line)
{
  static const char *methods[] = { "GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD " };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_str_has_prefix (line, methods[i]))
      return TRUE;
  return FALSE;
}

/* Request lines start right after a blank line (headers end) or at the
 * start of the stream; bodies are short JSON that never starts with a
 * method name, so a line-based scan is enough for counting. */
static void
scan (Pipe         *pipe,
      const guint8 *data,
      gsize         len)
{
  g_string_append_len (pipe->pending, (const char *) data, len);

  for (;;)
    {
      char *eol = memchr (pipe->pending->str, '\n', pipe->pending->len);
      g_autofree char *line = NULL;

      if (eol == NULL)
        return;

      line = g_strndup (pipe->pending->str, eol - pipe->pending->str);
      g_strchomp (line);
      g_string_erase (pipe->pending, 0, eol - pipe->pending->str + 1);

      if (looks_like_request (line))
        g_ptr_array_add (pipe->proxy->requests, g_steal_pointer (&line));
    }
}

static void read_client (Pipe *pipe);

static void
write_upstream_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Pipe *pipe = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL))
    {
      pipe_free (pipe);
      return;
    }
  read_client (pipe);
}

static void
read_client_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pipe *pipe = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0)
    {
      g_io_stream_close (pipe->upstream, NULL, NULL);
      pipe_free (pipe);
      return;
    }

  scan (pipe, pipe->buffer, n);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (pipe->upstream),
                                   pipe->buffer, n, G_PRIORITY_DEFAULT,
                                   pipe->proxy->cancellable, write_upstream_cb, pipe);
}

static void
read_client (Pipe *pipe)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (pipe->client),
                             pipe->buffer, sizeof pipe->buffer, G_PRIORITY_DEFAULT,
                             pipe->proxy->cancellable, read_client_cb, pipe);
}

static void
splice_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, NULL);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pipe *pipe = user_data;
  GSocketConnection *upstream;

  upstream = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, NULL);
  if (upstream == NULL)
    {
      g_io_stream_close (pipe->client, NULL, NULL);
      pipe_free (pipe);
      return;
    }

  pipe->upstream = G_IO_STREAM (upstream);
  /* Answers go back untouched. */
  g_output_stream_splice_async (g_io_stream_get_output_stream (pipe->client),
                                g_io_stream_get_input_stream (pipe->upstream),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT,
                                pipe->proxy->cancellable, splice_cb, NULL);
  read_client (pipe);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  TetherTestProxy *self = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", self->target_port);
  Pipe *pipe = g_new0 (Pipe, 1);

  /* Loopback only: no desktop proxy (libproxy) in between. */
  g_socket_client_set_enable_proxy (client, FALSE);
  pipe->proxy = self;
  pipe->client = G_IO_STREAM (g_object_ref (connection));
  pipe->pending = g_string_new (NULL);
  g_socket_client_connect_to_host_async (client, target, self->target_port,
                                         self->cancellable, connected_cb, pipe);

  return TRUE;
}

TetherTestProxy *
tether_test_proxy_new (guint16   target_port,
                       GError  **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  TetherTestProxy *self = g_new0 (TetherTestProxy, 1);

  self->target_port = target_port;
  self->cancellable = g_cancellable_new ();
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->service = g_socket_service_new ();

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), any,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, error))
    {
      tether_test_proxy_free (self);
      return NULL;
    }

  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);

  return self;
}

void
tether_test_proxy_free (TetherTestProxy *self)
{
  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  /* Let cancelled reads and writes finish, so no pipe outlives us. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->requests);
  g_free (self->url);
  g_free (self);
}

const char *
tether_test_proxy_get_url (TetherTestProxy *self)
{
  return self->url;
}

guint
tether_test_proxy_count (TetherTestProxy *self,
                         const char      *method,
                         const char      *path_prefix)
{
  guint n = 0;

  for (guint i = 0; i < self->requests->len; i++)
    {
      const char *line = g_ptr_array_index (self->requests, i);
      const char *path = strchr (line, ' ');

      if (method != NULL && !(g_str_has_prefix (line, method) && line[strlen (method)] == ' '))
        continue;
      if (path_prefix != NULL && (path == NULL || !g_str_has_prefix (path + 1, path_prefix)))
        continue;
      n++;
    }

  return n;
}

const GPtrArray *
tether_test_proxy_get_requests (TetherTestProxy *self)
{
  return self->requests;
}
