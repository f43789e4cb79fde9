/* rapport-admin-list.c: RapportAdminList, the list of records beside an administrator's editor:
 * loads them, refills the page's GtkListBox and its "list"/"empty" stack, keeps the record
 * being edited selected, and asks before unsaved changes are thrown away */
#include "rapport-admin-list.h"
#include "widgets/rapport-discard-dialog.h"
#include "crm-json.h"

#include <glib/gi18n.h>

#define ENTITY_KEY "rapport-admin-list-entity"
#define LIST_KEY "rapport-admin-list"

struct _RapportAdminList
{
  GObject                parent_instance;

  /* the page owns the list, and these widgets through its template */
  GtkWidget             *page;
  GtkListBox            *list;
  GtkStack              *list_stack;
  RapportAdminListHooks  hooks;

  GType                  entity_type;
  char                  *collection;
  guint                  limit;
  char                  *unsaved;
  GCancellable          *cancellable;
  GPtrArray             *entities;
  /* the record being edited; NULL for a new one */
  CrmEntity             *current;
  gboolean               dirty;
  /* set while the list itself changes the selection */
  gboolean               filling;
  gboolean               loading;
  gboolean               keep_editor;
};

G_DEFINE_FINAL_TYPE (RapportAdminList, rapport_admin_list, G_TYPE_OBJECT)

static CrmEntity *
row_entity (GtkListBoxRow *row)
{
  return row ? g_object_get_data (G_OBJECT (row), ENTITY_KEY) : NULL;
}

/* selects the row of the record @id; Returns: (nullable): its record */
static CrmEntity *
select_id (RapportAdminList *self,
           gint64            id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    if (crm_entity_get_id (row_entity (row)) == id)
      {
        gtk_list_box_select_row (self->list, row);
        return row_entity (row);
      }
  return NULL;
}

gboolean
rapport_admin_list_get_dirty (RapportAdminList *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_LIST (self), FALSE);

  return self->hooks.is_dirty ? self->hooks.is_dirty (self->page) : self->dirty;
}

/* the editor shows @wanted, or a new record: what was typed is given up */
static void
discard (GObject   *owner,
         CrmEntity *wanted)
{
  RapportAdminList *self = g_object_get_data (owner, LIST_KEY);
  CrmEntity *shown = NULL;

  if (self == NULL)
    return;
  self->dirty = FALSE;
  self->filling = TRUE;
  if (wanted)
    shown = select_id (self, crm_entity_get_id (wanted));
  else
    gtk_list_box_unselect_all (self->list);
  self->filling = FALSE;
  /* the row's record, as last loaded, when it is still listed */
  self->hooks.edit (self->page, wanted ? (shown ? shown : wanted) : NULL);
}

/* asks before what was typed is thrown away; TRUE when nothing is at stake */
static gboolean
may_leave (RapportAdminList *self,
           CrmEntity        *wanted)
{
  if (!rapport_admin_list_get_dirty (self))
    return TRUE;
  rapport_discard_dialog_present (self->page, g_dgettext (GETTEXT_PACKAGE, self->unsaved), wanted, discard);
  return FALSE;
}

static void
on_row_selected (RapportAdminList *self,
                 GtkListBoxRow    *row)
{
  CrmEntity *entity = row_entity (row);

  if (self->filling || entity == NULL || entity == self->current ||
      (self->current && crm_entity_get_id (entity) == crm_entity_get_id (self->current) &&
       rapport_admin_list_get_dirty (self)))
    return;
  if (!may_leave (self, entity))
    {
      /* the list keeps showing the record being edited */
      self->filling = TRUE;
      if (self->current)
        select_id (self, crm_entity_get_id (self->current));
      else
        gtk_list_box_unselect_all (self->list);
      self->filling = FALSE;
      return;
    }
  self->hooks.edit (self->page, entity);
}

/**
 * rapport_admin_list_start_new:
 * @self: the list
 *
 * Starts a new record in the page's editor, once unsaved changes are given up.
 */
void
rapport_admin_list_start_new (RapportAdminList *self)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_LIST (self));

  if (!may_leave (self, NULL))
    return;
  discard (G_OBJECT (self->page), NULL);
}

static void
refill (RapportAdminList *self)
{
  GtkWidget *child;

  self->filling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < self->entities->len; i++)
    {
      GtkWidget *row = self->hooks.make_row (self->entities->pdata[i]);

      g_object_set_data_full (G_OBJECT (row), ENTITY_KEY, g_object_ref (self->entities->pdata[i]), g_object_unref);
      gtk_list_box_append (self->list, row);
    }
  if (self->keep_editor && self->current)
    select_id (self, crm_entity_get_id (self->current));
  self->filling = FALSE;
  if (self->list_stack)
    gtk_stack_set_visible_child_name (self->list_stack, self->entities->len ? "list" : "empty");
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportAdminList *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      self->hooks.show_error (self->page, error);
      return;
    }
  g_ptr_array_set_size (self->entities, 0);
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      g_autoptr(CrmEntity) entity = crm_entity_new (self->entity_type);

      if (crm_json_read_entity (entity, json_array_get_object_element (items, i), NULL))
        g_ptr_array_add (self->entities, g_steal_pointer (&entity));
    }
  refill (self);

  /* the record being edited stays (shown again as loaded, unless the editor is
   * kept); otherwise the first, or a new one */
  if (self->current)
    {
      if (!self->keep_editor)
        select_id (self, crm_entity_get_id (self->current));
    }
  else if (self->entities->len > 0 && !rapport_admin_list_get_dirty (self))
    gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
  else if (!rapport_admin_list_get_dirty (self) && !self->keep_editor)
    rapport_admin_list_start_new (self);
}

/**
 * rapport_admin_list_load:
 * @self: the list
 * @api: (nullable): the server; nothing is loaded without one
 *
 * Loads the records, sorted by name, and refills the list.
 */
void
rapport_admin_list_load (RapportAdminList *self,
                         RapportApi       *api)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_ADMIN_LIST (self));

  if (api == NULL)
    return;
  path = g_strdup_printf ("%s?limit=%u&sort=name", self->collection, self->limit);
  self->loading = TRUE;
  rapport_api_request_async (api, "GET", path, NULL, self->cancellable, loaded, self);
}

/**
 * rapport_admin_list_send:
 * @self: the list
 * @api: the server
 * @patch: the fields to store; given the version of the record being edited
 * @callback: called with the server's answer (rapport_api_request_finish())
 * @user_data: for @callback
 *
 * Sends @patch: a PATCH of the record being edited, at the version it was
 * loaded with, or the POST of a new record.
 */
void
rapport_admin_list_send (RapportAdminList    *self,
                         RapportApi          *api,
                         CrmEntity           *patch,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_ADMIN_LIST (self));
  g_return_if_fail (RAPPORT_IS_API (api));
  g_return_if_fail (CRM_IS_ENTITY (patch));

  if (self->current)
    {
      crm_entity_set_version (patch, crm_entity_get_version (self->current));
      path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, self->collection, crm_entity_get_id (self->current));
    }
  body = crm_json_from_entity_set (patch);
  rapport_api_request_async (api, self->current ? "PATCH" : "POST", path ? path : self->collection, body,
                             self->cancellable, callback, user_data);
}

/* shows the stored record of that name */
gboolean
rapport_admin_list_select_name (RapportAdminList *self,
                                const char       *name)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_LIST (self), FALSE);

  for (guint i = 0; i < self->entities->len; i++)
    if (g_strcmp0 (crm_entity_get_text (self->entities->pdata[i], "name"), name) == 0)
      {
        select_id (self, crm_entity_get_id (self->entities->pdata[i]));
        return TRUE;
      }
  return FALSE;
}

/**
 * rapport_admin_list_set_keep_editor:
 * @self: the list
 * @keep_editor: whether a reload leaves the editor as it is
 *
 * With @keep_editor, a reload reselects the record being edited without
 * showing it again, and an empty list does not start a new record.
 */
void
rapport_admin_list_set_keep_editor (RapportAdminList *self,
                                    gboolean          keep_editor)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_LIST (self));

  self->keep_editor = keep_editor;
}

gboolean
rapport_admin_list_get_loading (RapportAdminList *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_LIST (self), FALSE);

  return self->loading;
}

guint
rapport_admin_list_get_n_items (RapportAdminList *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_LIST (self), 0);

  return self->entities->len;
}

/* Returns: (transfer none) (nullable): the record being edited, %NULL for a new one */
CrmEntity *
rapport_admin_list_get_current (RapportAdminList *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_LIST (self), NULL);

  return self->current;
}

void
rapport_admin_list_set_current (RapportAdminList *self,
                                CrmEntity        *entity)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_LIST (self));
  g_return_if_fail (entity == NULL || CRM_IS_ENTITY (entity));

  g_set_object (&self->current, entity);
}

void
rapport_admin_list_set_dirty (RapportAdminList *self,
                              gboolean          dirty)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_LIST (self));

  self->dirty = dirty;
}

/**
 * rapport_admin_list_new:
 * @page: the page that owns the list: the discard question is modal to its window
 * @list: the page's list of records
 * @list_stack: (nullable): the page's stack with a "list" and an "empty" child
 * @entity_type: the records' type
 * @collection: their API path, e.g. "/templates"
 * @limit: how many are loaded at the most
 * @unsaved: the question's text when unsaved changes would be thrown away, marked with N_()
 * @hooks: what the page does itself
 * @cancellable: (nullable): cancelled when the page goes
 *
 * Returns: (transfer full): the list, which drives @list from now on
 */
RapportAdminList *
rapport_admin_list_new (GtkWidget                   *page,
                        GtkListBox                  *list,
                        GtkStack                    *list_stack,
                        GType                        entity_type,
                        const char                  *collection,
                        guint                        limit,
                        const char                  *unsaved,
                        const RapportAdminListHooks *hooks,
                        GCancellable                *cancellable)
{
  RapportAdminList *self;

  g_return_val_if_fail (GTK_IS_WIDGET (page), NULL);
  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);
  g_return_val_if_fail (list_stack == NULL || GTK_IS_STACK (list_stack), NULL);
  g_return_val_if_fail (g_type_is_a (entity_type, CRM_TYPE_ENTITY), NULL);
  g_return_val_if_fail (collection != NULL && unsaved != NULL, NULL);
  g_return_val_if_fail (hooks != NULL && hooks->make_row && hooks->edit && hooks->show_error, NULL);

  self = g_object_new (RAPPORT_TYPE_ADMIN_LIST, NULL);
  self->page = page;
  self->list = list;
  self->list_stack = list_stack;
  self->hooks = *hooks;
  self->entity_type = entity_type;
  self->collection = g_strdup (collection);
  self->limit = limit;
  self->unsaved = g_strdup (unsaved);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_object_set_data (G_OBJECT (page), LIST_KEY, self);
  g_signal_connect_object (list, "row-selected", G_CALLBACK (on_row_selected), self, G_CONNECT_SWAPPED);
  return self;
}

static void
rapport_admin_list_dispose (GObject *object)
{
  RapportAdminList *self = RAPPORT_ADMIN_LIST (object);

  /* a discard question still open finds no list */
  if (self->page)
    g_object_set_data (G_OBJECT (self->page), LIST_KEY, NULL);
  self->page = NULL;
  self->list = NULL;
  self->list_stack = NULL;
  g_clear_pointer (&self->entities, g_ptr_array_unref);
  g_clear_object (&self->current);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rapport_admin_list_parent_class)->dispose (object);
}

static void
rapport_admin_list_finalize (GObject *object)
{
  RapportAdminList *self = RAPPORT_ADMIN_LIST (object);

  g_free (self->collection);
  g_free (self->unsaved);
  G_OBJECT_CLASS (rapport_admin_list_parent_class)->finalize (object);
}

static void
rapport_admin_list_class_init (RapportAdminListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_admin_list_dispose;
  object_class->finalize = rapport_admin_list_finalize;
}

static void
rapport_admin_list_init (RapportAdminList *self)
{
  self->entities = g_ptr_array_new_with_free_func (g_object_unref);
}
