/* rapport-share-dialog.c: RapportShareDialog, who else may read or change one record, and until when */
#include "rapport-share-dialog.h"
#include "rapport-chooser-row.h"
#include "crm-format.h"
#include "crm-json.h"

#include <glib/gi18n.h>
#include <stdio.h>

struct _RapportShareDialog
{
  AdwWindow          parent_instance;

  AdwWindowTitle    *window_title;
  GtkListBox        *shares_list;
  AdwComboRow       *kind_row;
  RapportChooserRow *user_row;
  RapportChooserRow *team_row;
  AdwComboRow       *access_row;
  GtkWidget         *until_row;
  GtkLabel          *error_label;
  GtkWidget         *share_button;

  RapportApi        *api;
  GCancellable      *cancellable;
  char              *path;
  /* the shares as last listed; NULL until then */
  JsonArray         *shares;
  guint              n_pending;
  /* the request on its way adds a share (rather than ends one) */
  gboolean           sharing;
};

G_DEFINE_FINAL_TYPE (RapportShareDialog, rapport_share_dialog, ADW_TYPE_WINDOW)

static void
show_error (RapportShareDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void remove_share (GtkButton *button, RapportShareDialog *self);

static GtkWidget *
share_row (RapportShareDialog *self,
           JsonObject         *share)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gint64 user = json_object_get_int_member_with_default (share, "user_id", 0);
  gint64 team = json_object_get_int_member_with_default (share, "team_id", 0);
  const char *until = json_object_get_string_member_with_default (share, "until", NULL);
  const char *label = user ? rapport_chooser_row_get_label (self->user_row, user)
                           : rapport_chooser_row_get_label (self->team_row, team);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  gint64 usec;

  if (user)
    title = label ? g_strdup (label) : g_strdup_printf (_("User %lld"), (long long) user);
  else
    /* TRANSLATORS: a record shared with a whole team, e.g. "Team: East" */
    title = g_strdup_printf (_("Team: %s"), label ? label : "?");
  g_string_append (subtitle, g_str_equal (json_object_get_string_member_with_default (share, "access", ""), "write")
                             ? _("May read and change") : _("May read"));
  if (until && crm_json_parse_timestamp (until, &usec))
    {
      g_autofree char *when = crm_format_timestamp (usec);
      /* TRANSLATORS: when a share ends, e.g. " · until 31/12/2026 23:59" */
      g_string_append_printf (subtitle, _(" · until %s"), when);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Stop sharing"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stop sharing"), -1);
  g_object_set_data (G_OBJECT (remove), "share", GSIZE_TO_POINTER ((gsize) json_object_get_int_member_with_default (share, "id", 0)));
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_share), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

/* the list again, names as the choosers know them */
static void
show_shares (RapportShareDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->shares_list))) != NULL)
    gtk_list_box_remove (self->shares_list, child);
  if (self->shares == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (self->shares); i++)
    gtk_list_box_append (self->shares_list, share_row (self, json_array_get_object_element (self->shares, i)));
  if (json_array_get_length (self->shares) == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("Not shared with anyone"));
      gtk_widget_add_css_class (none, "dim-label");
      gtk_list_box_append (self->shares_list, none);
    }
}

static void
shares_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportShareDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_pending--;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      show_error (self, error ? error->message : NULL);
      return;
    }
  g_clear_pointer (&self->shares, json_array_unref);
  self->shares = json_array_ref (json_object_get_array_member (json_node_get_object (node), "items"));
  show_shares (self);
}

static void
load_shares (RapportShareDialog *self)
{
  self->n_pending++;
  rapport_api_request_async (self->api, "GET", self->path, NULL, self->cancellable, shares_loaded, self);
}

static void
changed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportShareDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_pending--;
  gtk_widget_set_sensitive (self->share_button, TRUE);
  show_error (self, error ? error->message : NULL);
  /* shared: the form is ready for someone else */
  if (node != NULL && self->sharing)
    {
      rapport_chooser_row_select_id (self->user_row, 0);
      rapport_chooser_row_select_id (self->team_row, 0);
      gtk_editable_set_text (GTK_EDITABLE (self->until_row), "");
    }
  self->sharing = FALSE;
  load_shares (self);
}

static void
remove_share (GtkButton          *button,
              RapportShareDialog *self)
{
  gint64 share = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "share"));
  g_autofree char *path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, self->path, share);

  self->n_pending++;
  rapport_api_request_async (self->api, "DELETE", path, NULL, self->cancellable, changed, self);
}

/* a day as the last moment of that day, local time, for the API */
static char *
end_of_day (const char *text)
{
  g_autoptr(GDateTime) day = NULL;
  int y, m, d;
  char extra;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
      (day = g_date_time_new_local (y, m, d, 23, 59, 59)) == NULL)
    return NULL;
  return crm_json_format_timestamp (g_date_time_to_unix (day) * G_USEC_PER_SEC);
}

/**
 * rapport_share_dialog_share:
 * @self: the dialog
 *
 * Shares the record with the chosen user or team; the server checks that
 * the user may change the record, and its answer shows in place.
 */
void
rapport_share_dialog_share (RapportShareDialog *self)
{
  gboolean team = adw_combo_row_get_selected (self->kind_row) == 1;
  gint64 who = rapport_chooser_row_get_selected_id (team ? self->team_row : self->user_row);
  const char *until = gtk_editable_get_text (GTK_EDITABLE (self->until_row));
  g_autofree char *until_time = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (who <= 0)
    {
      show_error (self, team ? _("Choose the team to share with") : _("Choose the user to share with"));
      return;
    }
  if (until[0] != '\0' && (until_time = end_of_day (until)) == NULL)
    {
      show_error (self, _("Dates are written like 2026-11-27"));
      gtk_widget_grab_focus (self->until_row);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, team ? "team_id" : "user_id");
  json_builder_add_int_value (builder, who);
  json_builder_set_member_name (builder, "access");
  json_builder_add_string_value (builder, adw_combo_row_get_selected (self->access_row) == 1 ? "write" : "read");
  if (until_time)
    {
      json_builder_set_member_name (builder, "until");
      json_builder_add_string_value (builder, until_time);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  show_error (self, NULL);
  gtk_widget_set_sensitive (self->share_button, FALSE);
  self->sharing = TRUE;
  self->n_pending++;
  rapport_api_request_async (self->api, "POST", self->path, body, self->cancellable, changed, self);
}

static void
on_kind_changed (RapportShareDialog *self)
{
  gboolean team = adw_combo_row_get_selected (self->kind_row) == 1;

  gtk_widget_set_visible (GTK_WIDGET (self->user_row), !team);
  gtk_widget_set_visible (GTK_WIDGET (self->team_row), team);
}

/* the number of shares listed, or -1 before the first answer */
int
rapport_share_dialog_get_n_shares (RapportShareDialog *self)
{
  return self->shares ? (int) json_array_get_length (self->shares) : -1;
}

/* whether a request is on its way */
gboolean
rapport_share_dialog_get_busy (RapportShareDialog *self)
{
  return self->n_pending > 0 || !rapport_chooser_row_get_loaded (self->user_row) ||
         !rapport_chooser_row_get_loaded (self->team_row);
}

static void
rapport_share_dialog_dispose (GObject *object)
{
  RapportShareDialog *self = RAPPORT_SHARE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_pointer (&self->shares, json_array_unref);
  g_clear_pointer (&self->path, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_SHARE_DIALOG);
  G_OBJECT_CLASS (rapport_share_dialog_parent_class)->dispose (object);
}

static void
rapport_share_dialog_class_init (RapportShareDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_share_dialog_dispose;

  g_type_ensure (RAPPORT_TYPE_CHOOSER_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-share-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportShareDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportShareDialog, shares_list);
  gtk_widget_class_bind_template_child (widget_class, RapportShareDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, RapportShareDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, RapportShareDialog, team_row);
  gtk_widget_class_bind_template_child (widget_class, RapportShareDialog, access_row);
  gtk_widget_class_bind_template_child (widget_class, RapportShareDialog, until_row);
  gtk_widget_class_bind_template_child (widget_class, RapportShareDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportShareDialog, share_button);
  gtk_widget_class_bind_template_callback (widget_class, rapport_share_dialog_share);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_share_dialog_init (RapportShareDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * rapport_share_dialog_new:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client
 * @collection: the record's collection, e.g. "accounts"
 * @id: the record
 * @title: (nullable): the record's name, for the header
 *
 * Returns: (transfer none): the dialog, listing the record's shares
 */
RapportShareDialog *
rapport_share_dialog_new (GtkWidget  *parent,
                          RapportApi *api,
                          const char *collection,
                          gint64      id,
                          const char *title)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  RapportShareDialog *self = g_object_new (RAPPORT_TYPE_SHARE_DIALOG,
                                           "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           NULL);

  self->api = g_object_ref (api);
  self->path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/shares", collection, id);
  adw_window_title_set_subtitle (self->window_title, title ? title : "");
  /* names come with the choosers: the list is shown again once they are there */
  g_signal_connect_object (self->user_row, "notify::loaded", G_CALLBACK (show_shares), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->team_row, "notify::loaded", G_CALLBACK (show_shares), self, G_CONNECT_SWAPPED);
  rapport_chooser_row_load (self->user_row, api, rapport_api_get_user_id (api));
  rapport_chooser_row_load (self->team_row, api, 0);
  load_shares (self);
  return self;
}
