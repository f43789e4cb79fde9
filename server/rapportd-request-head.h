/* rapportd-request-head.h: checks an HTTP request head against rapportd's limits before the HTTP server reads it */
#pragma once

#include <glib.h>

#include "crm-error.h"

G_BEGIN_DECLS

#define RAPPORTD_MAX_REQUEST_LINE   (8 * 1024)
#define RAPPORTD_MAX_HEAD           (64 * 1024)
#define RAPPORTD_MAX_HEADERS        100
#define RAPPORTD_MAX_QUERY_PARAMS   100

typedef enum
{
  RAPPORTD_HEAD_INCOMPLETE,
  RAPPORTD_HEAD_COMPLETE,
  RAPPORTD_HEAD_REFUSED,
} RapportdHeadVerdict;

RapportdHeadVerdict rapportd_request_head_check (const guint8  *data,
                                                 gsize          old_length,
                                                 gsize          length,
                                                 gsize         *line_end,
                                                 GError       **error);
char               *rapportd_request_head_error_response (CrmErrorCode  code,
                                                          const char   *message,
                                                          gsize        *length);

G_END_DECLS
