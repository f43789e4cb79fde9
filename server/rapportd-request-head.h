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

typedef struct
{
  /* bytes of the head, its blank line included */
  gsize    head_length;
  /* bytes of the body that follows, or -1 when only the connection's end
   * tells (chunked, or a request that upgrades the connection) */
  gint64   body_length;
  /* HTTP/1.1 with a body of known length, not asking to close or upgrade:
   * another request may follow on the connection */
  gboolean reusable;
} RapportdHeadFraming;

RapportdHeadVerdict rapportd_request_head_check (const guint8  *data,
                                                 gsize          old_length,
                                                 gsize          length,
                                                 gsize         *line_end,
                                                 GError       **error);
void                rapportd_request_head_framing (const guint8        *data,
                                                   gsize                length,
                                                   RapportdHeadFraming *framing);
char               *rapportd_request_head_error_response (CrmErrorCode  code,
                                                          const char   *message,
                                                          gsize        *length);

G_END_DECLS
