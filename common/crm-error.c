/* crm-error.c: the CRM_ERROR domain, one table mapping codes to API codes and HTTP statuses */
#include "crm-error.h"

#include <stdarg.h>

typedef struct
{
  char *field;
} CrmErrorPrivate;

static void
crm_error_private_init (CrmErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
crm_error_private_copy (const CrmErrorPrivate *src,
                        CrmErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
crm_error_private_clear (CrmErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (CrmError, crm_error)

static const struct
{
  CrmErrorCode code;
  const char  *api_code;
  guint        http_status;
} error_table[] = {
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

G_STATIC_ASSERT (G_N_ELEMENTS (error_table) == CRM_ERROR_N_CODES);

const char *
crm_error_code_to_api_code (CrmErrorCode code)
{
  if ((guint) code < G_N_ELEMENTS (error_table))
    return error_table[code].api_code;
  return "internal";
}

guint
crm_error_code_to_http_status (CrmErrorCode code)
{
  if ((guint) code < G_N_ELEMENTS (error_table))
    return error_table[code].http_status;
  return 500;
}

gboolean
crm_error_code_from_api_code (const char   *api_code,
                              CrmErrorCode *out_code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    {
      if (g_strcmp0 (error_table[i].api_code, api_code) == 0)
        {
          *out_code = error_table[i].code;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * crm_error_get_field:
 * @error: a #GError
 *
 * Returns: (nullable): the JSON key of the field the error is about, if any
 */
const char *
crm_error_get_field (const GError *error)
{
  CrmErrorPrivate *priv;

  if (error == NULL || error->domain != CRM_ERROR)
    return NULL;
  priv = crm_error_get_private (error);
  return priv ? priv->field : NULL;
}

void
crm_error_set_field_error (GError      **error,
                           CrmErrorCode  code,
                           const char   *field,
                           const char   *format,
                           ...)
{
  g_autofree char *message = NULL;
  CrmErrorPrivate *priv;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (CRM_ERROR, code, message);
  priv = crm_error_get_private (new_error);
  priv->field = g_strdup (field);
  g_propagate_error (error, new_error);
}

/**
 * crm_error_set_nested_field_error:
 * @error: return location for the error about the outer field
 * @field: the field whose content is at fault, e.g. "content"
 * @problem: what is wrong inside it, perhaps naming an inner member
 *
 * An error about a field that holds a document of its own (a template, a
 * workflow definition): the field is named, and the inner member, if any,
 * joins the message.
 */
void
crm_error_set_nested_field_error (GError       **error,
                                  const char    *field,
                                  const GError  *problem)
{
  const char *member = crm_error_get_field (problem);

  if (member != NULL)
    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, "%s (%s)", problem->message, member);
  else
    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, "%s", problem->message);
}
