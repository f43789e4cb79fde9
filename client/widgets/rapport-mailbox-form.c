/* rapport-mailbox-form.c: the rows of a mailbox's settings (queue, fallback account, IMAP, SMTP, sender, polling), filled from and read back into its JSON */
#include "rapport-mailbox-form.h"
#include "rapport-reference-row.h"

#include <glib/gi18n.h>

/* the text members, each an entry row named "mailbox-MEMBER" */
static const struct
{
  const char *member;
  const char *title;
  gboolean    required;
} texts[] = {
  { "name", N_("Name"), TRUE },
  { "imap_url", N_("IMAP address (imaps://host/INBOX)"), TRUE },
  { "username", N_("User name"), TRUE },
  { "smtp_url", N_("SMTP address (smtps://host); empty: does not send"), FALSE },
  { "from_address", N_("Replies sent from"), TRUE },
};

static GtkWidget *
row_named (GtkWidget  *form,
           const char *member)
{
  g_autofree char *name = g_strdup_printf ("mailbox-%s", member);

  for (GtkWidget *row = gtk_widget_get_first_child (form); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      return row;
  g_return_val_if_reached (NULL);
}

static void
append (GtkWidget  *form,
        GtkWidget  *row,
        const char *member)
{
  g_autofree char *name = g_strdup_printf ("mailbox-%s", member);

  gtk_widget_set_name (row, name);
  gtk_list_box_append (GTK_LIST_BOX (form), row);
}

static GtkWidget *
reference_row (RapportApi *api,
               const char *collection,
               const char *title,
               JsonObject *mailbox,
               const char *member)
{
  RapportReferenceRow *row = rapport_reference_row_new (api, collection);
  gint64 id = mailbox ? json_object_get_int_member_with_default (mailbox, member, 0) : 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (id > 0)
    rapport_reference_row_set_id (row, id);
  return GTK_WIDGET (row);
}

/**
 * rapport_mailbox_form_new:
 * @api: the administrator's client, to find teams and accounts
 * @mailbox: (nullable): the settings to show: the mailbox as the server
 *   answered it, or what was typed for a new one; %NULL: the defaults
 * @existing: whether the mailbox exists
 *
 * Returns: (transfer floating): a boxed list of the mailbox's settings;
 *   the password row stays empty (the server never answers it): left
 *   empty on a mailbox that exists, the password is kept
 */
GtkWidget *
rapport_mailbox_form_new (RapportApi *api,
                          JsonObject *mailbox,
                          gboolean    existing)
{
  GtkWidget *form = gtk_list_box_new ();
  GtkWidget *password = adw_password_entry_row_new ();
  GtkWidget *poll_row = adw_action_row_new ();
  GtkWidget *poll = gtk_spin_button_new_with_range (10, 86400, 10);
  GtkWidget *active_row = adw_action_row_new ();
  GtkWidget *active = gtk_switch_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (form), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (form, "boxed-list");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(texts[i].title));
      if (mailbox != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), json_object_get_string_member_with_default (mailbox, texts[i].member, ""));
      append (form, row, texts[i].member);
      if (i == 0)
        {
          append (form, reference_row (api, "teams", _("Queue (team)"), mailbox, "team_id"), "team_id");
          append (form, reference_row (api, "accounts", _("Account of unknown senders"), mailbox, "fallback_account_id"),
                  "fallback_account_id");
        }
      if (g_str_equal (texts[i].member, "username"))
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (password),
                                         existing ? _("Password (empty: unchanged)") : _("Password"));
          append (form, password, "password");
        }
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (poll_row), _("Read every (seconds)"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (poll), mailbox ? json_object_get_int_member_with_default (mailbox, "poll_seconds", 60) : 60);
  gtk_widget_set_valign (poll, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (poll), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Read every (seconds)"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (poll_row), poll);
  append (form, poll_row, "poll_seconds");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (active_row), _("Read and send"));
  gtk_switch_set_active (GTK_SWITCH (active), mailbox ? json_object_get_boolean_member_with_default (mailbox, "active", TRUE) : TRUE);
  gtk_widget_set_valign (active, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (active), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Read and send"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (active_row), active);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (active_row), active);
  append (form, active_row, "active");
  g_object_set_data (G_OBJECT (form), "poll", poll);
  g_object_set_data (G_OBJECT (form), "active", active);
  return form;
}

/**
 * rapport_mailbox_form_get_row:
 * @form: a form of rapport_mailbox_form_new()
 * @member: a member of the mailbox, e.g. "imap_url"
 *
 * Returns: (transfer none): its row
 */
GtkWidget *
rapport_mailbox_form_get_row (GtkWidget  *form,
                              const char *member)
{
  return row_named (form, member);
}

static gint64
reference_of (GtkWidget  *form,
              const char *member)
{
  return rapport_reference_row_get_id (RAPPORT_REFERENCE_ROW (row_named (form, member)));
}

/**
 * rapport_mailbox_form_is_complete:
 * @form: a form of rapport_mailbox_form_new()
 * @new_mailbox: whether it makes a mailbox, which needs its password
 *
 * Returns: whether every required setting is given
 */
gboolean
rapport_mailbox_form_is_complete (GtkWidget *form,
                                  gboolean   new_mailbox)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row_named (form, texts[i].member))));

      if (texts[i].required && g_strstrip (text)[0] == '\0')
        return FALSE;
    }
  if (new_mailbox && gtk_editable_get_text (GTK_EDITABLE (row_named (form, "password")))[0] == '\0')
    return FALSE;
  return reference_of (form, "team_id") > 0 && reference_of (form, "fallback_account_id") > 0;
}

/**
 * rapport_mailbox_form_read:
 * @form: a form of rapport_mailbox_form_new()
 * @mailbox: (nullable): the mailbox it was filled from
 *
 * Returns: (transfer full): the body of the request: every setting for a
 *   new mailbox; for one that exists its version and what was changed
 */
JsonObject *
rapport_mailbox_form_read (GtkWidget  *form,
                           JsonObject *mailbox)
{
  JsonObject *body = json_object_new ();
  const char *password = gtk_editable_get_text (GTK_EDITABLE (row_named (form, "password")));
  gint64 poll = gtk_spin_button_get_value_as_int (g_object_get_data (G_OBJECT (form), "poll"));
  gboolean active = gtk_switch_get_active (g_object_get_data (G_OBJECT (form), "active"));
  const char *reference_members[] = { "team_id", "fallback_account_id" };

  if (mailbox != NULL)
    json_object_set_int_member (body, "version", json_object_get_int_member (mailbox, "version"));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row_named (form, texts[i].member)))));

      if (mailbox != NULL && g_strcmp0 (text, json_object_get_string_member_with_default (mailbox, texts[i].member, "")) == 0)
        continue;
      if (text[0] == '\0' && !texts[i].required)
        {
          if (mailbox != NULL)
            json_object_set_null_member (body, texts[i].member);
          continue;
        }
      json_object_set_string_member (body, texts[i].member, text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (reference_members); i++)
    {
      gint64 id = reference_of (form, reference_members[i]);

      if (mailbox == NULL || id != json_object_get_int_member_with_default (mailbox, reference_members[i], 0))
        json_object_set_int_member (body, reference_members[i], id);
    }
  if (password[0] != '\0')
    json_object_set_string_member (body, "password", password);
  if (mailbox == NULL || poll != json_object_get_int_member_with_default (mailbox, "poll_seconds", 60))
    json_object_set_int_member (body, "poll_seconds", poll);
  if (mailbox == NULL || active != json_object_get_boolean_member_with_default (mailbox, "active", TRUE))
    json_object_set_boolean_member (body, "active", active);
  return body;
}
