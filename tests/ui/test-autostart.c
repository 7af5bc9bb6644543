/* test-autostart.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start at login: the XDG autostart entry (in a temporary XDG_CONFIG_HOME),
 * how it follows the start-at-login key, and the Background portal request
 * a Flatpak makes instead (to python-dbusmock on a private bus).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "tether-autostart.h"
#include "tether-test-dbus.h"

#define PORTAL "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"

static char *tmp;     /* owned: HOME and XDG_CONFIG_HOME are in it */
static char *config;  /* owned: XDG_CONFIG_HOME */

static char *
entry_path (void)
{
  return g_build_filename (config, "autostart", APP_ID ".desktop", NULL);
}

static void
set_up (void)
{
  g_autofree char *path = entry_path ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_unlink (path);
  g_settings_reset (settings, "start-at-login");
}

static void
test_entry_path (void)
{
  g_autofree char *path = NULL;
  g_autofree char *expected = entry_path ();
  g_autofree char *fallback = g_build_filename (tmp, "home", ".config", "autostart",
                                                APP_ID ".desktop", NULL);

  set_up ();
  path = tether_autostart_get_entry_path ();
  g_assert_cmpstr (path, ==, expected);
  g_free (path);

  /* The spec says to ignore a relative XDG_CONFIG_HOME, as unset. */
  g_setenv ("XDG_CONFIG_HOME", "relative/config", TRUE);
  path = tether_autostart_get_entry_path ();
  g_assert_cmpstr (path, ==, fallback);
  g_free (path);

  g_unsetenv ("XDG_CONFIG_HOME");
  path = tether_autostart_get_entry_path ();
  g_assert_cmpstr (path, ==, fallback);
}

static void
test_write_remove (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autofree char *path = entry_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *exec = NULL;
  g_autofree char *type = NULL;
  g_autofree char *validate = g_find_program_in_path ("desktop-file-validate");
  struct stat st;

  set_up ();
  g_assert_true (tether_autostart_write_entry (&error));
  g_assert_no_error (error);

  /* A private directory, a readable entry, run without a window. */
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  type = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "Application");
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, "tether --background");
  g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", &error));
  g_assert_no_error (error);

  if (validate != NULL)
    {
      const char *argv[] = { validate, path, NULL };
      g_autofree char *output = NULL;
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                    &output, NULL, &status, &error);
      g_assert_no_error (error);
      if (output[0] != '\0')
        g_test_message ("desktop-file-validate: %s", output);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  else
    g_test_message ("desktop-file-validate is not installed; the entry was not validated");

  /* Written again: replaced, not appended. */
  g_assert_true (tether_autostart_write_entry (&error));
  g_assert_no_error (error);

  g_assert_true (tether_autostart_remove_entry (&error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Nothing to remove is not an error. */
  g_assert_true (tether_autostart_remove_entry (&error));
  g_assert_no_error (error);
}

static void
test_write_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (tmp, "not-a-directory", NULL);

  set_up ();
  g_file_set_contents (file, "", 0, &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", file, TRUE);

  g_assert_false (tether_autostart_write_entry (&error));
  g_assert_error (error, TETHER_AUTOSTART_ERROR, TETHER_AUTOSTART_ERROR_FAILED);
  g_test_message ("%s", error->message);
}

static void
test_new_destroy (void)
{
  TetherAutostart *autostart;

  set_up ();
  autostart = _tether_autostart_new_full (FALSE);
  g_assert_finalize_object (autostart);
}

static void
test_follows_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *path = entry_path ();
  TetherAutostart *autostart;

  set_up ();
  autostart = _tether_autostart_new_full (FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_settings_set_boolean (settings, "start-at-login", TRUE);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_settings_set_boolean (settings, "start-at-login", FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (autostart);
}

static void
test_at_start (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = entry_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;

  set_up ();

  /* Off, with an entry the user made (GNOME Tweaks copies the desktop
   * file under this name): left alone. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "[Desktop Entry]\nType=Application\nName=Mine\nExec=tether\n", -1, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (_tether_autostart_new_full (FALSE));
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "Name=Mine"));

  /* On, and the entry is missing: written. */
  g_unlink (path);
  g_settings_set_boolean (settings, "start-at-login", TRUE);
  g_assert_finalize_object (_tether_autostart_new_full (FALSE));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static gboolean
has_answers (gpointer data)
{
  return _tether_autostart_get_n_answers (((gpointer *) data)[0]) >= GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

/* RequestBackground's options, call i. */
static GVariant *
request_options (GDBusConnection *host,
                 guint            i)
{
  g_autoptr(GVariant) calls = tether_test_dbusmock_get_calls (host, PORTAL, PORTAL_PATH, "RequestBackground");
  g_autoptr(GVariant) call = NULL;
  g_autoptr(GVariant) args = NULL;
  g_autoptr(GVariant) boxed = NULL;

  g_assert_cmpuint (g_variant_n_children (calls), >, i);
  call = g_variant_get_child_value (calls, i);
  args = g_variant_get_child_value (call, 1);
  boxed = g_variant_get_child_value (args, 1);

  return g_variant_get_variant (boxed);
}

static void
test_portal (void)
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autoptr(GDBusConnection) host = NULL;
  g_autoptr(GSubprocess) portal = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_test_build_filename (G_TEST_DIST, "ui", "background_portal.py", NULL);
  g_autofree char *path = entry_path ();
  g_autofree const char **commandline = NULL;
  TetherAutostart *autostart;
  gboolean autostart_option;
  const char *token;

  if (tether_test_dbusmock_skip_if_unavailable ())
    return;

  set_up ();
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  host = tether_test_dbus_connect (g_test_dbus_get_bus_address (bus), &error);
  g_assert_no_error (error);
  portal = tether_test_dbusmock_start (host, template, PORTAL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* In a Flatpak: at start, ask to run in the background (not at login). */
  autostart = _tether_autostart_new_full (TRUE);
  g_assert_true (tether_test_wait_until (has_answers, (gpointer[]) { autostart, GUINT_TO_POINTER (1) },
                                         TETHER_TEST_WAIT_S));
  options = request_options (host, 0);
  g_assert_true (g_variant_lookup (options, "autostart", "b", &autostart_option));
  g_assert_false (autostart_option);
  g_assert_true (g_variant_lookup (options, "handle_token", "&s", &token));
  g_assert_true (g_variant_lookup (options, "commandline", "^a&s", &commandline));
  g_assert_cmpstrv (commandline, ((const char *[]) { "tether", "--background", NULL }));
  g_assert_true (g_variant_lookup (options, "reason", "&s", &token));

  /* The switch in Preferences: ask again, for autostart. */
  g_settings_set_boolean (settings, "start-at-login", TRUE);
  g_assert_true (tether_test_wait_until (has_answers, (gpointer[]) { autostart, GUINT_TO_POINTER (2) },
                                         TETHER_TEST_WAIT_S));
  g_clear_pointer (&options, g_variant_unref);
  options = request_options (host, 1);
  g_assert_true (g_variant_lookup (options, "autostart", "b", &autostart_option));
  g_assert_true (autostart_option);

  /* The portal writes the entry itself, not Tether. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (autostart);
  tether_test_dbusmock_stop (host, portal, PORTAL);
  g_dbus_connection_close_sync (host, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* Before anything reads them (GLib caches the home directory). */
  tmp = g_dir_make_tmp ("tether-autostart-XXXXXX", &error);
  g_assert_no_error (error);
  home = g_build_filename (tmp, "home", NULL);
  config = g_build_filename (tmp, "config", NULL);
  g_setenv ("HOME", home, TRUE);

  g_test_add_func ("/tether/autostart/entry-path", test_entry_path);
  g_test_add_func ("/tether/autostart/write-remove", test_write_remove);
  g_test_add_func ("/tether/autostart/write-error", test_write_error);
  g_test_add_func ("/tether/autostart/new-destroy", test_new_destroy);
  g_test_add_func ("/tether/autostart/follows-setting", test_follows_setting);
  g_test_add_func ("/tether/autostart/at-start", test_at_start);
  g_test_add_func ("/tether/autostart/portal", test_portal);

  ret = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", tmp, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmp);
  g_free (config);

  return ret;
}
