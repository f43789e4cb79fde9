/* rapportd-request.h: RapportdRequest, one API call as a worker sees it, and its answer */
#pragma once

#include <json-glib/json-glib.h>

#include "rapportd-actor.h"

G_BEGIN_DECLS

/* the longest X-Request-Id kept as it came */
#define RAPPORTD_REQUEST_ID_MAX 128

typedef struct
{
  /* the call */
  char           *method;
  char           *path;
  /* path below /api/v1/, split at '/' */
  char          **segments;
  GHashTable     *query;
  GBytes         *body;
  char           *content_type;
  /* the Content-Type's charset parameter, or NULL */
  char           *charset;
  char           *token;
  char           *source;
  /* a write that only checks: its transaction is rolled back, and it answers */
  gboolean        rollback;
  /* X-Change-Reason: why the client makes this change */
  char           *reason;
  /* Idempotency-Key: names a POST, so that a retry is answered, not run again */
  char           *idempotency_key;
  /* Accept-Language: the language of the answer's messages */
  char           *accept_language;
  /* Host and Origin, as the client sent them (a page's links and its form's check), or NULL */
  char           *host;
  char           *origin;
  /* X-Request-Id: the client's, if valid, or one made for it; in the
   * answer's header, its error envelope and the log */
  char           *id;
  /* what the handler's helpers keep for the call (an import's batch), freed with it */
  GData          *attached;
  RapportdActor   actor;
  /* monotonic, when it arrived; and the index of the route that served it
   * in the router's table, -1 until found (for the metrics) */
  gint64          arrived;
  gint            route;

  /* the answer */
  guint           status;
  char           *response;
  /* of a binary response (a PDF); 0: the response is text */
  gsize           response_length;
  guint           retry_after;
  /* NULL: JSON */
  const char     *media_type;
  /* Content-Disposition of a file sent back, or NULL */
  char           *disposition;
  /* the answer is the one kept for its Idempotency-Key */
  gboolean        idempotent_replay;
} RapportdRequest;

RapportdRequest *rapportd_request_new        (const char      *method,
                                              const char      *path);
gboolean         rapportd_request_path_served (const char     *path);
char            *rapportd_request_id_new     (const char      *incoming);
void             rapportd_request_warn       (RapportdRequest *request,
                                              const char      *format,
                                              ...) G_GNUC_PRINTF (2, 3);
void             rapportd_request_free       (RapportdRequest *request);
void             rapportd_request_set_json   (RapportdRequest *request,
                                              guint            status,
                                              JsonNode        *node);
void             rapportd_request_take_body  (RapportdRequest *request,
                                              guint            status,
                                              char            *json);
void             rapportd_request_take_bytes (RapportdRequest *request,
                                              guint            status,
                                              const char      *media_type,
                                              GBytes          *bytes);
void             rapportd_request_set_error  (RapportdRequest *request,
                                              const GError    *error);
JsonObject      *rapportd_request_body_object (RapportdRequest *request,
                                               GError         **error);
const char      *rapportd_request_query      (RapportdRequest *request,
                                              const char      *name);
gboolean         rapportd_request_segment_id (RapportdRequest *request,
                                              guint            index,
                                              gint64          *id,
                                              GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdRequest, rapportd_request_free)

G_END_DECLS
