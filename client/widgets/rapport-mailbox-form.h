/* rapport-mailbox-form.h: the rows of a mailbox's settings (queue, fallback account, IMAP, SMTP, sender, polling), filled from and read back into its JSON */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rapport-api.h"

G_BEGIN_DECLS

GtkWidget  *rapport_mailbox_form_new         (RapportApi *api,
                                              JsonObject *mailbox,
                                              gboolean    existing);
GtkWidget  *rapport_mailbox_form_get_row     (GtkWidget  *form,
                                              const char *member);
gboolean    rapport_mailbox_form_is_complete (GtkWidget  *form,
                                              gboolean    new_mailbox);
JsonObject *rapport_mailbox_form_read        (GtkWidget  *form,
                                              JsonObject *mailbox);

G_END_DECLS
