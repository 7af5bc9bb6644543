/* fuzz-st-parse.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for everything Tether reads from outside: each input goes
 * to every Syncthing REST parser and to the config.xml reader. Besides
 * crashes and sanitizer reports, a GLib warning or critical is a finding,
 * and so is a result that breaks the parsers' promises (an error and a
 * result together, a connected device without a connection…).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "tether-st-location.h"
#include "tether-st-types.h"

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* libFuzzer only sees crashes, so make warnings and criticals crash. Debug
 * output (a skipped record is logged) is dropped to keep the run fast. */
static GLogWriterOutput
abort_on_warning (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_default (log_level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (abort_on_warning, NULL, NULL);
  /* The config.xml reader honours these; the input alone must decide. */
  g_unsetenv ("STGUIADDRESS");
  g_unsetenv ("STGUIAPIKEY");
  return 0;
}

/* A parser either returns a result or sets an error of its own domain. */
static void
check_outcome (gconstpointer  result,
               const GError  *error,
               GQuark         domain)
{
  g_assert ((result != NULL) != (error != NULL));
  g_assert (error == NULL || error->domain == domain);
}

static void
fuzz_records (const char *data,
              gsize       size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(TetherStDevice) device = NULL;
  g_autoptr(GPtrArray) connections = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  guint skipped = 0;

  devices = tether_st_parse_devices (data, size, &skipped, &error);
  check_outcome (devices, error, TETHER_ST_ERROR);
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      TetherStDevice *each = g_ptr_array_index (devices, i);

      g_assert (each->device_id[0] != '\0' && each->name != NULL && each->addresses != NULL);
    }
  g_clear_error (&error);

  device = tether_st_parse_device (data, size, &error);
  check_outcome (device, error, TETHER_ST_ERROR);
  g_assert (device == NULL || device->device_id[0] != '\0');
  g_clear_error (&error);

  connections = tether_st_parse_connections (data, size, &skipped, &error);
  check_outcome (connections, error, TETHER_ST_ERROR);
  for (guint i = 0; connections != NULL && i < connections->len; i++)
    {
      TetherStDeviceConnections *row = g_ptr_array_index (connections, i);

      g_assert (row->connected == (row->connections->len > 0));
    }
  g_clear_error (&error);

  stats = tether_st_parse_device_stats (data, size, &skipped, &error);
  check_outcome (stats, error, TETHER_ST_ERROR);
}

static void
fuzz_documents (const char *data,
                gsize       size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStVersion) version = NULL;
  g_autoptr(TetherStStatus) status = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(TetherStLocation) location = NULL;
  gint64 last_id = G_MININT64;
  guint skipped = 0;

  version = tether_st_parse_version (data, size, &error);
  check_outcome (version, error, TETHER_ST_ERROR);
  g_clear_error (&error);

  status = tether_st_parse_status (data, size, &error);
  check_outcome (status, error, TETHER_ST_ERROR);
  g_assert (status == NULL || (status->my_id[0] != '\0' && status->dial_status != NULL));
  g_clear_error (&error);

  events = tether_st_parse_events (data, size, &last_id, &skipped, &error);
  check_outcome (events, error, TETHER_ST_ERROR);
  g_assert (events == NULL || events->len + skipped > 0 || last_id == G_MININT64);
  g_clear_error (&error);

  location = tether_st_location_from_data (data, (gssize) size, NULL, &error);
  check_outcome (location, error, TETHER_ST_LOCATION_ERROR);
  g_assert (location == NULL ||
            (g_str_has_prefix (location->url, location->tls ? "https://" : "http://") &&
             location->api_key[0] != '\0'));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* The parsers take a length, so they get the bytes as they are, without
   * a terminating NUL: AddressSanitizer catches any read past the end. */
  g_autofree char *text = g_strndup ((const char *) data, size);
  guint major, minor, patch;

  fuzz_records ((const char *) data, size);
  fuzz_documents ((const char *) data, size);

  /* The string helpers read what Syncthing puts in JSON strings. */
  tether_st_parse_version_string (text, &major, &minor, &patch);
  tether_st_parse_time (text);
  return 0;
}
