/* rapportd-exchange.h: RapportdExchange, one plain HTTP/1.1 request that the listener reads and answers itself */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the listener reads of a request head itself; a head it cannot read
 * plainly goes to the HTTP server instead, which reads it as before. */
typedef struct
{
  char       *method;
  /* the path as the HTTP server gives it: percent-encoded, dot segments
   * removed */
  char       *path;
  /* the query decoded as an HTML form, or NULL without one */
  GHashTable *query;
  /* name, value, name, value…: as sent, values trimmed */
  GPtrArray  *headers;
} RapportdExchangeHead;

/* A request read whole (head and body), waiting for its answer.  It
 * belongs to the HTTP thread whose listener read it, and is answered or
 * dropped there, exactly once. */
typedef struct _RapportdExchange RapportdExchange;

struct _RapportdExchange
{
  RapportdExchangeHead head;
  /* NULL when empty */
  GBytes              *body;
  const char          *remote_host;
  GSocket             *socket;
};

gboolean    rapportd_exchange_head_parse      (const char                 *data,
                                               gsize                       length,
                                               RapportdExchangeHead       *head);
void        rapportd_exchange_head_clear      (RapportdExchangeHead       *head);
const char *rapportd_exchange_head_get_header (const RapportdExchangeHead *head,
                                               const char                 *name);
const char *rapportd_exchange_get_header      (RapportdExchange           *exchange,
                                               const char                 *name);

void        rapportd_exchange_add_header      (RapportdExchange           *exchange,
                                               const char                 *name,
                                               const char                 *value);
void        rapportd_exchange_respond         (RapportdExchange           *exchange,
                                               guint                       status,
                                               const char                 *media_type,
                                               char                       *body,
                                               gsize                       length);
void        rapportd_exchange_drop            (RapportdExchange           *exchange);

char       *rapportd_exchange_answer_head     (guint                       status,
                                               const char                 *media_type,
                                               gsize                       body_length,
                                               const char                 *extra_headers,
                                               gboolean                    close);

G_END_DECLS
