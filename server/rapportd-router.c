/* rapportd-router.c: maps a request's method and path to its handler, on a worker thread */
#include "rapportd-router.h"
#include "rapportd-auth.h"
#include "rapportd-idempotency.h"
#include "rapportd-language.h"
#include "rapportd-metrics.h"
#include "api/rapportd-api.h"
#include "api/rapportd-api-business-calendars.h"
#include "api/rapportd-api-metrics.h"
#include "api/rapportd-api-service-accounts.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

#define MAX_SEGMENTS 4
#define MAX_ATTEMPTS 3

typedef struct
{
  const char      *method;
  /* literal segments; "*" matches any one */
  const char      *segments[MAX_SEGMENTS + 1];
  RapportdHandler  handler;
  /* no session needed */
  gboolean         public;
  /* run inside one transaction, committed only on success */
  gboolean         writes;
  /* allowed while the user must still change their password */
  gboolean         before_password_change;
  /* open to a role that changes nothing although it is not a plain GET:
   * signing out, one's own password, reads that are audited */
  gboolean         read_only_too;
  /* a read of one row or none, no transaction: cheap enough for the HTTP
   * thread that read the request to run it */
  gboolean         inline_read;
  /* its body may be as large as [server] max_upload_bytes, spooled to a
   * file rather than held in memory: files sent whole */
  gboolean         large_body;
  /* answered while the database is down too (the handler's db may be NULL) */
  gboolean         without_database;
} RapportdRoute;

static const RapportdRoute routes[] = {
  { "GET",    { "health" },                  rapportd_api_health,           .public = TRUE, .inline_read = TRUE },
  { "GET",    { "openapi.json" },            rapportd_api_openapi,          .public = TRUE },
  /* no session: its own access, by address or token ([metrics]) */
  { "GET",    { "metrics" },                 rapportd_api_metrics,          .public = TRUE, .without_database = TRUE },
  { "POST",   { "session" },                 rapportd_api_session_create,   .public = TRUE },
  { "GET",    { "session" },                 rapportd_api_session_get,      .before_password_change = TRUE },
  { "DELETE", { "session" },                 rapportd_api_session_delete,   .before_password_change = TRUE, .read_only_too = TRUE },
  { "POST",   { "session", "password" },     rapportd_api_session_password, .writes = TRUE, .before_password_change = TRUE, .read_only_too = TRUE },
  { "POST",   { "users", "*", "unlock" },    rapportd_api_users_unlock,     .writes = TRUE },
  { "POST",   { "users", "*", "password" },  rapportd_api_users_set_password, .writes = TRUE },
  { "DELETE", { "users", "*", "sessions" },  rapportd_api_users_end_sessions, .writes = TRUE },
  { "POST",   { "users", "*", "deactivate" }, rapportd_api_users_deactivate, .writes = TRUE },
  { "GET",    { "approvals" },               rapportd_api_approvals_list },
  { "POST",   { "jobs", "run" },             rapportd_api_jobs_run,         .writes = TRUE },
  { "GET",    { "approvals", "*" },          rapportd_api_approvals_get },
  { "POST",   { "approvals", "*", "approve" }, rapportd_api_approvals_sign },
  { "POST",   { "approvals", "*", "reject" }, rapportd_api_approvals_sign },
  { "POST",   { "approvals", "*", "withdraw" }, rapportd_api_approvals_act, .writes = TRUE },
  { "POST",   { "approvals", "*", "comment" }, rapportd_api_approvals_act, .writes = TRUE },
  { "POST",   { "approvals", "*", "delegate" }, rapportd_api_approvals_act, .writes = TRUE },
  { "GET",    { "*", "*", "approvals" },     rapportd_api_record_approvals },
  { "GET",    { "role-scopes" },             rapportd_api_role_scopes_list },
  { "GET",    { "audit" },                   rapportd_api_audit_list },
  { "GET",    { "audit", "export" },         rapportd_api_audit_export,     .writes = TRUE, .read_only_too = TRUE },
  { "PUT",    { "role-scopes" },             rapportd_api_role_scopes_set,  .writes = TRUE },
  { "GET",    { "search" },                  rapportd_api_search },
  { "POST",   { "leads", "*", "convert" },   rapportd_api_leads_convert,    .writes = TRUE },
  { "POST",   { "opportunities", "*", "stage" }, rapportd_api_opportunities_stage, .writes = TRUE },
  { "POST",   { "opportunities", "*", "quote" }, rapportd_api_opportunities_quote, .writes = TRUE },
  { "POST",   { "activities", "with-follow-up" }, rapportd_api_activities_log, .writes = TRUE },
  { "POST",   { "activities", "*", "corrections" }, rapportd_api_activities_correct, .writes = TRUE },
  { "POST",   { "activities", "*", "comments" }, rapportd_api_reviews_comment, .writes = TRUE },
  { "GET",    { "activities", "*", "comments" }, rapportd_api_reviews_comments },
  { "GET",    { "activities", "*", "invitation.ics" }, rapportd_api_invitation },
  { "PATCH",  { "activities", "*", "comments", "*" }, rapportd_api_reviews_comment_fixed },
  { "DELETE", { "activities", "*", "comments", "*" }, rapportd_api_reviews_comment_fixed },
  { "POST",   { "activities", "*", "reviewed" }, rapportd_api_reviews_mark, .writes = TRUE },
  { "POST",   { "weekly-reports", "*", "reviewed" }, rapportd_api_reviews_mark, .writes = TRUE },
  { "POST",   { "weekly-reports", "*", "comments" }, rapportd_api_reviews_comment, .writes = TRUE },
  { "GET",    { "weekly-reports", "*", "comments" }, rapportd_api_reviews_comments },
  { "PATCH",  { "weekly-reports", "*", "comments", "*" }, rapportd_api_reviews_comment_fixed },
  { "DELETE", { "weekly-reports", "*", "comments", "*" }, rapportd_api_reviews_comment_fixed },
  { "POST",   { "reviews", "mark-all" },     rapportd_api_reviews_mark_all, .writes = TRUE },
  { "GET",    { "reviews", "pending" },      rapportd_api_reviews_pending },
  { "GET",    { "opportunities", "*", "stage-history" }, rapportd_api_opportunities_history },
  { "GET",    { "*", "*", "timeline" },      rapportd_api_records_timeline },
  { "POST",   { "tasks", "*", "snooze" },    rapportd_api_tasks_snooze,     .writes = TRUE },
  { "GET",    { "tasks", "agenda" },         rapportd_api_tasks_agenda },
  { "POST",   { "visit-plans", "*", "check-out" }, rapportd_api_visits_check_out, .writes = TRUE },
  { "POST",   { "visit-plans", "*", "check-in" }, rapportd_api_visits_check_in, .writes = TRUE },
  { "POST",   { "visit-plans", "*", "record" }, rapportd_api_visits_record, .writes = TRUE },
  { "GET",    { "visit-plans", "summary" },  rapportd_api_visits_summary },
  { "POST",   { "*", "*", "claim" },         rapportd_api_pool_claim,       .writes = TRUE },
  { "POST",   { "*", "*", "release" },       rapportd_api_pool_release,     .writes = TRUE },
  { "GET",    { "pools", "*", "limits" },    rapportd_api_pool_limits },
  { "GET",    { "business-calendars", "*", "deadline" }, rapportd_api_business_calendars_deadline },
  { "GET",    { "business-calendars", "*", "business-seconds" }, rapportd_api_business_calendars_business_seconds },
  { "GET",    { "pool", "mine" },            rapportd_api_pool_mine },
  { "GET",    { "pipeline", "funnel" },      rapportd_api_pipeline_funnel },
  { "GET",    { "pipeline", "forecast" },    rapportd_api_pipeline_forecast },
  { "GET",    { "pipeline", "win-rate" },    rapportd_api_pipeline_win_rate },
  { "GET",    { "pipeline", "stale" },       rapportd_api_pipeline_stale },
  /* no session: the intake key is the handler's to check, and its
   * transactions too (concurrent intakes are committed together) */
  { "POST",   { "intake", "leads" },         rapportd_api_intake_leads,     .public = TRUE },
  { "GET",    { "import-presets" },          rapportd_api_import_presets },
  { "GET",    { "import-mappings" },         rapportd_api_import_mappings_list },
  { "POST",   { "import-mappings" },         rapportd_api_import_mappings_create, .writes = TRUE },
  { "DELETE", { "import-mappings", "*" },    rapportd_api_import_mappings_delete, .writes = TRUE },
  { "GET",    { "intake-keys" },             rapportd_api_intake_keys_list },
  { "POST",   { "intake-keys" },             rapportd_api_intake_keys_create, .writes = TRUE },
  { "DELETE", { "intake-keys", "*" },        rapportd_api_intake_keys_revoke, .writes = TRUE },
  { "POST",   { "intake-keys", "*", "revoke" }, rapportd_api_intake_keys_revoke, .writes = TRUE },
  { "GET",    { "webhooks" },                rapportd_api_webhooks_list },
  { "POST",   { "webhooks" },                rapportd_api_webhooks_create, .writes = TRUE },
  { "PATCH",  { "webhooks", "*" },           rapportd_api_webhooks_update, .writes = TRUE },
  { "DELETE", { "webhooks", "*" },           rapportd_api_webhooks_delete, .writes = TRUE },
  { "GET",    { "webhooks", "*", "deliveries" }, rapportd_api_webhooks_deliveries },
  { "POST",   { "webhook-deliveries", "*", "replay" }, rapportd_api_webhook_deliveries_replay, .writes = TRUE },
  { "GET",    { "service-accounts" },        rapportd_api_service_accounts_list },
  { "POST",   { "service-accounts" },        rapportd_api_service_accounts_create, .writes = TRUE },
  { "POST",   { "service-accounts", "*", "revoke" }, rapportd_api_service_accounts_revoke, .writes = TRUE },
  { "POST",   { "service-accounts", "*", "rotate" }, rapportd_api_service_accounts_rotate, .writes = TRUE },
  { "GET",    { "calendar-feeds" },          rapportd_api_calendar_feeds_list },
  { "GET",    { "calendar-items" },          rapportd_api_calendar_items },
  { "POST",   { "calendar-feeds" },          rapportd_api_calendar_feeds_create, .writes = TRUE },
  { "DELETE", { "calendar-feeds", "*" },     rapportd_api_calendar_feeds_revoke, .writes = TRUE },
  /* no session: the secret in the address is the feed's key */
  { "GET",    { "calendar", "*" },           rapportd_api_calendar_feed,    .public = TRUE },
  { "POST",   { "assignment-rules", "run" }, rapportd_api_assignment_rules_run, .writes = TRUE },
  { "GET",    { "imports" },                 rapportd_api_imports_list },
  { "GET",    { "imports", "*" },            rapportd_api_imports_get },
  { "POST",   { "imports", "*", "undo" },    rapportd_api_imports_undo,     .writes = TRUE },
  { "GET",    { "reminder-preferences" },    rapportd_api_reminder_preferences_get },
  { "PATCH",  { "reminder-preferences" },    rapportd_api_reminder_preferences_set, .writes = TRUE },
  /* audited: a read that writes its audit row */
  { "GET",    { "attachments", "*" },        rapportd_api_attachments_download, .writes = TRUE, .read_only_too = TRUE },
  /* its own transaction, the stored file deleted after it */
  { "DELETE", { "attachments", "*" },        rapportd_api_attachments_remove },
  { "GET",    { "*" },                       rapportd_api_records_list },
  { "POST",   { "*" },                       rapportd_api_records_create,   .writes = TRUE },
  { "POST",   { "*", "transfer" },           rapportd_api_records_transfer, .writes = TRUE },
  { "POST",   { "*", "import.csv" },         rapportd_api_records_import,   .writes = TRUE, .large_body = TRUE },
  { "POST",   { "*", "import" },             rapportd_api_records_import_file, .writes = TRUE, .large_body = TRUE },
  { "GET",    { "*", "import", "columns" },  rapportd_api_records_import_columns },
  { "GET",    { "*", "export.csv" },         rapportd_api_records_export,   .writes = TRUE, .read_only_too = TRUE },
  { "GET",    { "*", "*" },                  rapportd_api_records_get,      .inline_read = TRUE },
  { "PATCH",  { "*", "*" },                  rapportd_api_records_update,   .writes = TRUE },
  { "DELETE", { "*", "*" },                  rapportd_api_records_archive,  .writes = TRUE },
  { "POST",   { "*", "*", "restore" },       rapportd_api_records_restore,  .writes = TRUE },
  { "GET",    { "*", "*", "personal-data" }, rapportd_api_personal_export,  .writes = TRUE, .read_only_too = TRUE },
  { "GET",    { "*", "*", "history" },       rapportd_api_records_history },
  { "GET",    { "*", "*", "duplicates" },    rapportd_api_records_duplicates },
  { "POST",   { "*", "duplicates" },         rapportd_api_records_check_duplicates, .read_only_too = TRUE },
  { "POST",   { "*", "*", "merge" },         rapportd_api_records_merge,    .writes = TRUE },
  /* who has unsaved edits in the record: changes no record, not audited */
  { "GET",    { "*", "*", "presence" },      rapportd_api_presence_get },
  { "PUT",    { "*", "*", "presence" },      rapportd_api_presence_put,     .writes = TRUE },
  { "DELETE", { "*", "*", "presence" },      rapportd_api_presence_delete,  .writes = TRUE },
  { "POST",   { "*", "*", "legal-hold" },    rapportd_api_personal_legal_hold, .writes = TRUE },
  { "POST",   { "*", "*", "restrict" },      rapportd_api_personal_restrict, .writes = TRUE },
  { "POST",   { "*", "*", "erase" },         rapportd_api_personal_erase,   .writes = TRUE },
  { "GET",    { "*", "*", "shares" },        rapportd_api_shares_list },
  { "POST",   { "*", "*", "shares" },        rapportd_api_shares_create,    .writes = TRUE },
  { "DELETE", { "*", "*", "shares", "*" },   rapportd_api_shares_delete,    .writes = TRUE },
  { "POST",   { "*", "*", "submit" },        rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "send" },          rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "accept" },        rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "decline" },       rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "confirm" },       rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "fulfil" },        rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "cancel" },        rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "activate" },      rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "terminate" },     rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "expire" },        rapportd_api_documents_step,   .writes = TRUE },
  { "POST",   { "*", "*", "order" },         rapportd_api_documents_convert, .writes = TRUE },
  { "POST",   { "*", "*", "contract" },      rapportd_api_documents_convert, .writes = TRUE },
  { "GET",    { "orders", "*", "balance" },  rapportd_api_orders_balance },
  { "GET",    { "accounts", "*", "balance" }, rapportd_api_accounts_balance },
  { "POST",   { "*", "*", "copy" },          rapportd_api_documents_copy,   .writes = TRUE },
  { "POST",   { "*", "*", "revise" },        rapportd_api_documents_revise, .writes = TRUE },
  { "POST",   { "*", "*", "printed" },       rapportd_api_documents_printed, .writes = TRUE, .read_only_too = TRUE },
  /* its own two short transactions, the render between them */
  { "GET",    { "*", "*", "pdf" },           rapportd_api_documents_pdf,    .read_only_too = TRUE },
  { "GET",    { "products", "*", "last-price" }, rapportd_api_products_last_price },
  { "POST",   { "*", "*", "attachments" },   rapportd_api_attachments_upload, .writes = TRUE, .large_body = TRUE },
  { "GET",    { "*", "*", "attachments" },   rapportd_api_attachments_list },
  { "GET",    { "*", "*", "*" },             rapportd_api_records_children },
};

G_STATIC_ASSERT (G_N_ELEMENTS (routes) <= RAPPORTD_METRICS_MAX_ROUTES);

static gboolean
path_matches (const RapportdRoute  *route,
              char                **segments)
{
  guint i;

  for (i = 0; route->segments[i] != NULL; i++)
    {
      if (segments[i] == NULL || segments[i][0] == '\0')
        return FALSE;
      if (!g_str_equal (route->segments[i], "*") && !g_str_equal (route->segments[i], segments[i]))
        return FALSE;
    }
  return segments[i] == NULL;
}

static const RapportdRoute *
find_route (RapportdRequest  *request,
            GError          **error)
{
  gboolean path_known = FALSE;
  gboolean literal_path = FALSE;

  /* literal routes come first and own their path: "session" is never a collection */
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      gboolean literal = routes[i].segments[0][0] != '*';

      if (!path_matches (&routes[i], request->segments) || (literal_path && !literal))
        continue;
      path_known = TRUE;
      literal_path |= literal;
      if (g_str_equal (routes[i].method, request->method))
        return &routes[i];
    }
  if (path_known)
    g_set_error (error, CRM_ERROR, CRM_ERROR_METHOD_NOT_ALLOWED,
                 _("%s is not allowed on %s"), request->method, request->path);
  else
    g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
  return NULL;
}

/* A POST that signs runs its own transactions: its key is looked up
 * before and kept right after, rather than inside them. */
static gboolean
run_handler_keyed_outside (const RapportdRoute        *route,
                           const RapportdApiSettings  *settings,
                           RapportdRequest            *request,
                           RapportdDb                 *db,
                           GError                    **error)
{
  g_autofree char *fingerprint = rapportd_idempotency_fingerprint (request);
  g_autoptr(GError) local_error = NULL;
  gboolean replayed = FALSE;

  if (!rapportd_idempotency_replay (db, request, fingerprint, &replayed, error))
    return FALSE;
  if (replayed)
    return TRUE;
  if (!route->handler (request, db, settings, error))
    return FALSE;
  if (!rapportd_idempotency_store (db, request, fingerprint, &local_error))
    rapportd_request_warn (request, "the answer for its Idempotency-Key was not kept: %s", local_error->message);
  return TRUE;
}

/* A role that changes nothing is refused wherever something changes (any
 * verb but GET, and the GETs that write), unless the route is open to it. */
static gboolean
check_actor (const RapportdRoute  *route,
             const RapportdActor  *actor,
             GError              **error)
{
  if (actor->must_change_password && !route->before_password_change)
    {
      crm_error_set_field_error (error, CRM_ERROR_FORBIDDEN, "password",
                                 _("Choose a new password before going on"));
      return FALSE;
    }
  if (rapportd_actor_is_read_only (actor) && !route->read_only_too &&
      (route->writes || !g_str_equal (route->method, "GET")))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Your role can read records but not change them"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_handler (const RapportdRoute        *route,
             const RapportdApiSettings  *settings,
             RapportdRequest            *request,
             RapportdDb                 *db,
             GError                    **error)
{
  g_autofree char *fingerprint = NULL;
  gboolean replayed = FALSE;

  if (!route->writes && rapportd_idempotency_applies (request))
    return run_handler_keyed_outside (route, settings, request, db, error);
  if (!route->writes)
    return route->handler (request, db, settings, error);

  if (!rapportd_db_begin (db, error))
    return FALSE;
  /* a write acts for the user as they are now, not as a cached session
   * remembers them: deactivated, demoted or moved a moment ago */
  if (!route->public &&
      (!rapportd_auth_refresh_actor (db, request->token, &request->actor, error) ||
       !check_actor (route, &request->actor, error)))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  /* a retry of a POST already answered gets that answer, and writes nothing */
  if (rapportd_idempotency_applies (request))
    {
      fingerprint = rapportd_idempotency_fingerprint (request);
      if (!rapportd_idempotency_replay (db, request, fingerprint, &replayed, error) || replayed)
        {
          rapportd_db_rollback (db);
          return replayed;
        }
    }
  if (!route->handler (request, db, settings, error) || request->rollback)
    {
      rapportd_db_rollback (db);
      return request->rollback && (error == NULL || *error == NULL);
    }
  /* kept in the same transaction as the write: both or neither */
  if (fingerprint != NULL && !rapportd_idempotency_store (db, request, fingerprint, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  return rapportd_db_commit (db, error);
}

static gboolean
dispatch (const RapportdApiSettings *settings,
          RapportdRequest           *request,
          RapportdDb                *db,
          gboolean                   may_retry)
{
  g_autoptr(GError) error = NULL;
  const RapportdRoute *route = find_route (request, &error);

  if (route == NULL)
    goto fail;
  request->route = (gint) (route - routes);
  if (db == NULL && !route->without_database)
    {
      g_set_error (&error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, _("The database is not available"));
      goto fail;
    }
  if (!route->public)
    {
      if (request->token == NULL)
        {
          g_set_error (&error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED,
                       _("Sign in first: send Authorization: Bearer TOKEN"));
          goto fail;
        }
      if (!rapportd_auth_session_actor (db, request->token, &settings->auth, &request->actor, &error))
        goto fail;
      if (!check_actor (route, &request->actor, &error))
        goto fail;
      if (request->reason)
        {
          if (!g_utf8_validate (request->reason, -1, NULL) || g_utf8_strlen (request->reason, -1) > 500)
            {
              crm_error_set_field_error (&error, CRM_ERROR_VALIDATION, "X-Change-Reason",
                                         _("The reason for a change must be UTF-8 text of at most 500 characters"));
              goto fail;
            }
          request->actor.reason = g_strdup (request->reason);
        }
      if (request->idempotency_key != NULL && g_str_equal (request->method, "POST") &&
          !rapportd_idempotency_check_key (request->idempotency_key, &error))
        goto fail;
    }

  for (guint attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)
    {
      g_clear_error (&error);
      if (run_handler (route, settings, request, db, &error))
        return TRUE;
      if (db == NULL || !rapportd_db_take_retryable (db))
        break;
      rapportd_metrics_count_db_retry ("deadlock");
      g_debug ("%s %s: retrying after a deadlock", request->method, request->path);
    }

fail:
  if (may_retry && db != NULL && rapportd_db_can_retry_elsewhere (db))
    {
      rapportd_metrics_count_db_retry ("connection");
      rapportd_actor_clear (&request->actor);
      return FALSE;
    }
  rapportd_request_set_error (request, error);
  return TRUE;
}

/**
 * rapportd_router_dispatch:
 * @settings: API settings
 * @request: the request; its answer is set here
 * @db: (nullable): this worker's connection, %NULL when the database is down
 * @may_retry: whether a broken connection may be answered with %FALSE
 *
 * Authenticates, runs the handler (in a transaction for writes, run again
 * after a deadlock) and turns any error into the JSON error envelope, its
 * messages in the language of the request's Accept-Language.
 *
 * Returns: %FALSE, with no answer set, when @db broke before anything was
 *   committed and @may_retry allows the caller to run it again
 */
gboolean
rapportd_router_dispatch (const RapportdApiSettings *settings,
                          RapportdRequest           *request,
                          RapportdDb                *db,
                          gboolean                   may_retry)
{
  locale_t previous = rapportd_language_use (rapportd_language_resolve (request->accept_language));
  gboolean done = dispatch (settings, request, db, may_retry);

  rapportd_language_restore (previous);
  return done;
}

/**
 * rapportd_router_is_inline_read:
 * @request: the request; only its method, path and segments are read
 *
 * Returns: whether the route that serves @request is a read cheap enough
 *   to run on an HTTP thread
 */
gboolean
rapportd_router_is_inline_read (RapportdRequest *request)
{
  g_autoptr(GError) error = NULL;
  const RapportdRoute *route;

  g_return_val_if_fail (request != NULL, FALSE);

  route = find_route (request, &error);
  return route != NULL && route->inline_read;
}

/**
 * rapportd_router_is_large_body:
 * @method: a request's method
 * @path: its path, as the HTTP server gives it
 *
 * Called by an HTTP thread when a body is larger than max_body_bytes,
 * before it is read.
 *
 * Returns: whether the route that serves it takes bodies up to
 *   max_upload_bytes (imports, attachments)
 */
gboolean
rapportd_router_is_large_body (const char *method,
                               const char *path)
{
  g_autoptr(RapportdRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  const RapportdRoute *route;

  g_return_val_if_fail (method != NULL && path != NULL, FALSE);

  if (!g_str_has_prefix (path, "/api/v1/"))
    return FALSE;
  request = rapportd_request_new (method, path);
  route = find_route (request, &error);
  return route != NULL && route->large_body;
}

/**
 * rapportd_router_match:
 * @request: the request; only its method, path and segments are read
 * @public: (out) (optional): whether the route needs no session
 * @error: %CRM_ERROR_NOT_FOUND or %CRM_ERROR_METHOD_NOT_ALLOWED
 *
 * Finds the route that serves @request without running it (for the fuzzer).
 *
 * Returns: whether a route serves @request
 */
gboolean
rapportd_router_match (RapportdRequest  *request,
                       gboolean         *public,
                       GError          **error)
{
  const RapportdRoute *route;

  g_return_val_if_fail (request != NULL, FALSE);

  route = find_route (request, error);
  if (route != NULL && public != NULL)
    *public = route->public;
  return route != NULL;
}

/**
 * rapportd_router_foreach_route:
 * @func: called for every route, in the table's order, with its method,
 *   its segments ("*" matches any one) and whether it needs no session
 * @data: passed to @func
 *
 * For the API's description (openapi.json).
 */
void
rapportd_router_foreach_route (RapportdRouteFunc func,
                               gpointer          data)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    func (routes[i].method, routes[i].segments, routes[i].public, data);
}

/**
 * rapportd_router_route_pattern:
 * @index: a route's index in the table, as a request's route field holds it
 * @method: (out): its method
 * @pattern: (out) (transfer full): its path, "*" for any one segment
 *
 * For the metrics' labels: a pattern, never a request's own path.
 *
 * Returns: whether the table has a route @index
 */
gboolean
rapportd_router_route_pattern (guint         index,
                               const char  **method,
                               char        **pattern)
{
  g_autofree char *joined = NULL;

  g_return_val_if_fail (method != NULL && pattern != NULL, FALSE);

  if (index >= G_N_ELEMENTS (routes))
    return FALSE;
  joined = g_strjoinv ("/", (char **) routes[index].segments);
  *method = routes[index].method;
  *pattern = g_strconcat ("/api/v1/", joined, NULL);
  return TRUE;
}
