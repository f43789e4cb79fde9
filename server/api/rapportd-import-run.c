/* rapportd-import-run.c: what an import keeps while it runs: its batch, and its progress told live to its user */
#include "rapportd-import-run.h"
#include "rapportd-events.h"
#include "rapportd-import-batch.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define RUN_KEY "rapportd-import-run"
/* progress is told at most this often, and once at the end */
#define PROGRESS_INTERVAL_US (250 * 1000)
#define MAX_TOKEN_LENGTH 64

typedef struct
{
  /* NULL for a dry run: nothing is kept */
  RapportdImportBatch *batch;
  gint64               batch_id;
  /* progress=TOKEN, or NULL */
  char                *token;
  RapportdEvents      *events;
  gint64               user_id;
  guint                rows_total;
  gint64               last_told;
} ImportRun;

static void
run_free (gpointer data)
{
  ImportRun *run = data;

  g_clear_pointer (&run->batch, rapportd_import_batch_free);
  g_free (run->token);
  g_free (run);
}

static ImportRun *
run_of (RapportdRequest *request)
{
  return g_datalist_get_data (&request->attached, RUN_KEY);
}

static gboolean
is_token (const char *token)
{
  gsize length = strlen (token);

  if (length < 1 || length > MAX_TOKEN_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (token[i]) && token[i] != '_' && token[i] != '-')
      return FALSE;
  return TRUE;
}

static void
tell (ImportRun *run,
      guint      rows_done)
{
  g_autofree char *message = NULL;

  run->last_told = g_get_monotonic_time ();
  /* "kind" and "data" as well, for clients that dispatch by kind */
  message = g_strdup_printf ("{\"type\":\"import.progress\",\"kind\":\"import.progress\",\"token\":\"%s\","
                             "\"rows_done\":%u,\"rows_total\":%u,"
                             "\"data\":{\"token\":\"%s\",\"rows_done\":%u,\"rows_total\":%u}}",
                             run->token, rows_done, run->rows_total, run->token, rows_done, run->rows_total);
  rapportd_events_send_live (run->events, run->user_id, message);
}

/**
 * rapportd_import_run_begin:
 * @request: the import; ?progress=TOKEN is read here
 * @settings: the API's settings, with the event hub
 * @format: the file's format, as the answer names it
 * @dry_run: whether nothing is kept: no batch
 * @rows_total: the file's rows, the header left out
 * @error: a %CRM_ERROR_BAD_REQUEST naming "progress"
 *
 * Starts the import's batch (unless a dry run) and, with ?progress=TOKEN,
 * tells its user's WebSockets {"type":"import.progress","token",
 * "rows_done","rows_total"}: now, at most every 250 ms while it runs, and
 * at the end.  A second begin (the import run again after a deadlock)
 * starts over.
 *
 * Returns: whether ?progress is absent or a token
 */
gboolean
rapportd_import_run_begin (RapportdRequest            *request,
                           const RapportdApiSettings  *settings,
                           const char                 *format,
                           gboolean                    dry_run,
                           guint                       rows_total,
                           GError                    **error)
{
  const char *token = rapportd_request_query (request, "progress");
  ImportRun *run;

  g_return_val_if_fail (request != NULL && settings != NULL && format != NULL, FALSE);

  if (token != NULL && !is_token (token))
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "progress",
                                 _("progress is a token of 1 to 64 letters, digits, “_” or “-”"));
      return FALSE;
    }
  run = g_new0 (ImportRun, 1);
  if (!dry_run)
    run->batch = rapportd_import_batch_new (request->segments[0], format);
  run->rows_total = rows_total;
  run->user_id = request->actor.user_id;
  run->events = settings->events;
  if (token != NULL && run->events != NULL)
    run->token = g_strdup (token);
  g_datalist_set_data_full (&request->attached, RUN_KEY, run, run_free);
  if (run->token != NULL)
    tell (run, 0);
  return TRUE;
}

/**
 * rapportd_import_run_row:
 * @request: the import
 * @rows_done: the rows read so far, written or rejected
 *
 * Tells the progress if the last was told 250 ms ago or more.
 */
void
rapportd_import_run_row (RapportdRequest *request,
                         guint            rows_done)
{
  ImportRun *run = run_of (request);

  if (run != NULL && run->token != NULL && g_get_monotonic_time () - run->last_told >= PROGRESS_INTERVAL_US)
    tell (run, rows_done);
}

/**
 * rapportd_import_run_created:
 * @request: the import
 * @stored: a record it created, as stored
 */
void
rapportd_import_run_created (RapportdRequest *request,
                             CrmEntity       *stored)
{
  ImportRun *run = run_of (request);

  if (run != NULL && run->batch != NULL)
    rapportd_import_batch_note (run->batch, NULL, stored);
}

/**
 * rapportd_import_run_updated:
 * @request: the import
 * @before: a record it updated, before
 * @stored: the same, as stored after
 */
void
rapportd_import_run_updated (RapportdRequest *request,
                             CrmEntity       *before,
                             CrmEntity       *stored)
{
  ImportRun *run = run_of (request);

  g_return_if_fail (CRM_IS_ENTITY (before));

  if (run != NULL && run->batch != NULL)
    rapportd_import_batch_note (run->batch, before, stored);
}

/**
 * rapportd_import_run_skipped:
 * @request: the import
 *
 * Counts a row left out because it matched a record (on_duplicate=skip).
 */
void
rapportd_import_run_skipped (RapportdRequest *request)
{
  ImportRun *run = run_of (request);

  if (run != NULL && run->batch != NULL)
    rapportd_import_batch_skipped (run->batch);
}

/**
 * rapportd_import_run_finish:
 * @request: the import, its rows all read
 * @db: its transaction
 * @rejected: how many rows were not imported
 * @error: return location for a #GError
 *
 * Tells the progress at its end (rows_done = rows_total) and stores the
 * batch, in the import's transaction.
 *
 * Returns: whether the batch is stored (or there is none: a dry run)
 */
gboolean
rapportd_import_run_finish (RapportdRequest  *request,
                            RapportdDb       *db,
                            guint             rejected,
                            GError          **error)
{
  ImportRun *run = run_of (request);

  g_return_val_if_fail (run != NULL, FALSE);

  if (run->token != NULL)
    tell (run, run->rows_total);
  return run->batch == NULL ||
         rapportd_import_batch_store (run->batch, db, &request->actor, rejected, &run->batch_id, error);
}

/**
 * rapportd_import_run_append:
 * @request: the import, finished
 * @answer: its answer, an object not yet closed
 *
 * Appends ,"batch_id":N where the import is kept as a batch.
 */
void
rapportd_import_run_append (RapportdRequest *request,
                            GString         *answer)
{
  ImportRun *run = run_of (request);

  if (run != NULL && run->batch_id > 0)
    g_string_append_printf (answer, ",\"batch_id\":%" G_GINT64_FORMAT, run->batch_id);
}
