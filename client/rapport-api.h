/* rapport-api.h: RapportApi, the asynchronous client of rapportd's JSON API */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "crm-money.h"

G_BEGIN_DECLS

#define RAPPORT_API_ERROR (rapport_api_error_quark ())

typedef enum
{
  /* a self-signed certificate not yet trusted: show its fingerprint */
  RAPPORT_API_ERROR_UNTRUSTED_CERTIFICATE,
  /* the pinned certificate changed: refuse */
  RAPPORT_API_ERROR_CERTIFICATE_CHANGED,
} RapportApiError;

#define RAPPORT_TYPE_API (rapport_api_get_type ())

G_DECLARE_FINAL_TYPE (RapportApi, rapport_api, RAPPORT, API, GObject)

GQuark      rapport_api_error_quark           (void);
RapportApi *rapport_api_new                   (const char          *base_url);
const char *rapport_api_get_base_url          (RapportApi          *self);
void        rapport_api_set_pinned_certificate (RapportApi         *self,
                                                const char         *sha256);
const char *rapport_api_get_peer_certificate  (RapportApi          *self);
const char *rapport_api_get_token             (RapportApi          *self);
JsonObject *rapport_api_get_user              (RapportApi          *self);
gint64      rapport_api_get_user_id           (RapportApi          *self);
const char *rapport_api_get_user_role         (RapportApi          *self);
const char *rapport_api_get_base_currency     (RapportApi          *self);
CrmRounding rapport_api_get_rounding          (RapportApi          *self);
guint       rapport_api_get_request_count     (RapportApi          *self);

void        rapport_api_request_async         (RapportApi          *self,
                                               const char          *method,
                                               const char          *path,
                                               JsonNode            *body,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void        rapport_api_post_async            (RapportApi          *self,
                                               const char          *path,
                                               JsonNode            *body,
                                               const char          *idempotency_key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void        rapport_api_post_with_reason_async (RapportApi         *self,
                                               const char          *path,
                                               JsonNode            *body,
                                               const char          *idempotency_key,
                                               const char          *reason,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonNode   *rapport_api_request_finish        (RapportApi          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void        rapport_api_request_bytes_async   (RapportApi          *self,
                                               const char          *path,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void        rapport_api_upload_async          (RapportApi          *self,
                                               const char          *path,
                                               const char          *content_type,
                                               GBytes              *body,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GBytes     *rapport_api_request_bytes_finish  (RapportApi          *self,
                                               GAsyncResult        *result,
                                               GError             **error);

void        rapport_api_sign_in_async         (RapportApi          *self,
                                               const char          *login,
                                               const char          *password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    rapport_api_sign_in_finish        (RapportApi          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void        rapport_api_sign_out              (RapportApi          *self);

char       *rapport_api_certificate_fingerprint (GTlsCertificate   *certificate);

void        rapport_api_connect_events        (RapportApi          *self);
void        rapport_api_disconnect_events     (RapportApi          *self);
gboolean    rapport_api_get_events_connected  (RapportApi          *self);

G_END_DECLS
