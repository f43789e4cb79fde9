/* rapport-global-search.c: RapportGlobalSearch, a popover that finds any record as the user types and opens it */
#include "rapport-global-search.h"
#include "rapport-search-hit.h"
#include "rapport-entity-picker.h"
#include "rapport-recent.h"
#include "crm-entities.h"
#include "crm-json.h"
#include "crm-search-text.h"

#include <glib/gi18n.h>

/* hits a kind, as the server groups them */
#define HITS_PER_KIND 5
/* the popover's frame around its box (padding, border, shadow), on each side */
#define POPOVER_MARGIN 32

struct _RapportGlobalSearch
{
  GtkPopover      parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *state_stack;
  GtkListBox     *results_list;
  GtkLabel       *message_label;

  RapportApi     *api;
  GSettings      *settings;
  /* whose recent records show while the field is empty */
  char           *user_key;
  /* the recent records as they load, by position; NULL: gone or not readable */
  GPtrArray      *recent;
  guint           recent_pending;
  GListStore     *hits;
  GCancellable   *cancellable;
  /* the term asked for last, and the one whose hits are shown */
  char           *asked;
  char           *shown;
  /* Enter came before the hits of the term typed: open the first when they come */
  gboolean        open_when_shown;
};

G_DEFINE_FINAL_TYPE (RapportGlobalSearch, rapport_global_search, GTK_TYPE_POPOVER)

enum
{
  HIT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (RapportGlobalSearch *self,
              const char          *message)
{
  if (message != NULL)
    gtk_label_set_text (self->message_label, message);
  gtk_stack_set_visible_child_name (self->state_stack, message ? "message" : "results");
}

static void
open_hit (RapportGlobalSearch *self,
          RapportSearchHit    *hit)
{
  g_autofree char *collection = g_strdup (rapport_search_hit_get_collection (hit));
  gint64 id = rapport_search_hit_get_id (hit);

  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  self->open_when_shown = FALSE;
  gtk_popover_popdown (GTK_POPOVER (self));
  /* closed while an answer came in, the focus would stay in the hidden
   * popover and the window would take no key: give it to the button */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) && gtk_widget_get_parent (GTK_WIDGET (self)))
    gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (self)));
  g_signal_emit (self, signals[HIT_ACTIVATED], 0, collection, id);
}

/* the row the user picked, else the first */
static RapportSearchHit *
chosen_hit (RapportGlobalSearch *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results_list);
  guint position = row ? (guint) gtk_list_box_row_get_index (row) : 0;

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->hits)))
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->hits), position);
}

/* the plural name of a kind, in the user's language */
static const char *
kind_label (const char *collection,
            const char *fallback)
{
  GType type = crm_entities_lookup_collection (collection);
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;

  return klass && klass->plural_label ? _(klass->plural_label) : fallback;
}

static void
add_group (GPtrArray  *found,
           JsonObject *group)
{
  const char *collection = json_object_get_string_member_with_default (group, "entity", "");
  JsonArray *items = json_object_has_member (group, "items") ? json_object_get_array_member (group, "items") : NULL;
  gint64 total = json_object_get_int_member_with_default (group, "total", 0);
  gboolean exact = json_object_get_boolean_member_with_default (group, "total_exact", TRUE);
  g_autofree char *figure = g_strdup_printf ("%" G_GINT64_FORMAT, total);
  g_autofree char *count = NULL;

  if (items == NULL || json_array_get_length (items) == 0)
    return;
  /* TRANSLATORS: an estimated number of search results, e.g. "about 12000" */
  count = exact ? g_strdup (figure) : g_strdup_printf (_("about %s"), figure);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autoptr(RapportSearchHit) hit = NULL;

      if (item == NULL)
        continue;
      hit = rapport_search_hit_new (collection, json_object_get_int_member_with_default (item, "id", 0),
                                    json_object_get_string_member_with_default (item, "title", ""),
                                    json_object_get_string_member_with_default (item, "subtitle", ""));
      if (i == 0)
        rapport_search_hit_set_heading (hit, kind_label (collection, json_object_get_string_member_with_default (group, "label", collection)),
                                        count);
      g_ptr_array_add (found, g_steal_pointer (&hit));
    }
}

static void
show_hits (RapportGlobalSearch *self,
           GPtrArray           *found)
{
  g_list_store_splice (self->hits, 0, g_list_model_get_n_items (G_LIST_MODEL (self->hits)),
                       found->pdata, found->len);
  if (found->len > 0)
    gtk_list_box_select_row (self->results_list, gtk_list_box_get_row_at_index (self->results_list, 0));
}

static void
searched (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RapportGlobalSearch *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *object;
  JsonArray *groups;

  /* cancelled: a newer term is asked for, or the popover is gone; nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->cancellable);
  g_free (self->shown);
  self->shown = g_strdup (self->asked);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      self->open_when_shown = FALSE;
      show_hits (self, found);
      show_message (self, error ? error->message : _("The server answered with an error"));
      return;
    }
  object = json_node_get_object (node);
  groups = json_object_has_member (object, "groups") ? json_object_get_array_member (object, "groups") : NULL;
  for (guint g = 0; groups && g < json_array_get_length (groups); g++)
    if (json_array_get_object_element (groups, g) != NULL)
      add_group (found, json_array_get_object_element (groups, g));
  show_hits (self, found);
  if (found->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Nothing matches “%s”"), self->shown);

      self->open_when_shown = FALSE;
      show_message (self, message);
      return;
    }
  show_message (self, NULL);
  if (self->open_when_shown)
    {
      g_autoptr(RapportSearchHit) hit = chosen_hit (self);

      open_hit (self, hit);
    }
}

static void
unref_hit (gpointer hit)
{
  if (hit != NULL)
    g_object_unref (hit);
}

typedef struct
{
  RapportGlobalSearch *self;
  guint                position;
  GType                type;
} RecentLoad;

static void
recent_shown (RapportGlobalSearch *self)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_object (&self->cancellable);
  g_free (self->shown);
  self->shown = g_strdup ("");
  for (guint i = 0; i < self->recent->len; i++)
    if (self->recent->pdata[i] != NULL)
      g_ptr_array_add (found, g_object_ref (self->recent->pdata[i]));
  if (found->len > 0)
    rapport_search_hit_set_heading (found->pdata[0], _("Recent"), NULL);
  show_hits (self, found);
  if (found->len == 0)
    {
      self->open_when_shown = FALSE;
      show_message (self, _("Find accounts, contacts, products, quotes, orders and contracts by name, number, phone, email or pinyin"));
      return;
    }
  show_message (self, NULL);
  if (self->open_when_shown)
    {
      g_autoptr(RapportSearchHit) hit = chosen_hit (self);

      open_hit (self, hit);
    }
}

static void
recent_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree RecentLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  RapportGlobalSearch *self;
  g_autoptr(CrmEntity) entity = NULL;

  /* cancelled: a term is typed, or the popover is gone; nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = load->self;
  entity = crm_entity_new (load->type);
  /* a record archived, erased or no longer shared is left out */
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      crm_json_read_entity (entity, json_node_get_object (node), NULL))
    {
      g_autofree char *title = rapport_entity_describe (entity);
      g_autofree char *details = rapport_entity_describe_details (entity);
      CrmEntityClass *klass = g_type_class_peek (load->type);
      /* the kinds are mixed here: each says what it is */
      g_autofree char *subtitle = details[0] ? g_strconcat (_(klass->label), " · ", details, NULL) : g_strdup (_(klass->label));

      self->recent->pdata[load->position] = rapport_search_hit_new (klass->collection, crm_entity_get_id (entity),
                                                                    title, subtitle);
    }
  if (--self->recent_pending == 0)
    recent_shown (self);
}

/* the user's recent records, each read again: its name now, and only if still readable */
static void
load_recent (RapportGlobalSearch *self)
{
  g_auto(GStrv) items = self->user_key ? rapport_recent_list (self->settings, self->user_key) : g_new0 (char *, 1);

  g_clear_pointer (&self->recent, g_ptr_array_unref);
  self->recent = g_ptr_array_new_with_free_func (unref_hit);
  g_ptr_array_set_size (self->recent, g_strv_length (items));
  self->recent_pending = 0;
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; items[i]; i++)
    {
      g_autofree char *collection = NULL;
      g_autofree char *path = NULL;
      RecentLoad *load;
      gint64 id;

      if (!rapport_recent_parse (items[i], &collection, &id) ||
          crm_entities_lookup_collection (collection) == G_TYPE_INVALID)
        continue;
      load = g_new0 (RecentLoad, 1);
      load->self = self;
      load->position = i;
      load->type = crm_entities_lookup_collection (collection);
      path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT, collection, id);
      self->recent_pending++;
      rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, recent_loaded, load);
    }
  if (self->recent_pending == 0)
    recent_shown (self);
}

/* whether the server searches for @term: two letters or digits, or one Chinese character */
static gboolean
is_searchable (const char *term)
{
  g_autofree char *normalized = crm_search_text_normalize (term);
  glong length = g_utf8_strlen (normalized, -1);

  return length > 1 || (length == 1 && !g_ascii_isalnum (normalized[0]));
}

static void
ask (RapportGlobalSearch *self)
{
  const char *term = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *stripped = g_strstrip (g_strdup (term));

  if (g_strcmp0 (stripped, self->asked) == 0 && (self->cancellable != NULL || g_strcmp0 (stripped, self->shown) == 0))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->asked);
  self->asked = g_strdup (stripped);
  if (self->api != NULL && stripped[0] == '\0')
    {
      load_recent (self);
      return;
    }
  if (self->api == NULL || !is_searchable (stripped))
    {
      g_free (self->shown);
      self->shown = g_strdup (stripped);
      self->open_when_shown = FALSE;
      show_hits (self, none);
      show_message (self, stripped[0] ? _("Type at least two letters or digits, or one Chinese character")
                                      : _("Find accounts, contacts, products, quotes, orders and contracts by name, number, phone, email or pinyin"));
      return;
    }
  self->cancellable = g_cancellable_new ();
  escaped = g_uri_escape_string (stripped, NULL, FALSE);
  path = g_strdup_printf ("/search?q=%s&limit=%d", escaped, HITS_PER_KIND);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, searched, self);
}

static void
on_search_changed (RapportGlobalSearch *self)
{
  ask (self);
}

/* Enter: the chosen hit of the term typed; typed faster than the answer, the first hit once it comes */
static void
on_entry_activate (RapportGlobalSearch *self)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autoptr(RapportSearchHit) hit = NULL;

  if (self->cancellable == NULL && g_strcmp0 (stripped, self->shown) == 0)
    {
      if ((hit = chosen_hit (self)) != NULL)
        open_hit (self, hit);
      return;
    }
  self->open_when_shown = TRUE;
  ask (self);
}

static void
on_stop_search (RapportGlobalSearch *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
on_row_activated (RapportGlobalSearch *self,
                  GtkListBoxRow       *row)
{
  g_autoptr(RapportSearchHit) hit = g_list_model_get_item (G_LIST_MODEL (self->hits), gtk_list_box_row_get_index (row));

  if (hit != NULL)
    open_hit (self, hit);
}

/* Up from the first hit goes back to the entry */
static gboolean
on_keynav_failed (RapportGlobalSearch *self,
                  GtkDirectionType     direction)
{
  if (direction != GTK_DIR_UP)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

/* Down from the entry goes into the hits */
static gboolean
on_entry_key (RapportGlobalSearch   *self,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              GtkEventControllerKey *controller)
{
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  row = gtk_list_box_get_selected_row (self->results_list);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (row == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->results_list)))
    return FALSE;
  gtk_list_box_select_row (self->results_list, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

/* as wide as a palette, never wider than a narrow window, and inside it:
 * centred under the button unless that would cross the window's edge
 * (a button not laid out yet, just after sign-in, leaves that to GTK) */
static void
place (RapportGlobalSearch *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *button = gtk_widget_get_parent (GTK_WIDGET (self));
  int width = root ? gtk_widget_get_width (root) : 0;
  int box = width > 0 ? MIN (440, MAX (width - 2 * POPOVER_MARGIN - 12, 240)) : 440;
  double x, y;
  int offset = 0;
  int current;

  gtk_widget_set_size_request (gtk_popover_get_child (GTK_POPOVER (self)), box, -1);
  if (root != NULL && button != NULL && gtk_widget_get_width (button) > 0 &&
      gtk_widget_translate_coordinates (button, root, gtk_widget_get_width (button) / 2.0, 0, &x, &y) && x >= 0)
    {
      /* and a little air */
      int half = box / 2 + POPOVER_MARGIN + 6;

      if ((int) x + half > width)
        offset = width - ((int) x + half);
      else if ((int) x - half < 0)
        offset = half - (int) x;
    }
  gtk_popover_get_offset (GTK_POPOVER (self), &current, NULL);
  if (offset != current)
    gtk_popover_set_offset (GTK_POPOVER (self), offset, 0);
}

static void
on_show (RapportGlobalSearch *self)
{
  place (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  ask (self);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  RapportSearchHit *hit = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (rapport_search_hit_get_title (hit));
  GtkWidget *subtitle = gtk_label_new (rapport_search_hit_get_subtitle (hit));
  const char *kind = kind_label (rapport_search_hit_get_collection (hit), rapport_search_hit_get_collection (hit));
  g_autofree char *name = NULL;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_visible (subtitle, rapport_search_hit_get_subtitle (hit)[0] != '\0');
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* TRANSLATORS: a search result as a screen reader says it: its kind, its name, its details */
  name = g_strdup_printf (_("%s: %s %s"), kind, rapport_search_hit_get_title (hit), rapport_search_hit_get_subtitle (hit));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, g_strstrip (name), -1);
  return row;
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  RapportGlobalSearch *self = user_data;
  g_autoptr(RapportSearchHit) hit = g_list_model_get_item (G_LIST_MODEL (self->hits), gtk_list_box_row_get_index (row));
  GtkWidget *header;
  GtkWidget *heading;
  GtkWidget *count;

  if (hit == NULL || rapport_search_hit_get_heading (hit) == NULL)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  heading = gtk_label_new (rapport_search_hit_get_heading (hit));
  count = gtk_label_new (rapport_search_hit_get_count (hit));
  gtk_widget_set_margin_start (header, 8);
  gtk_widget_set_margin_end (header, 8);
  gtk_widget_set_margin_top (header, before ? 10 : 4);
  gtk_widget_set_margin_bottom (header, 2);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_visible (count, rapport_search_hit_get_count (hit) != NULL);
  gtk_box_append (GTK_BOX (header), heading);
  gtk_box_append (GTK_BOX (header), count);
  gtk_list_box_row_set_header (row, header);
}

/**
 * rapport_global_search_set_api:
 * @self: the search
 * @api: (nullable): the signed-in client, or %NULL once signed out
 */
void
rapport_global_search_set_api (RapportGlobalSearch *self,
                               RapportApi          *api)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_return_if_fail (RAPPORT_IS_GLOBAL_SEARCH (self));
  g_return_if_fail (api == NULL || RAPPORT_IS_API (api));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->api, api);
  g_clear_pointer (&self->user_key, g_free);
  if (api != NULL && rapport_api_get_user (api) != NULL)
    self->user_key = rapport_recent_user_key (rapport_api_get_base_url (api),
                                              json_object_get_string_member_with_default (rapport_api_get_user (api), "login", ""));
  /* what one user found is not shown to the next */
  g_clear_pointer (&self->asked, g_free);
  g_clear_pointer (&self->shown, g_free);
  self->open_when_shown = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_hits (self, none);
}

/**
 * rapport_global_search_get_hits:
 * @self: the search
 *
 * Returns: (transfer none): the hits shown, in order (#RapportSearchHit)
 */
GListModel *
rapport_global_search_get_hits (RapportGlobalSearch *self)
{
  g_return_val_if_fail (RAPPORT_IS_GLOBAL_SEARCH (self), NULL);
  return G_LIST_MODEL (self->hits);
}

/**
 * rapport_global_search_get_shown_term:
 * @self: the search
 *
 * Returns: (nullable): the term whose hits (or message) are shown
 */
const char *
rapport_global_search_get_shown_term (RapportGlobalSearch *self)
{
  g_return_val_if_fail (RAPPORT_IS_GLOBAL_SEARCH (self), NULL);
  return self->cancellable ? NULL : self->shown;
}

static void
rapport_global_search_dispose (GObject *object)
{
  RapportGlobalSearch *self = RAPPORT_GLOBAL_SEARCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_GLOBAL_SEARCH);
  G_OBJECT_CLASS (rapport_global_search_parent_class)->dispose (object);
}

static void
rapport_global_search_finalize (GObject *object)
{
  RapportGlobalSearch *self = RAPPORT_GLOBAL_SEARCH (object);

  g_clear_object (&self->hits);
  g_clear_pointer (&self->recent, g_ptr_array_unref);
  g_free (self->user_key);
  g_free (self->asked);
  g_free (self->shown);
  G_OBJECT_CLASS (rapport_global_search_parent_class)->finalize (object);
}

static void
rapport_global_search_class_init (RapportGlobalSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_global_search_dispose;
  object_class->finalize = rapport_global_search_finalize;

  /**
   * RapportGlobalSearch::hit-activated:
   * @collection: the record's collection
   * @id: the record
   *
   * The user chose a hit: open it.
   */
  signals[HIT_ACTIVATED] = g_signal_new ("hit-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-global-search.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportGlobalSearch, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportGlobalSearch, state_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportGlobalSearch, results_list);
  gtk_widget_class_bind_template_child (widget_class, RapportGlobalSearch, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_show);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_keynav_failed);
}

static void
rapport_global_search_init (RapportGlobalSearch *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->hits = g_list_store_new (RAPPORT_TYPE_SEARCH_HIT);
  self->settings = g_settings_new ("org.rapport.Rapport");
  gtk_list_box_bind_model (self->results_list, G_LIST_MODEL (self->hits), create_row, self, NULL);
  gtk_list_box_set_header_func (self->results_list, update_header, self, NULL);
  /* before the entry's text sees it */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_entry_key), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  /* letters typed in the hits go on with the term */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->results_list));
  show_message (self, _("Find accounts, contacts, products, quotes, orders and contracts by name, number, phone, email or pinyin"));
}

RapportGlobalSearch *
rapport_global_search_new (void)
{
  return g_object_new (RAPPORT_TYPE_GLOBAL_SEARCH, NULL);
}
