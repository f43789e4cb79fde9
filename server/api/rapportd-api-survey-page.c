/* rapportd-api-survey-page.c: GET and POST /s/TOKEN, a survey's form opened and answered by the customer, without a session */
#include "rapportd-api.h"
#include "rapportd-survey-html.h"
#include "rapportd-intake-limit.h"
#include "rapportd-language.h"
#include "rapportd-survey-key.h"
#include "db/rapportd-survey-answers.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

/* a form's answers are short: at most 20 questions of 2,000 characters,
 * percent-encoded */
#define MAX_FORM_BYTES (64 * 1024)
#define HTML_MEDIA_TYPE "text/html; charset=utf-8"

static void
answer_page (RapportdRequest *request,
             guint            status,
             char            *html)
{
  rapportd_request_take_bytes (request, status, HTML_MEDIA_TYPE, g_bytes_new_take (html, strlen (html)));
}

/* a short page in the language the request's Accept-Language gave the thread */
static void
answer_message (RapportdRequest *request,
                guint            status,
                const char      *language,
                const char      *title,
                const char      *message)
{
  answer_page (request, status, rapportd_survey_html_message (language, title, message));
}

/* the page's own language when the survey's is known */
static const char *
thread_language (void)
{
  /* translators: the HTML language tag of the pages in your language */
  return C_("html lang", "en");
}

/* the Origin of a browser's post is this server's: its public address or
 * the host the form was asked of; a post with no Origin is checked by its
 * hidden field alone */
static gboolean
origin_allowed (RapportdRequest *request)
{
  g_autofree char *link = NULL;
  const char *origin = request->origin;
  const char *rest;

  if (origin == NULL)
    return TRUE;
  link = rapportd_survey_link (request->host, "x");
  if (g_str_has_suffix (link, "/s/x") && strlen (origin) == strlen (link) - strlen ("/s/x") &&
      g_ascii_strncasecmp (origin, link, strlen (origin)) == 0)
    return TRUE;
  rest = g_str_has_prefix (origin, "https://") ? origin + strlen ("https://") :
         g_str_has_prefix (origin, "http://") ? origin + strlen ("http://") : NULL;
  return rest != NULL && request->host != NULL && g_ascii_strcasecmp (rest, request->host) == 0;
}

/* question id → posted answer, from the form's q-ID fields */
static GHashTable *
posted_answers (GHashTable *fields)
{
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, "q-") && g_utf8_validate (value, -1, NULL))
      g_hash_table_insert (answers, g_strdup ((const char *) key + 2), g_strdup (value));
  return answers;
}

/* GET: the form, or a page saying why not */
static gboolean
show_form (RapportdRequest     *request,
           RapportdSurveyForm  *form,
           const char          *token,
           GError             **error)
{
  g_autofree char *mac = rapportd_survey_key_sign (token, error);

  if (mac == NULL)
    return FALSE;
  answer_page (request, 200, rapportd_survey_html_form (form, token, mac, NULL, NULL));
  return TRUE;
}

/* POST: the answers stored once, in one transaction, or the form again with its errors */
static gboolean
take_answers (RapportdRequest  *request,
              RapportdDb       *db,
              const char       *token,
              GError          **error)
{
  gsize size = 0;
  const char *data = request->body ? g_bytes_get_data (request->body, &size) : NULL;
  g_autofree char *text = g_strndup (data ? data : "", size);
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(RapportdSurveyForm) form = NULL;
  g_autofree char *mac = NULL;

  if (size > MAX_FORM_BYTES)
    {
      answer_message (request, 413, thread_language (), _("Too much text"), _("Your answers are too long to be sent."));
      return TRUE;
    }
  fields = soup_form_decode (text);
  if (!origin_allowed (request) || !rapportd_survey_key_check (token, g_hash_table_lookup (fields, "csrf")))
    {
      answer_message (request, 403, thread_language (), _("Not sent"),
                      _("This form could not be checked. Open the link from your invitation again."));
      return TRUE;
    }
  if (!rapportd_db_begin (db, error))
    return FALSE;
  if ((form = rapportd_survey_form_find (db, token, 0, TRUE, error)) == NULL)
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  RAPPORTD_LANGUAGE_SCOPE (form->language);
  if (!g_str_equal (form->status, "pending"))
    {
      rapportd_db_rollback (db);
      answer_message (request, 410, form->language, form->title,
                      g_str_equal (form->status, "answered") ? _("This survey has already been answered. Thank you.")
                                                             : _("This survey link has expired."));
      return TRUE;
    }
  answers = posted_answers (fields);
  if ((problems = rapportd_survey_answers_check (form, answers)) != NULL)
    {
      rapportd_db_rollback (db);
      if ((mac = rapportd_survey_key_sign (token, error)) == NULL)
        return FALSE;
      answer_page (request, 400, rapportd_survey_html_form (form, token, mac, answers, problems));
      return TRUE;
    }
  if (!rapportd_survey_answers_store (db, form, answers, 0, NULL, error) || !rapportd_db_commit (db, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  answer_message (request, 200, form->language, form->title, _("Thank you: your answers have been recorded."));
  return TRUE;
}

/* GET and POST /s/TOKEN: the secret in the address is the invitation's key */
RAPPORTD_HANDLER (rapportd_api_survey_page)
{
  const char *token = request->segments[1];
  g_autoptr(RapportdSurveyForm) form = NULL;
  g_autoptr(GError) missing = NULL;
  guint retry_after = 0;

  if (!rapportd_intake_limit_take_address (request->source ? request->source : "", rapportd_survey_form_per_minute (),
                                           g_get_monotonic_time (), &retry_after))
    {
      request->retry_after = retry_after;
      answer_message (request, 429, thread_language (), _("Too many requests"),
                      _("Too many requests came from your address. Wait a minute and try again."));
      return TRUE;
    }
  if ((form = rapportd_survey_form_find (db, token, 0, FALSE, &missing)) == NULL)
    {
      if (!g_error_matches (missing, CRM_ERROR, CRM_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&missing));
          return FALSE;
        }
      answer_message (request, 404, thread_language (), _("Survey not found"),
                      _("This survey link is not valid. Check that it was copied whole."));
      return TRUE;
    }
  if (g_str_equal (request->method, "POST"))
    return take_answers (request, db, token, error);

  RAPPORTD_LANGUAGE_SCOPE (form->language);
  if (g_str_equal (form->status, "answered"))
    answer_message (request, 410, form->language, form->title, _("This survey has already been answered. Thank you."));
  else if (g_str_equal (form->status, "expired"))
    answer_message (request, 410, form->language, form->title, _("This survey link has expired."));
  else
    return show_form (request, form, token, error);
  return TRUE;
}
