/* test-st-location.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding Syncthing's config.xml and reading its GUI address and API key.
 * Every test runs with its own HOME and XDG directories
 * (G_TEST_OPTION_ISOLATE_DIRS) and a temporary directory for its files.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tether-st-location.h"

#define KEY "Zq7wLp2Vn9Xc4Tb8Rk1Hs6Jd3Mf5Gy0a"

typedef struct {
  char *dir;   /* owned: a fresh temporary directory */
} Fixture;

/* The variables Tether reads; the test environment is shared by all
 * tests, so each starts from none of them. */
static const char *env_vars[] = {
  "STHOME", "STGUIADDRESS", "STGUIAPIKEY", "XDG_STATE_HOME", "XDG_CONFIG_HOME",
  "HOST_XDG_STATE_HOME", "HOST_XDG_CONFIG_HOME",
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (env_vars); i++)
    g_unsetenv (env_vars[i]);
  fixture->dir = g_dir_make_tmp ("tether-st-location-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (env_vars); i++)
    g_unsetenv (env_vars[i]);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Writes @contents to @dir/@subdir/config.xml, making directories. */
static char *
write_config (const char *dir,
              const char *subdir,
              const char *contents)
{
  g_autofree char *parent = g_build_filename (dir, subdir, NULL);
  char *path = g_build_filename (parent, "config.xml", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
gui_config (const char *gui_attributes,
            const char *address)
{
  return g_strdup_printf ("<configuration version=\"36\">\n"
                          "    <device id=\"AAAAAAA\" name=\"me\"><address>dynamic</address></device>\n"
                          "    <gui %s debugging=\"false\">\n"
                          "        <address>%s</address>\n"
                          "        <apikey>" KEY "</apikey>\n"
                          "        <theme>default</theme>\n"
                          "    </gui>\n"
                          "    <options><listenAddress>default</listenAddress></options>\n"
                          "</configuration>\n",
                          gui_attributes, address);
}

static TetherStLocation *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  TetherStLocation *location = tether_st_location_from_data (xml, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (location);
  return location;
}

/* The error is the one expected, its message is a sentence that says what
 * to do, and it never gives the key away. */
static void
assert_fails (const char *xml,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStLocation) location = tether_st_location_from_data (xml, -1, "/x/config.xml",
                                                                       &error);

  g_assert_null (location);
  g_assert_error (error, TETHER_ST_LOCATION_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, KEY));
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_true (strstr (error->message, "/x/config.xml") != NULL ||
                 strstr (error->message, "STGUIADDRESS") != NULL ||
                 strstr (error->message, "unix socket") != NULL);
}

static void
assert_candidate (GStrv       candidates,
                  guint       i,
                  const char *dir,
                  const char *subdir)
{
  g_autofree char *expected = g_build_filename (dir, subdir, "config.xml", NULL);

  g_assert_cmpuint (i, <, g_strv_length (candidates));
  g_assert_cmpstr (candidates[i], ==, expected);
}

static void
test_normal (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *xml = gui_config ("enabled=\"true\" tls=\"false\"", "127.0.0.1:8384");
  g_autofree char *path = write_config (fixture->dir, "", xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStLocation) location = tether_st_location_from_file (path, &error);
  g_autoptr(TetherStLocation) copy = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (location->config_path, ==, path);
  g_assert_cmpstr (location->url, ==, "http://127.0.0.1:8384");
  g_assert_false (location->tls);
  g_assert_cmpstr (location->api_key, ==, KEY);
  g_assert_null (location->cert_path);

  copy = tether_st_location_copy (location);
  g_assert_true (copy->url != location->url);
  g_assert_cmpstr (copy->config_path, ==, location->config_path);
  g_assert_cmpstr (copy->url, ==, location->url);
  g_assert_cmpint (copy->tls, ==, location->tls);
  g_assert_cmpstr (copy->api_key, ==, location->api_key);
  g_assert_null (copy->cert_path);

  tether_st_location_free (NULL);
}

static void
test_tls_and_cert (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *xml = gui_config ("enabled=\"true\" tls=\"true\"", "127.0.0.1:8384");
  g_autofree char *path = write_config (fixture->dir, "", xml);
  g_autofree char *cert = g_build_filename (fixture->dir, "https-cert.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStLocation) location = NULL;

  g_file_set_contents (cert, "-----BEGIN CERTIFICATE-----\n", -1, &error);
  g_assert_no_error (error);
  location = tether_st_location_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (location->url, ==, "https://127.0.0.1:8384");
  g_assert_true (location->tls);
  g_assert_cmpstr (location->cert_path, ==, cert);

  /* Without a config path there is nowhere to look for the certificate. */
  g_clear_pointer (&location, tether_st_location_free);
  location = parse (xml);
  g_assert_null (location->config_path);
  g_assert_null (location->cert_path);
}

static void
test_addresses (Fixture       *fixture,
                gconstpointer  data)
{
  const struct {
    const char *address;
    const char *url;
  } cases[] = {
    { "127.0.0.1:8384", "http://127.0.0.1:8384" },
    { "0.0.0.0:8384", "http://127.0.0.1:8384" },
    { "[::]:8384", "http://[::1]:8384" },
    { ":8384", "http://127.0.0.1:8384" },
    { "localhost:8384", "http://localhost:8384" },
    { "[::1]:8384", "http://[::1]:8384" },
    { "192.168.1.5:9090", "http://192.168.1.5:9090" },
    { "  127.0.0.1:8385\n  ", "http://127.0.0.1:8385" },
    /* Syncthing's own default when there is none. */
    { "", "http://127.0.0.1:8384" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = gui_config ("enabled=\"true\" tls=\"false\"", cases[i].address);
      g_autoptr(TetherStLocation) location = NULL;

      g_test_message ("address \"%s\"", cases[i].address);
      location = parse (xml);
      g_assert_cmpstr (location->url, ==, cases[i].url);
    }
}

static void
test_bad_addresses (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *invalid[] = { "127.0.0.1", "127.0.0.1:", "::1:8384", "[::1]8384", "host:port",
                            "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:-1",
                            "user@127.0.0.1:8384", "127.0.0.1 :8384", "ftp://127.0.0.1:21" };
  const char *unix_sockets[] = { "/run/syncthing/gui.sock", "unix:///run/st.sock",
                                 "unixs:///run/st.sock" };

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *xml = gui_config ("tls=\"false\"", invalid[i]);

      assert_fails (xml, TETHER_ST_LOCATION_ERROR_INVALID);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (unix_sockets); i++)
    {
      g_autofree char *xml = gui_config ("tls=\"false\"", unix_sockets[i]);

      assert_fails (xml, TETHER_ST_LOCATION_ERROR_UNSUPPORTED);
    }
}

static void
test_gui_attributes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *no_attributes = gui_config ("", "127.0.0.1:8384");
  g_autofree char *go_bools = gui_config ("enabled=\"1\" tls=\"T\"", "127.0.0.1:8384");
  g_autofree char *disabled = gui_config ("enabled=\"false\" tls=\"false\"", "127.0.0.1:8384");
  g_autofree char *bad_tls = gui_config ("enabled=\"true\" tls=\"yes\"", "127.0.0.1:8384");
  g_autoptr(TetherStLocation) location = NULL;

  /* Absent attributes: enabled, no TLS, as Syncthing defaults them. */
  location = parse (no_attributes);
  g_assert_false (location->tls);
  g_clear_pointer (&location, tether_st_location_free);

  location = parse (go_bools);
  g_assert_true (location->tls);
  g_assert_cmpstr (location->url, ==, "https://127.0.0.1:8384");

  assert_fails (disabled, TETHER_ST_LOCATION_ERROR_UNSUPPORTED);
  assert_fails (bad_tls, TETHER_ST_LOCATION_ERROR_INVALID);
}

static void
test_missing_parts (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStLocation) location = NULL;

  /* No <gui> at all, or only one nested where it does not count. */
  assert_fails ("<configuration version=\"36\"><options/></configuration>",
                TETHER_ST_LOCATION_ERROR_INVALID);
  assert_fails ("<configuration><options><gui><address>127.0.0.1:1</address>"
                "<apikey>" KEY "</apikey></gui></options></configuration>",
                TETHER_ST_LOCATION_ERROR_INVALID);
  /* No key, an empty one, or only blanks. */
  assert_fails ("<configuration><gui><address>127.0.0.1:8384</address></gui></configuration>",
                TETHER_ST_LOCATION_ERROR_NO_API_KEY);
  assert_fails ("<configuration><gui><apikey></apikey></gui></configuration>",
                TETHER_ST_LOCATION_ERROR_NO_API_KEY);
  assert_fails ("<configuration><gui><apikey/></gui></configuration>",
                TETHER_ST_LOCATION_ERROR_NO_API_KEY);
  assert_fails ("<configuration><gui><apikey> \n\t </apikey></gui></configuration>",
                TETHER_ST_LOCATION_ERROR_NO_API_KEY);

  /* Without a path the message still reads as a sentence. */
  location = tether_st_location_from_data ("<configuration/>", -1, NULL, &error);
  g_assert_null (location);
  g_assert_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Syncthing's configuration has no <gui>"));
}

static void
test_nested_elements_ignored (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *xml =
    "<?xml version=\"1.0\"?>\n"
    "<!-- written by hand -->\n"
    "<configuration version=\"36\">\n"
    "  <device id=\"A\"><address>tcp://10.0.0.9:22000</address><apikey>DEVICE</apikey></device>\n"
    "  <folder><gui><address>10.0.0.8:1</address><apikey>FOLDER</apikey></gui></folder>\n"
    "  <gui enabled=\"true\" tls=\"false\">\n"
    "    <address>127.0.0.1:<ignored>99</ignored>8384</address>\n"
    "    <extra><apikey>NESTED</apikey><address>10.0.0.7:1</address></extra>\n"
    "    <apikey>\n      " KEY "\n    </apikey>\n"
    "    <user></user><password>$2a$10$hash</password>\n"
    "  </gui>\n"
    "  <gui enabled=\"true\"><address>10.0.0.6:1</address><apikey>SECOND</apikey></gui>\n"
    "  <options><apikey>OPTIONS</apikey><address>10.0.0.5:1</address></options>\n"
    "</configuration>\n";
  g_autoptr(TetherStLocation) location = parse (xml);

  g_assert_cmpstr (location->api_key, ==, KEY);
  g_assert_cmpstr (location->url, ==, "http://127.0.0.1:8384");
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  const char *cases[] = {
    "",
    "   \n",
    "not xml at all",
    "<configuration><gui><apikey>" KEY "</apikey>",
    "<configuration><gui><apikey>" KEY "</gui></configuration>",
    "<configuration><gui><apikey>" KEY "&bogus;</apikey></gui></configuration>",
    "<configuration><gui><apikey>" KEY "</apikey></gui></configuration><second/>",
    "<html><body>Syncthing</body></html>",
    "{\"gui\":{\"apikey\":\"" KEY "\"}}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_fails (cases[i], TETHER_ST_LOCATION_ERROR_INVALID);
}

static void
test_not_nul_terminated (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *xml = gui_config ("tls=\"false\"", "127.0.0.1:8384");
  g_autofree char *padded = g_strconcat (xml, "<garbage", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStLocation) location = NULL;

  location = tether_st_location_from_data (padded, (gssize) strlen (xml), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (location->api_key, ==, KEY);
}

static void
test_env_overrides (Fixture       *fixture,
                    gconstpointer  data)
{
  const struct {
    const char *env;
    const char *url;
  } cases[] = {
    { "127.0.0.2:8000", "https://127.0.0.2:8000" },  /* keeps tls="true" */
    { "http://0.0.0.0:9999", "http://127.0.0.1:9999" },
    { "https://[::]:9999/", "https://[::1]:9999" },
    { "HTTP://localhost:8080/gui/", "http://localhost:8080" },
  };
  g_autofree char *xml = gui_config ("tls=\"true\"", "127.0.0.1:8384");
  g_autoptr(TetherStLocation) location = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("STGUIADDRESS=%s", cases[i].env);
      g_setenv ("STGUIADDRESS", cases[i].env, TRUE);
      g_clear_pointer (&location, tether_st_location_free);
      location = parse (xml);
      g_assert_cmpstr (location->url, ==, cases[i].url);
      g_assert_cmpint (location->tls, ==, g_str_has_prefix (cases[i].url, "https:"));
    }

  /* An empty override is no override. */
  g_setenv ("STGUIADDRESS", "", TRUE);
  g_clear_pointer (&location, tether_st_location_free);
  location = parse (xml);
  g_assert_cmpstr (location->url, ==, "https://127.0.0.1:8384");

  g_setenv ("STGUIADDRESS", "unix:///run/st.sock", TRUE);
  assert_fails (xml, TETHER_ST_LOCATION_ERROR_UNSUPPORTED);
  g_setenv ("STGUIADDRESS", "nonsense", TRUE);
  assert_fails (xml, TETHER_ST_LOCATION_ERROR_INVALID);
  g_unsetenv ("STGUIADDRESS");

  g_setenv ("STGUIAPIKEY", "from-the-environment", TRUE);
  g_clear_pointer (&location, tether_st_location_free);
  location = parse (xml);
  g_assert_cmpstr (location->api_key, ==, "from-the-environment");
  /* It also stands in for a missing key. */
  g_clear_pointer (&location, tether_st_location_free);
  location = parse ("<configuration><gui/></configuration>");
  g_assert_cmpstr (location->api_key, ==, "from-the-environment");
  g_assert_cmpstr (location->url, ==, "http://127.0.0.1:8384");
}

static void
test_candidates (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *home = g_get_home_dir ();
  g_autofree char *sthome = g_build_filename (fixture->dir, "st", NULL);
  g_autofree char *sthome_slash = g_strconcat (sthome, "/", NULL);
  g_autofree char *state = g_build_filename (fixture->dir, "state", NULL);
  g_autofree char *config = g_build_filename (fixture->dir, "config", NULL);
  g_autofree char *home_state = g_build_filename (home, ".local", "state", NULL);
  g_autofree char *home_syncthing = g_build_filename (home_state, "syncthing", NULL);
  g_autofree char *home_config = g_build_filename (home, ".config", NULL);
  g_auto(GStrv) candidates = NULL;

  candidates = tether_st_location_candidates ();
  g_assert_cmpuint (g_strv_length (candidates), ==, 2);
  assert_candidate (candidates, 0, home_state, "syncthing");
  assert_candidate (candidates, 1, home_config, "syncthing");
  g_clear_pointer (&candidates, g_strfreev);

  g_setenv ("STHOME", sthome_slash, TRUE);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  candidates = tether_st_location_candidates ();
  g_assert_cmpuint (g_strv_length (candidates), ==, 5);
  assert_candidate (candidates, 0, sthome, "");
  assert_candidate (candidates, 1, state, "syncthing");
  assert_candidate (candidates, 2, home_state, "syncthing");
  assert_candidate (candidates, 3, config, "syncthing");
  assert_candidate (candidates, 4, home_config, "syncthing");
  g_clear_pointer (&candidates, g_strfreev);

  /* The same place twice is tried once; relative XDG paths are ignored,
   * as the XDG specification says. */
  g_setenv ("STHOME", home_syncthing, TRUE);
  g_setenv ("XDG_STATE_HOME", home_state, TRUE);
  g_setenv ("XDG_CONFIG_HOME", "relative/config", TRUE);
  candidates = tether_st_location_candidates ();
  g_assert_cmpuint (g_strv_length (candidates), ==, 2);
  assert_candidate (candidates, 0, home_state, "syncthing");
  assert_candidate (candidates, 1, home_config, "syncthing");
}

/* Inside a Flatpak the XDG variables name the app's own folders under
 * ~/.var/app, HOME is the real home, and the host's own XDG values, when it
 * set any, come as HOST_XDG_*: the host's Syncthing is still found. */
static void
test_candidates_flatpak (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *home = g_get_home_dir ();
  g_autofree char *app_dir = g_build_filename (home, ".var", "app", "io.github.tetherapp.Tether", NULL);
  g_autofree char *app_state = g_build_filename (app_dir, ".local", "state", NULL);
  g_autofree char *app_config = g_build_filename (app_dir, "config", NULL);
  g_autofree char *host_state = g_build_filename (fixture->dir, "host-state", NULL);
  g_autofree char *host_config = g_build_filename (fixture->dir, "host-config", NULL);
  g_autofree char *home_state = g_build_filename (home, ".local", "state", NULL);
  g_autofree char *home_config = g_build_filename (home, ".config", NULL);
  g_autofree char *xml = gui_config ("tls=\"false\"", "127.0.0.1:8384");
  g_autofree char *other = gui_config ("tls=\"false\"", "127.0.0.1:9999");
  g_autofree char *found = NULL;
  g_auto(GStrv) candidates = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStLocation) location = NULL;

  g_setenv ("XDG_STATE_HOME", app_state, TRUE);
  g_setenv ("XDG_CONFIG_HOME", app_config, TRUE);

  /* A host with the default layout: Flatpak sets no HOST_ variables. */
  candidates = tether_st_location_candidates ();
  g_assert_cmpuint (g_strv_length (candidates), ==, 4);
  assert_candidate (candidates, 0, app_state, "syncthing");
  assert_candidate (candidates, 1, home_state, "syncthing");
  assert_candidate (candidates, 2, app_config, "syncthing");
  assert_candidate (candidates, 3, home_config, "syncthing");
  g_clear_pointer (&candidates, g_strfreev);

  /* The host's config in the real home is found. */
  found = write_config (home, ".config/syncthing", other);
  location = tether_st_location_find (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (location->config_path, ==, found);
  g_clear_pointer (&location, tether_st_location_free);
  g_clear_pointer (&found, g_free);

  /* A host with its own XDG folders; a relative value is ignored. */
  g_setenv ("HOST_XDG_STATE_HOME", host_state, TRUE);
  g_setenv ("HOST_XDG_CONFIG_HOME", host_config, TRUE);
  candidates = tether_st_location_candidates ();
  g_assert_cmpuint (g_strv_length (candidates), ==, 6);
  assert_candidate (candidates, 0, app_state, "syncthing");
  assert_candidate (candidates, 1, host_state, "syncthing");
  assert_candidate (candidates, 2, home_state, "syncthing");
  assert_candidate (candidates, 3, app_config, "syncthing");
  assert_candidate (candidates, 4, host_config, "syncthing");
  assert_candidate (candidates, 5, home_config, "syncthing");
  g_clear_pointer (&candidates, g_strfreev);

  /* The host's state folder (Syncthing ≥ 1.27) wins over ~/.config. */
  found = write_config (host_state, "syncthing", xml);
  location = tether_st_location_find (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (location->config_path, ==, found);
  g_assert_cmpstr (location->url, ==, "http://127.0.0.1:8384");
  g_clear_pointer (&location, tether_st_location_free);

  g_setenv ("HOST_XDG_STATE_HOME", "relative/state", TRUE);
  candidates = tether_st_location_candidates ();
  g_assert_cmpuint (g_strv_length (candidates), ==, 5);
  assert_candidate (candidates, 1, home_state, "syncthing");
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *state = g_build_filename (fixture->dir, "state", NULL);
  g_autofree char *xml = gui_config ("tls=\"false\"", "127.0.0.1:8384");
  g_autofree char *other = gui_config ("tls=\"false\"", "127.0.0.1:9999");
  g_autofree char *found = NULL;
  g_autofree char *sthome_config = NULL;
  g_auto(GStrv) candidates = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStLocation) location = NULL;

  g_setenv ("STHOME", fixture->dir, TRUE);
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  /* Nothing anywhere: the message names every place it looked. */
  location = tether_st_location_find (&error);
  g_assert_null (location);
  g_assert_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "No Syncthing configuration found. Looked in: "));
  candidates = tether_st_location_candidates ();
  for (guint i = 0; candidates[i] != NULL; i++)
    g_assert_nonnull (strstr (error->message, candidates[i]));
  g_assert_nonnull (strstr (error->message, "--url"));
  g_clear_error (&error);

  /* Later candidates lose to earlier ones. */
  g_free (write_config (g_get_home_dir (), ".config/syncthing", other));
  found = write_config (state, "syncthing", xml);
  location = tether_st_location_find (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (location->config_path, ==, found);
  g_assert_cmpstr (location->url, ==, "http://127.0.0.1:8384");
  g_clear_pointer (&location, tether_st_location_free);

  sthome_config = write_config (fixture->dir, "", other);
  location = tether_st_location_find (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (location->config_path, ==, sthome_config);
  g_assert_cmpstr (location->url, ==, "http://127.0.0.1:9999");
  g_clear_pointer (&location, tether_st_location_free);

  /* The first that exists decides, even when it is broken. */
  g_file_set_contents (sthome_config, "<configuration>", -1, &error);
  g_assert_no_error (error);
  location = tether_st_location_find (&error);
  g_assert_null (location);
  g_assert_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, sthome_config));
}

static void
test_from_file_errors (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "nowhere", "config.xml", NULL);
  g_autofree char *as_dir = g_build_filename (fixture->dir, "dir", "config.xml", NULL);
  g_autofree char *empty = write_config (fixture->dir, "empty", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherStLocation) location = NULL;

  location = tether_st_location_from_file (missing, &error);
  g_assert_null (location);
  g_assert_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* Works as root too, unlike a file without read permission. */
  g_assert_cmpint (g_mkdir_with_parents (as_dir, 0700), ==, 0);
  location = tether_st_location_from_file (as_dir, &error);
  g_assert_null (location);
  g_assert_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_UNREADABLE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  location = tether_st_location_from_file (empty, &error);
  g_assert_null (location);
  g_assert_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is empty"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/tether/st-location/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("normal", test_normal);
  ADD ("tls-and-cert", test_tls_and_cert);
  ADD ("addresses", test_addresses);
  ADD ("bad-addresses", test_bad_addresses);
  ADD ("gui-attributes", test_gui_attributes);
  ADD ("missing-parts", test_missing_parts);
  ADD ("nested-elements-ignored", test_nested_elements_ignored);
  ADD ("malformed", test_malformed);
  ADD ("not-nul-terminated", test_not_nul_terminated);
  ADD ("env-overrides", test_env_overrides);
  ADD ("candidates", test_candidates);
  ADD ("candidates-flatpak", test_candidates_flatpak);
  ADD ("find", test_find);
  ADD ("from-file-errors", test_from_file_errors);

#undef ADD

  return g_test_run ();
}
