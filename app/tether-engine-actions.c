/* tether-engine-actions.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tether-engine-actions.h"

struct _TetherEngineActions
{
  GObject        parent_instance;

  TetherEngine  *engine;         /* owned */
  GSimpleAction *reconnect_all;  /* owned */
  GSimpleAction *pause_all;      /* owned */
  GSimpleAction *resume_all;     /* owned */
};

G_DEFINE_FINAL_TYPE (TetherEngineActions, tether_engine_actions, G_TYPE_OBJECT)

static void
reconnect_all_cb (GSimpleAction       *action,
                  GVariant            *parameter,
                  TetherEngineActions *self)
{
  tether_engine_reconnect_all (self->engine);
}

static void
pause_all_cb (GSimpleAction       *action,
              GVariant            *parameter,
              TetherEngineActions *self)
{
  tether_engine_pause_all (self->engine);
}

static void
resume_all_cb (GSimpleAction       *action,
               GVariant            *parameter,
               TetherEngineActions *self)
{
  tether_engine_resume_all (self->engine);
}

void
tether_engine_actions_update (TetherEngineActions *self,
                              TetherSnapshot      *snapshot)
{
  gboolean online, any_unpaused = FALSE, any_ours = FALSE;

  g_return_if_fail (TETHER_IS_ENGINE_ACTIONS (self));
  g_return_if_fail (snapshot != NULL);

  online = snapshot->status == TETHER_ENGINE_STATUS_ONLINE;
  for (guint i = 0; i < snapshot->devices->len; i++)
    {
      const TetherDeviceInfo *info = g_ptr_array_index (snapshot->devices, i);

      any_unpaused |= !info->paused;
      any_ours |= info->paused && info->paused_by == TETHER_PAUSED_BY_TETHER;
    }

  /* GSimpleAction notifies only on a change. */
  g_simple_action_set_enabled (self->reconnect_all, online && any_unpaused);
  g_simple_action_set_enabled (self->pause_all, online && any_unpaused);
  g_simple_action_set_enabled (self->resume_all, online && any_ours);
}

static void
snapshot_cb (TetherEngine        *engine,
             TetherSnapshot      *snapshot,
             TetherEngineActions *self)
{
  tether_engine_actions_update (self, snapshot);
}

void
tether_engine_actions_add_to (TetherEngineActions *self,
                              GActionMap          *map)
{
  g_return_if_fail (TETHER_IS_ENGINE_ACTIONS (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action (map, G_ACTION (self->reconnect_all));
  g_action_map_add_action (map, G_ACTION (self->pause_all));
  g_action_map_add_action (map, G_ACTION (self->resume_all));
}

GAction *
tether_engine_actions_lookup (TetherEngineActions *self,
                              const char          *name)
{
  g_return_val_if_fail (TETHER_IS_ENGINE_ACTIONS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "reconnect-all"))
    return G_ACTION (self->reconnect_all);
  if (g_str_equal (name, "pause-all"))
    return G_ACTION (self->pause_all);
  if (g_str_equal (name, "resume-all"))
    return G_ACTION (self->resume_all);

  return NULL;
}

static GSimpleAction *
make_action (TetherEngineActions *self,
             const char          *name,
             GCallback            callback)
{
  GSimpleAction *action = g_simple_action_new (name, NULL);

  g_simple_action_set_enabled (action, FALSE);
  g_signal_connect_object (action, "activate", callback, self, 0);

  return action;
}

static void
tether_engine_actions_dispose (GObject *object)
{
  TetherEngineActions *self = (TetherEngineActions *)object;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->reconnect_all);
  g_clear_object (&self->pause_all);
  g_clear_object (&self->resume_all);

  G_OBJECT_CLASS (tether_engine_actions_parent_class)->dispose (object);
}

static void
tether_engine_actions_class_init (TetherEngineActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tether_engine_actions_dispose;
}

static void
tether_engine_actions_init (TetherEngineActions *self)
{
  self->reconnect_all = make_action (self, "reconnect-all", G_CALLBACK (reconnect_all_cb));
  self->pause_all = make_action (self, "pause-all", G_CALLBACK (pause_all_cb));
  self->resume_all = make_action (self, "resume-all", G_CALLBACK (resume_all_cb));
}

TetherEngineActions *
tether_engine_actions_new (TetherEngine *engine)
{
  TetherEngineActions *self;

  g_return_val_if_fail (TETHER_IS_ENGINE (engine), NULL);

  self = g_object_new (TETHER_TYPE_ENGINE_ACTIONS, NULL);
  self->engine = g_object_ref (engine);
  g_signal_connect (engine, "snapshot", G_CALLBACK (snapshot_cb), self);
  tether_engine_actions_update (self, tether_engine_get_snapshot (engine));

  return self;
}
