/* test-error.c: unit tests for the CRM_ERROR table and field-carrying errors */
#include <string.h>

#include <gio/gio.h>

#include "crm-error.h"

#define N_CODES CRM_ERROR_N_CODES

static void
test_table_distinct (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint code = 0; code < N_CODES; code++)
    {
      const char *api_code = crm_error_code_to_api_code (code);
      guint status = crm_error_code_to_http_status (code);

      g_test_message ("code %u → %s, %u", code, api_code, status);
      g_assert_nonnull (api_code);
      g_assert_cmpuint (strlen (api_code), >, 0);
      g_assert_false (g_hash_table_contains (seen, api_code));
      g_hash_table_add (seen, (gpointer) api_code);

      g_assert_cmpuint (status, >=, 400);
      g_assert_cmpuint (status, <=, 599);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_CODES);
}

static void
test_table_inverse (void)
{
  for (guint code = 0; code < N_CODES; code++)
    {
      CrmErrorCode back = (CrmErrorCode) -1;

      g_assert_true (crm_error_code_from_api_code (crm_error_code_to_api_code (code), &back));
      g_assert_cmpint (back, ==, code);
    }
}

static void
test_table_unknown (void)
{
  const char *unknown[] = { "", "nope", "Validation", "not found", "422", NULL };
  CrmErrorCode out = CRM_ERROR_LOCKED;

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_false (crm_error_code_from_api_code (unknown[i], &out));
      /* a failed lookup leaves the output alone */
      g_assert_cmpint (out, ==, CRM_ERROR_LOCKED);
    }

  /* codes outside the table count as internal */
  g_assert_cmpstr (crm_error_code_to_api_code (N_CODES), ==, "internal");
  g_assert_cmpuint (crm_error_code_to_http_status (N_CODES), ==, 500);
  g_assert_cmpstr (crm_error_code_to_api_code ((CrmErrorCode) -1), ==, "internal");
  g_assert_cmpuint (crm_error_code_to_http_status ((CrmErrorCode) -1), ==, 500);
}

static const struct
{
  CrmErrorCode code;
  const char  *api_code;
  guint        status;
} known_cases[] = {
  { CRM_ERROR_BAD_REQUEST,            "bad_request",            400 },
  { CRM_ERROR_UNAUTHORIZED,           "unauthorized",           401 },
  { CRM_ERROR_FORBIDDEN,              "forbidden",              403 },
  { CRM_ERROR_NOT_FOUND,              "not_found",              404 },
  { CRM_ERROR_METHOD_NOT_ALLOWED,     "method_not_allowed",     405 },
  { CRM_ERROR_CONFLICT,               "conflict",               409 },
  { CRM_ERROR_DUPLICATE,              "duplicate",              409 },
  { CRM_ERROR_TOO_LARGE,              "too_large",              413 },
  { CRM_ERROR_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", 415 },
  { CRM_ERROR_VALIDATION,             "validation",             422 },
  { CRM_ERROR_OUT_OF_RANGE,           "out_of_range",           422 },
  { CRM_ERROR_LOCKED,                 "locked",                 423 },
  { CRM_ERROR_TOO_MANY_REQUESTS,      "too_many_requests",      429 },
  { CRM_ERROR_INTERNAL,               "internal",               500 },
  { CRM_ERROR_UNAVAILABLE,            "unavailable",            503 },
  { CRM_ERROR_URI_TOO_LONG,           "uri_too_long",           414 },
  { CRM_ERROR_HEADERS_TOO_LARGE,      "headers_too_large",      431 },
  { CRM_ERROR_INSUFFICIENT_STORAGE,   "insufficient_storage",   507 },
};

static void
test_table_known (void)
{
  /* the API's codes and statuses are a contract with clients */
  g_assert_cmpuint (G_N_ELEMENTS (known_cases), ==, N_CODES);

  for (guint i = 0; i < G_N_ELEMENTS (known_cases); i++)
    {
      g_test_message ("%s", known_cases[i].api_code);
      g_assert_cmpstr (crm_error_code_to_api_code (known_cases[i].code), ==, known_cases[i].api_code);
      g_assert_cmpuint (crm_error_code_to_http_status (known_cases[i].code), ==, known_cases[i].status);
    }
}

static void
test_field_set_get (void)
{
  g_autoptr(GError) error = NULL;

  crm_error_set_field_error (&error, CRM_ERROR_VALIDATION, "owner_id",
                             "%s must be a record id", "Owner");
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Owner must be a record id");
  g_assert_cmpstr (crm_error_get_field (error), ==, "owner_id");
}

static void
test_field_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  const char *field;

  crm_error_set_field_error (&error, CRM_ERROR_DUPLICATE, "code", "Code is taken");
  copy = g_error_copy (error);
  field = crm_error_get_field (copy);

  g_assert_error (copy, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_assert_cmpstr (copy->message, ==, "Code is taken");
  g_assert_cmpstr (field, ==, "code");
  /* the copy owns its own string */
  g_assert_true (field != crm_error_get_field (error));

  g_clear_error (&error);
  g_assert_cmpstr (crm_error_get_field (copy), ==, "code");
}

static void
test_field_propagate (void)
{
  g_autoptr(GError) error = NULL;
  GError *local = NULL;

  crm_error_set_field_error (&local, CRM_ERROR_VALIDATION, "email", "Bad email");
  g_propagate_prefixed_error (&error, local, "While saving: ");
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "While saving: Bad email");
  g_assert_cmpstr (crm_error_get_field (error), ==, "email");
}

static void
test_field_absent (void)
{
  g_autoptr(GError) plain = g_error_new (CRM_ERROR, CRM_ERROR_NOT_FOUND, "No such account");
  g_autoptr(GError) literal = g_error_new_literal (CRM_ERROR, CRM_ERROR_CONFLICT, "Changed");
  g_autoptr(GError) foreign = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Disk");
  g_autoptr(GError) no_field = NULL;
  g_autoptr(GError) plain_copy = NULL;

  g_assert_null (crm_error_get_field (plain));
  g_assert_null (crm_error_get_field (literal));
  g_assert_null (crm_error_get_field (foreign));
  g_assert_null (crm_error_get_field (NULL));

  plain_copy = g_error_copy (plain);
  g_assert_null (crm_error_get_field (plain_copy));

  crm_error_set_field_error (&no_field, CRM_ERROR_BAD_REQUEST, NULL, "Bad");
  g_assert_error (no_field, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
  g_assert_null (crm_error_get_field (no_field));
}

static void
test_field_ignored (void)
{
  /* a NULL return location means the caller does not want the error */
  crm_error_set_field_error (NULL, CRM_ERROR_VALIDATION, "name", "%s", "ignored");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/table/distinct", test_table_distinct);
  g_test_add_func ("/error/table/inverse", test_table_inverse);
  g_test_add_func ("/error/table/unknown", test_table_unknown);
  g_test_add_func ("/error/table/known", test_table_known);
  g_test_add_func ("/error/field/set-get", test_field_set_get);
  g_test_add_func ("/error/field/copy", test_field_copy);
  g_test_add_func ("/error/field/propagate", test_field_propagate);
  g_test_add_func ("/error/field/absent", test_field_absent);
  g_test_add_func ("/error/field/ignored", test_field_ignored);

  return g_test_run ();
}
