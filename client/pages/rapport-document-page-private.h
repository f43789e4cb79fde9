/* rapport-document-page-private.h: what the document page's files share */
#pragma once

#include "rapport-document-page.h"
#include "rapport-record-presence.h"
#include "rapport-record-watch.h"
#include "rapport-retry-key.h"
#include "widgets/rapport-approval-panel.h"
#include "widgets/rapport-document-actions.h"
#include "widgets/rapport-document-lines.h"
#include "widgets/rapport-document-totals.h"
#include "widgets/rapport-entity-form.h"
#include "widgets/rapport-presence-banner.h"

#include <adwaita.h>

G_BEGIN_DECLS

struct _RapportDocumentPage
{
  GtkWidget               parent_instance;

  GtkScrolledWindow      *scroller;
  GtkLabel               *title_label;
  GtkLabel               *status_label;
  GtkLabel               *error_label;
  GtkLabel               *meta_label;
  RapportDocumentActions *actions;
  GtkWidget              *print_button;
  GtkWidget              *save_button;
  GtkStack               *state_stack;
  GtkWidget              *form_box;
  GtkWidget              *lines_group;
  RapportDocumentTotals  *totals;
  RapportApprovalPanel   *approvals;
  RapportPresenceBanner  *presence_banner;
  /* the files filed under the document, below its approvals */
  GtkWidget              *attachments;

  RapportApi             *api;
  GType                   entity_type;
  gint64                  id;
  GVariant               *preset;
  CrmEntity              *entity;
  RapportEntityForm      *form;
  RapportDocumentLines   *lines;
  GCancellable           *cancellable;
  char                   *title;
  gboolean                editable;
  gboolean                saving;
  /* a new document's create, sent again unchanged after an error, is made once */
  RapportRetryKey         create_key;
  guint                   printing;
  guint                   focus_source;
  /* others' saves and steps of the document shown, and the toast that told one */
  RapportRecordWatch     *watch;
  AdwToast               *change_toast;
  /* who else edits it, and telling them while we do */
  RapportRecordPresence  *presence;
};

char *rapport_document_page_path            (RapportDocumentPage *self,
                                             const char          *suffix);
void  rapport_document_page_toast           (RapportDocumentPage *self,
                                             const char          *message);

CrmEntityClass *rapport_document_page_entity_class     (RapportDocumentPage  *self);
void            rapport_document_page_show_error       (RapportDocumentPage  *self,
                                                        const GError         *error);
CrmEntity      *rapport_document_page_entity_from_node (RapportDocumentPage  *self,
                                                        JsonNode             *node,
                                                        GError              **error);
void            rapport_document_page_set_entity       (RapportDocumentPage  *self,
                                                        CrmEntity            *entity);
gboolean        rapport_document_page_may_change       (RapportDocumentPage  *self);
void            rapport_document_page_set_editable     (RapportDocumentPage  *self,
                                                        gboolean              editable);
void            rapport_document_page_reprice          (RapportDocumentPage  *self);
void            rapport_document_page_update_title     (RapportDocumentPage  *self);
void            rapport_document_page_emit_changed     (RapportDocumentPage  *self);

/* in rapport-document-page-print.c */
void  rapport_document_page_print_activated (GtkWidget           *widget,
                                             const char          *action,
                                             GVariant            *parameter);

G_END_DECLS
