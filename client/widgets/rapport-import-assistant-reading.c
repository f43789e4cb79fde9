/* rapport-import-assistant-reading.c: the import assistant's file: chosen or dropped, read here as the server will, sent
 *
 * The file is read with the shared readers (crm-import-read, -charset,
 * crm-csv, crm-xlsx), in a worker thread, so the preview needs no request. The encoding
 * and separator found are shown and can be changed: the encoding travels as
 * charset=; a separator other than the one the server would find (it
 * sniffs, as crm_import_read() does) is honoured by sending the rows as read
 * here, as tab-separated UTF-8. */
#include "rapport-import-assistant-private.h"
#include "crm-csv.h"
#include "crm-import-charset.h"
#include "crm-xlsx.h"

#include <glib/gi18n.h>
#include <string.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* the encodings offered: the reader's names, and how they are shown */
static const struct
{
  const char *name;
  const char *label;
} encodings[] = {
  { "UTF-8",        "UTF-8" },
  { "GB18030",      "GB18030 (GBK)" },
  { "Big5",         "Big5" },
  { "Shift_JIS",    "Shift_JIS" },
  { "windows-1252", "Windows-1252" },
  { "UTF-16LE",     "UTF-16LE" },
  { "UTF-16BE",     "UTF-16BE" },
};

static const char separators[] = { ',', ';', '\t' };

static const struct
{
  const char      *suffix;
  CrmImportFormat  format;
} suffixes[] = {
  { ".xlsx",  CRM_IMPORT_XLSX },
  { ".vcf",   CRM_IMPORT_VCARD },
  { ".vcard", CRM_IMPORT_VCARD },
  { ".tsv",   CRM_IMPORT_TSV },
  { ".tab",   CRM_IMPORT_TSV },
};

void
rapport_import_assistant_setup_reading (RapportImportAssistant *self)
{
  g_autoptr(GtkStringList) encoding_labels = gtk_string_list_new (NULL);
  /* TRANSLATORS: the separators between a CSV file's cells */
  g_autoptr(GtkStringList) separator_labels =
    gtk_string_list_new ((const char * const[]) { _("Comma (,)"), _("Semicolon (;)"), _("Tab"), NULL });

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    gtk_string_list_append (encoding_labels, encodings[i].label);
  self->choosing = TRUE;
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (encoding_labels));
  adw_combo_row_set_model (self->separator_row, G_LIST_MODEL (separator_labels));
  self->sheets = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->sheet_row, G_LIST_MODEL (self->sheets));
  self->choosing = FALSE;
}

static const char *
chosen_encoding (RapportImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->encoding_row);

  return selected < G_N_ELEMENTS (encodings) ? encodings[selected].name : NULL;
}

static char
chosen_separator (RapportImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->separator_row);

  return selected < G_N_ELEMENTS (separators) ? separators[selected] : ',';
}

/* the sheet chosen of a workbook; NULL otherwise */
const char *
rapport_import_assistant_get_sheet (RapportImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->sheet_row);

  if (self->format != CRM_IMPORT_XLSX || selected >= g_list_model_get_n_items (G_LIST_MODEL (self->sheets)))
    return NULL;
  return gtk_string_list_get_string (self->sheets, selected);
}

/* the choices set to what the reader found */
static void
show_found (RapportImportAssistant *self,
            const char             *encoding,
            char                    separator)
{
  self->choosing = TRUE;
  for (guint i = 0; encoding && i < G_N_ELEMENTS (encodings); i++)
    if (g_ascii_strcasecmp (encodings[i].name, encoding) == 0)
      adw_combo_row_set_selected (self->encoding_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    if (separators[i] == separator)
      adw_combo_row_set_selected (self->separator_row, i);
  self->choosing = FALSE;
}

/* one reading of the file, in a worker thread: a large file does not hold
 * up the window */
typedef struct
{
  GBytes          *contents;
  CrmImportFormat  format;
  /* the encoding and separator chosen; NULL and '\0': those found */
  char            *charset;
  char             separator;
  char            *sheet;
  /* what was found */
  const char      *encoding;
  char             sniffed;
  guint            generation;
} Reading;

static void
reading_free (Reading *reading)
{
  g_bytes_unref (reading->contents);
  g_free (reading->charset);
  g_free (reading->sheet);
  g_free (reading);
}

static GPtrArray *
read_rows (Reading  *reading,
           GError  **error)
{
  const char *data = g_bytes_get_data (reading->contents, NULL);
  gsize length = g_bytes_get_size (reading->contents);
  g_autofree char *text = NULL;
  gsize text_length = 0;
  CrmImportInfo info = { 0 };
  GPtrArray *rows;

  if (reading->format == CRM_IMPORT_XLSX)
    return crm_xlsx_parse (data ? data : "", length, reading->sheet, error);
  if (reading->format == CRM_IMPORT_VCARD)
    {
      rows = crm_import_read (data, length, CRM_IMPORT_VCARD, reading->charset, NULL, &info, error);
      reading->encoding = info.encoding;
      return rows;
    }
  text = crm_import_charset_to_utf8 (data ? data : "", length, reading->charset, &reading->encoding,
                                     &text_length, error);
  if (text == NULL)
    return NULL;
  reading->sniffed = reading->format == CRM_IMPORT_TSV ? '\t' : crm_csv_sniff_separator (text, text_length);
  return crm_csv_parse_separated (text, text_length, reading->separator ? reading->separator : reading->sniffed, error);
}

static void
read_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *rows = read_rows (task_data, &error);

  if (rows)
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
rows_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RapportImportAssistant *self = RAPPORT_IMPORT_ASSISTANT (source);
  Reading *reading = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_task_propagate_pointer (G_TASK (result), &error);

  /* cancelled with the window, or a newer reading on its way */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || reading->generation != self->generation)
    return;
  self->busy = FALSE;
  if (reading->charset == NULL)
    show_found (self, reading->encoding, reading->sniffed);
  self->sniffed = reading->sniffed;
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = g_steal_pointer (&rows);
  rapport_import_preview_set_rows (self->preview, self->rows);
  if (self->rows && self->rows->len > 0)
    rapport_import_mapping_view_set_rows (self->mapping_view, self->rows);
  if (self->reading_toast)
    adw_toast_dismiss (self->reading_toast);
  g_clear_object (&self->reading_toast);
  if (error)
    self->reading_toast = g_object_ref (rapport_import_assistant_toast (self, error->message));
  else if (self->rows == NULL || self->rows->len < 2)
    self->reading_toast = g_object_ref (rapport_import_assistant_toast (self, _("The file has no rows below its header")));
  rapport_import_assistant_update (self);
}

/* @detect: with the encoding and separator found, rather than the ones chosen */
static void
show_rows (RapportImportAssistant *self,
           gboolean                detect)
{
  Reading *reading = g_new0 (Reading, 1);
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, rows_read, NULL);

  reading->contents = g_bytes_ref (self->contents);
  reading->format = self->format;
  reading->charset = detect ? NULL : g_strdup (chosen_encoding (self));
  reading->separator = detect ? '\0' : chosen_separator (self);
  reading->sheet = g_strdup (rapport_import_assistant_get_sheet (self));
  reading->generation = ++self->generation;
  g_task_set_source_tag (task, show_rows);
  g_task_set_task_data (task, reading, (GDestroyNotify) reading_free);
  self->busy = TRUE;
  rapport_import_assistant_update (self);
  g_task_run_in_thread (task, read_in_thread);
}

/* an encoding, separator or sheet chosen */
void
rapport_import_assistant_read_again (RapportImportAssistant *self)
{
  if (self->choosing || self->contents == NULL)
    return;
  show_rows (self, FALSE);
}

static CrmImportFormat
format_of (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i].suffix))
      return suffixes[i].format;
  return CRM_IMPORT_CSV;
}

static void
file_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportImportAssistant *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_auto(GStrv) sheets = NULL;
  gboolean text;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (contents == NULL)
    {
      rapport_import_assistant_toast (self, error->message);
      rapport_import_assistant_update (self);
      return;
    }
  g_clear_pointer (&self->contents, g_bytes_unref);
  self->contents = g_steal_pointer (&contents);
  g_free (self->file_name);
  self->file_name = g_file_get_basename (G_FILE (source));
  self->format = format_of (self->file_name);
  text = self->format != CRM_IMPORT_XLSX;
  self->choosing = TRUE;
  if (!text)
    sheets = crm_xlsx_sheet_names (g_bytes_get_data (self->contents, NULL), g_bytes_get_size (self->contents), NULL);
  gtk_string_list_splice (self->sheets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sheets)),
                          (const char * const *) sheets);
  adw_combo_row_set_selected (self->sheet_row, 0);
  self->choosing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), !text);
  gtk_widget_set_visible (GTK_WIDGET (self->encoding_row), text);
  gtk_widget_set_visible (GTK_WIDGET (self->separator_row), text && self->format != CRM_IMPORT_VCARD);
  adw_preferences_group_set_description (self->reading_group, self->file_name);
  rapport_import_assistant_go_to (self, "reading");
  show_rows (self, TRUE);
}

/**
 * rapport_import_assistant_open_file:
 * @self: the assistant
 * @file: the file chosen or dropped
 *
 * Reads @file and shows how it reads, on the second step.
 */
void
rapport_import_assistant_open_file (RapportImportAssistant *self,
                                    GFile                  *file)
{
  g_return_if_fail (RAPPORT_IS_IMPORT_ASSISTANT (self));
  g_return_if_fail (G_IS_FILE (file));

  self->busy = TRUE;
  rapport_import_assistant_update (self);
  g_file_load_bytes_async (file, self->cancellable, file_loaded, self);
}

static void
file_chosen (GtkNativeDialog        *chooser,
             int                     response,
             RapportImportAssistant *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    rapport_import_assistant_open_file (self, file);
  g_clear_object (&self->chooser);
}

void
rapport_import_assistant_choose_file (RapportImportAssistant *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL || self->busy)
    return;
  gtk_file_filter_set_name (filter, _("Files to import (CSV, Excel, vCard)"));
  for (const char * const *pattern = (const char * const[]) { "*.csv", "*.tsv", "*.tab", "*.txt", "*.xlsx", "*.vcf",
                                                              "*.vcard", NULL }; *pattern; pattern++)
    gtk_file_filter_add_pattern (filter, *pattern);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  self->chooser = gtk_file_chooser_native_new (_("Choose a File to Import"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* a cell of a tab-separated file, quoted where it must be */
static void
append_cell (GString    *out,
             const char *cell)
{
  if (strpbrk (cell, "\t\"\r\n") == NULL)
    {
      g_string_append (out, cell);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = cell; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static GBytes *
rows_as_tsv (GPtrArray *rows)
{
  GString *out = g_string_new (NULL);

  for (guint r = 0; rows && r < rows->len; r++)
    {
      const char * const *cells = rows->pdata[r];

      for (guint c = 0; cells[c] != NULL; c++)
        {
          if (c > 0)
            g_string_append_c (out, '\t');
          append_cell (out, cells[c]);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free_to_bytes (out);
}

/**
 * rapport_import_assistant_dup_body:
 * @self: the assistant, its file read
 * @content_type: (out): the body's media type
 * @charset: (out) (nullable): its encoding, for charset=
 *
 * Returns: (transfer full): the file as the server is to read it
 */
GBytes *
rapport_import_assistant_dup_body (RapportImportAssistant  *self,
                                   const char             **content_type,
                                   const char             **charset)
{
  char separator = chosen_separator (self);

  *charset = chosen_encoding (self);
  switch (self->format)
    {
    case CRM_IMPORT_XLSX:
      *content_type = XLSX_TYPE;
      *charset = NULL;
      return g_bytes_ref (self->contents);
    case CRM_IMPORT_VCARD:
      *content_type = "text/vcard";
      return g_bytes_ref (self->contents);
    case CRM_IMPORT_CSV:
    case CRM_IMPORT_TSV:
    default:
      break;
    }
  if (separator == self->sniffed)
    {
      *content_type = self->format == CRM_IMPORT_TSV ? "text/tab-separated-values" : "text/csv";
      return g_bytes_ref (self->contents);
    }
  *content_type = "text/tab-separated-values";
  if (separator == '\t')
    return g_bytes_ref (self->contents);
  *charset = "UTF-8";
  return rows_as_tsv (self->rows);
}
