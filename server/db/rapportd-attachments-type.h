/* rapportd-attachments-type.h: an attachment's type, read from its content */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *rapportd_attachments_type_sniff (GBytes      *content);
const char *rapportd_attachments_type_check (GBytes      *content,
                                             const char  *declared,
                                             GError     **error);

G_END_DECLS
