/* tether-syncthing-launcher.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>

#include "tether-syncthing-launcher.h"

struct _TetherSyncthingLauncher
{
  GObject      parent_instance;

  char        *binary;      /* owned, nullable */
  GSubprocess *process;     /* owned, nullable: the one we started, while it runs */
  GCancellable *cancellable; /* owned: cancels the exit watch on dispose */
};

G_DEFINE_FINAL_TYPE (TetherSyncthingLauncher, tether_syncthing_launcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BINARY,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(TetherSyncthingLauncher) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (process, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (self->process != process)
    return;

  g_debug ("Syncthing started by Tether exited");
  g_clear_object (&self->process);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
tether_syncthing_launcher_start (TetherSyncthingLauncher  *self,
                                 GError                  **error)
{
  g_return_val_if_fail (TETHER_IS_SYNCTHING_LAUNCHER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->process != NULL)
    return TRUE;

  if (self->binary == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("Syncthing is not installed: there is no “syncthing” program"));
      return FALSE;
    }

  /* Syncthing's own defaults pick the user's home and GUI address; its
   * output goes nowhere (the GUI shows its logs). */
  self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                    G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                    error,
                                    self->binary, "serve", "--no-browser", NULL);
  if (self->process == NULL)
    return FALSE;

  g_subprocess_wait_async (self->process, self->cancellable, exited_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

static gboolean
stop_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
tether_syncthing_launcher_stop (TetherSyncthingLauncher *self,
                                guint                    timeout_ms)
{
  g_autoptr(GSubprocess) process = NULL;
  gboolean timed_out = FALSE;
  GSource *timeout;

  g_return_if_fail (TETHER_IS_SYNCTHING_LAUNCHER (self));

  if (self->process == NULL)
    return;

  process = g_object_ref (self->process);
  g_subprocess_send_signal (process, SIGTERM);

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, stop_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, g_main_context_get_thread_default ());
  /* exited_cb clears self->process when it goes. */
  while (self->process == process && !timed_out)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);

  if (self->process == process)
    {
      g_debug ("Syncthing did not exit in %u ms; killing it", timeout_ms);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_clear_object (&self->process);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
tether_syncthing_launcher_dispose (GObject *object)
{
  TetherSyncthingLauncher *self = (TetherSyncthingLauncher *)object;

  g_cancellable_cancel (self->cancellable);
  /* Dropping the object leaves a running syncthing alone: stopping it is
   * an explicit decision (the application's, on quit). */
  g_clear_object (&self->process);

  G_OBJECT_CLASS (tether_syncthing_launcher_parent_class)->dispose (object);
}

static void
tether_syncthing_launcher_finalize (GObject *object)
{
  TetherSyncthingLauncher *self = (TetherSyncthingLauncher *)object;

  g_free (self->binary);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tether_syncthing_launcher_parent_class)->finalize (object);
}

static void
tether_syncthing_launcher_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  TetherSyncthingLauncher *self = TETHER_SYNCTHING_LAUNCHER (object);

  switch (prop_id)
    {
    case PROP_BINARY:
      g_value_set_string (value, self->binary);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->process != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_syncthing_launcher_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  TetherSyncthingLauncher *self = TETHER_SYNCTHING_LAUNCHER (object);

  switch (prop_id)
    {
    case PROP_BINARY:
      g_free (self->binary);
      self->binary = g_value_dup_string (value);
      if (self->binary == NULL)
        self->binary = g_find_program_in_path ("syncthing");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tether_syncthing_launcher_class_init (TetherSyncthingLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_syncthing_launcher_dispose;
  object_class->finalize = tether_syncthing_launcher_finalize;
  object_class->get_property = tether_syncthing_launcher_get_property;
  object_class->set_property = tether_syncthing_launcher_set_property;

  /* NULL at construction looks for `syncthing` on PATH. */
  properties[PROP_BINARY] =
    g_param_spec_string ("binary", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tether_syncthing_launcher_init (TetherSyncthingLauncher *self)
{
  self->cancellable = g_cancellable_new ();
}

TetherSyncthingLauncher *
tether_syncthing_launcher_new (const char *binary)
{
  return g_object_new (TETHER_TYPE_SYNCTHING_LAUNCHER, "binary", binary, NULL);
}

const char *
tether_syncthing_launcher_get_binary (TetherSyncthingLauncher *self)
{
  g_return_val_if_fail (TETHER_IS_SYNCTHING_LAUNCHER (self), NULL);

  return self->binary;
}

gboolean
tether_syncthing_launcher_get_available (TetherSyncthingLauncher *self)
{
  g_return_val_if_fail (TETHER_IS_SYNCTHING_LAUNCHER (self), FALSE);

  return self->binary != NULL;
}

gboolean
tether_syncthing_launcher_get_running (TetherSyncthingLauncher *self)
{
  g_return_val_if_fail (TETHER_IS_SYNCTHING_LAUNCHER (self), FALSE);

  return self->process != NULL;
}
