/* tether-engine-settings.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's own GSettings, created on the engine thread so that its
 * change notifications arrive there. Without the schema installed (a build
 * run from its directory), the schema's defaults apply.
 */

#include "config.h"

#include "tether-engine-private.h"

static void
settings_changed_cb (GSettings    *settings,
                     const char   *key,
                     TetherEngine *self)
{
  TetherPolicySettings *p = &self->policy;
  TetherMeteredRule old_rule = p->metered_rule;

  p->mode = g_settings_get_enum (settings, "pool-mode");
  p->linger_s = g_settings_get_uint (settings, "linger-minutes") * 60;
  p->retry_min_s = g_settings_get_double (settings, "retry-min-seconds");
  p->retry_max_s = MAX (p->retry_min_s, g_settings_get_double (settings, "retry-max-seconds"));
  p->prewarm_on_resume = g_settings_get_boolean (settings, "prewarm-on-resume");
  p->prewarm_on_network_change = g_settings_get_boolean (settings, "prewarm-on-network-change");
  p->stale_after_sleep_s = g_settings_get_uint (settings, "stale-after-sleep-seconds");
  p->metered_rule = g_settings_get_enum (settings, "metered-rule");

  /* Applies live: a new metered rule takes effect at once. */
  if (key != NULL && old_rule != p->metered_rule)
    _tether_pool_trigger_all (self, TETHER_TRIGGER_METERED_CHANGED);
  if (key != NULL)
    _tether_engine_publish (self);
}

void
_tether_engine_settings_init (TetherEngine *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  _tether_assert_engine_thread (self);

  tether_policy_settings_init_defaults (&self->policy);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("GSettings schema %s is not installed; using the default pool policy", APP_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  settings_changed_cb (self->settings, NULL, self);
}

TetherPoolMode
_tether_pool_mode_for (TetherEngine *self,
                       const char   *device_id)
{
  g_autoptr(GVariant) overrides = NULL;
  const char *mode = NULL;

  if (self->settings == NULL)
    return self->policy.mode;

  overrides = g_settings_get_value (self->settings, "device-policy-overrides");
  if (!g_variant_lookup (overrides, device_id, "&s", &mode))
    return self->policy.mode;

  if (g_str_equal (mode, "passive"))
    return TETHER_POOL_MODE_PASSIVE;
  if (g_str_equal (mode, "active"))
    return TETHER_POOL_MODE_ACTIVE;
  if (g_str_equal (mode, "off"))
    return TETHER_POOL_MODE_OFF;
  return TETHER_POOL_MODE_ADAPTIVE;
}
