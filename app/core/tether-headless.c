/* tether-headless.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib-unix.h>

#include "tether-headless.h"

static void
append_quoted (GString    *line,
               const char *text)
{
  g_string_append_c (line, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (line, "\\%c", c);
      else if (c == '\n')
        g_string_append (line, "\\n");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (line, "\\x%02x", c);
      else
        g_string_append_c (line, c);
    }
  g_string_append_c (line, '"');
}

static GString *
line_new (gint64 now_us)
{
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%" G_GINT64_FORMAT ".%03d",
                          now_us / G_USEC_PER_SEC,
                          (int) ((now_us % G_USEC_PER_SEC) / 1000));
  return line;
}

static const char *
device_state_name (const TetherDeviceInfo *info)
{
  return info != NULL ? tether_device_state_to_string (info->state) : "none";
}

static char *
format_device (gint64                  now_us,
               const TetherDeviceInfo *old,
               const TetherDeviceInfo *new_)
{
  const TetherDeviceInfo *info = new_ != NULL ? new_ : old;
  const TetherStConnection *primary = new_ != NULL ? tether_device_info_get_primary (new_) : NULL;
  const TetherStConnection *old_primary = old != NULL ? tether_device_info_get_primary (old) : NULL;
  const char *reason = NULL;
  GString *line;

  /* A line is worth printing when the state or the primary connection
   * changed; a changed byte count or name alone is not. */
  if (old != NULL && new_ != NULL && old->state == new_->state &&
      (primary == NULL) == (old_primary == NULL) &&
      (primary == NULL ||
       (g_strcmp0 (primary->address, old_primary->address) == 0 &&
        g_strcmp0 (primary->type, old_primary->type) == 0)))
    return NULL;

  line = line_new (now_us);
  g_string_append_printf (line, " device %s ", info->id);
  append_quoted (line, info->name);
  g_string_append_printf (line, " %s->%s %s %s",
                          device_state_name (old),
                          new_ != NULL ? tether_device_state_to_string (new_->state) : "removed",
                          primary != NULL && primary->type != NULL && primary->type[0] ? primary->type : "-",
                          primary != NULL && primary->address != NULL && primary->address[0] ? primary->address : "-");

  if (new_ != NULL && new_->state_reason != NULL)
    reason = new_->state_reason;
  else if (new_ != NULL && new_->state == TETHER_DEVICE_STATE_DISCONNECTED)
    reason = new_->last_error;

  if (reason != NULL && reason[0] != '\0')
    {
      g_string_append_c (line, ' ');
      append_quoted (line, reason);
    }

  return g_string_free (line, FALSE);
}

static char *
format_status (gint64                now_us,
               const TetherSnapshot *old,
               const TetherSnapshot *new_)
{
  GString *line;

  if (old != NULL && old->status == new_->status &&
      g_strcmp0 (old->status_message, new_->status_message) == 0)
    return NULL;

  line = line_new (now_us);
  g_string_append_printf (line, " syncthing %s->%s %s",
                          old != NULL ? tether_engine_status_to_string (old->status) : "none",
                          tether_engine_status_to_string (new_->status),
                          new_->url != NULL ? new_->url : "-");
  if (new_->status_message != NULL)
    {
      g_string_append_c (line, ' ');
      append_quoted (line, new_->status_message);
    }
  else if (new_->syncthing_version != NULL)
    {
      g_string_append_c (line, ' ');
      append_quoted (line, new_->syncthing_version);
    }

  return g_string_free (line, FALSE);
}

GPtrArray *
tether_headless_diff (gint64                now_us,
                      const TetherSnapshot *old,
                      const TetherSnapshot *new_)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  char *line;

  g_return_val_if_fail (new_ != NULL, lines);

  if ((line = format_status (now_us, old, new_)) != NULL)
    g_ptr_array_add (lines, line);

  for (guint i = 0; i < new_->devices->len; i++)
    {
      const TetherDeviceInfo *info = g_ptr_array_index (new_->devices, i);
      const TetherDeviceInfo *before = old != NULL ? tether_snapshot_lookup (old, info->id) : NULL;

      /* Unchanged records are the same pointer: nothing to compare. */
      if (before != info && (line = format_device (now_us, before, info)) != NULL)
        g_ptr_array_add (lines, line);
    }

  if (old != NULL)
    for (guint i = 0; i < old->devices->len; i++)
      {
        const TetherDeviceInfo *info = g_ptr_array_index (old->devices, i);

        if (tether_snapshot_lookup (new_, info->id) == NULL)
          g_ptr_array_add (lines, format_device (now_us, info, NULL));
      }

  return lines;
}

typedef struct {
  GMainLoop      *loop;
  TetherSnapshot *last;
} Headless;

static void
snapshot_cb (TetherEngine   *engine,
             TetherSnapshot *snapshot,
             Headless       *headless)
{
  g_autoptr(GPtrArray) lines = tether_headless_diff (g_get_real_time (), headless->last, snapshot);

  for (guint i = 0; i < lines->len; i++)
    printf ("%s\n", (const char *) g_ptr_array_index (lines, i));
  fflush (stdout);

  g_clear_pointer (&headless->last, tether_snapshot_unref);
  headless->last = tether_snapshot_ref (snapshot);
}

static gboolean
quit_signal_cb (gpointer user_data)
{
  Headless *headless = user_data;

  g_main_loop_quit (headless->loop);
  return G_SOURCE_CONTINUE;
}

int
tether_headless_run (const char *url,
                     const char *api_key)
{
  g_autoptr(TetherEngine) engine = NULL;
  Headless headless = { 0 };
  guint sigint_id, sigterm_id;

  setvbuf (stdout, NULL, _IOLBF, 0);

  headless.loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_signal_cb, &headless);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_signal_cb, &headless);

  engine = tether_engine_new (url, api_key);
  g_signal_connect (engine, "snapshot", G_CALLBACK (snapshot_cb), &headless);
  tether_engine_start (engine);

  g_main_loop_run (headless.loop);

  g_signal_handlers_disconnect_by_data (engine, &headless);
  tether_engine_stop (engine);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_pointer (&headless.last, tether_snapshot_unref);
  g_main_loop_unref (headless.loop);

  return 0;
}
