/* rapportd-api.h: the API's handlers, one file per resource family */
#pragma once

#include "rapportd-router.h"
#include "rapportd-repo.h"

G_BEGIN_DECLS

#define RAPPORTD_HANDLER(name) \
  gboolean name (RapportdRequest *request, RapportdDb *db, const RapportdApiSettings *settings, GError **error)

RAPPORTD_HANDLER (rapportd_api_health);
RAPPORTD_HANDLER (rapportd_api_openapi);
RAPPORTD_HANDLER (rapportd_api_session_create);
RAPPORTD_HANDLER (rapportd_api_session_get);
RAPPORTD_HANDLER (rapportd_api_session_delete);
RAPPORTD_HANDLER (rapportd_api_session_password);
RAPPORTD_HANDLER (rapportd_api_users_unlock);
RAPPORTD_HANDLER (rapportd_api_users_end_sessions);
RAPPORTD_HANDLER (rapportd_api_users_set_password);
RAPPORTD_HANDLER (rapportd_api_users_deactivate);
RAPPORTD_HANDLER (rapportd_api_records_list);
RAPPORTD_HANDLER (rapportd_api_records_create);
RAPPORTD_HANDLER (rapportd_api_records_get);
RAPPORTD_HANDLER (rapportd_api_records_update);
RAPPORTD_HANDLER (rapportd_api_records_archive);
RAPPORTD_HANDLER (rapportd_api_records_restore);
RAPPORTD_HANDLER (rapportd_api_records_children);
RAPPORTD_HANDLER (rapportd_api_records_duplicates);
RAPPORTD_HANDLER (rapportd_api_records_check_duplicates);
RAPPORTD_HANDLER (rapportd_api_records_merge);
RAPPORTD_HANDLER (rapportd_api_records_transfer);
RAPPORTD_HANDLER (rapportd_api_shares_list);
RAPPORTD_HANDLER (rapportd_api_shares_create);
RAPPORTD_HANDLER (rapportd_api_shares_delete);
RAPPORTD_HANDLER (rapportd_api_role_scopes_list);
RAPPORTD_HANDLER (rapportd_api_role_scopes_set);
RAPPORTD_HANDLER (rapportd_api_personal_export);
RAPPORTD_HANDLER (rapportd_api_records_history);
RAPPORTD_HANDLER (rapportd_api_records_timeline);
RAPPORTD_HANDLER (rapportd_api_audit_list);
RAPPORTD_HANDLER (rapportd_api_audit_export);
RAPPORTD_HANDLER (rapportd_api_records_export);
RAPPORTD_HANDLER (rapportd_api_records_import);
RAPPORTD_HANDLER (rapportd_api_records_import_file);
RAPPORTD_HANDLER (rapportd_api_records_import_columns);
RAPPORTD_HANDLER (rapportd_api_import_presets);
RAPPORTD_HANDLER (rapportd_api_import_mappings_list);
RAPPORTD_HANDLER (rapportd_api_import_mappings_create);
RAPPORTD_HANDLER (rapportd_api_import_mappings_delete);
RAPPORTD_HANDLER (rapportd_api_personal_legal_hold);
RAPPORTD_HANDLER (rapportd_api_personal_restrict);
RAPPORTD_HANDLER (rapportd_api_personal_erase);
RAPPORTD_HANDLER (rapportd_api_documents_step);
RAPPORTD_HANDLER (rapportd_api_approvals_list);
RAPPORTD_HANDLER (rapportd_api_approvals_get);
RAPPORTD_HANDLER (rapportd_api_approvals_sign);
RAPPORTD_HANDLER (rapportd_api_approvals_act);
RAPPORTD_HANDLER (rapportd_api_jobs_run);
RAPPORTD_HANDLER (rapportd_api_activities_correct);
RAPPORTD_HANDLER (rapportd_api_activities_log);
RAPPORTD_HANDLER (rapportd_api_reviews_comment);
RAPPORTD_HANDLER (rapportd_api_reviews_comments);
RAPPORTD_HANDLER (rapportd_api_reviews_comment_fixed);
RAPPORTD_HANDLER (rapportd_api_reviews_mark);
RAPPORTD_HANDLER (rapportd_api_reviews_mark_all);
RAPPORTD_HANDLER (rapportd_api_reviews_pending);
RAPPORTD_HANDLER (rapportd_api_record_approvals);
RAPPORTD_HANDLER (rapportd_api_documents_copy);
RAPPORTD_HANDLER (rapportd_api_documents_convert);
RAPPORTD_HANDLER (rapportd_api_orders_balance);
RAPPORTD_HANDLER (rapportd_api_accounts_balance);
RAPPORTD_HANDLER (rapportd_api_documents_revise);
RAPPORTD_HANDLER (rapportd_api_documents_pdf);
RAPPORTD_HANDLER (rapportd_api_documents_printed);
RAPPORTD_HANDLER (rapportd_api_complaints_assess);
RAPPORTD_HANDLER (rapportd_api_complaints_close);
RAPPORTD_HANDLER (rapportd_api_complaints_file);
RAPPORTD_HANDLER (rapportd_api_products_last_price);
RAPPORTD_HANDLER (rapportd_api_search);
RAPPORTD_HANDLER (rapportd_api_presence_get);
RAPPORTD_HANDLER (rapportd_api_presence_put);
RAPPORTD_HANDLER (rapportd_api_presence_delete);
RAPPORTD_HANDLER (rapportd_api_leads_convert);
RAPPORTD_HANDLER (rapportd_api_opportunities_stage);
RAPPORTD_HANDLER (rapportd_api_opportunities_quote);
RAPPORTD_HANDLER (rapportd_api_opportunities_history);
RAPPORTD_HANDLER (rapportd_api_tasks_snooze);
RAPPORTD_HANDLER (rapportd_api_tasks_agenda);
RAPPORTD_HANDLER (rapportd_api_visits_check_out);
RAPPORTD_HANDLER (rapportd_api_visits_check_in);
RAPPORTD_HANDLER (rapportd_api_visits_record);
RAPPORTD_HANDLER (rapportd_api_visits_summary);
RAPPORTD_HANDLER (rapportd_api_pool_claim);
RAPPORTD_HANDLER (rapportd_api_pool_release);
RAPPORTD_HANDLER (rapportd_api_pool_limits);
RAPPORTD_HANDLER (rapportd_api_pool_mine);
RAPPORTD_HANDLER (rapportd_api_pipeline_funnel);
RAPPORTD_HANDLER (rapportd_api_pipeline_forecast);
RAPPORTD_HANDLER (rapportd_api_pipeline_win_rate);
RAPPORTD_HANDLER (rapportd_api_pipeline_stale);
RAPPORTD_HANDLER (rapportd_api_intake_leads);
RAPPORTD_HANDLER (rapportd_api_intake_keys_list);
RAPPORTD_HANDLER (rapportd_api_intake_keys_create);
RAPPORTD_HANDLER (rapportd_api_intake_keys_revoke);
RAPPORTD_HANDLER (rapportd_api_webhooks_list);
RAPPORTD_HANDLER (rapportd_api_webhooks_create);
RAPPORTD_HANDLER (rapportd_api_webhooks_update);
RAPPORTD_HANDLER (rapportd_api_webhooks_delete);
RAPPORTD_HANDLER (rapportd_api_webhooks_deliveries);
RAPPORTD_HANDLER (rapportd_api_webhook_deliveries_replay);
RAPPORTD_HANDLER (rapportd_api_mailboxes_list);
RAPPORTD_HANDLER (rapportd_api_mailboxes_get);
RAPPORTD_HANDLER (rapportd_api_mailboxes_create);
RAPPORTD_HANDLER (rapportd_api_mailboxes_update);
RAPPORTD_HANDLER (rapportd_api_mailboxes_delete);
RAPPORTD_HANDLER (rapportd_api_mailboxes_poll);
RAPPORTD_HANDLER (rapportd_api_mailboxes_messages);
RAPPORTD_HANDLER (rapportd_api_cases_mail_outbox);
RAPPORTD_HANDLER (rapportd_api_calendar_feeds_list);
RAPPORTD_HANDLER (rapportd_api_calendar_feeds_create);
RAPPORTD_HANDLER (rapportd_api_calendar_feeds_revoke);
RAPPORTD_HANDLER (rapportd_api_calendar_feed);
RAPPORTD_HANDLER (rapportd_api_reminder_preferences_get);
RAPPORTD_HANDLER (rapportd_api_reminder_preferences_set);
RAPPORTD_HANDLER (rapportd_api_attachments_upload);
RAPPORTD_HANDLER (rapportd_api_attachments_list);
RAPPORTD_HANDLER (rapportd_api_attachments_download);
RAPPORTD_HANDLER (rapportd_api_attachments_remove);
RAPPORTD_HANDLER (rapportd_api_calendar_items);
RAPPORTD_HANDLER (rapportd_api_invitation);
RAPPORTD_HANDLER (rapportd_api_assignment_rules_run);
RAPPORTD_HANDLER (rapportd_api_imports_list);
RAPPORTD_HANDLER (rapportd_api_imports_get);
RAPPORTD_HANDLER (rapportd_api_imports_undo);
RAPPORTD_HANDLER (rapportd_api_case_messages_list);
RAPPORTD_HANDLER (rapportd_api_case_messages_create);
RAPPORTD_HANDLER (rapportd_api_case_messages_get);
RAPPORTD_HANDLER (rapportd_api_cases_merge);
RAPPORTD_HANDLER (rapportd_api_survey_page);
RAPPORTD_HANDLER (rapportd_api_surveys_invite);
RAPPORTD_HANDLER (rapportd_api_surveys_results);
RAPPORTD_HANDLER (rapportd_api_surveys_responses);
RAPPORTD_HANDLER (rapportd_api_survey_invitations_list);
RAPPORTD_HANDLER (rapportd_api_survey_invitations_answer);

gboolean rapportd_api_users_check_patch (RapportdDb  *db,
                                         gint64       id,
                                         JsonObject  *body,
                                         GError     **error);

gboolean rapportd_api_duplicates_check    (RapportdRequest  *request,
                                           RapportdDb       *db,
                                           CrmEntity        *entity,
                                           GPtrArray       **matches,
                                           gboolean         *refused,
                                           GError          **error);
char    *rapportd_api_duplicates_answer   (char             *entity_json,
                                           GPtrArray        *matches);
void     rapportd_api_duplicates_append   (GString          *out,
                                           GPtrArray        *matches,
                                           GHashTable       *rows);

gboolean rapportd_api_assign_stored       (RapportdDb           *db,
                                           const RapportdActor  *actor,
                                           CrmEntity           **stored,
                                           GError              **error);

gboolean rapportd_api_records_parse_query (RapportdRequest    *request,
                                           GType               type,
                                           RapportdListQuery  *query,
                                           GError            **error);

/* 403 unless the caller is an administrator (or, with @or_auditor, an auditor) */
gboolean rapportd_api_require_admin       (RapportdRequest  *request,
                                           gboolean          or_auditor,
                                           GError          **error);

G_END_DECLS
