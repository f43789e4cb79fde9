/* rapportd-survey-html.c: a survey's public pages in HTML: the form, and the short pages for thanks and refusals */
#include "rapportd-survey-html.h"

#include <glib/gi18n-lib.h>

/* Plain HTML that works without script or style sheet: a form posts
 * back to its own address, radio groups are fieldsets with legends, every
 * input has its label, and an error is tied to its question. The little
 * style there is sits inline (the page's Content-Security-Policy allows
 * inline style and nothing else). */
static const char style[] =
  "body{font-family:sans-serif;max-width:40em;margin:1em auto;padding:0 1em;line-height:1.5}"
  "fieldset,.q{border:1px solid #ccc;border-radius:4px;margin:1em 0;padding:.5em 1em}"
  "label{margin-right:1em;white-space:nowrap}textarea{width:100%;min-height:6em}"
  ".error{color:#a00;font-weight:bold}button{font-size:1.1em;padding:.4em 1.5em}";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static void
append_head (GString    *out,
             const char *language,
             const char *title)
{
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  append_escaped (out, language);
  g_string_append (out, "\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
  append_escaped (out, title);
  g_string_append_printf (out, "</title><style>%s</style></head>\n<body><main>\n<h1>", style);
  append_escaped (out, title);
  g_string_append (out, "</h1>\n");
}

/**
 * rapportd_survey_html_message:
 * @language: the page's language (en, zh-CN)
 * @title: its heading
 * @message: one sentence
 *
 * Returns: (transfer full): a short page: thanks, already answered, expired, not found
 */
char *
rapportd_survey_html_message (const char *language,
                              const char *title,
                              const char *message)
{
  GString *out = g_string_new (NULL);

  append_head (out, language, title);
  g_string_append (out, "<p>");
  append_escaped (out, message);
  g_string_append (out, "</p>\n</main></body></html>\n");
  return g_string_free (out, FALSE);
}

static void
append_error (GString    *out,
              const char *id,
              const char *problem)
{
  if (problem == NULL)
    return;
  g_string_append (out, "<p class=\"error\" id=\"e-");
  append_escaped (out, id);
  g_string_append (out, "\" role=\"alert\">");
  append_escaped (out, problem);
  g_string_append (out, "</p>\n");
}

static void
append_legend (GString           *out,
               CrmSurveyQuestion *question,
               const char        *hint)
{
  g_string_append (out, "<legend>");
  append_escaped (out, question->label);
  if (question->required)
    g_string_append_printf (out, " <span>(%s)</span>", _("required"));
  g_string_append (out, "</legend>\n");
  if (hint != NULL)
    {
      g_string_append (out, "<p>");
      append_escaped (out, hint);
      g_string_append (out, "</p>\n");
    }
}

/* one radio button and its label */
static void
append_radio (GString           *out,
              CrmSurveyQuestion *question,
              guint              index,
              const char        *value,
              const char        *label,
              const char        *chosen)
{
  g_string_append (out, "<input type=\"radio\" id=\"q-");
  append_escaped (out, question->id);
  g_string_append_printf (out, "-%u\" name=\"q-", index);
  append_escaped (out, question->id);
  g_string_append (out, "\" value=\"");
  append_escaped (out, value);
  g_string_append_printf (out, "\"%s%s><label for=\"q-", question->required ? " required" : "",
                          g_strcmp0 (chosen, value) == 0 ? " checked" : "");
  append_escaped (out, question->id);
  g_string_append_printf (out, "-%u\">", index);
  append_escaped (out, label);
  g_string_append (out, "</label>\n");
}

static void
append_choices (GString           *out,
                CrmSurveyQuestion *question,
                const char        *chosen)
{
  int low = question->type == CRM_SURVEY_QUESTION_NPS ? 0 : 1;
  int high = question->type == CRM_SURVEY_QUESTION_NPS ? 10 : 5;

  if (question->type == CRM_SURVEY_QUESTION_CHOICE)
    {
      for (guint i = 0; question->options[i] != NULL; i++)
        append_radio (out, question, i, question->options[i], question->options[i], chosen);
      return;
    }
  for (int score = low; score <= high; score++)
    {
      g_autofree char *value = g_strdup_printf ("%d", score);

      append_radio (out, question, (guint) score, value, value, chosen);
    }
}

static void
append_question (GString           *out,
                 CrmSurveyQuestion *question,
                 const char        *value,
                 const char        *problem)
{
  if (question->type == CRM_SURVEY_QUESTION_TEXT)
    {
      g_string_append (out, "<div class=\"q\"><label for=\"q-");
      append_escaped (out, question->id);
      g_string_append (out, "\">");
      append_escaped (out, question->label);
      if (question->required)
        g_string_append_printf (out, " <span>(%s)</span>", _("required"));
      g_string_append (out, "</label><br>\n");
      append_error (out, question->id, problem);
      g_string_append (out, "<textarea id=\"q-");
      append_escaped (out, question->id);
      g_string_append (out, "\" name=\"q-");
      append_escaped (out, question->id);
      g_string_append_printf (out, "\" maxlength=\"%d\"%s", CRM_SURVEY_MAX_TEXT, question->required ? " required" : "");
      if (problem != NULL)
        {
          g_string_append (out, " aria-describedby=\"e-");
          append_escaped (out, question->id);
          g_string_append (out, "\"");
        }
      g_string_append (out, ">");
      append_escaped (out, value);
      g_string_append (out, "</textarea></div>\n");
      return;
    }
  g_string_append (out, "<fieldset");
  if (problem != NULL)
    {
      g_string_append (out, " aria-describedby=\"e-");
      append_escaped (out, question->id);
      g_string_append (out, "\"");
    }
  g_string_append (out, ">\n");
  append_legend (out, question,
                 question->type == CRM_SURVEY_QUESTION_RATING ? _("1 = very dissatisfied, 5 = very satisfied") :
                 question->type == CRM_SURVEY_QUESTION_NPS ? _("0 = not at all likely, 10 = extremely likely") : NULL);
  append_error (out, question->id, problem);
  append_choices (out, question, value);
  g_string_append (out, "</fieldset>\n");
}

/**
 * rapportd_survey_html_form:
 * @form: the invitation's form, in the thread's language
 * @token: its secret, the form's address
 * @mac: the hidden field that proves rapportd gave the form
 * @values: (nullable): question id → what was posted, shown again
 * @problems: (nullable): question id → what is wrong, shown by the question
 *
 * Returns: (transfer full): the form's page
 */
char *
rapportd_survey_html_form (RapportdSurveyForm *form,
                           const char         *token,
                           const char         *mac,
                           GHashTable         *values,
                           GHashTable         *problems)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (form != NULL && token != NULL && mac != NULL, NULL);

  append_head (out, form->language, form->title);
  if (form->intro != NULL && *form->intro != '\0')
    {
      g_string_append (out, "<p>");
      append_escaped (out, form->intro);
      g_string_append (out, "</p>\n");
    }
  if (problems != NULL)
    {
      g_string_append (out, "<p class=\"error\" role=\"alert\">");
      append_escaped (out, _("Some answers are missing or not valid: see the questions marked below."));
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "<form method=\"post\" action=\"/s/");
  append_escaped (out, token);
  g_string_append (out, "\" accept-charset=\"UTF-8\">\n<input type=\"hidden\" name=\"csrf\" value=\"");
  append_escaped (out, mac);
  g_string_append (out, "\">\n");
  for (guint i = 0; i < form->questions->len; i++)
    {
      CrmSurveyQuestion *question = form->questions->pdata[i];

      append_question (out, question, values ? g_hash_table_lookup (values, question->id) : NULL,
                       problems ? g_hash_table_lookup (problems, question->id) : NULL);
    }
  g_string_append (out, "<button type=\"submit\">");
  append_escaped (out, _("Send my answers"));
  g_string_append (out, "</button>\n</form>\n</main></body></html>\n");
  return g_string_free (out, FALSE);
}
