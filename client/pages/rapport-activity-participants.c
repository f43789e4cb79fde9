/* rapport-activity-participants.c: RapportActivityParticipants, the colleagues and contacts who took part in an activity, added and removed on its page */
#include "rapport-activity-participants.h"
#include "rapport-window.h"
#include "widgets/rapport-reference-row.h"

#include <glib/gi18n.h>

struct _RapportActivityParticipants
{
  AdwBin               parent_instance;

  RapportApi          *api;
  GCancellable        *cancellable;
  CrmEntity           *entity;
  gboolean             busy;

  AdwPreferencesGroup *group;
  /* one row a participant, in their order */
  GPtrArray           *rows;
  RapportReferenceRow *add_user;
  RapportReferenceRow *add_contact;
};

G_DEFINE_FINAL_TYPE (RapportActivityParticipants, rapport_activity_participants, ADW_TYPE_BIN)

enum
{
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* the participants as the API takes them, but for the one at @skip
 * (G_MAXUINT: none), and with @user or @contact added if not 0 */
static JsonNode *
participants_body (RapportActivityParticipants *self,
                   guint                        skip,
                   gint64                       user,
                   gint64                       contact)
{
  GPtrArray *lines = crm_entity_get_lines (self->entity);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, crm_entity_get_version (self->entity));
  json_builder_set_member_name (builder, "participants");
  json_builder_begin_array (builder);
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      gint64 line_user = crm_entity_get_int (lines->pdata[i], "user");

      if (i == skip)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, line_user > 0 ? "user_id" : "contact_id");
      json_builder_add_int_value (builder, line_user > 0 ? line_user : crm_entity_get_int (lines->pdata[i], "contact"));
      json_builder_end_object (builder);
    }
  if (user > 0 || contact > 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, user > 0 ? "user_id" : "contact_id");
      json_builder_add_int_value (builder, user > 0 ? user : contact);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportActivityParticipants *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->group), TRUE);
  rapport_reference_row_set_id (self->add_user, 0);
  rapport_reference_row_set_id (self->add_contact, 0);
  if (node == NULL)
    {
      rapport_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  /* the page reads the activity again, and tells this widget */
  g_signal_emit (self, signals[RECORD_CHANGED], 0);
}

static void
save (RapportActivityParticipants *self,
      guint                        skip,
      gint64                       user,
      gint64                       contact)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (self->entity == NULL || self->busy)
    return;
  body = participants_body (self, skip, user, contact);
  path = g_strdup_printf ("/activities/%" G_GINT64_FORMAT, crm_entity_get_id (self->entity));
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->group), FALSE);
  rapport_api_request_async (self->api, "PATCH", path, body, self->cancellable, saved, self);
}

static void
on_add_user (RapportActivityParticipants *self)
{
  gint64 id = rapport_reference_row_get_id (self->add_user);

  if (id > 0)
    save (self, G_MAXUINT, id, 0);
}

static void
on_add_contact (RapportActivityParticipants *self)
{
  gint64 id = rapport_reference_row_get_id (self->add_contact);

  if (id > 0)
    save (self, G_MAXUINT, 0, id);
}

static void
on_remove (GtkButton                   *button,
           RapportActivityParticipants *self)
{
  save (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position")), 0, 0);
}

static void
rebuild (RapportActivityParticipants *self)
{
  GPtrArray *lines = crm_entity_get_lines (self->entity);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      gint64 user = crm_entity_get_int (lines->pdata[i], "user");
      RapportReferenceRow *row = rapport_reference_row_new (self->api, user > 0 ? "users" : "contacts");
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      rapport_reference_row_set_editable (row, FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user > 0 ? _("Colleague") : _("Contact"));
      rapport_reference_row_set_id (row, user > 0 ? user : crm_entity_get_int (lines->pdata[i], "contact"));
      gtk_widget_set_tooltip_text (remove, _("Remove this participant"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove this participant"), -1);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data (G_OBJECT (remove), "position", GUINT_TO_POINTER (i));
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->group, GTK_WIDGET (row));
      g_ptr_array_add (self->rows, row);
    }
  /* the rows to add with come last */
  g_object_ref (self->add_user);
  g_object_ref (self->add_contact);
  adw_preferences_group_remove (self->group, GTK_WIDGET (self->add_user));
  adw_preferences_group_remove (self->group, GTK_WIDGET (self->add_contact));
  adw_preferences_group_add (self->group, GTK_WIDGET (self->add_user));
  adw_preferences_group_add (self->group, GTK_WIDGET (self->add_contact));
  g_object_unref (self->add_user);
  g_object_unref (self->add_contact);
}

static void
rapport_activity_participants_dispose (GObject *object)
{
  RapportActivityParticipants *self = RAPPORT_ACTIVITY_PARTICIPANTS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entity);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_activity_participants_parent_class)->dispose (object);
}

static void
rapport_activity_participants_class_init (RapportActivityParticipantsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_activity_participants_dispose;

  /* the participants were saved: the page reads the activity again */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_activity_participants_init (RapportActivityParticipants *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Participants"));
  adw_preferences_group_set_description (self->group, _("Colleagues and contacts who took part"));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->group));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_activity_participants_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the group, shown once a saved activity is set
 */
GtkWidget *
rapport_activity_participants_new (RapportApi *api)
{
  RapportActivityParticipants *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_ACTIVITY_PARTICIPANTS, NULL);
  self->api = g_object_ref (api);
  self->add_user = rapport_reference_row_new (api, "users");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_user), _("Add a colleague"));
  gtk_widget_set_name (GTK_WIDGET (self->add_user), "add-colleague");
  self->add_contact = rapport_reference_row_new (api, "contacts");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_contact), _("Add a contact"));
  gtk_widget_set_name (GTK_WIDGET (self->add_contact), "add-contact");
  adw_preferences_group_add (self->group, GTK_WIDGET (self->add_user));
  adw_preferences_group_add (self->group, GTK_WIDGET (self->add_contact));
  g_signal_connect_object (self->add_user, "notify::id", G_CALLBACK (on_add_user), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->add_contact, "notify::id", G_CALLBACK (on_add_contact), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/**
 * rapport_activity_participants_set_entity:
 * @self: the group
 * @entity: the activity as loaded or saved, with its participants
 */
void
rapport_activity_participants_set_entity (RapportActivityParticipants *self,
                                          CrmEntity                   *entity)
{
  g_return_if_fail (RAPPORT_IS_ACTIVITY_PARTICIPANTS (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  g_set_object (&self->entity, entity);
  gtk_widget_set_visible (GTK_WIDGET (self), crm_entity_get_id (entity) > 0);
  rebuild (self);
}

/* Returns: whether a save is on its way */
gboolean
rapport_activity_participants_get_busy (RapportActivityParticipants *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACTIVITY_PARTICIPANTS (self), FALSE);
  return self->busy;
}

/* Returns: how many participants are shown */
guint
rapport_activity_participants_get_n_rows (RapportActivityParticipants *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACTIVITY_PARTICIPANTS (self), 0);
  return self->rows->len;
}

/**
 * rapport_activity_participants_get_adder:
 * @collection: "users" or "contacts"
 *
 * Returns: (transfer none): the row that adds a colleague or a contact
 */
GtkWidget *
rapport_activity_participants_get_adder (RapportActivityParticipants *self,
                                         const char                  *collection)
{
  g_return_val_if_fail (RAPPORT_IS_ACTIVITY_PARTICIPANTS (self), NULL);
  return GTK_WIDGET (g_str_equal (collection, "users") ? self->add_user : self->add_contact);
}

/* removes the participant at @position, as its Remove button does */
void
rapport_activity_participants_remove (RapportActivityParticipants *self,
                                      guint                        position)
{
  g_return_if_fail (RAPPORT_IS_ACTIVITY_PARTICIPANTS (self));
  g_return_if_fail (position < self->rows->len);
  save (self, position, 0, 0);
}
