/* tether-application.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tether-application.h"
#include "tether-window.h"

struct _TetherApplication
{
  AdwApplication  parent_instance;

  char           *url;      /* owned, nullable */
  char           *api_key;  /* owned, nullable, secret */
  TetherEngine   *engine;   /* owned, created at startup */
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

static void
tether_application_startup (GApplication *app)
{
  TetherApplication *self = TETHER_APPLICATION (app);

  G_APPLICATION_CLASS (tether_application_parent_class)->startup (app);

  self->engine = tether_engine_new (self->url, self->api_key);
  tether_engine_start (self->engine);
}

static void
tether_application_activate (GApplication *app)
{
  TetherApplication *self = TETHER_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (tether_window_new (self));

  gtk_window_present (window);
}

static void
tether_application_shutdown (GApplication *app)
{
  TetherApplication *self = TETHER_APPLICATION (app);

  if (self->engine != NULL)
    tether_engine_stop (self->engine);

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

static const GActionEntry app_actions[] = {
  { "quit", tether_application_quit_action },
  { "about", tether_application_about_action },
};

static void
tether_application_finalize (GObject *object)
{
  TetherApplication *self = (TetherApplication *)object;

  g_clear_object (&self->engine);
  g_free (self->url);
  g_free (self->api_key);

  G_OBJECT_CLASS (tether_application_parent_class)->finalize (object);
}

static void
tether_application_class_init (TetherApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tether_application_finalize;
  app_class->startup = tether_application_startup;
  app_class->activate = tether_application_activate;
  app_class->shutdown = tether_application_shutdown;
}

static void
tether_application_init (TetherApplication *self)
{
  static const char *quit_accels[] = { "<primary>q", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}
