/* test-engine-actions.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-engine-actions.h"

static TetherSnapshot *
make_snapshot (TetherEngineStatus status,
               gboolean           paused,
               TetherPausedBy     paused_by)
{
  TetherSnapshot *snapshot = _tether_snapshot_new (1);
  TetherDeviceInfo *info = tether_device_info_new ("PEER");

  snapshot->status = status;
  info->paused = paused;
  info->paused_by = paused_by;
  info->state = paused ? TETHER_DEVICE_STATE_PAUSED : TETHER_DEVICE_STATE_CONNECTED;
  g_ptr_array_add (snapshot->devices, info);

  return snapshot;
}

static void
update (TetherEngineActions *actions,
        TetherEngineStatus   status,
        gboolean             paused,
        TetherPausedBy       paused_by)
{
  g_autoptr(TetherSnapshot) snapshot = make_snapshot (status, paused, paused_by);

  tether_engine_actions_update (actions, snapshot);
}

static gboolean
enabled (TetherEngineActions *actions,
         const char          *name)
{
  return g_action_get_enabled (tether_engine_actions_lookup (actions, name));
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_new_destroy (void)
{
  TetherEngine *engine = tether_engine_new (NULL, NULL);
  TetherEngineActions *actions = tether_engine_actions_new (engine);

  /* Nothing is known before the engine's first snapshot. */
  g_assert_false (enabled (actions, "reconnect-all"));
  g_assert_false (enabled (actions, "pause-all"));
  g_assert_false (enabled (actions, "resume-all"));
  g_assert_null (tether_engine_actions_lookup (actions, "quit"));

  g_assert_finalize_object (actions);
  g_assert_finalize_object (engine);
}

static void
test_enabled (void)
{
  g_autoptr(TetherEngine) engine = tether_engine_new (NULL, NULL);
  g_autoptr(TetherEngineActions) actions = tether_engine_actions_new (engine);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  guint pause_notifies = 0;

  tether_engine_actions_add_to (actions, G_ACTION_MAP (group));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (group), "pause-all"));
  g_signal_connect (tether_engine_actions_lookup (actions, "pause-all"), "notify::enabled",
                    G_CALLBACK (count_cb), &pause_notifies);

  /* Online, one device syncing: it can be reconnected or paused. */
  update (actions, TETHER_ENGINE_STATUS_ONLINE, FALSE, TETHER_PAUSED_BY_NOBODY);
  g_assert_true (enabled (actions, "reconnect-all"));
  g_assert_true (enabled (actions, "pause-all"));
  g_assert_false (enabled (actions, "resume-all"));
  g_assert_cmpuint (pause_notifies, ==, 1);

  /* The same again: no notification. */
  update (actions, TETHER_ENGINE_STATUS_ONLINE, FALSE, TETHER_PAUSED_BY_NOBODY);
  g_assert_cmpuint (pause_notifies, ==, 1);

  /* Tether paused it: only resume. */
  update (actions, TETHER_ENGINE_STATUS_ONLINE, TRUE, TETHER_PAUSED_BY_TETHER);
  g_assert_false (enabled (actions, "reconnect-all"));
  g_assert_false (enabled (actions, "pause-all"));
  g_assert_true (enabled (actions, "resume-all"));
  g_assert_cmpuint (pause_notifies, ==, 2);

  /* The user paused it: Tether touches nothing. */
  update (actions, TETHER_ENGINE_STATUS_ONLINE, TRUE, TETHER_PAUSED_BY_USER);
  g_assert_false (enabled (actions, "pause-all"));
  g_assert_false (enabled (actions, "resume-all"));

  /* Without Syncthing nothing can be done. */
  update (actions, TETHER_ENGINE_STATUS_UNREACHABLE, TRUE, TETHER_PAUSED_BY_TETHER);
  g_assert_false (enabled (actions, "resume-all"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/engine-actions/new-destroy", test_new_destroy);
  g_test_add_func ("/tether/engine-actions/enabled", test_enabled);

  return g_test_run ();
}
