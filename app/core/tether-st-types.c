/* tether-st-types.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "tether-json-scan.h"
#include "tether-st-types.h"

/* Syncthing nests its responses a few levels deep (a ConfigSaved event's
 * whole configuration is the deepest, well under 16). */
#define MAX_DEPTH 64

/* Anything before 1971 is Syncthing's way of saying "never": Go's zero time
 * (year 1) or the Unix epoch. */
#define NEVER_BEFORE_UNIX (365 * 24 * 60 * 60)

G_DEFINE_QUARK (tether-st-error-quark, tether_st_error)

static const struct {
  TetherStEventType  type;
  const char        *name;
  const char        *device_member; /* where data names the device, or NULL */
} event_types[] = {
  { TETHER_ST_EVENT_OTHER,               "Other",              NULL },
  { TETHER_ST_EVENT_DEVICE_CONNECTED,    "DeviceConnected",    "id" },
  { TETHER_ST_EVENT_DEVICE_DISCONNECTED, "DeviceDisconnected", "id" },
  { TETHER_ST_EVENT_DEVICE_DISCOVERED,   "DeviceDiscovered",   "device" },
  { TETHER_ST_EVENT_DEVICE_PAUSED,       "DevicePaused",       "device" },
  { TETHER_ST_EVENT_DEVICE_RESUMED,      "DeviceResumed",      "device" },
  { TETHER_ST_EVENT_CONFIG_SAVED,        "ConfigSaved",        NULL },
};

/* Freeing */

void
tether_st_version_free (TetherStVersion *self)
{
  if (self == NULL)
    return;
  g_free (self->version);
  g_free (self);
}

void
tether_st_dial_status_free (TetherStDialStatus *self)
{
  if (self == NULL)
    return;
  g_free (self->address);
  g_free (self->error);
  g_free (self);
}

void
tether_st_status_free (TetherStStatus *self)
{
  if (self == NULL)
    return;
  g_free (self->my_id);
  g_clear_pointer (&self->dial_status, g_ptr_array_unref);
  g_free (self);
}

void
tether_st_device_free (TetherStDevice *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_free (self->name);
  g_strfreev (self->addresses);
  g_free (self);
}

void
tether_st_connection_free (TetherStConnection *self)
{
  if (self == NULL)
    return;
  g_free (self->address);
  g_free (self->type);
  g_free (self->crypto);
  g_free (self->client_version);
  g_free (self);
}

TetherStConnection *
tether_st_connection_copy (const TetherStConnection *self)
{
  TetherStConnection *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->address = g_strdup (self->address);
  copy->type = g_strdup (self->type);
  copy->crypto = g_strdup (self->crypto);
  copy->client_version = g_strdup (self->client_version);
  return copy;
}

void
tether_st_device_connections_free (TetherStDeviceConnections *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_free (self);
}

void
tether_st_device_stats_free (TetherStDeviceStats *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_free (self);
}

void
tether_st_event_free (TetherStEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_free (self->device_name);
  g_free (self->address);
  g_free (self->conn_type);
  g_free (self->client_version);
  g_free (self->error);
  g_strfreev (self->addrs);
  g_free (self);
}

/* Strings */

/* Reads decimal digits into *out; FALSE when there are none or they
 * overflow a guint. */
static gboolean
parse_uint (const char **p,
            guint       *out)
{
  guint64 value = 0;
  const char *s = *p;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  for (; g_ascii_isdigit (*s); s++)
    {
      value = value * 10 + (guint64) (*s - '0');
      if (value > G_MAXUINT)
        return FALSE;
    }
  *p = s;
  *out = (guint) value;
  return TRUE;
}

gboolean
tether_st_parse_version_string (const char *version,
                                guint      *major,
                                guint      *minor,
                                guint      *patch)
{
  const char *p = version;
  guint v_major, v_minor, v_patch = 0;

  if (version == NULL || *p++ != 'v' ||
      !parse_uint (&p, &v_major) || *p++ != '.' || !parse_uint (&p, &v_minor))
    return FALSE;
  /* The patch level is optional (0 when absent); whatever follows it
   * ("-ds1", "-rc.1") is a packaging or pre-release suffix. */
  if (*p++ == '.')
    parse_uint (&p, &v_patch);

  if (major != NULL)
    *major = v_major;
  if (minor != NULL)
    *minor = v_minor;
  if (patch != NULL)
    *patch = v_patch;
  return TRUE;
}

gint64
tether_st_parse_time (const char *rfc3339)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 seconds;

  if (rfc3339 == NULL)
    return 0;
  /* With no default time zone, a time without an offset is refused, as
   * RFC 3339 requires. GLib reads any number of fraction digits. */
  dt = g_date_time_new_from_iso8601 (rfc3339, NULL);
  if (dt == NULL)
    return 0;
  seconds = g_date_time_to_unix (dt);
  if (seconds < NEVER_BEFORE_UNIX)
    return 0;
  return seconds * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

const char *
tether_st_event_type_to_string (TetherStEventType type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (event_types); i++)
    if (event_types[i].type == type)
      return event_types[i].name;
  g_return_val_if_reached ("Other");
}

/* Reading fields. Each helper checks presence and type and names the field
 * in its error, so a skipped record can be explained. */

typedef enum {
  FIELD_REQUIRED      = 0,
  FIELD_OPTIONAL      = 1 << 0, /* absent or null reads as NULL/0/FALSE */
  FIELD_NULL_IF_EMPTY = 1 << 1, /* "" reads as NULL */
  FIELD_NOT_EMPTY     = 1 << 2, /* a name or ID that must be there */
} FieldFlags;

static gboolean
field_error (GError     **error,
             const char  *name,
             const char  *problem)
{
  g_set_error (error, TETHER_ST_ERROR, TETHER_ST_ERROR_SHAPE, "“%s” %s", name, problem);
  return FALSE;
}

/* Finds @name with JSON type @type (G_TYPE_STRING, JSON_TYPE_OBJECT…).
 * *out is NULL when an optional member is absent or null. */
static gboolean
lookup (JsonObject  *obj,
        const char  *name,
        FieldFlags   flags,
        GType        type,
        const char  *wrong_type,
        JsonNode   **out,
        GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return (flags & FIELD_OPTIONAL) || field_error (error, name, "is missing");
  if (json_node_get_value_type (node) != type)
    return field_error (error, name, wrong_type);
  *out = node;
  return TRUE;
}

static gboolean
check_not_empty (const char  *value,
                 const char  *name,
                 GError     **error)
{
  if (value == NULL || *value == '\0')
    return field_error (error, name, "is empty");
  return TRUE;
}

static gboolean
get_string (JsonObject  *obj,
            const char  *name,
            FieldFlags   flags,
            char       **out,
            GError     **error)
{
  JsonNode *node;
  const char *value;

  *out = NULL;
  if (!lookup (obj, name, flags, G_TYPE_STRING, "is not a string", &node, error))
    return FALSE;
  value = node != NULL ? json_node_get_string (node) : NULL;
  if ((flags & FIELD_NOT_EMPTY) && !check_not_empty (value, name, error))
    return FALSE;
  if (value != NULL && !((flags & FIELD_NULL_IF_EMPTY) && *value == '\0'))
    *out = g_strdup (value);
  return TRUE;
}

static gboolean
get_bool (JsonObject  *obj,
          const char  *name,
          FieldFlags   flags,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node;

  if (!lookup (obj, name, flags, G_TYPE_BOOLEAN, "is not true or false", &node, error))
    return FALSE;
  *out = node != NULL && json_node_get_boolean (node);
  return TRUE;
}

/* JSON integers only: Syncthing sends its counters and IDs as Go integers,
 * so a fraction means the response is not what it seems. */
static gboolean
get_int (JsonObject  *obj,
         const char  *name,
         FieldFlags   flags,
         gint64      *out,
         GError     **error)
{
  JsonNode *node;

  if (!lookup (obj, name, flags, G_TYPE_INT64, "is not an integer", &node, error))
    return FALSE;
  *out = node != NULL ? json_node_get_int (node) : 0;
  return TRUE;
}

static gboolean
get_counter (JsonObject  *obj,
             const char  *name,
             guint64     *out,
             GError     **error)
{
  gint64 value;

  if (!get_int (obj, name, FIELD_REQUIRED, &value, error))
    return FALSE;
  if (value < 0)
    return field_error (error, name, "is negative");
  *out = (guint64) value;
  return TRUE;
}

static gboolean
get_time (JsonObject  *obj,
          const char  *name,
          FieldFlags   flags,
          gint64      *out_us,
          GError     **error)
{
  g_autofree char *text = NULL;

  if (!get_string (obj, name, flags, &text, error))
    return FALSE;
  *out_us = tether_st_parse_time (text);
  return TRUE;
}

/* An object or array member, as a node. */
static gboolean
get_node (JsonObject    *obj,
          const char    *name,
          FieldFlags     flags,
          JsonNodeType   type,
          JsonNode     **out,
          GError       **error)
{
  if (type == JSON_NODE_OBJECT)
    return lookup (obj, name, flags, JSON_TYPE_OBJECT, "is not an object", out, error);
  return lookup (obj, name, flags, JSON_TYPE_ARRAY, "is not an array", out, error);
}

static gboolean
get_strv (JsonObject  *obj,
          const char  *name,
          char      ***out,
          GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node;
  JsonArray *array;

  if (!get_node (obj, name, FIELD_REQUIRED, JSON_NODE_ARRAY, &node, error))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        return field_error (error, name, "holds something other than a string");
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static JsonObject *
record_object (JsonNode  *node,
               GError   **error)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, TETHER_ST_ERROR, TETHER_ST_ERROR_SHAPE,
                           "The record is not an object");
      return NULL;
    }
  return json_node_get_object (node);
}

/* Whole responses */

/* Before json-glib runs (tether-json-scan.h): the response is one object
 * or array (@open says which), not too deep, with nothing after it. */
static gboolean
check_structure (const char  *data,
                 gsize        len,
                 char         open,
                 GError     **error)
{
  gsize i = 0;

  while (i < len && tether_json_is_blank (data[i]))
    i++;
  if (i == len)
    {
      g_set_error_literal (error, TETHER_ST_ERROR, TETHER_ST_ERROR_SYNTAX, "The response is empty");
      return FALSE;
    }
  if (data[i] != open)
    {
      /* Another JSON value is the wrong shape; anything else is not JSON. */
      gboolean json = data[i] != '\0' && strchr ("{[\"-0123456789tfn", data[i]) != NULL;

      g_set_error (error, TETHER_ST_ERROR, json ? TETHER_ST_ERROR_SHAPE : TETHER_ST_ERROR_SYNTAX,
                   "The response is not a JSON %s", open == '{' ? "object" : "array");
      return FALSE;
    }

  switch (tether_json_scan (data + i, len - i, MAX_DEPTH))
    {
    case TETHER_JSON_SCAN_TRAILING_DATA:
      g_set_error_literal (error, TETHER_ST_ERROR, TETHER_ST_ERROR_SYNTAX,
                           "The response has data after its end");
      return FALSE;
    case TETHER_JSON_SCAN_NOT_STRICT:
      g_set_error_literal (error, TETHER_ST_ERROR, TETHER_ST_ERROR_SYNTAX,
                           "The response has a comment or a single quote, which JSON does not");
      return FALSE;
    case TETHER_JSON_SCAN_TOO_DEEP:
      g_set_error (error, TETHER_ST_ERROR, TETHER_ST_ERROR_SHAPE,
                   "The response is nested deeper than %u levels", MAX_DEPTH);
      return FALSE;
    case TETHER_JSON_SCAN_OK:
    default:
      return TRUE;
    }
}

static JsonNode *
parse_root (const char    *data,
            gsize          len,
            JsonNodeType   expected,
            GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (len > TETHER_ST_MAX_RESPONSE)
    {
      g_set_error (error, TETHER_ST_ERROR, TETHER_ST_ERROR_TOO_LARGE,
                   "The response is %" G_GSIZE_FORMAT " bytes, more than the %u Tether accepts",
                   len, (guint) TETHER_ST_MAX_RESPONSE);
      return NULL;
    }
  if (!check_structure (data, len, expected == JSON_NODE_OBJECT ? '{' : '[', error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, TETHER_ST_ERROR, TETHER_ST_ERROR_SYNTAX,
                   "The response is not valid JSON: %s", local_error->message);
      return NULL;
    }
  /* check_structure() saw it start with the right bracket. */
  root = json_parser_steal_root (parser);
  g_assert (root != NULL && JSON_NODE_TYPE (root) == expected);
  return root;
}

typedef gpointer (*RecordParser) (const char  *key,
                                  JsonNode    *node,
                                  gpointer     user_data,
                                  GError     **error);

/* Parses each element of an array, or each member of an object keyed by
 * device ID or address, in the order sent. A bad record is dropped and
 * counted, so one odd device does not hide the others. */
static GPtrArray *
parse_records (JsonNode       *container,
               RecordParser    parse,
               GDestroyNotify  free_func,
               gpointer        user_data,
               guint          *n_skipped)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (free_func);
  g_autoptr(GList) keys = NULL;
  g_autoptr(GList) nodes = NULL;

  if (JSON_NODE_HOLDS_OBJECT (container))
    {
      keys = json_object_get_members (json_node_get_object (container));
      nodes = json_object_get_values (json_node_get_object (container));
    }
  else
    nodes = json_array_get_elements (json_node_get_array (container));

  for (GList *n = nodes, *k = keys; n != NULL; n = n->next, k = k != NULL ? k->next : NULL)
    {
      g_autoptr(GError) error = NULL;
      gpointer record = parse (k != NULL ? k->data : NULL, n->data, user_data, &error);

      if (record != NULL)
        {
          g_ptr_array_add (records, record);
          continue;
        }
      g_debug ("Skipping a Syncthing record: %s", error->message);
      if (n_skipped != NULL)
        (*n_skipped)++;
    }
  return records;
}

/* GET /rest/system/version */

TetherStVersion *
tether_st_parse_version (const char  *data,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TetherStVersion) version = g_new0 (TetherStVersion, 1);

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(root = parse_root (data, len, JSON_NODE_OBJECT, error)))
    return NULL;
  if (!get_string (json_node_get_object (root), "version", FIELD_REQUIRED,
                   &version->version, error))
    return NULL;
  tether_st_parse_version_string (version->version,
                                  &version->major, &version->minor, &version->patch);
  return g_steal_pointer (&version);
}

/* GET /rest/system/status */

static gpointer
parse_dial_status (const char  *address,
                   JsonNode    *node,
                   gpointer     user_data,
                   GError     **error)
{
  g_autoptr(TetherStDialStatus) status = g_new0 (TetherStDialStatus, 1);
  JsonObject *obj;

  if (!check_not_empty (address, "address", error) || !(obj = record_object (node, error)))
    return NULL;
  status->address = g_strdup (address);
  /* Success is "error": null (1.x, 2.x) or no "error" at all. */
  if (!get_string (obj, "error", FIELD_OPTIONAL, &status->error, error) ||
      !get_time (obj, "when", FIELD_OPTIONAL, &status->when_us, error))
    return NULL;
  status->ok = status->error == NULL;
  return g_steal_pointer (&status);
}

TetherStStatus *
tether_st_parse_status (const char  *data,
                        gsize        len,
                        GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TetherStStatus) status = g_new0 (TetherStStatus, 1);
  JsonObject *obj;
  JsonNode *dials;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(root = parse_root (data, len, JSON_NODE_OBJECT, error)))
    return NULL;
  obj = json_node_get_object (root);
  if (!get_string (obj, "myID", FIELD_NOT_EMPTY, &status->my_id, error) ||
      !get_time (obj, "startTime", FIELD_OPTIONAL, &status->start_time_us, error) ||
      !get_node (obj, "lastDialStatus", FIELD_OPTIONAL, JSON_NODE_OBJECT, &dials, error))
    return NULL;

  /* Entries that fail are left out, as the header says. */
  if (dials != NULL)
    status->dial_status = parse_records (dials, parse_dial_status,
                                         (GDestroyNotify) tether_st_dial_status_free, NULL, NULL);
  else
    status->dial_status = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_st_dial_status_free);
  return g_steal_pointer (&status);
}

/* GET /rest/config/devices */

static gpointer
parse_device (const char  *unused,
              JsonNode    *node,
              gpointer     user_data,
              GError     **error)
{
  g_autoptr(TetherStDevice) device = g_new0 (TetherStDevice, 1);
  JsonObject *obj;
  gint64 num_connections;

  if (!(obj = record_object (node, error)))
    return NULL;
  if (!get_string (obj, "deviceID", FIELD_NOT_EMPTY, &device->device_id, error) ||
      !get_string (obj, "name", FIELD_REQUIRED, &device->name, error) ||
      !get_strv (obj, "addresses", &device->addresses, error) ||
      !get_bool (obj, "paused", FIELD_REQUIRED, &device->paused, error) ||
      !get_int (obj, "numConnections", FIELD_OPTIONAL, &num_connections, error))
    return NULL;

  /* Syncthing itself reads a negative count as one connection. */
  if (num_connections < 0)
    num_connections = 1;
  if (num_connections > G_MAXUINT)
    {
      field_error (error, "numConnections", "is out of range");
      return NULL;
    }
  device->num_connections = (guint) num_connections;
  return g_steal_pointer (&device);
}

GPtrArray *
tether_st_parse_devices (const char  *data,
                         gsize        len,
                         guint       *n_skipped,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(root = parse_root (data, len, JSON_NODE_ARRAY, error)))
    return NULL;
  return parse_records (root, parse_device, (GDestroyNotify) tether_st_device_free,
                        NULL, n_skipped);
}

/* GET /rest/config/devices/ID */

TetherStDevice *
tether_st_parse_device (const char  *data,
                        gsize        len,
                        GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(root = parse_root (data, len, JSON_NODE_OBJECT, error)))
    return NULL;
  return parse_device (NULL, root, NULL, error);
}

/* GET /rest/system/connections */

static gboolean
add_connection (GPtrArray   *connections,
                JsonObject  *obj,
                const char  *client_version,
                GError     **error)
{
  g_autoptr(TetherStConnection) conn = g_new0 (TetherStConnection, 1);

  if (!get_string (obj, "address", FIELD_REQUIRED, &conn->address, error) ||
      !get_string (obj, "type", FIELD_REQUIRED, &conn->type, error) ||
      !get_string (obj, "crypto", FIELD_OPTIONAL | FIELD_NULL_IF_EMPTY, &conn->crypto, error) ||
      !get_bool (obj, "isLocal", FIELD_OPTIONAL, &conn->is_local, error) ||
      !get_time (obj, "startedAt", FIELD_OPTIONAL, &conn->started_at_us, error) ||
      !get_counter (obj, "inBytesTotal", &conn->in_bytes, error) ||
      !get_counter (obj, "outBytesTotal", &conn->out_bytes, error))
    return FALSE;
  conn->client_version = g_strdup (client_version);
  g_ptr_array_add (connections, g_steal_pointer (&conn));
  return TRUE;
}

static gpointer
parse_device_connections (const char  *device_id,
                          JsonNode    *node,
                          gpointer     user_data,
                          GError     **error)
{
  g_autoptr(TetherStDeviceConnections) device = g_new0 (TetherStDeviceConnections, 1);
  g_autofree char *client_version = NULL;
  JsonObject *obj;
  JsonNode *primary;
  JsonNode *secondary;

  if (!check_not_empty (device_id, "device ID", error) || !(obj = record_object (node, error)))
    return NULL;
  device->device_id = g_strdup (device_id);
  device->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) tether_st_connection_free);
  if (!get_bool (obj, "connected", FIELD_REQUIRED, &device->connected, error) ||
      !get_bool (obj, "paused", FIELD_REQUIRED, &device->paused, error))
    return NULL;
  /* A device that is not connected still carries empty connection fields
   * (and, from 1.25, an empty "primary"); they describe nothing. */
  if (!device->connected)
    return g_steal_pointer (&device);

  /* The peer's version is per device, not per connection. */
  if (!get_string (obj, "clientVersion", FIELD_OPTIONAL | FIELD_NULL_IF_EMPTY,
                   &client_version, error) ||
      !get_node (obj, "primary", FIELD_OPTIONAL, JSON_NODE_OBJECT, &primary, error) ||
      !get_node (obj, "secondary", FIELD_OPTIONAL, JSON_NODE_ARRAY, &secondary, error))
    return NULL;

  /* Before 1.25 the one connection's fields are inline; from 1.25 they are
   * mirrored inline but summed over all connections, so use "primary". */
  if (!add_connection (device->connections,
                       primary != NULL ? json_node_get_object (primary) : obj,
                       client_version, error))
    return NULL;
  for (guint i = 0; secondary != NULL && i < json_array_get_length (json_node_get_array (secondary)); i++)
    {
      JsonObject *conn = record_object (json_array_get_element (json_node_get_array (secondary), i),
                                        error);

      if (conn == NULL || !add_connection (device->connections, conn, client_version, error))
        return NULL;
    }
  return g_steal_pointer (&device);
}

GPtrArray *
tether_st_parse_connections (const char  *data,
                             gsize        len,
                             guint       *n_skipped,
                             GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *connections;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(root = parse_root (data, len, JSON_NODE_OBJECT, error)) ||
      !get_node (json_node_get_object (root), "connections", FIELD_REQUIRED,
                 JSON_NODE_OBJECT, &connections, error))
    return NULL;
  return parse_records (connections, parse_device_connections,
                        (GDestroyNotify) tether_st_device_connections_free, NULL, n_skipped);
}

/* GET /rest/stats/device */

static gpointer
parse_device_stats (const char  *device_id,
                    JsonNode    *node,
                    gpointer     user_data,
                    GError     **error)
{
  g_autoptr(TetherStDeviceStats) stats = g_new0 (TetherStDeviceStats, 1);
  JsonObject *obj;

  if (!check_not_empty (device_id, "device ID", error) || !(obj = record_object (node, error)))
    return NULL;
  stats->device_id = g_strdup (device_id);
  if (!get_time (obj, "lastSeen", FIELD_REQUIRED, &stats->last_seen_us, error))
    return NULL;
  return g_steal_pointer (&stats);
}

GPtrArray *
tether_st_parse_device_stats (const char  *data,
                              gsize        len,
                              guint       *n_skipped,
                              GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(root = parse_root (data, len, JSON_NODE_OBJECT, error)))
    return NULL;
  return parse_records (root, parse_device_stats,
                        (GDestroyNotify) tether_st_device_stats_free, NULL, n_skipped);
}

/* GET /rest/events */

typedef struct {
  gboolean seen;
  gint64   max;
} IdRange;

static gpointer
parse_event (const char  *unused,
             JsonNode    *node,
             gpointer     user_data,
             GError     **error)
{
  IdRange *ids = user_data;
  g_autoptr(TetherStEvent) event = g_new0 (TetherStEvent, 1);
  g_autofree char *type = NULL;
  const char *device_member = NULL;
  JsonObject *obj;
  JsonNode *data_node;
  JsonObject *data;

  if (!(obj = record_object (node, error)) ||
      !get_int (obj, "id", FIELD_REQUIRED, &event->id, error))
    return NULL;
  /* Counted before anything else can fail: ?since= must move past a
   * malformed event too, or it would be fetched forever. */
  ids->max = ids->seen ? MAX (ids->max, event->id) : event->id;
  ids->seen = TRUE;

  if (!get_string (obj, "type", FIELD_REQUIRED, &type, error) ||
      !get_time (obj, "time", FIELD_REQUIRED, &event->time_us, error))
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (event_types); i++)
    if (g_str_equal (event_types[i].name, type))
      {
        event->type = event_types[i].type;
        device_member = event_types[i].device_member;
      }
  if (device_member == NULL)
    return g_steal_pointer (&event);

  if (!get_node (obj, "data", FIELD_REQUIRED, JSON_NODE_OBJECT, &data_node, error))
    return NULL;
  data = json_node_get_object (data_node);
  if (!get_string (data, device_member, FIELD_NOT_EMPTY, &event->device_id, error))
    return NULL;
  switch (event->type)
    {
    case TETHER_ST_EVENT_DEVICE_CONNECTED:
      /* "addr" is left out when Syncthing has no remote address. */
      if (!get_string (data, "deviceName", FIELD_OPTIONAL, &event->device_name, error) ||
          !get_string (data, "addr", FIELD_OPTIONAL, &event->address, error) ||
          !get_string (data, "type", FIELD_OPTIONAL, &event->conn_type, error) ||
          !get_string (data, "clientVersion", FIELD_OPTIONAL, &event->client_version, error))
        return NULL;
      break;
    case TETHER_ST_EVENT_DEVICE_DISCONNECTED:
      if (!get_string (data, "error", FIELD_OPTIONAL, &event->error, error))
        return NULL;
      break;
    case TETHER_ST_EVENT_DEVICE_DISCOVERED:
      if (!get_strv (data, "addrs", &event->addrs, error))
        return NULL;
      break;
    default:
      break;
    }
  return g_steal_pointer (&event);
}

GPtrArray *
tether_st_parse_events (const char  *data,
                        gsize        len,
                        gint64      *last_id,
                        guint       *n_skipped,
                        GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  IdRange ids = { FALSE, 0 };
  GPtrArray *events;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(root = parse_root (data, len, JSON_NODE_ARRAY, error)))
    return NULL;
  events = parse_records (root, parse_event, (GDestroyNotify) tether_st_event_free,
                          &ids, n_skipped);
  if (ids.seen && last_id != NULL)
    *last_id = ids.max;
  return events;
}
