/* rapport-import-assistant-private.h: what the import assistant's files share: its instance, its steps' moves, the file as read, the result */
#pragma once

#include "rapport-import-assistant.h"
#include "rapport-import-mapping-view.h"
#include "rapport-import-preview.h"
#include "crm-import-read.h"

G_BEGIN_DECLS

struct _RapportImportAssistant
{
  AdwWindow                 parent_instance;

  AdwWindowTitle           *window_title;
  GtkWidget                *back_button;
  GtkWidget                *cancel_button;
  GtkWidget                *next_button;
  GtkWidget                *choose_button;
  AdwToastOverlay          *toasts;
  GtkStack                 *steps;
  AdwPreferencesGroup      *reading_group;
  AdwComboRow              *encoding_row;
  AdwComboRow              *separator_row;
  AdwComboRow              *sheet_row;
  RapportImportPreview     *preview;
  RapportImportMappingView *mapping_view;
  GtkCheckButton           *duplicate_create;
  GtkCheckButton           *duplicate_skip;
  GtkCheckButton           *duplicate_update;
  GtkCheckButton           *mode_all;
  GtkCheckButton           *mode_good_rows;
  GtkWidget                *accounts_group;
  GtkSwitch                *create_missing_switch;
  GtkLabel                 *check_summary;
  GtkListBox               *problems_list;
  GtkWidget                *conversions_group;
  GtkListBox               *conversions_list;
  GtkProgressBar           *progress_bar;
  AdwStatusPage            *result_page;
  GtkWidget                *save_rejected_button;
  GtkWidget                *undo_button;

  RapportApi               *api;
  char                     *collection;
  GCancellable             *cancellable;
  GtkFileChooserNative     *chooser;

  /* the file, as it is, and its rows as read with the choices shown */
  char                     *file_name;
  GBytes                   *contents;
  CrmImportFormat           format;
  GtkStringList            *sheets;
  /* the separator the reader finds in the text, as the server will */
  char                      sniffed;
  /* the choices are being set to what was found: no reading again */
  gboolean                  choosing;
  /* the latest reading of the file: an older one's rows are dropped */
  guint                     generation;
  GPtrArray                *rows;
  /* what the last reading found wrong, gone with the next reading */
  AdwToast                 *reading_toast;

  gboolean                  busy;
  JsonObject               *answer;
  char                     *token;
  guint                     pulse_source;
  gboolean                  progress_heard;
  gint64                    batch_id;
  /* records were written or put back: the list reloads */
  gboolean                  changed;
};

void        rapport_import_assistant_update        (RapportImportAssistant  *self);
void        rapport_import_assistant_go_to         (RapportImportAssistant  *self,
                                                    const char              *step);
AdwToast   *rapport_import_assistant_toast         (RapportImportAssistant  *self,
                                                    const char              *message);
void        rapport_import_assistant_set_busy      (RapportImportAssistant  *self,
                                                    gboolean                 busy);
void        rapport_import_assistant_setup_reading (RapportImportAssistant  *self);
void        rapport_import_assistant_choose_file   (RapportImportAssistant  *self);
void        rapport_import_assistant_read_again    (RapportImportAssistant  *self);
const char *rapport_import_assistant_get_sheet     (RapportImportAssistant  *self);
void        rapport_import_assistant_show_result   (RapportImportAssistant  *self);
void        rapport_import_assistant_undo          (RapportImportAssistant  *self);
void        rapport_import_assistant_choose_rejected_file (RapportImportAssistant *self);
GBytes     *rapport_import_assistant_dup_body      (RapportImportAssistant  *self,
                                                    const char             **content_type,
                                                    const char             **charset);

G_END_DECLS
