/* rapport-test-ui.h: driving the real client under Xvfb: waiting, finding widgets, screenshots */
#pragma once

#include <adwaita.h>

#include "pages/rapport-record-page.h"
#include "rapport-api.h"

G_BEGIN_DECLS

typedef gboolean (*RapportTestCondition) (gpointer data);

void       rapport_test_ui_wait_until   (RapportTestCondition  condition,
                                         gpointer              data,
                                         guint                 timeout_seconds,
                                         const char           *what);
void       rapport_test_ui_settle       (guint                 milliseconds);
GtkWidget *rapport_test_ui_find_by_name (GtkWidget            *root,
                                         const char           *name);
GtkWidget *rapport_test_ui_find_by_type (GtkWidget            *root,
                                         GType                 type);
RapportRecordPage *rapport_test_ui_record_page (GtkWidget     *window);
GtkWidget *rapport_test_ui_find_label   (GtkWidget            *root,
                                         const char           *text);
GtkWidget *rapport_test_ui_find_button (GtkWidget            *root,
                                        const char           *label);
GtkWidget *rapport_test_ui_find_label_containing (GtkWidget  *root,
                                                  const char *part);
GtkWidget *rapport_test_ui_open_window  (int                   width,
                                         int                   height);
char      *rapport_test_ui_screenshot   (GtkWidget            *window,
                                         const char           *name);
void       rapport_test_ui_sign_in      (GtkWidget            *window,
                                         const char           *server,
                                         const char           *login,
                                         const char           *password);
RapportApi *rapport_test_ui_api         (GtkWidget            *window);
void       rapport_test_ui_wait_events  (GtkWidget            *window);
GtkWidget *rapport_test_ui_find_dialog  (GType                 type);
GtkWidget *rapport_test_ui_wait_for_dialog (GType              type,
                                         const char           *what);
void       rapport_test_ui_wait_dialog_gone (GType             type,
                                          const char          *what);
void       rapport_test_ui_respond      (const char           *response,
                                         const char           *screenshot);
void       rapport_test_ui_keep_result  (GObject              *source,
                                         GAsyncResult         *result,
                                         gpointer              user_data);
GAsyncResult *rapport_test_ui_wait_result (GAsyncResult     **slot,
                                           const char        *what);
char      *rapport_test_ui_pdf_text     (const char           *path);
void       rapport_test_ui_use_locale   (const char           *lang);
const char *rapport_test_ui_init_locale (void);

G_END_DECLS
