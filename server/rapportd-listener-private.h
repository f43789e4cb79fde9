/* rapportd-listener-private.h: the listener and its connections, shared by the listener's accept/TLS and request-cycle files */
#pragma once

#include "rapportd-listener.h"
#include "rapportd-exchange.h"
#include "rapportd-head-stream.h"
#include "rapportd-spool.h"
#include "rapportd-tls-guard.h"

G_BEGIN_DECLS

typedef enum
{
  PHASE_WAITING,   /* TLS: no byte from the client yet */
  PHASE_HANDSHAKE,
  PHASE_IDLE,      /* kept alive: no byte of the next request yet */
  PHASE_HEAD,
  PHASE_BODY,      /* with the HTTP server, reading the body */
  PHASE_HANDLED,   /* with the HTTP server, or a worker, answering */
  PHASE_ANSWER,    /* the listener writes an answer of its own making */
  PHASE_LINGER,    /* closing: our side is shut, the client's last bytes are dropped */
} Phase;

typedef struct
{
  RapportdListener  *self;
  guint64            id;
  Phase              phase;
  GSocketConnection *tcp;
  GSocket           *socket;
  GIOStream         *stream;
  char              *address;
  GCancellable      *cancellable;
  GSource           *watch;
  /* the head's watch, set aside while its request is handled: the next
   * request's head is awaited on it if the answer is written at once */
  GSource           *spare_watch;
  /* watch reads the head */
  gboolean           head_watch;
  GSource           *deadline;
  GByteArray        *head;
  /* just past the request line's end in head, or 0 */
  gsize              line_end;
  /* while the HTTP server has a request: what it reads */
  RapportdHeadStream *head_stream;
  RapportdTlsGuard  *guard;
  gsize              lingered;
  /* requests handed over so far */
  guint              requests;
  /* the request with the HTTP server may be followed by another */
  gboolean           keep;
  /* the HTTP server wrote its whole answer */
  gboolean           answered;
  /* a request the listener reads itself, while its body comes in */
  RapportdExchange  *exchange;
  GByteArray        *body;
  gsize              body_length;
  /* instead of body, for a body larger than max_body (an upload) */
  RapportdSpool     *spool;
  /* its answer, while it is written */
  GBytes            *answer;
  gsize              answer_written;
} Conn;

struct _RapportdListener
{
  GObject                 parent_instance;

  SoupServer             *soup;
  GMainContext           *context;
  GTlsCertificate        *certificate;
  RapportdListenerLimits  limits;
  RapportdConnLimits     *counts;
  GSocketService         *service;
  guint                   port;
  gboolean                stopped;
  /* oldest first */
  GQueue                  conns;
  GHashTable             *by_id;
  guint64                 next_id;
  guint64                 handing;
  gulong                  request_started;
  /* plain requests, read and answered without the HTTP server */
  RapportdListenerHandler handler;
  gpointer                handler_data;
  gsize                   max_body;
  /* the routes whose bodies may be as large as max_upload, spooled */
  gsize                   max_upload;
  RapportdListenerLargeBody is_large;
};

GSource *rapportd_listener_attach             (RapportdListener  *self,
                                               GSource           *source,
                                               GSourceFunc        func,
                                               gpointer           data);
void     rapportd_listener_clear_watch        (Conn              *conn);
gboolean rapportd_listener_park_head_watch    (Conn              *conn);
void     rapportd_listener_drop_spare_watch   (RapportdListener  *self,
                                               guint64            id);
void     rapportd_listener_conn_free          (Conn              *conn);
void     rapportd_listener_set_deadline       (Conn              *conn,
                                               guint              seconds);
void     rapportd_listener_cut                (Conn              *conn);
void     rapportd_listener_write_error        (Conn              *conn,
                                               CrmErrorCode       code,
                                               const char        *message);
Conn    *rapportd_listener_conn_of            (RapportdListener  *self,
                                               SoupServerMessage *msg);
void     rapportd_listener_on_request_started (SoupServer        *soup,
                                               SoupServerMessage *msg,
                                               gpointer           data);
void     rapportd_listener_start_head         (Conn              *conn,
                                               gboolean           idle);
void     rapportd_listener_clear_deadline     (Conn              *conn);
void     rapportd_listener_linger             (Conn              *conn);
gboolean rapportd_listener_take_plain         (Conn              *conn);
void     rapportd_listener_exchange_free      (RapportdExchange  *exchange);

G_END_DECLS
