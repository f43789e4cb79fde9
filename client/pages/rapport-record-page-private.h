/* rapport-record-page-private.h: what the record page's files share */
#pragma once

#include "rapport-record-page.h"
#include "rapport-record-presence.h"
#include "rapport-record-watch.h"
#include "widgets/rapport-presence-banner.h"
#include "rapport-retry-key.h"

#include <adwaita.h>

G_BEGIN_DECLS

struct _RapportRecordPage
{
  GtkWidget          parent_instance;

  GtkLabel          *title_label;
  GtkWidget         *archive_button;
  GtkWidget         *actions_box;
  GtkWidget         *more_button;
  GtkWidget         *save_button;
  GtkLabel          *error_label;
  GtkLabel          *meta_label;
  GtkStack          *state_stack;
  GtkWidget         *form_box;
  GtkRevealer       *change_banner;
  GtkLabel          *change_label;
  GtkWidget         *change_reload_button;
  RapportPresenceBanner *presence_banner;

  RapportApi        *api;
  GType              entity_type;
  gint64             id;
  GVariant          *preset;
  CrmEntity         *entity;
  RapportEntityForm *form;
  GCancellable      *cancellable;
  char              *title;
  gboolean           saving;
  /* a new record's create, sent again unchanged after an error, is made once */
  RapportRetryKey    create_key;
  GtkWidget         *history_group;
  GtkWidget         *history_list;
  /* a box of the kind of record's own widgets above the form, if any (a stage bar) */
  GtkWidget         *extra;
  /* others' saves of the record shown */
  RapportRecordWatch *watch;
  /* who else edits it, and telling them while we do */
  RapportRecordPresence *presence;
  guint              focus_source;
};

char *rapport_record_page_path           (RapportRecordPage *self,
                                          const char        *suffix);

void  rapport_record_page_show_error     (RapportRecordPage *self,
                                          const GError      *error);

/* in rapport-record-page-actions.c */
void  rapport_record_page_build_actions  (RapportRecordPage *self);
void  rapport_record_page_update_actions (RapportRecordPage *self);

void  rapport_record_page_send_create   (RapportRecordPage *self,
                                          JsonNode          *body,
                                          const char        *reason);
void  rapport_record_page_end_saving     (RapportRecordPage *self);

/* in rapport-record-page-duplicates.c */
void  rapport_record_page_create         (RapportRecordPage *self,
                                          JsonNode          *body);

/* in rapport-record-page-extra.c */
void  rapport_record_page_build_extra    (RapportRecordPage *self);
void  rapport_record_page_update_extra   (RapportRecordPage *self);

/* in rapport-record-page-timeline.c */
void  rapport_record_page_update_timeline (RapportRecordPage *self);

/* in rapport-record-page-related.c */
void  rapport_record_page_build_children (RapportRecordPage *self);
void  rapport_record_page_build_history  (RapportRecordPage *self);
void  rapport_record_page_load_history   (RapportRecordPage *self);

G_END_DECLS
