/* tether-test-pair.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "tether-test-engine.h"
#include "tether-test-pair.h"

TetherTestPair *
tether_test_pair_new (void)
{
  g_autoptr(TetherTestPair) self = NULL;
  g_autoptr(TetherStDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  if (tether_test_syncthing_skip_if_unavailable ())
    return NULL;

  self = g_new0 (TetherTestPair, 1);
  self->state = g_dir_make_tmp ("tether-pool-state-XXXXXX", &error);
  g_assert_no_error (error);
  self->journal = g_build_filename (self->state, "tether", "journal", NULL);
  g_setenv ("XDG_STATE_HOME", self->state, TRUE);

  self->alpha = tether_test_syncthing_new ("alpha", &error);
  g_assert_no_error (error);
  self->beta = tether_test_syncthing_new ("beta", &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (self->alpha, &error);
  g_assert_no_error (error);
  tether_test_syncthing_start (self->beta, &error);
  g_assert_no_error (error);
  tether_test_syncthing_pair (self->alpha, self->beta, &error);
  g_assert_no_error (error);

  device = tether_test_pair_beta_config (self);
  self->original = g_strdupv (device->addresses);

  return g_steal_pointer (&self);
}

void
tether_test_pair_free (TetherTestPair *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->alpha, tether_test_syncthing_free);
  g_clear_pointer (&self->beta, tether_test_syncthing_free);
  if (self->journal != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->journal);

      g_unlink (self->journal);
      g_rmdir (dir);
      g_rmdir (self->state);
    }
  g_free (self->journal);
  g_free (self->state);
  g_strfreev (self->original);
  g_free (self);
}

const char *
tether_test_pair_beta_id (TetherTestPair *self)
{
  return tether_test_syncthing_get_device_id (self->beta);
}

TetherEngine *
tether_test_pair_start_engine (TetherTestPair *self)
{
  TetherEngine *engine = tether_engine_new (tether_test_syncthing_get_url (self->alpha),
                                            tether_test_syncthing_get_api_key (self->alpha));

  tether_engine_start (engine);
  return engine;
}

void
tether_test_pair_rest (TetherTestSyncthing *st,
                       const char          *method,
                       const char          *path,
                       const char          *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tether_test_syncthing_rest (st, method, path, body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
}

TetherStDevice *
tether_test_pair_beta_config (TetherTestPair *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/rest/config/devices/%s", tether_test_pair_beta_id (self));
  g_autofree char *json = tether_test_syncthing_rest (self->alpha, "GET", path, NULL, &error);
  TetherStDevice *device;

  g_assert_no_error (error);
  device = tether_st_parse_device (json, strlen (json), &error);
  g_assert_no_error (error);

  return device;
}

gboolean
tether_test_pair_beta_paused (TetherTestPair *self)
{
  g_autoptr(TetherStDevice) device = tether_test_pair_beta_config (self);

  return device->paused;
}

void
tether_test_pair_user_pauses_beta (TetherTestPair *self)
{
  g_autofree char *path = g_strdup_printf ("/rest/system/pause?device=%s",
                                           tether_test_pair_beta_id (self));

  tether_test_pair_rest (self->alpha, "POST", path, NULL);
}

void
tether_test_pair_make_one_sided (TetherTestPair *self)
{
  g_autofree char *path = g_strdup_printf ("/rest/config/devices/%s",
                                           tether_test_syncthing_get_device_id (self->alpha));

  tether_test_pair_rest (self->beta, "PATCH", path, "{\"addresses\": [\"dynamic\"]}");
  tether_test_pair_rest (self->alpha, "PATCH", "/rest/config/options", "{\"reconnectionIntervalS\": 3600}");
}

TetherJournal *
tether_test_pair_load_journal (TetherTestPair *self)
{
  TetherJournal *journal = tether_journal_new (self->journal);
  g_autoptr(GError) error = NULL;

  tether_journal_load (journal, &error);
  g_assert_no_error (error);

  return journal;
}

gboolean
tether_test_pair_journal_is_empty (TetherTestPair *self)
{
  g_autoptr(TetherJournal) journal = tether_test_pair_load_journal (self);

  return tether_journal_is_empty (journal);
}

gboolean
tether_test_pair_restored (TetherTestPair *self)
{
  g_autoptr(TetherStDevice) device = tether_test_pair_beta_config (self);

  return tether_test_pair_journal_is_empty (self) && !device->paused &&
         g_strv_equal ((const char * const *) device->addresses,
                       (const char * const *) self->original);
}

void
tether_test_pair_print_logs (TetherTestPair *self)
{
  tether_test_syncthing_print_log (self->alpha);
  tether_test_syncthing_print_log (self->beta);
}

static gboolean
restored_cb (gpointer user_data)
{
  return tether_test_pair_restored (user_data);
}

gboolean
tether_test_pair_wait_restored (TetherTestPair *self)
{
  return tether_test_wait_until (restored_cb, self, "every override undone");
}
