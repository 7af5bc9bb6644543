/* tether-stats-cli.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tether-history.h"
#include "tether-stats-cli.h"

#define STATS_JSON_VERSION 1

char *
tether_stats_cli_format_duration (gint64 seconds)
{
  if (seconds < 0)
    return g_strdup ("–");
  if (seconds < 60)
    return g_strdup_printf (_("%d s"), (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%d min"), (int) (seconds / 60));
  if (seconds < 24 * 3600)
    return g_strdup_printf (_("%d h %02d min"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
  return g_strdup_printf (_("%d d %d h"), (int) (seconds / 86400), (int) (seconds % 86400 / 3600));
}

static char *
format_ms (gint64 ms)
{
  if (ms < 0)
    return g_strdup ("–");
  if (ms < 10000)
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);
  return tether_stats_cli_format_duration (ms / 1000);
}

static char *
format_time (gint64 time_us,
             gint64 now_us)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *when = NULL;
  g_autofree char *ago = NULL;

  if (time_us <= 0)
    return g_strdup (_("never"));

  dt = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  when = g_date_time_format (dt, "%Y-%m-%d %H:%M");
  if (time_us >= now_us)
    return g_strdup_printf (_("%s (connected now)"), when);

  ago = tether_stats_cli_format_duration ((now_us - time_us) / G_USEC_PER_SEC);
  /* Translators: "2026-04-01 12:00 (3 h 05 min ago)" */
  return g_strdup_printf (_("%s (%s ago)"), when, ago);
}

static char *
format_percent (double share)
{
  return g_strdup_printf ("%.0f %%", share * 100);
}

/* ------------------------------------------------------------ matching */

GPtrArray *
tether_stats_cli_match (TetherPatterns *patterns,
                        const char     *device)
{
  g_autoptr(GPtrArray) all = tether_patterns_list_devices (patterns);
  GPtrArray *found = g_ptr_array_new ();
  g_autofree char *upper = g_ascii_strup (device, -1);

  /* An exact ID or name wins over prefixes. */
  for (guint i = 0; i < all->len; i++)
    {
      const char *id = g_ptr_array_index (all, i);
      const char *name = tether_patterns_get_device_name (patterns, id);

      if (g_ascii_strcasecmp (id, device) == 0 ||
          (name != NULL && g_utf8_collate (name, device) == 0))
        g_ptr_array_add (found, (gpointer) id);
    }
  if (found->len == 0)
    for (guint i = 0; i < all->len; i++)
      {
        const char *id = g_ptr_array_index (all, i);
        const char *name = tether_patterns_get_device_name (patterns, id);
        g_autofree char *folded_name = name != NULL ? g_utf8_casefold (name, -1) : NULL;
        g_autofree char *folded_device = g_utf8_casefold (device, -1);

        if (g_str_has_prefix (id, upper) ||
            (folded_name != NULL && strcmp (folded_name, folded_device) == 0))
          g_ptr_array_add (found, (gpointer) id);
      }

  return found;
}

/* ------------------------------------------------------------ text */

static const char *
network_label (TetherPatterns *patterns,
               const char     *uuid)
{
  const char *name = tether_patterns_get_network_name (patterns, uuid);

  return name != NULL ? name : uuid;
}

/* One row per weekday, one character per hour, darker when likelier. */
static void
append_grid (GString      *out,
             const double *availability)
{
  static const char *shades[] = { "·", "░", "▒", "▓", "█" };
  /* Translators: weekday abbreviations, Monday first, for the hours grid. */
  const char *days[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun") };

  g_string_append_printf (out, "    %-5s 0     6     12    18   23\n", "");
  for (guint d = 0; d < 7; d++)
    {
      g_string_append_printf (out, "    %-5s ", _(days[d]));
      for (guint h = 0; h < 24; h++)
        {
          double p = availability[d * 24 + h];

          g_string_append (out, shades[MIN ((guint) (p * 5), 4)]);
        }
      g_string_append_c (out, '\n');
    }
}

static void
append_routes (GString   *out,
               GPtrArray *routes)
{
  for (guint i = 0; i < routes->len && i < 4; i++)
    {
      TetherRoute *r = g_ptr_array_index (routes, i);

      g_string_append_printf (out, "%s%s %s (%u×)", i > 0 ? ", " : "",
                              r->conn_type != NULL ? r->conn_type : "?",
                              r->address != NULL ? r->address : "?", r->n_successes);
    }
}

static void
append_stats (GString           *out,
              TetherDeviceStats *stats,
              const char        *indent)
{
  g_autofree char *median = tether_stats_cli_format_duration (stats->median_session_s);
  g_autofree char *p90 = tether_stats_cli_format_duration (stats->p90_session_s);
  g_autofree char *u24 = format_percent (stats->uptime_24h);
  g_autofree char *u7 = format_percent (stats->uptime_7d);
  g_autofree char *u30 = format_percent (stats->uptime_30d);
  g_autofree char *rc = format_ms (stats->median_reconnect_ms);
  g_autofree char *rc90 = format_ms (stats->p90_reconnect_ms);
  g_autofree char *rcw = format_ms (stats->median_reconnect_prewarm_ms);
  g_autofree char *rca = format_ms (stats->median_reconnect_alone_ms);

  g_string_append_printf (out, _("%ssessions      %u (median %s, p90 %s)\n"), indent, stats->n_sessions, median, p90);
  g_string_append_printf (out, _("%suptime        %s over 24 h, %s over 7 days, %s over 30 days\n"), indent, u24, u7, u30);
  g_string_append_printf (out, _("%sflaps         %.1f a day (sessions under %d s)\n"), indent,
                          stats->flaps_per_day, TETHER_PATTERNS_FLAP_THRESHOLD_S);
  g_string_append_printf (out, _("%sreconnects    median %s, p90 %s; after a pre-warm %s, without %s\n"),
                          indent, rc, rc90, rcw, rca);
  if (stats->routes != NULL && stats->routes->len > 0)
    {
      g_string_append_printf (out, _("%sreached via   "), indent);
      append_routes (out, stats->routes);
      g_string_append_c (out, '\n');
    }
}

char *
tether_stats_cli_text (TetherPatterns *patterns,
                       GPtrArray      *device_ids,
                       gint64          now_us)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < device_ids->len; i++)
    {
      const char *id = g_ptr_array_index (device_ids, i);
      const char *name = tether_patterns_get_device_name (patterns, id);
      g_autoptr(TetherDeviceStats) all = tether_patterns_get_stats (patterns, id, NULL, now_us);
      g_autoptr(GPtrArray) networks = tether_patterns_list_networks (patterns, id);
      g_autofree char *seen = NULL;

      if (all == NULL)
        continue;

      seen = format_time (all->last_seen_us, now_us);
      g_string_append_printf (out, "%s%s  %s\n", i > 0 ? "\n" : "", name != NULL ? name : id, id);
      g_string_append_printf (out, _("  last seen     %s\n"), seen);
      append_stats (out, all, "  ");
      g_string_append_printf (out, _("  reachable by hour of week (·░▒▓█ = 0–100 %%):\n"));
      append_grid (out, all->availability);

      for (guint n = 0; n < networks->len; n++)
        {
          const char *uuid = g_ptr_array_index (networks, n);
          const char *type = tether_patterns_get_network_type (patterns, uuid);
          g_autoptr(TetherDeviceStats) stats = tether_patterns_get_stats (patterns, id, uuid, now_us);
          g_autoptr(TetherPattern) pattern = tether_patterns_get_pattern (patterns, id, uuid, now_us);
          g_autofree char *expected = tether_stats_cli_format_duration (pattern->expected_session_s);
          g_autofree char *why = tether_pattern_describe (pattern, network_label (patterns, uuid));

          g_string_append_printf (out, _("  on network “%s” (%s):\n"), network_label (patterns, uuid),
                                  type != NULL ? type : uuid);
          append_stats (out, stats, "    ");
          g_string_append_printf (out, _("    visits        reached in %u of %u; now %.0f %% likely, for about %s\n"),
                                  pattern->successes_on_network, pattern->attempts_on_network,
                                  pattern->p_reachable_now * 100, expected);
          if (why != NULL)
            g_string_append_printf (out, "    %s\n", why);
        }
    }

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------ JSON */

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
build_stats (JsonBuilder       *b,
             TetherDeviceStats *stats)
{
  add_int (b, "sessions", stats->n_sessions);
  add_double (b, "uptime_24h", stats->uptime_24h);
  add_double (b, "uptime_7d", stats->uptime_7d);
  add_double (b, "uptime_30d", stats->uptime_30d);
  add_int (b, "median_session_s", stats->median_session_s);
  add_int (b, "p90_session_s", stats->p90_session_s);
  add_double (b, "flaps_per_day", stats->flaps_per_day);
  add_int (b, "median_reconnect_ms", stats->median_reconnect_ms);
  add_int (b, "p90_reconnect_ms", stats->p90_reconnect_ms);
  add_int (b, "median_reconnect_prewarm_ms", stats->median_reconnect_prewarm_ms);
  add_int (b, "median_reconnect_alone_ms", stats->median_reconnect_alone_ms);
  add_int (b, "last_seen_us", stats->last_seen_us);

  json_builder_set_member_name (b, "availability");
  json_builder_begin_array (b);
  for (guint h = 0; h < TETHER_HOURS_PER_WEEK; h++)
    json_builder_add_double_value (b, stats->availability[h]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "routes");
  json_builder_begin_array (b);
  for (guint i = 0; stats->routes != NULL && i < stats->routes->len; i++)
    {
      TetherRoute *r = g_ptr_array_index (stats->routes, i);

      json_builder_begin_object (b);
      add_string (b, "type", r->conn_type);
      add_string (b, "address", r->address);
      add_int (b, "successes", r->n_successes);
      add_int (b, "last_us", r->last_us);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
build_pattern (JsonBuilder   *b,
               TetherPattern *p)
{
  add_double (b, "p_reachable_now", p->p_reachable_now);
  add_double (b, "p_reachable", p->p_reachable_network);
  add_int (b, "expected_session_s", p->expected_session_s);
  add_int (b, "attempts", p->attempts_on_network);
  add_int (b, "successes", p->successes_on_network);
  add_int (b, "failures_in_a_row", p->failures_in_a_row);
  add_int (b, "last_success_us", p->last_success_us);
}

char *
tether_stats_cli_json (TetherPatterns *patterns,
                       GPtrArray      *device_ids,
                       const char     *path,
                       gint64          now_us)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_int (b, "version", STATS_JSON_VERSION);
  add_int (b, "now_us", now_us);
  add_string (b, "history", path);
  json_builder_set_member_name (b, "devices");
  json_builder_begin_array (b);

  for (guint i = 0; i < device_ids->len; i++)
    {
      const char *id = g_ptr_array_index (device_ids, i);
      g_autoptr(TetherDeviceStats) all = tether_patterns_get_stats (patterns, id, NULL, now_us);
      g_autoptr(TetherPattern) anywhere = tether_patterns_get_pattern (patterns, id, NULL, now_us);
      g_autoptr(GPtrArray) networks = tether_patterns_list_networks (patterns, id);

      if (all == NULL)
        continue;

      json_builder_begin_object (b);
      add_string (b, "id", id);
      add_string (b, "name", tether_patterns_get_device_name (patterns, id));
      json_builder_set_member_name (b, "connected");
      json_builder_add_boolean_value (b, tether_patterns_is_connected (patterns, id));

      json_builder_set_member_name (b, "all");
      json_builder_begin_object (b);
      build_stats (b, all);
      build_pattern (b, anywhere);
      json_builder_end_object (b);

      json_builder_set_member_name (b, "networks");
      json_builder_begin_array (b);
      for (guint n = 0; n < networks->len; n++)
        {
          const char *uuid = g_ptr_array_index (networks, n);
          g_autoptr(TetherDeviceStats) stats = tether_patterns_get_stats (patterns, id, uuid, now_us);
          g_autoptr(TetherPattern) pattern = tether_patterns_get_pattern (patterns, id, uuid, now_us);

          json_builder_begin_object (b);
          add_string (b, "uuid", uuid);
          add_string (b, "name", tether_patterns_get_network_name (patterns, uuid));
          add_string (b, "type", tether_patterns_get_network_type (patterns, uuid));
          build_stats (b, stats);
          build_pattern (b, pattern);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }

  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);

  return json_generator_to_data (gen, NULL);
}

/* ------------------------------------------------------------ command */

int
tether_stats_cli_run (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherHistory) history = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  TetherPatterns *patterns;
  gboolean json = FALSE;
  gint64 now = g_get_real_time ();
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON, for scripts"), NULL },
    { NULL }
  };

  g_set_prgname ("tether stats");
  context = g_option_context_new (_("[DEVICE]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Print each device’s connection statistics from Tether’s "
                                  "connection history, without opening a window or asking "
                                  "Syncthing. DEVICE is a device ID, the start of one, or a "
                                  "device name; without it, every device."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 2)
    {
      fprintf (stderr, "tether stats: %s\n", error != NULL ? error->message : _("Too many arguments"));
      return 2;
    }

  dir = tether_history_default_directory ();
  history = tether_history_new (dir, TRUE);
  tether_history_follow_settings (history);
  if (!tether_history_load (history, &error))
    {
      fprintf (stderr, "tether stats: %s\n", error->message);
      return 2;
    }

  patterns = tether_history_lock_patterns (history);
  if (argc == 2)
    {
      ids = tether_stats_cli_match (patterns, argv[1]);
      if (ids->len != 1)
        {
          tether_history_unlock_patterns (history);
          if (ids->len == 0)
            fprintf (stderr, _("tether stats: no device “%s” in the connection history\n"), argv[1]);
          else
            fprintf (stderr, _("tether stats: “%s” matches %u devices; give more of the ID\n"),
                     argv[1], ids->len);
          return 1;
        }
    }
  else
    ids = tether_patterns_list_devices (patterns);

  if (json)
    out = tether_stats_cli_json (patterns, ids, tether_history_get_path (history), now);
  else if (ids->len == 0)
    out = g_strdup_printf (_("No connection history yet (%s).\n"), tether_history_get_path (history));
  else
    out = tether_stats_cli_text (patterns, ids, now);
  tether_history_unlock_patterns (history);

  fputs (out, stdout);
  if (json)
    fputc ('\n', stdout);

  return 0;
}
