/* rapport-records-page-private.h: the instance that rapport-records-page.c and its columns share */
#pragma once

#include "rapport-records-page.h"

#include <adwaita.h>

G_BEGIN_DECLS

struct _RapportRecordsPage
{
  GtkWidget         parent_instance;

  /* Enter was pressed in the search while its results were on their way */
  gboolean          results_wanted;

  GtkSearchEntry   *search_entry;
  GtkDropDown      *owner_dropdown;
  GtkToggleButton  *archived_button;
  GtkWidget        *restore_button;
  GtkWidget        *import_button;
  GtkWidget        *transfer_button;
  GtkWidget        *columns_button;
  GtkWidget        *columns_box;
  GtkWidget        *filter_box;
  GtkStack         *view_stack;
  GtkColumnView    *column_view;
  AdwStatusPage    *error_page;
  GtkLabel         *count_label;
  /* the list and other views of the collection (a board), once one is added */
  AdwViewStack     *views;

  RapportApi       *api;
  char             *collection;
  GType             entity_type;
  RapportListModel *model;
  GtkSelectionModel *selection;
  GCancellable     *cancellable;
  GSettings        *settings;
  /* the owner filter's choices: anyone, me, my team, then each active user */
  GtkStringList    *owner_names;
  GArray           *owner_ids;
  gboolean          may_transfer;
  guint             restores_pending;
  guint             restores_done;
  char             *restore_error;
};

void rapport_records_page_build_columns (RapportRecordsPage *self);

G_END_DECLS
