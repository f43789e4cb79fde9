/* rapport-case-articles.c: RapportCaseArticles, on a case's page: the knowledge-base articles linked to the case as having solved it, and those suggested by its subject, to open, link and unlink */
#include "rapport-case-articles.h"
#include "rapport-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* at most so many suggestions */
#define SUGGESTIONS 5

struct _RapportCaseArticles
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkListBox   *list;
  GtkLabel     *message;
  RapportApi   *api;
  GCancellable *cancellable;
  gint64        case_id;
  /* requests still to answer */
  guint         pending;
  /* article id → whether it is linked, of the rows shown */
  GHashTable   *linked;
};

G_DEFINE_FINAL_TYPE (RapportCaseArticles, rapport_case_articles, GTK_TYPE_WIDGET)

enum
{
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (RapportCaseArticles *self);

static void
clear_rows (RapportCaseArticles *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  g_hash_table_remove_all (self->linked);
}

static void
changed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportCaseArticles *self;
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  g_clear_pointer (&node, json_node_unref);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_CASE_ARTICLES (user_data);
  if (error != NULL)
    {
      gtk_label_set_text (self->message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message), TRUE);
      return;
    }
  load (self);
}

/**
 * rapport_case_articles_toggle:
 * @self: the panel
 * @article_id: an article shown
 *
 * Links the article to the case, or unlinks it when it is linked.
 */
void
rapport_case_articles_toggle (RapportCaseArticles *self,
                              gint64               article_id)
{
  g_autofree char *path = NULL;
  gboolean linked;

  g_return_if_fail (RAPPORT_IS_CASE_ARTICLES (self));

  linked = GPOINTER_TO_INT (g_hash_table_lookup (self->linked, &article_id)) == 2;
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/kb-articles/%" G_GINT64_FORMAT, self->case_id, article_id);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending = 1;
  rapport_api_request_async (self->api, linked ? "DELETE" : "POST", path, NULL, self->cancellable, changed, self);
}

static void
on_toggle (GtkButton *button,
           gpointer   user_data)
{
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "article-id"));

  rapport_case_articles_toggle (RAPPORT_CASE_ARTICLES (user_data), id);
}

static void
add_row (RapportCaseArticles *self,
         JsonObject          *article,
         gboolean             linked,
         const char          *matched)
{
  gint64 id = json_object_get_int_member_with_default (article, "id", 0);
  const char *title = json_object_get_string_member_with_default (article, "title", "");
  const char *summary = json_object_get_string_member_with_default (article, "summary", NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (linked ? _("_Unlink") : _("_Link"));
  g_autofree char *subtitle = NULL;
  gint64 *key;

  if (id <= 0 || g_hash_table_contains (self->linked, &id))
    return;
  if (linked)
    /* TRANSLATORS: a knowledge-base article linked to the case as having solved it */
    subtitle = g_strdup_printf (_("Solved this case · %s"), summary ? summary : "");
  else if (matched != NULL)
    /* TRANSLATORS: a suggested article, with the words of the case's subject it holds */
    subtitle = g_strdup_printf (_("Suggested: %s"), matched);
  else
    subtitle = g_strdup (summary ? summary : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (!linked)
    gtk_widget_add_css_class (button, "suggested-action");
  g_object_set_data (G_OBJECT (button), "article-id", GINT_TO_POINTER ((int) id));
  g_object_set_data (G_OBJECT (row), "article-id", GINT_TO_POINTER ((int) id));
  g_signal_connect (button, "clicked", G_CALLBACK (on_toggle), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_append (self->list, row);
  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_insert (self->linked, key, GINT_TO_POINTER (linked ? 2 : 1));
}

/* the matched terms of a suggestion, "打印机卡纸, toner" */
static char *
matched_terms (JsonObject *item)
{
  JsonArray *matched = json_object_has_member (item, "matched") ? json_object_get_array_member (item, "matched") : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; matched != NULL && i < json_array_get_length (matched); i++)
    g_string_append_printf (text, "%s%s", i ? ", " : "", json_array_get_string_element (matched, i));
  return text->len ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* the rows of an answer: the links, or the suggestions not linked yet */
static void
show_items (RapportCaseArticles *self,
            JsonNode            *node,
            gboolean             suggestions)
{
  JsonArray *items = NULL;

  self->pending--;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (suggestions && json_object_has_member (item, "article"))
        {
          g_autofree char *matched = matched_terms (item);

          /* a linked one is listed by the links */
          if (!json_object_get_boolean_member_with_default (item, "linked", FALSE))
            add_row (self, json_object_get_object_member (item, "article"), FALSE, matched);
        }
      else if (!suggestions)
        add_row (self, item, TRUE, NULL);
    }
  if (self->pending == 0)
    gtk_widget_set_visible (GTK_WIDGET (self), gtk_list_box_get_row_at_index (self->list, 0) != NULL);
}

static void
suggestions_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_items (RAPPORT_CASE_ARTICLES (user_data), node, TRUE);
}

/* the links first, then the suggestions, one request after the other so
 * that the linked ones come first */
static void
links_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportCaseArticles *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *path = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_CASE_ARTICLES (user_data);
  show_items (self, node, FALSE);
  path = g_strdup_printf ("/kb-articles/suggest?case_id=%" G_GINT64_FORMAT "&limit=%d", self->case_id, SUGGESTIONS);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, suggestions_loaded, self);
}

static void
load (RapportCaseArticles *self)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/kb-articles", self->case_id);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  self->pending = 2;
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, links_loaded, self);
}

/**
 * rapport_case_articles_set_entity:
 * @self: the panel
 * @entity: the case shown, as loaded or saved
 *
 * Reads the articles linked to the case and those its subject suggests;
 * hidden while there is none, and for a case not yet saved.
 */
void
rapport_case_articles_set_entity (RapportCaseArticles *self,
                                  CrmEntity           *entity)
{
  g_return_if_fail (RAPPORT_IS_CASE_ARTICLES (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  self->case_id = crm_entity_get_id (entity);
  if (self->case_id <= 0)
    {
      g_cancellable_cancel (self->cancellable);
      clear_rows (self);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  load (self);
}

GtkListBox *
rapport_case_articles_get_list (RapportCaseArticles *self)
{
  g_return_val_if_fail (RAPPORT_IS_CASE_ARTICLES (self), NULL);

  return self->list;
}

gboolean
rapport_case_articles_is_loading (RapportCaseArticles *self)
{
  g_return_val_if_fail (RAPPORT_IS_CASE_ARTICLES (self), FALSE);

  return self->pending > 0;
}

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  gpointer       user_data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (list));
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "article-id"));

  if (id > 0 && RAPPORT_IS_WINDOW (root))
    rapport_window_open_record (RAPPORT_WINDOW (root), "kb-articles", id, NULL);
}

static void
rapport_case_articles_dispose (GObject *object)
{
  RapportCaseArticles *self = RAPPORT_CASE_ARTICLES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->linked, g_hash_table_unref);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_case_articles_parent_class)->dispose (object);
}

static void
rapport_case_articles_class_init (RapportCaseArticlesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_case_articles_dispose;

  /* the page's extra widgets may change their record; links are not the case's fields */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_case_articles_init (RapportCaseArticles *self)
{
  GtkWidget *heading = gtk_label_new (_("Knowledge base"));
  GtkWidget *hint = gtk_label_new (_("Articles that solved this case, and those its subject suggests"));

  self->linked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Knowledge base"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), NULL);
  gtk_box_append (GTK_BOX (self->box), heading);
  gtk_box_append (GTK_BOX (self->box), hint);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->message));
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_case_articles_new:
 * @api: the signed-in connection
 *
 * Returns: (transfer floating): the panel, hidden until it has an article to show
 */
GtkWidget *
rapport_case_articles_new (RapportApi *api)
{
  RapportCaseArticles *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_CASE_ARTICLES, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}
