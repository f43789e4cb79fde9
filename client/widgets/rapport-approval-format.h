/* rapport-approval-format.h: approvals in words and rows: states, approver rules, steps, the log, signatures */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "crm-workflow-instance.h"

G_BEGIN_DECLS

char       *rapport_approval_format_utc            (gint64                       usec);
char       *rapport_approval_format_utc_text       (const char                  *iso);
const char *rapport_approval_format_state          (const char                  *state);
const char *rapport_approval_format_step_state     (CrmWorkflowStepState         state);
const char *rapport_approval_format_meaning        (const char                  *meaning);
const char *rapport_approval_format_role           (const char                  *role);
char       *rapport_approval_format_record         (const char                  *entity,
                                                    const char                  *number,
                                                    gint64                       record_id);
char       *rapport_approval_format_slot           (const char                  *label);
char       *rapport_approval_format_approvers      (const CrmWorkflowApprovers  *approvers,
                                                    JsonObject                  *people);
char       *rapport_approval_format_rule           (const CrmWorkflowStep       *step);
const char *rapport_approval_format_person         (JsonObject                  *people,
                                                    const char                  *login);
char       *rapport_approval_format_amount         (JsonObject                  *summary);
char       *rapport_approval_format_discount       (JsonObject                  *summary);
char       *rapport_approval_format_about          (JsonObject                  *summary);
char       *rapport_approval_format_trigger        (JsonObject                  *summary);
char       *rapport_approval_format_step_reason    (CrmWorkflowInstance         *instance,
                                                    guint                        step);

GtkWidget  *rapport_approval_format_step_row       (CrmWorkflowInstance         *instance,
                                                    guint                        step,
                                                    gint64                       now,
                                                    JsonObject                  *people);
GtkWidget  *rapport_approval_format_log_row        (CrmWorkflowInstance         *instance,
                                                    guint                        index,
                                                    JsonObject                  *people);
GtkWidget  *rapport_approval_format_signature_row  (JsonObject                  *signature);
GtkWidget  *rapport_approval_format_note_row       (const char                  *text);
GtkWidget  *rapport_approval_format_caption_row    (const char                  *text);
void        rapport_approval_format_clear_list     (GtkListBox                  *list);

G_END_DECLS
