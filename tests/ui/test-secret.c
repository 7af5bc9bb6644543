/* test-secret.c
 *
 * Copyright 2026 The Tether authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keyring schema for API keys. Storing and reading need a Secret
 * Service, which tests do not have; what is checked is what other tools
 * (seahorse, secret-tool) see.
 */

#include "config.h"

#include "tether-secret.h"

static void
test_schema (void)
{
  const SecretSchema *schema = tether_secret_get_schema ();

  g_assert_cmpstr (schema->name, ==, "io.github.tetherapp.Tether.ApiKey");
  g_assert_cmpint (schema->flags, ==, SECRET_SCHEMA_NONE);
  g_assert_cmpstr (schema->attributes[0].name, ==, "url");
  g_assert_cmpint (schema->attributes[0].type, ==, SECRET_SCHEMA_ATTRIBUTE_STRING);
  g_assert_null (schema->attributes[1].name);
  /* One schema for the process. */
  g_assert_true (tether_secret_get_schema () == schema);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tether/secret/schema", test_schema);

  return g_test_run ();
}
