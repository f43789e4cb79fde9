/* rapport-entity-form-private.h: what the files of RapportEntityForm share */
#pragma once

#include "rapport-entity-form.h"

G_BEGIN_DECLS

typedef struct
{
  const CrmFieldSpec *spec;
  guint               index;
  GtkWidget          *row;
  /* the value as last loaded, in the row's text form */
  char               *original;
} FieldRow;

struct _RapportEntityForm
{
  GtkWidget  parent_instance;

  GtkWidget *group;
  GArray    *rows;
  /* while rows are filled in from a record, they are not being edited */
  gboolean   loading;
};

char     *rapport_entity_form_row_text  (FieldRow *row);
gboolean  rapport_entity_form_row_valid (FieldRow *row);

G_END_DECLS
