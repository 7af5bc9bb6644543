/* tether-autostart.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tether-autostart.h"

#define PORTAL_BUS_NAME    "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"

G_DEFINE_QUARK (tether-autostart-error-quark, tether_autostart_error)

struct _TetherAutostart
{
  GObject       parent_instance;

  GSettings    *settings;     /* owned */
  gboolean      use_portal;
  GCancellable *cancellable;  /* owned */
  guint         n_answers;
};

G_DEFINE_FINAL_TYPE (TetherAutostart, tether_autostart, G_TYPE_OBJECT)

/* ------------------------------------------------------- XDG autostart */

char *
tether_autostart_get_entry_path (void)
{
  const char *config = g_getenv ("XDG_CONFIG_HOME");
  g_autofree char *fallback = NULL;

  if (config == NULL || !g_path_is_absolute (config))
    config = fallback = g_build_filename (g_get_home_dir (), ".config", NULL);

  return g_build_filename (config, "autostart", APP_ID ".desktop", NULL);
}

gboolean
tether_autostart_write_entry (GError **error)
{
  g_autofree char *path = tether_autostart_get_entry_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  const char *group = G_KEY_FILE_DESKTOP_GROUP;
  gsize length;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_TYPE, G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_NAME, _("Tether"));
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Keep Syncthing connected to your devices across suspend and network changes"));
  /* The same program as the desktop file's Exec, started without a window. */
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_EXEC, "tether --background");
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (entry, group, G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);
  g_key_file_set_boolean (entry, group, "X-GNOME-Autostart-enabled", TRUE);
  data = g_key_file_to_data (entry, &length, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, TETHER_AUTOSTART_ERROR, TETHER_AUTOSTART_ERROR_FAILED,
                   _("Could not create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

gboolean
tether_autostart_remove_entry (GError **error)
{
  g_autofree char *path = tether_autostart_get_entry_path ();

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, TETHER_AUTOSTART_ERROR, TETHER_AUTOSTART_ERROR_FAILED,
                   _("Could not remove %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------- portal */

typedef struct {
  TetherAutostart *self;         /* weak pointer: answers may come after it is gone */
  GDBusConnection *connection;   /* owned */
  guint            response_id;
  gboolean         autostart;
} Request;

static void
request_free (Request *request)
{
  g_clear_weak_pointer (&request->self);
  g_clear_object (&request->connection);
  g_free (request);
}

static void
response_cb (GDBusConnection *connection,
             const char      *sender_name,
             const char      *object_path,
             const char      *interface_name,
             const char      *signal_name,
             GVariant        *parameters,
             gpointer         user_data)
{
  Request *request = user_data;
  g_autoptr(GVariant) results = NULL;
  gboolean background = FALSE, autostart = FALSE;
  guint32 response;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  g_variant_lookup (results, "autostart", "b", &autostart);

  if (response != 0)
    g_message ("The desktop did not answer the request to run in the background (%u)", response);
  else if (!background)
    g_message ("The desktop does not let Tether run in the background");
  else if (request->autostart && !autostart)
    g_message ("The desktop does not let Tether start at login");
  else
    g_debug ("Background: %d, autostart: %d", background, autostart);

  if (request->self != NULL)
    request->self->n_answers++;
  /* Unsubscribing frees the request. */
  g_dbus_connection_signal_unsubscribe (connection, request->response_id);
}

static void
request_background_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not ask the desktop to run Tether in the background: %s", error->message);
  /* The answer arrives as Response on the request object. */
}

static void
request_background (TetherAutostart *self,
                    GDBusConnection *connection,
                    gboolean         autostart)
{
  g_autofree char *token = g_strdup_printf ("tether%u", g_random_int ());
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (connection) + 1);
  g_autofree char *handle = NULL;
  const char *commandline[] = { "tether", "--background", NULL };
  GVariantBuilder options;
  Request *request;

  /* The request's path is known in advance; subscribe before asking, so
   * that a quick answer is not lost. */
  g_strdelimit (sender, ".", '_');
  handle = g_strdup_printf ("%s/request/%s/%s", PORTAL_OBJECT_PATH, sender, token);

  request = g_new0 (Request, 1);
  g_set_weak_pointer (&request->self, self);
  request->connection = g_object_ref (connection);
  request->autostart = autostart;
  request->response_id =
    g_dbus_connection_signal_subscribe (connection, PORTAL_BUS_NAME,
                                        "org.freedesktop.portal.Request", "Response",
                                        handle, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        response_cb, request, (GDestroyNotify) request_free);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Tether keeps your devices connected while its window is closed.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (connection, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH,
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, request_background_cb, NULL);
}

static void
bus_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = g_bus_get_finish (result, &error);
  TetherAutostart *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TETHER_AUTOSTART (user_data);
  if (connection == NULL)
    {
      g_message ("No session bus to ask the desktop for background running: %s", error->message);
      return;
    }

  request_background (self, connection, g_settings_get_boolean (self->settings, "start-at-login"));
}

/* ------------------------------------------------------------- apply */

static void
apply (TetherAutostart *self,
       gboolean         at_start)
{
  gboolean enabled = g_settings_get_boolean (self->settings, "start-at-login");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (self->use_portal)
    {
      g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, bus_cb, self);
      return;
    }

  if (enabled)
    {
      path = tether_autostart_get_entry_path ();
      if ((!at_start || !g_file_test (path, G_FILE_TEST_EXISTS)) &&
          !tether_autostart_write_entry (&error))
        g_warning ("Could not set Tether to start at login: %s", error->message);
    }
  else if (!at_start && !tether_autostart_remove_entry (&error))
    g_warning ("Could not stop Tether from starting at login: %s", error->message);
}

static void
start_at_login_changed_cb (GSettings       *settings,
                           const char      *key,
                           TetherAutostart *self)
{
  apply (self, FALSE);
}

/* ------------------------------------------------------------- GObject */

static void
tether_autostart_dispose (GObject *object)
{
  TetherAutostart *self = (TetherAutostart *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tether_autostart_parent_class)->dispose (object);
}

static void
tether_autostart_class_init (TetherAutostartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_autostart_dispose;
}

static void
tether_autostart_init (TetherAutostart *self)
{
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
}

TetherAutostart *
_tether_autostart_new_full (gboolean use_portal)
{
  TetherAutostart *self = g_object_new (TETHER_TYPE_AUTOSTART, NULL);

  self->use_portal = use_portal;
  g_signal_connect_object (self->settings, "changed::start-at-login",
                           G_CALLBACK (start_at_login_changed_cb), self, 0);
  apply (self, TRUE);

  return self;
}

TetherAutostart *
tether_autostart_new (void)
{
  return _tether_autostart_new_full (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS));
}

guint
_tether_autostart_get_n_answers (TetherAutostart *self)
{
  g_return_val_if_fail (TETHER_IS_AUTOSTART (self), 0);

  return self->n_answers;
}
