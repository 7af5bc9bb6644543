/* tether-application.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-application.h"
#include "tether-preferences-window.h"
#include "tether-secret.h"
#include "tether-syncthing-launcher.h"
#include "tether-autostart.h"
#include "tether-engine-actions.h"
#include "tether-notifier.h"
#include "tether-tray.h"
#include "tether-window.h"

struct _TetherApplication
{
  AdwApplication  parent_instance;

  char           *url;      /* owned, nullable */
  char           *api_key;  /* owned, nullable, secret */
  TetherEngine   *engine;   /* owned, created at startup */
  TetherHistoryMonitor *history_monitor; /* owned, created at startup */
  TetherSyncthingLauncher *launcher; /* owned, created at startup */

  /* Background running: created at startup, see tether_application_startup(). */
  TetherEngineActions *engine_actions; /* owned */
  TetherTray          *tray;           /* owned, nullable */
  TetherNotifier      *notifier;       /* owned */
  TetherAutostart     *autostart;      /* owned */
  guint                resumes_seen;   /* the engine's wake-up count last seen */
};

G_DEFINE_FINAL_TYPE (TetherApplication, tether_application, ADW_TYPE_APPLICATION)

TetherApplication *
tether_application_new (const char *url,
                        const char *api_key)
{
  TetherApplication *self;

  self = g_object_new (TETHER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/tetherapp/Tether",
                       NULL);
  self->url = g_strdup (url);
  self->api_key = g_strdup (api_key);

  return self;
}

TetherEngine *
tether_application_get_engine (TetherApplication *self)
{
  g_return_val_if_fail (TETHER_IS_APPLICATION (self), NULL);

  return self->engine;
}

TetherHistoryMonitor *
tether_application_get_history_monitor (TetherApplication *self)
{
  g_return_val_if_fail (TETHER_IS_APPLICATION (self), NULL);

  return self->history_monitor;
}

TetherSyncthingLauncher *
tether_application_get_launcher (TetherApplication *self)
{
  g_return_val_if_fail (TETHER_IS_APPLICATION (self), NULL);

  return self->launcher;
}

static void update_launcher_actions (TetherApplication *self);

static void
stored_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TetherApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = tether_secret_lookup_finish (result, &error);

  if (error != NULL)
    g_debug ("No API key from the keyring for %s: %s", self->url, error->message);
  if (key == NULL || self->engine == NULL)
    return;

  tether_engine_set_location (self->engine, self->url, key);
}

/* An address typed in Preferences applies from the start; its key comes
 * from the keyring a moment later. Command-line options win over both. */
static void
load_stored_location (TetherApplication *self)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *url = NULL;

  if (self->url != NULL || self->api_key != NULL)
    return;

  settings = g_settings_new (APP_ID);
  url = g_settings_get_string (settings, "syncthing-url");
  if (url[0] == '\0')
    return;

  self->url = g_steal_pointer (&url);
  tether_secret_lookup_async (self->url, NULL, stored_key_cb, g_object_ref (self));
}

TetherTray *
tether_application_get_tray (TetherApplication *self)
{
  g_return_val_if_fail (TETHER_IS_APPLICATION (self), NULL);

  return self->tray;
}

static void
engine_snapshot_cb (TetherEngine      *engine,
                    TetherSnapshot    *snapshot,
                    TetherApplication *self)
{
  if (self->tray != NULL)
    tether_tray_set_snapshot (self->tray, snapshot);
  /* The machine just woke up: the notifier counts who comes back. */
  if (snapshot->resumes != self->resumes_seen)
    {
      self->resumes_seen = snapshot->resumes;
      tether_notifier_note_resume (self->notifier);
    }
  tether_notifier_update (self->notifier, snapshot);
}

/* Tether is a background app: the tray, notifications and the engine live
 * from startup to app.quit, whether a window is open or not. */
static void
start_background (TetherApplication *self)
{
  GApplication *app = G_APPLICATION (self);
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  self->engine_actions = tether_engine_actions_new (self->engine);
  tether_engine_actions_add_to (self->engine_actions, G_ACTION_MAP (self));

  builder = gtk_builder_new_from_resource ("/io/github/tetherapp/Tether/tray/tether-tray-menu.ui");
  self->tray = tether_tray_new (g_application_get_dbus_connection (app), G_ACTION_GROUP (self),
                                G_MENU_MODEL (gtk_builder_get_object (builder, "tray-menu")),
                                &error);
  if (self->tray == NULL)
    g_message ("No tray icon: %s", error->message);

  self->notifier = tether_notifier_new (app);
  self->autostart = tether_autostart_new ();

  g_signal_connect_object (self->engine, "snapshot", G_CALLBACK (engine_snapshot_cb), self, 0);
  engine_snapshot_cb (self->engine, tether_engine_get_snapshot (self->engine), self);

  /* Closing the last window does not end Tether; app.quit does. */
  g_application_hold (app);
}

static void
tether_application_startup (GApplication *app)
{
  TetherApplication *self = TETHER_APPLICATION (app);

  G_APPLICATION_CLASS (tether_application_parent_class)->startup (app);

  self->launcher = tether_syncthing_launcher_new (NULL);
  g_signal_connect_object (self->launcher, "notify::running",
                           G_CALLBACK (update_launcher_actions), self, G_CONNECT_SWAPPED);
  update_launcher_actions (self);

  load_stored_location (self);
  self->engine = tether_engine_new (self->url, self->api_key);
  self->history_monitor = tether_history_monitor_new (self->engine);
  tether_engine_start (self->engine);
  start_background (self);
}

/* activation_token: from the desktop (xdg-activation on Wayland), so that
 * the window may take the focus; NULL or "" when there is none. */
static void
present_window (TetherApplication *self,
                const char        *activation_token)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (tether_window_new (self));

  if (activation_token != NULL && activation_token[0] != '\0')
    gtk_window_set_startup_id (window, activation_token);
  gtk_window_present (window);
}

static void
tether_application_activate (GApplication *app)
{
  present_window (TETHER_APPLICATION (app), NULL);
}

static void
tether_application_shutdown (GApplication *app)
{
  TetherApplication *self = TETHER_APPLICATION (app);

  g_clear_object (&self->tray);
  g_clear_object (&self->notifier);
  g_clear_object (&self->autostart);
  g_clear_object (&self->engine_actions);
  if (self->engine != NULL)
    tether_engine_stop (self->engine);
  /* Only a Syncthing that Tether started itself. */
  if (self->launcher != NULL)
    tether_syncthing_launcher_stop (self->launcher, 10000);

  G_APPLICATION_CLASS (tether_application_parent_class)->shutdown (app);
}

static void
tether_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
tether_application_show_window_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  present_window (TETHER_APPLICATION (user_data), NULL);
}

/* The tray's left click: show the window, or close it when it is shown.
 * Closing goes through close-request, as the window's own close button. */
static void
tether_application_toggle_window_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
  TetherApplication *self = TETHER_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL && gtk_widget_get_visible (GTK_WIDGET (window)))
    gtk_window_close (window);
  else
    present_window (self, g_variant_get_string (parameter, NULL));
}

static void
tether_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Tether authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Tether"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Tether authors"),
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Keeps Syncthing connected to your devices "
                                       "across suspend, resume and network changes."),
                         NULL);
}

static void
tether_application_preferences_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  TetherApplication *self = TETHER_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  TetherPreferencesWindow *prefs;

  /* One at a time. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TETHER_IS_PREFERENCES_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }

  prefs = tether_preferences_window_new (self->engine, self->history_monitor);
  gtk_window_set_application (GTK_WINDOW (prefs), GTK_APPLICATION (self));
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
      gtk_window_set_modal (GTK_WINDOW (prefs), TRUE);
    }
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
tether_application_start_syncthing_action (GSimpleAction *action,
                                           GVariant      *parameter,
                                           gpointer       user_data)
{
  TetherApplication *self = TETHER_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;

  if (!tether_syncthing_launcher_start (self->launcher, &error))
    {
      g_warning ("Could not start Syncthing: %s", error->message);
      return;
    }

  /* Look again now rather than at the next retry. */
  tether_engine_resync (self->engine);
}

static const GActionEntry app_actions[] = {
  { "quit", tether_application_quit_action },
  { "show-window", tether_application_show_window_action },
  { "toggle-window", tether_application_toggle_window_action, "s" },
  { "about", tether_application_about_action },
  { "preferences", tether_application_preferences_action },
  { "start-syncthing", tether_application_start_syncthing_action },
};

static void
update_launcher_actions (TetherApplication *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "start-syncthing");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               self->launcher != NULL &&
                               tether_syncthing_launcher_get_available (self->launcher) &&
                               !tether_syncthing_launcher_get_running (self->launcher));
}

static void
tether_application_dispose (GObject *object)
{
  TetherApplication *self = (TetherApplication *)object;

  /* Cleared by shutdown when the application ran; not when a test only
   * registered it. */
  g_clear_object (&self->tray);
  g_clear_object (&self->notifier);
  g_clear_object (&self->autostart);
  g_clear_object (&self->engine_actions);

  G_OBJECT_CLASS (tether_application_parent_class)->dispose (object);
}

static void
tether_application_finalize (GObject *object)
{
  TetherApplication *self = (TetherApplication *)object;

  g_clear_object (&self->history_monitor);
  g_clear_object (&self->engine);
  g_clear_object (&self->launcher);
  g_free (self->url);
  g_free (self->api_key);

  G_OBJECT_CLASS (tether_application_parent_class)->finalize (object);
}

static void
tether_application_class_init (TetherApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tether_application_dispose;
  object_class->finalize = tether_application_finalize;
  app_class->startup = tether_application_startup;
  app_class->activate = tether_application_activate;
  app_class->shutdown = tether_application_shutdown;
}

static void
tether_application_init (TetherApplication *self)
{
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *preferences_accels[] = { "<primary>comma", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}
