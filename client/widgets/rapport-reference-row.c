/* rapport-reference-row.c: RapportReferenceRow, a row naming the record a field points at, chosen by searching */
#include "rapport-reference-row.h"
#include "crm-entities.h"
#include "crm-json.h"

#include <glib/gi18n.h>

struct _RapportReferenceRow
{
  AdwActionRow         parent_instance;

  GtkWidget           *clear_button;
  GtkMenuButton       *menu_button;

  RapportApi          *api;
  char                *collection;
  RapportEntityPicker *picker;
  GCancellable        *cancellable;
  gint64               id;
  char                *label;
  gboolean             editable;
};

G_DEFINE_FINAL_TYPE (RapportReferenceRow, rapport_reference_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (RapportReferenceRow *self)
{
  /* TRANSLATORS: a reference to another record that is not set */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->id == 0 ? _("None")
                               : self->label ? self->label : "…");
  gtk_widget_set_visible (self->clear_button, self->editable && self->id != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), self->editable);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), self->editable);
}

/**
 * rapport_reference_row_set_value:
 * @self: the row
 * @id: the record, or 0 for none
 * @label: (nullable): how it is named
 */
void
rapport_reference_row_set_value (RapportReferenceRow *self,
                                 gint64               id,
                                 const char          *label)
{
  gboolean changed = id != self->id;

  g_cancellable_cancel (self->cancellable);
  self->id = id;
  g_free (self->label);
  self->label = g_strdup (label);
  update (self);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

static void
label_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportReferenceRow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) entity = NULL;

  /* cancelled: the row may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  entity = crm_entity_new (crm_entities_lookup_collection (self->collection));
  g_free (self->label);
  if (node && JSON_NODE_HOLDS_OBJECT (node) && crm_json_read_entity (entity, json_node_get_object (node), NULL))
    self->label = rapport_entity_describe (entity);
  else
    /* TRANSLATORS: a record the user may not see, by its id */
    self->label = g_strdup_printf (_("No. %lld (not visible to you)"), (long long) self->id);
  update (self);
}

/* chooses @id and fetches how it is named */
void
rapport_reference_row_set_id (RapportReferenceRow *self,
                              gint64               id)
{
  g_autofree char *path = NULL;

  if (id == self->id && (self->label || id == 0))
    return;
  rapport_reference_row_set_value (self, id, NULL);
  if (id == 0)
    return;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT, self->collection, id);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, label_loaded, self);
}

gint64
rapport_reference_row_get_id (RapportReferenceRow *self)
{
  return self->id;
}

/**
 * rapport_reference_row_get_label:
 *
 * Returns: (nullable): how the chosen record is named, once known
 */
const char *
rapport_reference_row_get_label (RapportReferenceRow *self)
{
  return self->label;
}

/* only records matching @query (e.g. "account_id=7") are offered */
void
rapport_reference_row_set_filter (RapportReferenceRow *self,
                                  const char          *query)
{
  rapport_entity_picker_set_filter (self->picker, query);
}

void
rapport_reference_row_set_editable (RapportReferenceRow *self,
                                    gboolean             editable)
{
  self->editable = editable;
  update (self);
}

/**
 * rapport_reference_row_get_picker:
 *
 * Returns: (transfer none): the popover that searches
 */
RapportEntityPicker *
rapport_reference_row_get_picker (RapportReferenceRow *self)
{
  return self->picker;
}

static void
on_chosen (RapportReferenceRow *self,
           CrmEntity           *entity)
{
  g_autofree char *label = rapport_entity_describe (entity);

  rapport_reference_row_set_value (self, crm_entity_get_id (entity), label);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_activated (RapportReferenceRow *self)
{
  if (self->editable)
    gtk_menu_button_popup (self->menu_button);
}

static void
on_clear_clicked (RapportReferenceRow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  rapport_reference_row_set_value (self, 0, NULL);
}

static void
rapport_reference_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, RAPPORT_REFERENCE_ROW (object)->id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_reference_row_dispose (GObject *object)
{
  RapportReferenceRow *self = RAPPORT_REFERENCE_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_REFERENCE_ROW);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_reference_row_parent_class)->dispose (object);
}

static void
rapport_reference_row_finalize (GObject *object)
{
  RapportReferenceRow *self = RAPPORT_REFERENCE_ROW (object);

  g_free (self->collection);
  g_free (self->label);
  G_OBJECT_CLASS (rapport_reference_row_parent_class)->finalize (object);
}

static void
rapport_reference_row_class_init (RapportReferenceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_reference_row_dispose;
  object_class->finalize = rapport_reference_row_finalize;
  object_class->get_property = rapport_reference_row_get_property;

  /**
   * RapportReferenceRow:id:
   *
   * The chosen record, 0 for none.
   */
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-reference-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportReferenceRow, clear_button);
  gtk_widget_class_bind_template_child (widget_class, RapportReferenceRow, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, on_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
}

static void
rapport_reference_row_init (RapportReferenceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->editable = TRUE;
  self->cancellable = g_cancellable_new ();
}

/**
 * rapport_reference_row_new:
 * @api: the signed-in client
 * @collection: what the field points at, e.g. "accounts"
 *
 * Returns: (transfer floating): the row, with nothing chosen
 */
RapportReferenceRow *
rapport_reference_row_new (RapportApi *api,
                           const char *collection)
{
  RapportReferenceRow *self = g_object_new (RAPPORT_TYPE_REFERENCE_ROW, NULL);

  self->api = g_object_ref (api);
  self->collection = g_strdup (collection);
  self->picker = rapport_entity_picker_new (api, collection);
  g_signal_connect_object (self->picker, "chosen", G_CALLBACK (on_chosen), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->menu_button, GTK_WIDGET (self->picker));
  update (self);
  return self;
}
