/* tether-test-syncthing.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tether-test-syncthing.h"

#define START_TIMEOUT_US    (60 * G_USEC_PER_SEC)
#define START_POLL_US       (20 * 1000)
#define STOP_TIMEOUT_MS     (10 * 1000)
#define CONNECTED_POLL_US   (50 * 1000)
#define PAIR_TIMEOUT_S      30
#define REST_TIMEOUT_S      30
#define LOG_TAIL_LINES      60

struct _TetherTestSyncthing
{
  char        *program;       /* owned: path of the syncthing binary */
  char        *name;          /* owned */
  char        *home;          /* owned: temporary directory, deleted by _free() */
  char        *log_path;      /* owned: syncthing.log in home */
  char        *api_key_file;  /* owned: api-key in home */
  char        *url;           /* owned: "http://127.0.0.1:P" */
  char        *sync_address;  /* owned: "tcp://127.0.0.1:P" */
  char        *device_id;     /* owned */
  char        *api_key;       /* owned: secret, never logged */
  guint16      gui_port;
  SoupSession *session;       /* owned */
  GSubprocess *process;       /* owned, nullable: the last syncthing started */
};

G_DEFINE_QUARK (tether-test-syncthing-error-quark, tether_test_syncthing_error)

/* The values TESTING.md asks for in <options>, so that nothing leaves
 * loopback. listenAddress is set separately: it depends on the port. */
static const struct {
  const char *element;
  const char *value;
} loopback_options[] = {
  { "globalAnnounceEnabled", "false" },
  { "localAnnounceEnabled",  "false" },
  { "relaysEnabled",         "false" },
  { "natEnabled",            "false" },
  { "urAccepted",            "-1" },
  { "autoUpgradeIntervalH",  "0" },
  { "crashReportingEnabled", "false" },
  { "stunKeepaliveStartS",   "0" },
  { "stunServer",            "" },
  { "announceLANAddresses",  "false" },
};

G_GNUC_PRINTF (1, 2)
static void
note (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (g_test_initialized ())
    g_test_message ("%s", message);
  else
    g_debug ("%s", message);
}

static char *
find_program (void)
{
  char *path = g_find_program_in_path ("syncthing");

  if (path == NULL && g_file_test ("/usr/bin/syncthing", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/bin/syncthing");

  return path;
}

gboolean
tether_test_syncthing_available (void)
{
  g_autofree char *path = find_program ();

  return path != NULL;
}

gboolean
tether_test_syncthing_skip_if_unavailable (void)
{
  if (tether_test_syncthing_available ())
    return FALSE;

  g_test_skip ("syncthing is not installed (looked for `syncthing` on PATH and /usr/bin/syncthing)");
  return TRUE;
}

/* Binds one socket per port to 127.0.0.1:0 at the same time, so the ports
 * differ, then closes them. Bound but never listening, they leave no
 * TIME_WAIT behind. */
static gboolean
pick_free_ports (guint16  *ports,
                 guint     n_ports,
                 GError  **error)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  for (guint i = 0; i < n_ports; i++)
    {
      g_autoptr(GSocket) sock = NULL;
      g_autoptr(GSocketAddress) any_port = NULL;
      g_autoptr(GSocketAddress) bound = NULL;

      sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
      if (sock == NULL)
        return FALSE;

      any_port = g_inet_socket_address_new (loopback, 0);
      if (!g_socket_bind (sock, any_port, FALSE, error))
        return FALSE;

      bound = g_socket_get_local_address (sock, error);
      if (bound == NULL)
        return FALSE;

      ports[i] = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      g_ptr_array_add (sockets, g_steal_pointer (&sock));
    }

  return TRUE;
}

/* A launcher whose environment cannot point syncthing at another home, GUI
 * address or API key, whatever the developer running the tests exported. */
static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  static const char * const overrides[] = {
    "STHOME", "STCONFDIR", "STDATADIR", "STGUIADDRESS", "STGUIAPIKEY",
    "STNORESTART", "STMONITORED", "STPROFILER",
  };
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  for (guint i = 0; i < G_N_ELEMENTS (overrides); i++)
    g_subprocess_launcher_unsetenv (launcher, overrides[i]);

  g_subprocess_launcher_setenv (launcher, "STNODEFAULTFOLDER", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "STNOUPGRADE", "1", TRUE);
  /* The REST API answers in ~0.5 s instead of ~1.5 s. */
  g_subprocess_launcher_setenv (launcher, "STHASHING", "minio", TRUE);

  return launcher;
}

/* What config.xml says, as far as this helper cares. */
typedef struct {
  GPtrArray  *device_ids;    /* owned: ids of top-level <device>s */
  char       *device_name;   /* owned, nullable: name of the first one */
  char       *api_key;       /* owned, nullable */
  char       *gui_address;   /* owned, nullable */
  GHashTable *options;       /* owned: element → text; repeated elements joined with "\n" */
  GString    *text;          /* owned: text of the current element */
} ConfigInfo;

static void
config_info_clear (ConfigInfo *info)
{
  g_clear_pointer (&info->device_ids, g_ptr_array_unref);
  g_clear_pointer (&info->device_name, g_free);
  g_clear_pointer (&info->api_key, g_free);
  g_clear_pointer (&info->gui_address, g_free);
  g_clear_pointer (&info->options, g_hash_table_unref);
  if (info->text != NULL)
    g_string_free (g_steal_pointer (&info->text), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ConfigInfo, config_info_clear)

static void
config_start_element_cb (GMarkupParseContext  *context,
                         const char           *element,
                         const char          **attribute_names,
                         const char          **attribute_values,
                         gpointer              user_data,
                         GError              **error)
{
  ConfigInfo *info = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);

  g_string_truncate (info->text, 0);

  /* The stack is innermost first: <device> directly inside <configuration>. */
  if (g_str_equal (element, "device") &&
      stack->next != NULL && stack->next->next == NULL &&
      g_str_equal (stack->next->data, "configuration"))
    {
      for (guint i = 0; attribute_names[i] != NULL; i++)
        {
          if (g_str_equal (attribute_names[i], "id"))
            g_ptr_array_add (info->device_ids, g_strdup (attribute_values[i]));
          else if (g_str_equal (attribute_names[i], "name") && info->device_name == NULL)
            info->device_name = g_strdup (attribute_values[i]);
        }
    }
}

static void
config_end_element_cb (GMarkupParseContext  *context,
                       const char           *element,
                       gpointer              user_data,
                       GError              **error)
{
  ConfigInfo *info = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  const char *parent;

  /* Only leaves two levels below <configuration> matter. */
  if (stack->next == NULL || stack->next->next == NULL ||
      stack->next->next->next != NULL)
    return;

  parent = stack->next->data;

  if (g_str_equal (parent, "gui") && g_str_equal (element, "apikey"))
    {
      g_free (info->api_key);
      info->api_key = g_strdup (info->text->str);
    }
  else if (g_str_equal (parent, "gui") && g_str_equal (element, "address"))
    {
      g_free (info->gui_address);
      info->gui_address = g_strdup (info->text->str);
    }
  else if (g_str_equal (parent, "options"))
    {
      const char *previous = g_hash_table_lookup (info->options, element);
      char *value;

      if (previous != NULL)
        value = g_strconcat (previous, "\n", info->text->str, NULL);
      else
        value = g_strdup (info->text->str);

      g_hash_table_replace (info->options, g_strdup (element), value);
    }
}

static void
config_text_cb (GMarkupParseContext  *context,
                const char           *text,
                gsize                 text_len,
                gpointer              user_data,
                GError              **error)
{
  ConfigInfo *info = user_data;

  g_string_append_len (info->text, text, text_len);
}

static gboolean
parse_config (const char  *xml,
              ConfigInfo  *info,
              GError     **error)
{
  static const GMarkupParser parser = {
    .start_element = config_start_element_cb,
    .end_element = config_end_element_cb,
    .text = config_text_cb,
  };
  g_autoptr(GMarkupParseContext) context = NULL;

  info->device_ids = g_ptr_array_new_with_free_func (g_free);
  info->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  info->text = g_string_new (NULL);

  context = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, info, NULL);

  return g_markup_parse_context_parse (context, xml, -1, error) &&
         g_markup_parse_context_end_parse (context, error);
}

/* Finds the first <section> or <section …> and its </section>. */
static gboolean
find_section (GString    *xml,
              const char *section,
              gsize      *start,
              gsize      *end)
{
  g_autofree char *open_tag = g_strdup_printf ("<%s", section);
  g_autofree char *close_tag = g_strdup_printf ("</%s>", section);
  const char *p = xml->str;

  while ((p = strstr (p, open_tag)) != NULL)
    {
      char next = p[strlen (open_tag)];

      if (next == '>' || g_ascii_isspace (next))
        {
          const char *closing = strstr (p, close_tag);

          if (closing == NULL)
            return FALSE;

          *start = p - xml->str;
          *end = closing - xml->str;
          return TRUE;
        }

      p += strlen (open_tag);
    }

  return FALSE;
}

/* Replaces the text of the one <element> (without attributes) in the first
 * <section>. `syncthing generate` writes each option once; anything else
 * means a format this helper does not know, which is an error, not a guess. */
static gboolean
set_element_text (GString     *xml,
                  const char  *section,
                  const char  *element,
                  const char  *text,
                  GError     **error)
{
  g_autofree char *open_tag = g_strdup_printf ("<%s>", element);
  g_autofree char *close_tag = g_strdup_printf ("</%s>", element);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  gsize section_start, section_end;
  const char *opening, *closing;
  gsize text_start;

  if (!find_section (xml, section, &section_start, &section_end))
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_SETUP,
                   "config.xml has no <%s> section", section);
      return FALSE;
    }

  opening = g_strstr_len (xml->str + section_start, section_end - section_start, open_tag);
  if (opening == NULL)
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_SETUP,
                   "config.xml has no <%s><%s>", section, element);
      return FALSE;
    }

  text_start = opening - xml->str + strlen (open_tag);
  closing = g_strstr_len (xml->str + text_start, section_end - text_start, close_tag);
  if (closing == NULL ||
      g_strstr_len (closing, xml->str + section_end - closing, open_tag) != NULL)
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_SETUP,
                   "config.xml does not have exactly one <%s><%s>…</%s>",
                   section, element, element);
      return FALSE;
    }

  g_string_erase (xml, text_start, closing - (xml->str + text_start));
  g_string_insert (xml, text_start, escaped);

  return TRUE;
}

static gboolean
set_device_name (GString     *xml,
                 const char  *device_id,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *prefix = g_strdup_printf ("<device id=\"%s\" name=\"", device_id);
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  const char *start = strstr (xml->str, prefix);
  const char *end;
  gsize value_start;

  if (start == NULL || (end = strchr (start + strlen (prefix), '"')) == NULL)
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_SETUP,
                   "config.xml has no <device id=\"%s\" name=\"…\">", device_id);
      return FALSE;
    }

  value_start = start - xml->str + strlen (prefix);
  g_string_erase (xml, value_start, end - (xml->str + value_start));
  g_string_insert (xml, value_start, escaped);

  return TRUE;
}

static gboolean
check_value (const char  *what,
             const char  *found,
             const char  *expected,
             GError     **error)
{
  if (g_strcmp0 (found, expected) == 0)
    return TRUE;

  g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_SETUP,
               "config.xml: %s is “%s” after editing, not “%s”",
               what, found != NULL ? found : "(missing)", expected);
  return FALSE;
}

static gboolean
run_generate (TetherTestSyncthing  *self,
              GError              **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *home_arg = g_strdup_printf ("--home=%s", self->home);
  g_autofree char *output = NULL;

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  process = g_subprocess_launcher_spawn (launcher, error, self->program, "generate",
                                         home_arg, "--no-default-folder",
                                         "--skip-port-probing", NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return FALSE;

  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_SETUP,
                   "`syncthing generate` failed: %s", output);
      return FALSE;
    }

  return TRUE;
}

/* Generates the home, reads the device ID and API key from config.xml,
 * edits it for loopback-only use, and checks the result by parsing it again. */
static gboolean
make_home (TetherTestSyncthing  *self,
           GError              **error)
{
  g_auto(ConfigInfo) generated = { 0 };
  g_auto(ConfigInfo) edited = { 0 };
  g_autofree char *config_path = g_build_filename (self->home, "config.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *gui_address = NULL;
  g_autoptr(GString) xml = NULL;

  if (!run_generate (self, error) ||
      !g_file_get_contents (config_path, &contents, NULL, error))
    return FALSE;

  if (!parse_config (contents, &generated, error))
    {
      g_prefix_error (error, "%s: ", config_path);
      return FALSE;
    }

  if (generated.device_ids->len != 1 || generated.api_key == NULL || generated.api_key[0] == '\0')
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_SETUP,
                   "%s: expected one <device> and a <gui><apikey>, found %u devices%s",
                   config_path, generated.device_ids->len,
                   generated.api_key != NULL ? "" : " and no API key");
      return FALSE;
    }

  self->device_id = g_strdup (g_ptr_array_index (generated.device_ids, 0));
  self->api_key = g_strdup (generated.api_key);

  xml = g_string_new (contents);
  gui_address = g_strdup_printf ("127.0.0.1:%u", self->gui_port);

  if (!set_element_text (xml, "options", "listenAddress", self->sync_address, error) ||
      !set_element_text (xml, "gui", "address", gui_address, error) ||
      !set_device_name (xml, self->device_id, self->name, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (loopback_options); i++)
    {
      if (!set_element_text (xml, "options", loopback_options[i].element,
                             loopback_options[i].value, error))
        return FALSE;
    }

  if (!parse_config (xml->str, &edited, error))
    {
      g_prefix_error (error, "%s after editing: ", config_path);
      return FALSE;
    }

  if (!check_value ("the device name", edited.device_name, self->name, error) ||
      !check_value ("<gui><address>", edited.gui_address, gui_address, error) ||
      !check_value ("<listenAddress>",
                    g_hash_table_lookup (edited.options, "listenAddress"),
                    self->sync_address, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (loopback_options); i++)
    {
      if (!check_value (loopback_options[i].element,
                        g_hash_table_lookup (edited.options, loopback_options[i].element),
                        loopback_options[i].value, error))
        return FALSE;
    }

  return g_file_set_contents_full (config_path, xml->str, xml->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

TetherTestSyncthing *
tether_test_syncthing_new (const char  *name,
                           GError     **error)
{
  g_autoptr(TetherTestSyncthing) self = NULL;
  g_autofree char *template = NULL;
  guint16 ports[2];

  g_return_val_if_fail (name != NULL && name[0] != '\0' && strchr (name, '/') == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (TetherTestSyncthing, 1);
  self->name = g_strdup (name);
  self->program = find_program ();
  if (self->program == NULL)
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_NOT_FOUND,
                   "syncthing is not installed (looked for `syncthing` on PATH and /usr/bin/syncthing)");
      return NULL;
    }

  template = g_strdup_printf ("tether-st-%s-XXXXXX", name);
  self->home = g_dir_make_tmp (template, error);
  if (self->home == NULL)
    return NULL;

  self->log_path = g_build_filename (self->home, "syncthing.log", NULL);
  self->api_key_file = g_build_filename (self->home, "api-key", NULL);

  if (!pick_free_ports (ports, G_N_ELEMENTS (ports), error))
    return NULL;

  self->gui_port = ports[0];
  self->url = g_strdup_printf ("http://127.0.0.1:%u", ports[0]);
  self->sync_address = g_strdup_printf ("tcp://127.0.0.1:%u", ports[1]);

  if (!make_home (self, error) ||
      !g_file_set_contents_full (self->api_key_file, self->api_key, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  self->session = soup_session_new_with_options ("timeout", REST_TIMEOUT_S,
                                                 "user-agent", "tether-test",
                                                 NULL);
  /* Loopback must not go through a proxy some environment variable names. */
  soup_session_set_proxy_resolver (self->session, NULL);

  note ("syncthing %s: home %s, GUI %s, sync %s",
        self->name, self->home, self->url, self->sync_address);

  return g_steal_pointer (&self);
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;

  children = g_file_enumerate_children (file,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                        NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;
      GFile *child;

      while (g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
        {
          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            remove_tree (child);
          else
            g_file_delete (child, NULL, NULL);
        }
    }

  if (!g_file_delete (file, NULL, &error))
    {
      g_autofree char *path = g_file_get_path (file);

      note ("Could not delete %s: %s", path, error->message);
    }
}

void
tether_test_syncthing_free (TetherTestSyncthing *self)
{
  if (self == NULL)
    return;

  tether_test_syncthing_stop (self);

  if (self->home != NULL)
    {
      g_autoptr(GFile) home = g_file_new_for_path (self->home);

      remove_tree (home);
    }

  g_clear_object (&self->session);
  g_free (self->program);
  g_free (self->name);
  g_free (self->home);
  g_free (self->log_path);
  g_free (self->api_key_file);
  g_free (self->url);
  g_free (self->sync_address);
  g_free (self->device_id);
  g_free (self->api_key);
  g_free (self);
}

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
child_setup_cb (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  /* The parent may have died before prctl: then no signal would come. */
  if (getppid () != parent)
    _exit (1);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits on a private context so the caller's contexts do not run. With
 * timeout_ms 0, waits for as long as it takes. */
static gboolean
wait_for_exit (GSubprocess *process,
               guint        timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = NULL;
  gboolean done = FALSE;
  gboolean timed_out = FALSE;

  g_main_context_push_thread_default (context);

  g_subprocess_wait_async (process, NULL, wait_cb, &done);
  if (timeout_ms > 0)
    {
      timeout = g_timeout_source_new (timeout_ms);
      g_source_set_callback (timeout, timeout_cb, &timed_out, NULL);
      g_source_attach (timeout, context);
    }

  while (!done && !timed_out)
    g_main_context_iteration (context, TRUE);

  if (timeout != NULL)
    g_source_destroy (timeout);

  /* The wait still points at done: let it finish before returning. */
  if (!done)
    {
      g_subprocess_force_exit (process);
      while (!done)
        g_main_context_iteration (context, TRUE);
    }

  g_main_context_pop_thread_default (context);

  return !timed_out;
}

gboolean
tether_test_syncthing_is_running (TetherTestSyncthing *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* GLib reaps the child on its worker thread; the identifier goes away then. */
  return self->process != NULL && g_subprocess_get_identifier (self->process) != NULL;
}

static void
forget_process (TetherTestSyncthing *self)
{
  g_clear_object (&self->process);
  /* Kept-alive connections lead to the old process. */
  soup_session_abort (self->session);
}

void
tether_test_syncthing_stop (TetherTestSyncthing *self)
{
  g_return_if_fail (self != NULL);

  if (self->process == NULL)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  if (!wait_for_exit (self->process, STOP_TIMEOUT_MS))
    note ("syncthing %s did not exit within %d ms of SIGTERM: killed it",
          self->name, STOP_TIMEOUT_MS);

  forget_process (self);
}

void
tether_test_syncthing_kill (TetherTestSyncthing *self)
{
  g_return_if_fail (self != NULL);

  if (self->process == NULL)
    return;

  g_subprocess_force_exit (self->process);
  wait_for_exit (self->process, 0);

  forget_process (self);
}

void
tether_test_syncthing_send_signal (TetherTestSyncthing *self,
                                   int                  signum)
{
  g_return_if_fail (self != NULL);

  if (self->process != NULL)
    g_subprocess_send_signal (self->process, signum);
}

static JsonObject *
parse_object (const char  *json,
              const char  *what,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, error))
    {
      g_prefix_error (error, "%s: ", what);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_INVALID,
                   "%s: not a JSON object", what);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* One try: does GET /rest/system/status answer, with our device ID? */
static gboolean
check_status (TetherTestSyncthing  *self,
              GError              **error)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) status = NULL;
  const char *my_id;

  body = tether_test_syncthing_rest (self, "GET", "/rest/system/status", NULL, error);
  if (body == NULL)
    return FALSE;

  status = parse_object (body, "/rest/system/status", error);
  if (status == NULL)
    return FALSE;

  my_id = json_object_get_string_member_with_default (status, "myID", NULL);
  if (g_strcmp0 (my_id, self->device_id) != 0)
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_INVALID,
                   "%s answers with device ID %s, not %s: another program has the port",
                   self->url, my_id != NULL ? my_id : "(none)", self->device_id);
      return FALSE;
    }

  return TRUE;
}

static int
open_log (TetherTestSyncthing  *self,
          GError              **error)
{
  int fd = open (self->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open %s: %s", self->log_path, g_strerror (saved_errno));
    }

  return fd;
}

gboolean
tether_test_syncthing_start (TetherTestSyncthing  *self,
                             GError              **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) last_error = NULL;
  g_autofree char *home_arg = NULL;
  g_autofree char *gui_arg = NULL;
  gint64 deadline;
  int log_fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!tether_test_syncthing_is_running (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* It may have crashed since the last start. */
  forget_process (self);

  log_fd = open_log (self, error);
  if (log_fd < 0)
    return FALSE;

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_take_stdout_fd (launcher, log_fd);
  /* Without its monitor, syncthing is one process, our child: the
   * parent-death signal and SIGKILL reach it. The monitor of 1.19 runs even
   * with --no-restart, and its child survives it in a process group of its
   * own. */
  g_subprocess_launcher_setenv (launcher, "STMONITORED", "yes", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup_cb,
                                         GINT_TO_POINTER (getpid ()), NULL);

  home_arg = g_strdup_printf ("--home=%s", self->home);
  gui_arg = g_strdup_printf ("--gui-address=%s", self->url);
  self->process = g_subprocess_launcher_spawn (launcher, error, self->program, "serve",
                                               home_arg, gui_arg, "--no-browser",
                                               "--no-restart", "--no-upgrade",
                                               "--logflags=6", NULL);
  if (self->process == NULL)
    return FALSE;

  deadline = g_get_monotonic_time () + START_TIMEOUT_US;

  while (TRUE)
    {
      g_clear_error (&last_error);
      if (check_status (self, &last_error))
        return TRUE;

      if (!tether_test_syncthing_is_running (self))
        {
          g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_EXITED,
                       "syncthing %s exited while starting; see %s",
                       self->name, self->log_path);
          forget_process (self);
          return FALSE;
        }

      /* A wrong device ID will not right itself. */
      if (g_error_matches (last_error, TETHER_TEST_SYNCTHING_ERROR,
                           TETHER_TEST_SYNCTHING_ERROR_INVALID))
        {
          tether_test_syncthing_kill (self);
          g_propagate_error (error, g_steal_pointer (&last_error));
          return FALSE;
        }

      if (g_get_monotonic_time () >= deadline)
        break;

      g_usleep (START_POLL_US);
    }

  tether_test_syncthing_kill (self);
  g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_TIMEOUT,
               "syncthing %s did not answer on %s within %d s (%s); see %s",
               self->name, self->url, (int) (START_TIMEOUT_US / G_USEC_PER_SEC),
               last_error->message, self->log_path);
  return FALSE;
}

const char *
tether_test_syncthing_get_url (TetherTestSyncthing *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->url;
}

const char *
tether_test_syncthing_get_api_key (TetherTestSyncthing *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->api_key;
}

const char *
tether_test_syncthing_get_api_key_file (TetherTestSyncthing *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->api_key_file;
}

const char *
tether_test_syncthing_get_device_id (TetherTestSyncthing *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->device_id;
}

const char *
tether_test_syncthing_get_name (TetherTestSyncthing *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

const char *
tether_test_syncthing_get_home (TetherTestSyncthing *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->home;
}

const char *
tether_test_syncthing_get_sync_address (TetherTestSyncthing *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sync_address;
}

void
tether_test_syncthing_print_log (TetherTestSyncthing *self)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines, first;

  g_return_if_fail (self != NULL);

  if (!g_file_get_contents (self->log_path, &contents, NULL, &error))
    {
      note ("syncthing %s: no log: %s", self->name, error->message);
      return;
    }

  lines = g_strsplit (contents, "\n", -1);
  n_lines = g_strv_length (lines);
  first = n_lines > LOG_TAIL_LINES ? n_lines - LOG_TAIL_LINES : 0;

  note ("syncthing %s: last lines of %s:", self->name, self->log_path);
  for (guint i = first; i < n_lines; i++)
    {
      if (lines[i][0] != '\0')
        note ("  %s", lines[i]);
    }
}

char *
tether_test_syncthing_rest (TetherTestSyncthing  *self,
                            const char           *method,
                            const char           *path,
                            const char           *json_body,
                            GError              **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *uri = NULL;
  const char *data;
  gsize size;
  guint status;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = g_strconcat (self->url, path, NULL);
  message = soup_message_new (method, uri);
  if (message == NULL)
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_INVALID,
                   "Not a valid REST path: %s", path);
      return NULL;
    }

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "X-API-Key", self->api_key);
  if (json_body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  body = soup_session_send_and_read (self->session, message, NULL, error);
  if (body == NULL)
    {
      g_prefix_error (error, "%s %s: ", method, path);
      return NULL;
    }

  data = g_bytes_get_data (body, &size);
  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *text = g_strndup (data != NULL ? data : "", MIN (size, 200));

      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_HTTP,
                   "%s %s: HTTP %u %s: %s", method, path, status,
                   soup_message_get_reason_phrase (message), g_strstrip (text));
      return NULL;
    }

  return g_strndup (data != NULL ? data : "", size);
}

static gboolean
add_device (TetherTestSyncthing  *self,
            TetherTestSyncthing  *peer,
            const char           *address,
            GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *response = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "deviceID");
  json_builder_add_string_value (builder, peer->device_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, peer->name);
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, address);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  response = tether_test_syncthing_rest (self, "POST", "/rest/config/devices", json, error);
  if (response == NULL)
    {
      g_prefix_error (error, "Adding %s to %s: ", peer->name, self->name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_device_address (TetherTestSyncthing  *self,
                    TetherTestSyncthing  *peer,
                    GError              **error)
{
  g_autofree char *path = g_strdup_printf ("/rest/config/devices/%s", peer->device_id);
  g_autofree char *json = g_strdup_printf ("{\"addresses\":[\"%s\"]}", peer->sync_address);
  g_autofree char *response = NULL;

  response = tether_test_syncthing_rest (self, "PATCH", path, json, error);
  if (response == NULL)
    {
      g_prefix_error (error, "Setting the address of %s on %s: ", peer->name, self->name);
      return FALSE;
    }

  return TRUE;
}

gboolean
tether_test_syncthing_pair (TetherTestSyncthing  *a,
                            TetherTestSyncthing  *b,
                            GError              **error)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);
  g_return_val_if_fail (a != b, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* When both sides learn the other's address at once, both dial within a
   * millisecond; syncthing 1.19 handles new connections one at a time and
   * each side then waits for the Hello on its own dial: both stall until the
   * 20 s Hello timeout (in about one pairing out of three here). So only a
   * dials: b knows a without an address ("dynamic" finds nothing with
   * discovery off) until they are connected. */
  if (!add_device (b, a, "dynamic", error) ||
      !add_device (a, b, b->sync_address, error))
    return FALSE;

  if (!tether_test_syncthing_wait_connected (b, a, TRUE, PAIR_TIMEOUT_S) ||
      !tether_test_syncthing_wait_connected (a, b, TRUE, PAIR_TIMEOUT_S))
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_TIMEOUT,
                   "%s and %s did not connect within %d s; see %s and %s",
                   a->name, b->name, PAIR_TIMEOUT_S, a->log_path, b->log_path);
      return FALSE;
    }

  /* Connected, b does not dial; it needs the address to redial a later. */
  return set_device_address (b, a, error);
}

/* json_object_get_object_member() is critical about a missing member. */
static JsonObject *
get_object_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Whether /rest/system/connections says peer is connected; FALSE with an
 * error when it cannot tell. */
static gboolean
get_connected (TetherTestSyncthing  *self,
               TetherTestSyncthing  *peer,
               gboolean             *connected,
               GError              **error)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonObject *connections;
  JsonObject *entry;

  body = tether_test_syncthing_rest (self, "GET", "/rest/system/connections", NULL, error);
  if (body == NULL)
    return FALSE;

  root = parse_object (body, "/rest/system/connections", error);
  if (root == NULL)
    return FALSE;

  connections = get_object_member (root, "connections");
  if (connections == NULL)
    {
      g_set_error (error, TETHER_TEST_SYNCTHING_ERROR, TETHER_TEST_SYNCTHING_ERROR_INVALID,
                   "/rest/system/connections: no “connections” object");
      return FALSE;
    }

  entry = get_object_member (connections, peer->device_id);

  /* A device that is not in the config has no entry: not connected. */
  *connected = entry != NULL &&
               json_object_get_boolean_member_with_default (entry, "connected", FALSE);

  return TRUE;
}

gboolean
tether_test_syncthing_wait_connected (TetherTestSyncthing *self,
                                      TetherTestSyncthing *peer,
                                      gboolean             connected,
                                      guint                timeout_s)
{
  gint64 deadline;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (peer != NULL, FALSE);
  g_return_val_if_fail (self != peer, FALSE);

  deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  connected = !!connected;

  while (tether_test_syncthing_is_running (self))
    {
      gboolean now_connected = FALSE;

      /* A transient failure is not an answer: try again until the deadline. */
      if (get_connected (self, peer, &now_connected, NULL) && now_connected == connected)
        return TRUE;

      if (g_get_monotonic_time () >= deadline)
        break;

      g_usleep (CONNECTED_POLL_US);
    }

  return FALSE;
}
