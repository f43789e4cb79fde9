/* rapport-stage-move.h: an opportunity moved to another stage, as the board and the stage bar both do it: the reason asked for won or lost, the server's refusal in words */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

void        rapport_stage_move_async            (RapportApi          *api,
                                                 GtkWidget           *parent,
                                                 CrmEntity           *opportunity,
                                                 JsonObject          *stage,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
JsonObject *rapport_stage_move_finish           (GAsyncResult        *result,
                                                 gboolean            *waiting,
                                                 GError             **error);
char       *rapport_stage_move_describe_refusal (CrmEntity           *opportunity,
                                                 JsonObject          *stage,
                                                 const GError        *error);

G_END_DECLS
