/* tether-st-location.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tether-st-location.h"

/* What Syncthing uses when config.xml names no GUI address. */
#define DEFAULT_GUI_ADDRESS "127.0.0.1:8384"

G_DEFINE_QUARK (tether-st-location-error-quark, tether_st_location_error)

void
tether_st_location_free (TetherStLocation *self)
{
  if (self == NULL)
    return;
  g_free (self->config_path);
  g_free (self->url);
  g_free (self->cert_path);
  g_free (self->api_key);
  g_free (self);
}

TetherStLocation *
tether_st_location_copy (const TetherStLocation *self)
{
  TetherStLocation *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (TetherStLocation, 1);
  copy->config_path = g_strdup (self->config_path);
  copy->url = g_strdup (self->url);
  copy->tls = self->tls;
  copy->api_key = g_strdup (self->api_key);
  copy->cert_path = g_strdup (self->cert_path);
  return copy;
}

/* Reading config.xml */

typedef enum {
  CAPTURE_NONE,
  CAPTURE_ADDRESS,
  CAPTURE_API_KEY,
} Capture;

typedef struct {
  guint     depth;        /* of the element being read; 1 is <configuration> */
  gboolean  in_gui;       /* inside the top-level <gui> */
  gboolean  found_gui;
  gboolean  enabled;
  gboolean  tls;
  Capture   capture;      /* which <gui> child's text is being collected */
  GString  *text;         /* owned: that text */
  char     *address;      /* owned, nullable */
  char     *api_key;      /* owned, nullable; secret */
} ParseState;

static void
parse_state_clear (ParseState *state)
{
  g_free (state->api_key);
  g_free (state->address);
  if (state->text != NULL)
    g_string_free (state->text, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParseState, parse_state_clear)

/* Booleans as Go's strconv.ParseBool reads them, since Syncthing does. */
static gboolean
parse_bool (const char *value,
            gboolean   *out)
{
  const char *truths[] = { "1", "t", "T", "true", "TRUE", "True", NULL };
  const char *lies[] = { "0", "f", "F", "false", "FALSE", "False", NULL };

  if (g_strv_contains (truths, value))
    *out = TRUE;
  else if (g_strv_contains (lies, value))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static void
read_gui_attributes (ParseState   *state,
                     const char  **names,
                     const char  **values,
                     GError      **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean *target;

      if (g_str_equal (names[i], "enabled"))
        target = &state->enabled;
      else if (g_str_equal (names[i], "tls"))
        target = &state->tls;
      else
        continue;

      if (!parse_bool (values[i], target))
        {
          g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_INVALID,
                       _("its <gui> attribute %s=\"%s\" is neither true nor false"),
                       names[i], values[i]);
          return;
        }
    }
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  ParseState *state = user_data;

  state->depth++;
  if (state->depth == 1 && !g_str_equal (element, "configuration"))
    {
      g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_INVALID,
                   _("its top element is <%s>, where Syncthing writes <configuration>"), element);
      return;
    }

  /* Syncthing writes a single <gui>; if there are more, the first counts. */
  if (state->depth == 2 && g_str_equal (element, "gui") && !state->found_gui)
    {
      state->found_gui = TRUE;
      state->in_gui = TRUE;
      read_gui_attributes (state, names, values, error);
    }
  else if (state->depth == 3 && state->in_gui)
    {
      if (g_str_equal (element, "address"))
        state->capture = CAPTURE_ADDRESS;
      else if (g_str_equal (element, "apikey"))
        state->capture = CAPTURE_API_KEY;
      g_string_truncate (state->text, 0);
    }
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;

  if (state->depth == 3 && state->capture != CAPTURE_NONE)
    {
      char **target = state->capture == CAPTURE_ADDRESS ? &state->address : &state->api_key;

      /* Like Go's XML decoder, a repeated element overrides the earlier one. */
      g_free (*target);
      *target = g_strdup (g_strstrip (state->text->str));
      g_string_truncate (state->text, 0);
      state->capture = CAPTURE_NONE;
    }
  else if (state->depth == 2)
    state->in_gui = FALSE;
  state->depth--;
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  /* Only text directly inside <address> or <apikey>, not in a child. */
  if (state->depth == 3 && state->capture != CAPTURE_NONE)
    g_string_append_len (state->text, text, (gssize) len);
}

static const GMarkupParser config_parser = {
  .start_element = start_element_cb,
  .end_element = end_element_cb,
  .text = text_cb,
};

static char *
describe (const char *config_path)
{
  /* Translators: the subject of the messages about config.xml below */
  if (config_path == NULL)
    return g_strdup (_("Syncthing's configuration"));
  /* Translators: the subject of the messages about config.xml below; %s is its path */
  return g_strdup_printf (_("Syncthing's configuration “%s”"), config_path);
}

/* Parses the XML into @state; on failure says where, never quoting the
 * text itself, which might hold the API key. @what names the file. */
static gboolean
parse_config (const char  *xml,
              gssize       len,
              const char  *what,
              ParseState  *state,
              GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  int line = 0, column = 0;

  context = g_markup_parse_context_new (&config_parser, 0, state, NULL);
  if (g_markup_parse_context_parse (context, xml, len, &local_error) &&
      g_markup_parse_context_end_parse (context, &local_error))
    return TRUE;

  if (local_error->domain == TETHER_ST_LOCATION_ERROR)
    {
      g_set_error (error, TETHER_ST_LOCATION_ERROR, local_error->code,
                   _("%s is not one Tether can read: %s. "
                     "Start Syncthing once so it writes a valid one, or give --url and --api-key-file."),
                   what, local_error->message);
      return FALSE;
    }
  if (g_error_matches (local_error, G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY))
    {
      g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_INVALID,
                   _("%s is empty. Start Syncthing once so it writes a full one, "
                     "or give --url and --api-key-file."), what);
      return FALSE;
    }
  g_markup_parse_context_get_position (context, &line, &column);
  g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_INVALID,
               _("%s is not well-formed XML (near line %d, column %d). "
                 "Repair it, or move it away and start Syncthing to write a new one."),
               what, line, column);
  return FALSE;
}

/* Splits off a scheme the way Syncthing reads STGUIADDRESS: only when the
 * value contains a slash. Sets *tls for http/https and leaves it alone for a
 * plain host:port. Returns the host:port, or NULL for a unix socket or an
 * unknown scheme. */
static const char *
strip_scheme (const char *address,
              gboolean   *tls,
              gboolean   *unix_socket)
{
  g_autofree char *scheme = NULL;
  const char *sep;

  *unix_socket = FALSE;
  if (g_str_has_prefix (address, "/") ||
      g_str_has_prefix (address, "unix://") ||
      g_str_has_prefix (address, "unixs://"))
    {
      *unix_socket = TRUE;
      return NULL;
    }
  if (strchr (address, '/') == NULL)
    return address;

  sep = strstr (address, "://");
  if (sep == NULL)
    return NULL;
  scheme = g_strndup (address, (gsize) (sep - address));
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    *tls = TRUE;
  else if (g_ascii_strcasecmp (scheme, "http") == 0)
    *tls = FALSE;
  else
    return NULL;
  return sep + 3;
}

/* "host:port" (host may be empty or [IPv6]) → the host:port to connect to,
 * with a wildcard listen address turned into loopback; NULL when it is not
 * host:port. */
static char *
connect_address (const char *address)
{
  g_autofree char *hostport = NULL;
  const char *slash = strchr (address, '/');
  const char *colon;
  const char *port;
  gsize host_len;

  /* An https://host:port/ override may carry a path. */
  hostport = slash != NULL ? g_strndup (address, (gsize) (slash - address)) : g_strdup (address);
  colon = strrchr (hostport, ':');
  if (colon == NULL)
    return NULL;
  port = colon + 1;
  host_len = (gsize) (colon - hostport);
  if (!g_ascii_string_to_unsigned (port, 10, 1, 65535, NULL, NULL))
    return NULL;
  /* Only what a host name or address is made of: no blanks, and no "@"
   * that would put user information into the URL. An IPv6 host needs
   * brackets, or its last group would read as the port. */
  if (strspn (hostport, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_[]:%")
      < host_len)
    return NULL;
  if (hostport[0] == '[')
    {
      if (colon[-1] != ']')
        return NULL;
    }
  else if (memchr (hostport, ':', host_len) != NULL)
    return NULL;

  if (colon == hostport || g_str_has_prefix (hostport, "0.0.0.0:"))
    return g_strconcat ("127.0.0.1:", port, NULL);
  if (g_str_has_prefix (hostport, "[::]:"))
    return g_strconcat ("[::1]:", port, NULL);
  return g_steal_pointer (&hostport);
}

static char *
find_cert (const char *config_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;

  if (config_path == NULL)
    return NULL;
  dir = g_path_get_dirname (config_path);
  cert = g_build_filename (dir, "https-cert.pem", NULL);
  if (!g_file_test (cert, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_steal_pointer (&cert);
}

TetherStLocation *
tether_st_location_from_data (const char  *xml,
                              gssize       len,
                              const char  *config_path,
                              GError     **error)
{
  g_auto(ParseState) state = { .enabled = TRUE, .text = g_string_new (NULL) };
  g_autofree char *what = describe (config_path);
  g_autofree char *hostport = NULL;
  TetherStLocation *location;
  const char *address_env;
  const char *key_env;
  const char *address;
  const char *api_key;
  gboolean tls;
  gboolean unix_socket;

  g_return_val_if_fail (xml != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_config (xml != NULL ? xml : "", len, what, &state, error))
    return NULL;

  if (!state.found_gui)
    {
      g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_INVALID,
                   _("%s has no <gui> section, so it does not say where Syncthing "
                     "listens. Start Syncthing once so it adds one, or give --url and --api-key-file."),
                   what);
      return NULL;
    }
  if (!state.enabled)
    {
      g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_UNSUPPORTED,
                   _("Syncthing's web GUI, which also serves the REST API Tether uses, is "
                     "turned off in %s. Turn it on (<gui enabled=\"true\">), or give --url and --api-key-file."),
                   what);
      return NULL;
    }

  /* Syncthing lets these variables override its configuration; when it
   * runs with them, they are what it listens on and accepts. */
  address_env = g_getenv ("STGUIADDRESS");
  if (address_env != NULL && *address_env != '\0')
    address = address_env;
  else if (state.address != NULL && *state.address != '\0')
    address = state.address;
  else
    address = DEFAULT_GUI_ADDRESS;
  tls = state.tls;
  address = strip_scheme (address, &tls, &unix_socket);
  if (unix_socket)
    {
      g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_UNSUPPORTED,
                   _("Syncthing's GUI listens on a unix socket, which Tether cannot use yet. "
                     "Set a TCP address such as %s in Syncthing's GUI settings, or give --url and --api-key-file."),
                   DEFAULT_GUI_ADDRESS);
      return NULL;
    }
  if (address == NULL || (hostport = connect_address (address)) == NULL)
    {
      g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_INVALID,
                   _("The GUI address in %s is not host:port (such as %s). "
                     "Correct it, or give --url and --api-key-file."),
                   address_env != NULL && *address_env != '\0' ? "STGUIADDRESS" : what,
                   DEFAULT_GUI_ADDRESS);
      return NULL;
    }

  key_env = g_getenv ("STGUIAPIKEY");
  if (key_env != NULL && *key_env != '\0')
    api_key = key_env;
  else if (state.api_key != NULL && *state.api_key != '\0')
    api_key = state.api_key;
  else
    {
      g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_NO_API_KEY,
                   _("%s has no API key. Start Syncthing once so it creates one "
                     "(or generate one in its GUI settings), or give --url and --api-key-file."), what);
      return NULL;
    }

  location = g_new0 (TetherStLocation, 1);
  location->config_path = g_strdup (config_path);
  location->url = g_strconcat (tls ? "https://" : "http://", hostport, NULL);
  location->tls = tls;
  location->api_key = g_strdup (api_key);
  location->cert_path = find_cert (config_path);
  return location;
}

TetherStLocation *
tether_st_location_from_file (const char  *config_path,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *xml = NULL;
  gsize len = 0;

  g_return_val_if_fail (config_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (config_path, &xml, &len, &local_error))
    {
      gboolean missing = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

      g_set_error (error, TETHER_ST_LOCATION_ERROR,
                   missing ? TETHER_ST_LOCATION_ERROR_NOT_FOUND : TETHER_ST_LOCATION_ERROR_UNREADABLE,
                   _("Cannot read Syncthing's configuration: %s. %s"),
                   local_error->message,
                   missing ? _("Start Syncthing once, or give --url and --api-key-file.")
                           : _("Check that your user may read it, or give --url and --api-key-file."));
      return NULL;
    }
  return tether_st_location_from_data (xml, (gssize) len, config_path, error);
}

/* Finding it */

/* XDG says to ignore relative paths in these variables. */
static const char *
xdg_dir (const char *variable)
{
  const char *value = g_getenv (variable);

  return value != NULL && g_path_is_absolute (value) ? value : NULL;
}

static void
add_candidate (GPtrArray  *paths,
               const char *base,
               const char *subdir)
{
  g_autofree char *joined = NULL;
  char *path;

  if (base == NULL || *base == '\0')
    return;
  joined = g_build_filename (base, subdir, "config.xml", NULL);
  path = g_canonicalize_filename (joined, NULL);
  for (guint i = 0; i < paths->len; i++)
    if (g_str_equal (g_ptr_array_index (paths, i), path))
      {
        g_free (path);
        return;
      }
  g_ptr_array_add (paths, path);
}

GStrv
tether_st_location_candidates (void)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *state_home = g_build_filename (g_get_home_dir (), ".local", "state", NULL);
  g_autofree char *config_home = g_build_filename (g_get_home_dir (), ".config", NULL);

  /* Inside a Flatpak, XDG_STATE_HOME and XDG_CONFIG_HOME point into the
   * app's own ~/.var/app/… folders, where Syncthing never writes; HOME is
   * still the real home, and Flatpak passes the host's own XDG_*_HOME,
   * when it had any, as HOST_XDG_*_HOME. The manifest grants read-only
   * access to exactly these places. */
  add_candidate (paths, g_getenv ("STHOME"), "");
  add_candidate (paths, xdg_dir ("XDG_STATE_HOME"), "syncthing");
  add_candidate (paths, xdg_dir ("HOST_XDG_STATE_HOME"), "syncthing");
  add_candidate (paths, state_home, "syncthing");
  add_candidate (paths, xdg_dir ("XDG_CONFIG_HOME"), "syncthing");
  add_candidate (paths, xdg_dir ("HOST_XDG_CONFIG_HOME"), "syncthing");
  add_candidate (paths, config_home, "syncthing");
  g_ptr_array_add (paths, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

TetherStLocation *
tether_st_location_find (GError **error)
{
  g_auto(GStrv) candidates = tether_st_location_candidates ();
  g_autofree char *searched = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; candidates[i] != NULL; i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      return tether_st_location_from_file (candidates[i], error);

  searched = g_strjoinv (", ", candidates);
  g_set_error (error, TETHER_ST_LOCATION_ERROR, TETHER_ST_LOCATION_ERROR_NOT_FOUND,
               _("No Syncthing configuration found. Looked in: %s. "
                 "Start Syncthing once, or give --url and --api-key-file."), searched);
  return NULL;
}
