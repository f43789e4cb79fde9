/* rapport-user-dialog.c: RapportUserDialog, a new user (who they are, their role and team, an initial password) or a user edited */
#include "rapport-user-dialog.h"
#include "rapport-chooser-row.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-user.h"

#include <glib/gi18n.h>

struct _RapportUserDialog
{
  AdwWindow          parent_instance;

  GtkWidget         *create_button;
  GtkLabel          *error_label;
  GtkWidget         *login_row;
  GtkWidget         *name_row;
  GtkWidget         *email_row;
  AdwComboRow       *role_row;
  RapportChooserRow *team_row;
  RapportChooserRow *manager_row;
  GtkWidget         *password_row;
  GtkWidget         *password_group;

  RapportApi        *api;
  GCancellable      *cancellable;
  /* created, but its password not yet accepted */
  CrmEntity         *created;
  /* the form's rows, each named after its field's JSON key */
  GPtrArray         *rows;
  /* the user edited, as loaded; NULL for a new user */
  CrmEntity         *editing;
};

G_DEFINE_FINAL_TYPE (RapportUserDialog, rapport_user_dialog, ADW_TYPE_WINDOW)

enum
{
  CREATED,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const CrmFieldSpec *
role_field (void)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_TYPE_USER);

  return &klass->fields[crm_entity_class_find_field (klass, "role")];
}

/* the message, and the row of the field it names marked and focused */
static void
show_error (RapportUserDialog *self,
            const GError      *error)
{
  const char *field = error ? crm_error_get_field (error) : NULL;

  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];

      if (field && g_str_equal (gtk_widget_get_name (row), field))
        {
          gtk_widget_add_css_class (row, "error");
          gtk_widget_grab_focus (row);
        }
      else
        gtk_widget_remove_css_class (row, "error");
    }
}

static void
set_busy (RapportUserDialog *self,
          gboolean           busy)
{
  gtk_widget_set_sensitive (self->create_button, !busy);
}

static void
password_set (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportUserDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (node == NULL)
    {
      /* the policy is the server's: the user exists, only the password is to be given again */
      if (crm_error_get_field (error) == NULL)
        {
          g_autoptr(GError) on_password = NULL;
          crm_error_set_field_error (&on_password, error->code, "password", "%s", error->message);
          show_error (self, on_password);
        }
      else
        show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, self->created);
  gtk_window_close (GTK_WINDOW (self));
}

static void
set_password (RapportUserDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = g_strdup_printf ("/users/%" G_GINT64_FORMAT "/password", crm_entity_get_id (self->created));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  set_busy (self, TRUE);
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, password_set, self);
}

static void
user_created (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportUserDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) user = crm_entity_new (CRM_TYPE_USER);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (node == NULL || !crm_json_read_entity (user, json_node_get_object (node), &error))
    {
      show_error (self, error);
      return;
    }
  self->created = g_steal_pointer (&user);
  /* who the user is can no longer change here; only the password is left */
  gtk_widget_grab_focus (self->password_row);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_set_sensitive (self->rows->pdata[i], self->rows->pdata[i] == self->password_row);
  gtk_button_set_label (GTK_BUTTON (self->create_button), _("_Set Password"));
  set_password (self);
}

static void
set_text (CrmEntity  *user,
          const char *field,
          GtkWidget  *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (text[0] != '\0')
    crm_entity_set_text (user, field, text);
}

/**
 * rapport_user_dialog_create:
 * @self: the dialog
 *
 * Checks the form with the server's rules, creates the user, then gives
 * them the initial password, which they must change at their first
 * sign-in. On success #RapportUserDialog::created is emitted and the
 * dialog closes; otherwise the server's message is shown in place.
 */
void
rapport_user_dialog_create (RapportUserDialog *self)
{
  g_autoptr(CrmEntity) user = crm_entity_new (CRM_TYPE_USER);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  guint role = adw_combo_row_get_selected (self->role_row);
  gint64 team = rapport_chooser_row_get_selected_id (self->team_row);
  gint64 manager = rapport_chooser_row_get_selected_id (self->manager_row);

  if (!gtk_widget_get_sensitive (self->create_button))
    return;
  if (gtk_editable_get_text (GTK_EDITABLE (self->password_row))[0] == '\0')
    {
      crm_error_set_field_error (&error, CRM_ERROR_VALIDATION, "password", _("Give the user an initial password"));
      show_error (self, error);
      return;
    }
  if (self->created)
    {
      show_error (self, NULL);
      set_password (self);
      return;
    }

  set_text (user, "login", self->login_row);
  set_text (user, "name", self->name_row);
  set_text (user, "email", self->email_row);
  if (role != GTK_INVALID_LIST_POSITION)
    crm_entity_set_text (user, "role", role_field ()->enum_values[role]);
  if (team > 0)
    crm_entity_set_int (user, "team", team);
  if (manager > 0)
    crm_entity_set_int (user, "manager", manager);
  if (!crm_entity_validate (user, CRM_VALIDATE_CREATE, &error))
    {
      show_error (self, error);
      return;
    }
  show_error (self, NULL);
  body = crm_json_from_entity_set (user);
  set_busy (self, TRUE);
  rapport_api_request_async (self->api, "POST", "/users", body, self->cancellable, user_created, self);
}

static void
user_saved (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RapportUserDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) user = crm_entity_new (CRM_TYPE_USER);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (node == NULL || !crm_json_read_entity (user, json_node_get_object (node), &error))
    {
      show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, user);
  gtk_window_close (GTK_WINDOW (self));
}

/* a reference set to the chosen record, or to none */
static void
set_reference (CrmEntity  *user,
               const char *field,
               gint64      id)
{
  if (id > 0)
    crm_entity_set_int (user, field, id);
  else
    crm_entity_set_null (user, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (user), field));
}

/**
 * rapport_user_dialog_save:
 * @self: a dialog made by rapport_user_dialog_new_edit()
 *
 * Sends the user's name, email, role, team and manager as the form has
 * them, with the version loaded, so that another's change in between is
 * refused rather than overwritten. On success #RapportUserDialog::saved is
 * emitted and the dialog closes; otherwise the server's message is shown
 * in place.
 */
void
rapport_user_dialog_save (RapportUserDialog *self)
{
  g_autoptr(CrmEntity) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  guint role;

  g_return_if_fail (RAPPORT_IS_USER_DIALOG (self));
  g_return_if_fail (self->editing != NULL);

  if (!gtk_widget_get_sensitive (self->create_button))
    return;
  user = crm_entity_new (CRM_TYPE_USER);
  role = adw_combo_row_get_selected (self->role_row);
  crm_entity_set_version (user, crm_entity_get_version (self->editing));
  set_text (user, "name", self->name_row);
  set_text (user, "email", self->email_row);
  /* an email cleared is removed */
  if (!crm_entity_has_value (user, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (user), "email")))
    crm_entity_set_null (user, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (user), "email"));
  if (role != GTK_INVALID_LIST_POSITION)
    crm_entity_set_text (user, "role", role_field ()->enum_values[role]);
  set_reference (user, "team", rapport_chooser_row_get_selected_id (self->team_row));
  set_reference (user, "manager", rapport_chooser_row_get_selected_id (self->manager_row));
  if (!crm_entity_validate (user, CRM_VALIDATE_PATCH, &error))
    {
      show_error (self, error);
      return;
    }
  if (gtk_editable_get_text (GTK_EDITABLE (self->name_row))[0] == '\0')
    {
      crm_error_set_field_error (&error, CRM_ERROR_VALIDATION, "name", _("A user needs a name"));
      show_error (self, error);
      return;
    }
  show_error (self, NULL);
  body = crm_json_from_entity_set (user);
  path = g_strdup_printf ("/users/%" G_GINT64_FORMAT, crm_entity_get_id (self->editing));
  set_busy (self, TRUE);
  rapport_api_request_async (self->api, "PATCH", path, body, self->cancellable, user_saved, self);
}

static void
on_accept (RapportUserDialog *self)
{
  if (self->editing)
    rapport_user_dialog_save (self);
  else
    rapport_user_dialog_create (self);
}

static void
rapport_user_dialog_dispose (GObject *object)
{
  RapportUserDialog *self = RAPPORT_USER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_object (&self->created);
  g_clear_object (&self->editing);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_USER_DIALOG);
  G_OBJECT_CLASS (rapport_user_dialog_parent_class)->dispose (object);
}

static void
rapport_user_dialog_class_init (RapportUserDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_user_dialog_dispose;

  /**
   * RapportUserDialog::created:
   * @user: the new user, as the server stored them
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, CRM_TYPE_ENTITY);
  /**
   * RapportUserDialog::saved:
   * @user: the user edited, as the server stored them
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, CRM_TYPE_ENTITY);

  g_type_ensure (RAPPORT_TYPE_CHOOSER_ROW);
  /* the roles come from the user's descriptors */
  g_type_class_ref (CRM_TYPE_USER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-user-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, team_row);
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, manager_row);
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, RapportUserDialog, password_group);
  gtk_widget_class_bind_template_callback (widget_class, on_accept);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_user_dialog_init (RapportUserDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  const CrmFieldSpec *spec;

  spec = role_field ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  g_ptr_array_add (self->rows, self->login_row);
  g_ptr_array_add (self->rows, self->name_row);
  g_ptr_array_add (self->rows, self->email_row);
  g_ptr_array_add (self->rows, self->role_row);
  g_ptr_array_add (self->rows, self->team_row);
  g_ptr_array_add (self->rows, self->manager_row);
  g_ptr_array_add (self->rows, self->password_row);
  for (guint i = 0; spec->enum_values[i]; i++)
    gtk_string_list_append (roles, crm_field_spec_enum_label (spec, spec->enum_values[i]));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  for (guint i = 0; spec->enum_values[i]; i++)
    if (g_str_equal (spec->enum_values[i], "sales"))
      adw_combo_row_set_selected (self->role_row, i);
}

/**
 * rapport_user_dialog_new:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client of an administrator
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportUserDialog *
rapport_user_dialog_new (GtkWidget  *parent,
                         RapportApi *api)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  RapportUserDialog *self = g_object_new (RAPPORT_TYPE_USER_DIALOG,
                                          "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          NULL);

  self->api = g_object_ref (api);
  rapport_chooser_row_load (self->team_row, api, 0);
  rapport_chooser_row_load (self->manager_row, api, 0);
  return self;
}

/**
 * rapport_user_dialog_new_edit:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client of an administrator
 * @user: the user to edit, as listed
 *
 * The same form, filled with @user: their name, email, role, team and
 * manager may change (the manager chosen among the others by name), their
 * login and password not.
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportUserDialog *
rapport_user_dialog_new_edit (GtkWidget  *parent,
                              RapportApi *api,
                              CrmEntity  *user)
{
  GtkRoot *root;
  RapportUserDialog *self;
  const CrmFieldSpec *spec = role_field ();
  const char *email;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (CRM_IS_ENTITY (user), NULL);

  root = gtk_widget_get_root (parent);
  self = g_object_new (RAPPORT_TYPE_USER_DIALOG,
                       "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                       "title", _("Edit User"),
                       NULL);
  self->api = g_object_ref (api);
  self->editing = g_object_ref (user);
  email = crm_entity_get_text (user, "email");
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), crm_entity_get_text (user, "login"));
  gtk_widget_set_sensitive (self->login_row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), crm_entity_get_text (user, "name"));
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email ? email : "");
  for (guint i = 0; spec->enum_values[i]; i++)
    if (g_strcmp0 (spec->enum_values[i], crm_entity_get_text (user, "role")) == 0)
      adw_combo_row_set_selected (self->role_row, i);
  gtk_widget_set_visible (self->password_group, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->create_button), _("_Save"));
  rapport_chooser_row_load (self->team_row, api, 0);
  rapport_chooser_row_load (self->manager_row, api, crm_entity_get_id (user));
  rapport_chooser_row_select_id (self->team_row, crm_entity_get_int (user, "team"));
  rapport_chooser_row_select_id (self->manager_row, crm_entity_get_int (user, "manager"));
  gtk_window_set_focus (GTK_WINDOW (self), self->name_row);
  return self;
}
