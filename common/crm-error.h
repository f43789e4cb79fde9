/* crm-error.h: the CRM_ERROR domain, one table mapping codes to API codes and HTTP statuses */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CRM_ERROR (crm_error_quark ())

typedef enum
{
  CRM_ERROR_BAD_REQUEST,
  CRM_ERROR_UNAUTHORIZED,
  CRM_ERROR_FORBIDDEN,
  CRM_ERROR_NOT_FOUND,
  CRM_ERROR_METHOD_NOT_ALLOWED,
  CRM_ERROR_CONFLICT,
  CRM_ERROR_DUPLICATE,
  CRM_ERROR_TOO_LARGE,
  CRM_ERROR_UNSUPPORTED_MEDIA_TYPE,
  CRM_ERROR_VALIDATION,
  CRM_ERROR_OUT_OF_RANGE,
  CRM_ERROR_LOCKED,
  CRM_ERROR_TOO_MANY_REQUESTS,
  CRM_ERROR_INTERNAL,
  CRM_ERROR_UNAVAILABLE,
  CRM_ERROR_URI_TOO_LONG,
  CRM_ERROR_HEADERS_TOO_LARGE,
  CRM_ERROR_INSUFFICIENT_STORAGE,
} CrmErrorCode;

#define CRM_ERROR_N_CODES (CRM_ERROR_INSUFFICIENT_STORAGE + 1)

GQuark       crm_error_quark               (void);
const char  *crm_error_code_to_api_code    (CrmErrorCode code);
guint        crm_error_code_to_http_status (CrmErrorCode code);
gboolean     crm_error_code_from_api_code  (const char   *api_code,
                                            CrmErrorCode *out_code);
const char  *crm_error_get_field           (const GError *error);
void         crm_error_set_nested_field_error (GError      **error,
                                               const char   *field,
                                               const GError *problem);
void         crm_error_set_field_error     (GError      **error,
                                            CrmErrorCode  code,
                                            const char   *field,
                                            const char   *format,
                                            ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS
