/* rapportd-router.c: maps a request's method and path to its handler, on a worker thread */
#include "rapportd-router.h"
#include "rapportd-auth.h"
#include "rapportd-idempotency.h"
#include "rapportd-language.h"
#include "rapportd-metrics.h"
#include "api/rapportd-api.h"
#include "api/rapportd-api-business-calendars.h"
#include "api/rapportd-api-kb.h"
#include "api/rapportd-api-metrics.h"
#include "api/rapportd-api-service-accounts.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

#define MAX_SEGMENTS 4
/* a deadlock, or on a Galera cluster a certification conflict with a
 * writer on another node, runs the request again, after a pause of a few
 * milliseconds more at each attempt, at random, so that the two do not
 * meet again at once */
#define MAX_ATTEMPTS 5
#define RETRY_PAUSE_US 5000

typedef struct
{
  const char      *method;
  /* literal segments; "*" matches any one */
  const char      *segments[MAX_SEGMENTS + 1];
  RapportdHandler  handler;
  /* no session needed */
  gboolean         public;
  /* run inside one transaction, committed only on success */
  gboolean         writes;
  /* allowed while the user must still change their password */
  gboolean         before_password_change;
  /* open to a role that changes nothing although it is not a plain GET:
   * signing out, one's own password, reads that are audited */
  gboolean         read_only_too;
  /* a read of one row or none, no transaction: cheap enough for the HTTP
   * thread that read the request to run it */
  gboolean         inline_read;
  /* its body may be as large as [server] max_upload_bytes, spooled to a
   * file rather than held in memory: files sent whole */
  gboolean         large_body;
  /* answered while the database is down too (the handler's db may be NULL) */
  gboolean         without_database;
  /* a page outside the API (its first segment starts with '/': /s/TOKEN),
   * answered in HTML by its handler and left out of the API's description */
  gboolean         page;
  /* what it does, in a few English words, for the API's description;
   * {one} and {many} stand for one of a collection ("an account") and
   * several ("accounts") */
  const char      *summary;
  /* the status of its success, when not 200 */
  guint            status;
} RapportdRoute;

static const RapportdRoute routes[] = {
  { "GET",    { "health" },                  rapportd_api_health,           .public = TRUE, .inline_read = TRUE, .summary = "Tell whether rapportd and its database are up" },
  { "GET",    { "openapi.json" },            rapportd_api_openapi,          .public = TRUE, .summary = "This API's OpenAPI description" },
  /* no session: its own access, by address or token ([metrics]) */
  { "GET",    { "metrics" },                 rapportd_api_metrics,          .public = TRUE, .without_database = TRUE, .summary = "Metrics in the Prometheus text format" },
  { "POST",   { "session" },                 rapportd_api_session_create,   .public = TRUE, .summary = "Sign in: a session token for a login and password", .status = 201 },
  { "GET",    { "session" },                 rapportd_api_session_get,      .before_password_change = TRUE, .summary = "The signed-in user and their session" },
  { "DELETE", { "session" },                 rapportd_api_session_delete,   .before_password_change = TRUE, .read_only_too = TRUE, .summary = "Sign out: end this session" },
  { "POST",   { "session", "password" },     rapportd_api_session_password, .writes = TRUE, .before_password_change = TRUE, .read_only_too = TRUE, .summary = "Change one's own password" },
  { "POST",   { "users", "*", "unlock" },    rapportd_api_users_unlock,     .writes = TRUE, .summary = "Unlock a user locked out by failed sign-ins" },
  { "POST",   { "users", "*", "password" },  rapportd_api_users_set_password, .writes = TRUE, .summary = "Set a user's password" },
  { "DELETE", { "users", "*", "sessions" },  rapportd_api_users_end_sessions, .writes = TRUE, .summary = "End every session of a user" },
  { "POST",   { "users", "*", "deactivate" }, rapportd_api_users_deactivate, .writes = TRUE, .summary = "Deactivate a user, handing their records to another" },
  { "GET",    { "approvals" },               rapportd_api_approvals_list, .summary = "List approvals waiting for the signed-in user" },
  { "POST",   { "jobs", "run" },             rapportd_api_jobs_run,         .writes = TRUE, .summary = "Run the periodic jobs now" },
  { "GET",    { "approvals", "*" },          rapportd_api_approvals_get, .summary = "Read an approval" },
  { "POST",   { "approvals", "*", "approve" }, rapportd_api_approvals_sign, .summary = "Approve a step, signed with one's password" },
  { "POST",   { "approvals", "*", "reject" }, rapportd_api_approvals_sign, .summary = "Reject a step, signed with one's password" },
  { "POST",   { "approvals", "*", "withdraw" }, rapportd_api_approvals_act, .writes = TRUE, .summary = "Withdraw an approval one asked for" },
  { "POST",   { "approvals", "*", "comment" }, rapportd_api_approvals_act, .writes = TRUE, .summary = "Comment on an approval" },
  { "POST",   { "approvals", "*", "delegate" }, rapportd_api_approvals_act, .writes = TRUE, .summary = "Delegate one's approval step to another user" },
  { "GET",    { "*", "*", "approvals" },     rapportd_api_record_approvals, .summary = "List the approvals of {one}" },
  { "GET",    { "role-scopes" },             rapportd_api_role_scopes_list, .summary = "List what each role may see" },
  { "GET",    { "audit" },                   rapportd_api_audit_list, .summary = "List the audit trail" },
  { "GET",    { "audit", "export" },         rapportd_api_audit_export,     .writes = TRUE, .read_only_too = TRUE, .summary = "Export every matching row of the audit trail" },
  { "PUT",    { "role-scopes" },             rapportd_api_role_scopes_set,  .writes = TRUE, .summary = "Set what each role may see" },
  { "GET",    { "search" },                  rapportd_api_search, .summary = "Search every kind of record" },
  { "POST",   { "leads", "*", "convert" },   rapportd_api_leads_convert,    .writes = TRUE, .summary = "Convert a lead into an account, contact and opportunity" },
  { "POST",   { "opportunities", "*", "stage" }, rapportd_api_opportunities_stage, .writes = TRUE, .summary = "Move an opportunity to another stage" },
  { "POST",   { "opportunities", "*", "quote" }, rapportd_api_opportunities_quote, .writes = TRUE, .summary = "Make a draft quote from an opportunity", .status = 201 },
  { "POST",   { "activities", "with-follow-up" }, rapportd_api_activities_log, .writes = TRUE, .summary = "Log an activity with a follow-up task", .status = 201 },
  { "POST",   { "activities", "*", "corrections" }, rapportd_api_activities_correct, .writes = TRUE, .summary = "Correct a logged activity", .status = 201 },
  { "POST",   { "activities", "*", "comments" }, rapportd_api_reviews_comment, .writes = TRUE, .summary = "Comment on an activity", .status = 201 },
  { "GET",    { "activities", "*", "comments" }, rapportd_api_reviews_comments, .summary = "List the comments on an activity" },
  { "GET",    { "activities", "*", "invitation.ics" }, rapportd_api_invitation, .summary = "An activity's meeting invitation (iCalendar)" },
  { "PATCH",  { "activities", "*", "comments", "*" }, rapportd_api_reviews_comment_fixed, .summary = "Change a comment on an activity (refused: comments are fixed)" },
  { "DELETE", { "activities", "*", "comments", "*" }, rapportd_api_reviews_comment_fixed, .summary = "Delete a comment on an activity (refused: comments are fixed)" },
  { "POST",   { "activities", "*", "reviewed" }, rapportd_api_reviews_mark, .writes = TRUE, .summary = "Mark an activity reviewed" },
  { "POST",   { "weekly-reports", "*", "reviewed" }, rapportd_api_reviews_mark, .writes = TRUE, .summary = "Mark a weekly report reviewed" },
  { "POST",   { "weekly-reports", "*", "comments" }, rapportd_api_reviews_comment, .writes = TRUE, .summary = "Comment on a weekly report", .status = 201 },
  { "GET",    { "weekly-reports", "*", "comments" }, rapportd_api_reviews_comments, .summary = "List the comments on a weekly report" },
  { "PATCH",  { "weekly-reports", "*", "comments", "*" }, rapportd_api_reviews_comment_fixed, .summary = "Change a comment on a weekly report (refused: comments are fixed)" },
  { "DELETE", { "weekly-reports", "*", "comments", "*" }, rapportd_api_reviews_comment_fixed, .summary = "Delete a comment on a weekly report (refused: comments are fixed)" },
  { "POST",   { "reviews", "mark-all" },     rapportd_api_reviews_mark_all, .writes = TRUE, .summary = "Mark everything recorded up to a time reviewed" },
  { "GET",    { "reviews", "pending" },      rapportd_api_reviews_pending, .summary = "List the activities and reports waiting for review" },
  { "GET",    { "cases", "*", "messages" },  rapportd_api_case_messages_list, .summary = "List a case's conversation: replies and internal notes, oldest first" },
  { "POST",   { "cases", "*", "messages" },  rapportd_api_case_messages_create, .writes = TRUE, .summary = "Add a reply or an internal note to a case", .status = 201 },
  /* a message is never changed: PATCH and DELETE are 405 */
  { "GET",    { "cases", "*", "messages", "*" }, rapportd_api_case_messages_get, .summary = "Read one message of a case" },
  { "POST",   { "cases", "*", "merge" },     rapportd_api_cases_merge,      .writes = TRUE, .summary = "Merge a duplicate case into another" },
  { "GET",    { "opportunities", "*", "stage-history" }, rapportd_api_opportunities_history, .summary = "List an opportunity's moves between stages" },
  { "GET",    { "*", "*", "timeline" },      rapportd_api_records_timeline, .summary = "The timeline of {one}" },
  { "POST",   { "tasks", "*", "snooze" },    rapportd_api_tasks_snooze,     .writes = TRUE, .summary = "Snooze a task's reminder" },
  { "GET",    { "tasks", "agenda" },         rapportd_api_tasks_agenda, .summary = "One's tasks and activities by day" },
  { "POST",   { "visit-plans", "*", "check-out" }, rapportd_api_visits_check_out, .writes = TRUE, .summary = "Check out of a planned visit" },
  { "POST",   { "visit-plans", "*", "check-in" }, rapportd_api_visits_check_in, .writes = TRUE, .summary = "Check in at a planned visit" },
  { "POST",   { "visit-plans", "*", "record" }, rapportd_api_visits_record, .writes = TRUE, .summary = "Record the outcome of a visit" },
  { "GET",    { "visit-plans", "summary" },  rapportd_api_visits_summary, .summary = "Visits planned and made, per user" },
  { "POST",   { "*", "*", "claim" },         rapportd_api_pool_claim,       .writes = TRUE, .summary = "Claim {one} from its pool" },
  { "POST",   { "*", "*", "release" },       rapportd_api_pool_release,     .writes = TRUE, .summary = "Release {one} to its pool" },
  { "GET",    { "pools", "*", "limits" },    rapportd_api_pool_limits, .summary = "A pool's claim limits and what one holds" },
  { "GET",    { "business-calendars", "*", "deadline" }, rapportd_api_business_calendars_deadline, .summary = "A deadline counted in a calendar's business time" },
  { "GET",    { "business-calendars", "*", "business-seconds" }, rapportd_api_business_calendars_business_seconds, .summary = "The business seconds between two times" },
  { "GET",    { "pool", "mine" },            rapportd_api_pool_mine, .summary = "What one holds from the pools" },
  { "GET",    { "pipeline", "funnel" },      rapportd_api_pipeline_funnel, .summary = "The sales funnel by stage" },
  { "GET",    { "pipeline", "forecast" },    rapportd_api_pipeline_forecast, .summary = "The forecast of won amounts by period" },
  { "GET",    { "pipeline", "win-rate" },    rapportd_api_pipeline_win_rate, .summary = "Win rate by period and owner" },
  { "GET",    { "pipeline", "stale" },       rapportd_api_pipeline_stale, .summary = "Opportunities with no activity for some days" },
  /* no session: the intake key is the handler's to check, and its
   * transactions too (concurrent intakes are committed together) */
  { "POST",   { "intake", "leads" },         rapportd_api_intake_leads,     .public = TRUE, .summary = "Send a lead with an intake key (web forms)", .status = 201 },
  { "GET",    { "import-presets" },          rapportd_api_import_presets, .summary = "List the column presets of common exports" },
  { "GET",    { "import-mappings" },         rapportd_api_import_mappings_list, .summary = "List the saved import mappings" },
  { "POST",   { "import-mappings" },         rapportd_api_import_mappings_create, .writes = TRUE, .summary = "Save an import mapping", .status = 201 },
  { "DELETE", { "import-mappings", "*" },    rapportd_api_import_mappings_delete, .writes = TRUE, .summary = "Delete a saved import mapping" },
  { "GET",    { "intake-keys" },             rapportd_api_intake_keys_list, .summary = "List the intake keys" },
  { "POST",   { "intake-keys" },             rapportd_api_intake_keys_create, .writes = TRUE, .summary = "Make an intake key", .status = 201 },
  { "DELETE", { "intake-keys", "*" },        rapportd_api_intake_keys_revoke, .writes = TRUE, .summary = "Revoke an intake key" },
  { "POST",   { "intake-keys", "*", "revoke" }, rapportd_api_intake_keys_revoke, .writes = TRUE, .summary = "Revoke an intake key" },
  { "GET",    { "webhooks" },                rapportd_api_webhooks_list, .summary = "List the webhook subscriptions" },
  { "POST",   { "webhooks" },                rapportd_api_webhooks_create, .writes = TRUE, .summary = "Subscribe an address to events", .status = 201 },
  { "PATCH",  { "webhooks", "*" },           rapportd_api_webhooks_update, .writes = TRUE, .summary = "Change a webhook subscription" },
  { "DELETE", { "webhooks", "*" },           rapportd_api_webhooks_delete, .writes = TRUE, .summary = "Delete a webhook subscription" },
  { "GET",    { "webhooks", "*", "deliveries" }, rapportd_api_webhooks_deliveries, .summary = "List a subscription's deliveries and their log" },
  { "POST",   { "webhook-deliveries", "*", "replay" }, rapportd_api_webhook_deliveries_replay, .writes = TRUE, .summary = "Send a delivery again now" },
  { "GET",    { "mailboxes" },               rapportd_api_mailboxes_list, .summary = "List the mailboxes read for service cases" },
  { "POST",   { "mailboxes" },               rapportd_api_mailboxes_create, .writes = TRUE, .summary = "Add a mailbox read for service cases", .status = 201 },
  { "GET",    { "mailboxes", "*" },          rapportd_api_mailboxes_get, .summary = "Read a mailbox" },
  { "PATCH",  { "mailboxes", "*" },          rapportd_api_mailboxes_update, .writes = TRUE, .summary = "Change a mailbox" },
  { "DELETE", { "mailboxes", "*" },          rapportd_api_mailboxes_delete, .writes = TRUE, .summary = "Delete a mailbox, or switch off one that has read mail" },
  /* each message read is a transaction of its own */
  { "POST",   { "mailboxes", "*", "poll" },  rapportd_api_mailboxes_poll, .summary = "Read a mailbox's new messages now" },
  { "GET",    { "mailboxes", "*", "messages" }, rapportd_api_mailboxes_messages, .summary = "List the messages read from a mailbox" },
  { "GET",    { "cases", "*", "mail-outbox" }, rapportd_api_cases_mail_outbox, .summary = "List the replies mailed to the customer of a case" },
  { "GET",    { "service-accounts" },        rapportd_api_service_accounts_list, .summary = "List the service accounts and their keys" },
  { "POST",   { "service-accounts" },        rapportd_api_service_accounts_create, .writes = TRUE, .summary = "Make a service account and its API key", .status = 201 },
  { "POST",   { "service-accounts", "*", "revoke" }, rapportd_api_service_accounts_revoke, .writes = TRUE, .summary = "Revoke a service account's API key" },
  { "POST",   { "service-accounts", "*", "rotate" }, rapportd_api_service_accounts_rotate, .writes = TRUE, .summary = "Give a service account a new API key" },
  { "GET",    { "calendar-feeds" },          rapportd_api_calendar_feeds_list, .summary = "List one's calendar feeds" },
  { "GET",    { "calendar-items" },          rapportd_api_calendar_items, .summary = "Calendar items between two times" },
  { "POST",   { "calendar-feeds" },          rapportd_api_calendar_feeds_create, .writes = TRUE, .summary = "Make a calendar feed address", .status = 201 },
  { "DELETE", { "calendar-feeds", "*" },     rapportd_api_calendar_feeds_revoke, .writes = TRUE, .summary = "Revoke a calendar feed" },
  /* no session: the secret in the address is the feed's key */
  { "GET",    { "calendar", "*" },           rapportd_api_calendar_feed,    .public = TRUE, .summary = "A calendar feed (iCalendar), by its secret address" },
  /* no session: the invitation's secret is in the address; the form's own transaction */
  { "GET",    { "/s", "*" },                 rapportd_api_survey_page,      .public = TRUE, .page = TRUE, .summary = "A survey's form, by its invitation's secret address" },
  { "POST",   { "/s", "*" },                 rapportd_api_survey_page,      .public = TRUE, .page = TRUE, .summary = "Answer a survey's form" },
  { "POST",   { "surveys", "*", "invitations" }, rapportd_api_surveys_invite, .writes = TRUE, .summary = "Invite contacts to answer a survey, each by a link of their own", .status = 201 },
  { "GET",    { "surveys", "*", "results" }, rapportd_api_surveys_results, .summary = "A survey's results: response rate, CSAT, NPS and counts, by group" },
  { "GET",    { "surveys", "*", "responses" }, rapportd_api_surveys_responses, .summary = "A survey's answers, one invitation each, texts included" },
  { "GET",    { "survey-invitations" },      rapportd_api_survey_invitations_list, .summary = "List survey invitations" },
  { "POST",   { "survey-invitations", "*", "answers" }, rapportd_api_survey_invitations_answer, .writes = TRUE, .summary = "Record a customer's answers given by phone or in person", .status = 201 },
  { "GET",    { "kb-articles", "suggest" },  rapportd_api_kb_suggest, .summary = "Published articles that answer a subject, most of its terms first" },
  { "POST",   { "kb-articles", "*", "submit" }, rapportd_api_kb_submit,  .writes = TRUE, .summary = "Submit a draft article for its publishing approval" },
  { "POST",   { "kb-articles", "*", "draft" }, rapportd_api_kb_draft,    .writes = TRUE, .summary = "Open the draft of a published article's next version", .status = 201 },
  { "GET",    { "kb-articles", "*", "versions" }, rapportd_api_kb_versions, .summary = "List the versions an article was published in" },
  { "GET",    { "kb-articles", "*", "versions", "*" }, rapportd_api_kb_versions, .summary = "Read a published version of an article" },
  { "POST",   { "kb-articles", "*", "feedback" }, rapportd_api_kb_feedback, .writes = TRUE, .summary = "Say whether a published article was useful" },
  { "GET",    { "kb-articles", "*", "cases" }, rapportd_api_kb_article_cases, .summary = "List the cases an article solved" },
  { "GET",    { "cases", "*", "kb-articles" }, rapportd_api_kb_case_articles, .summary = "List the articles linked to a case" },
  { "POST",   { "cases", "*", "kb-articles", "*" }, rapportd_api_kb_link, .writes = TRUE, .summary = "Link an article to a case it solved", .status = 201 },
  { "DELETE", { "cases", "*", "kb-articles", "*" }, rapportd_api_kb_link, .writes = TRUE, .summary = "Remove the link of an article to a case" },
  { "POST",   { "assignment-rules", "run" }, rapportd_api_assignment_rules_run, .writes = TRUE, .summary = "Assign unowned records by the assignment rules now" },
  { "GET",    { "imports" },                 rapportd_api_imports_list, .summary = "List the imports" },
  { "GET",    { "imports", "*" },            rapportd_api_imports_get, .summary = "Read an import and its progress" },
  { "POST",   { "imports", "*", "undo" },    rapportd_api_imports_undo,     .writes = TRUE, .summary = "Undo an import" },
  { "GET",    { "reminder-preferences" },    rapportd_api_reminder_preferences_get, .summary = "One's reminder preferences" },
  { "PATCH",  { "reminder-preferences" },    rapportd_api_reminder_preferences_set, .writes = TRUE, .summary = "Change one's reminder preferences" },
  /* audited: a read that writes its audit row */
  { "GET",    { "attachments", "*" },        rapportd_api_attachments_download, .writes = TRUE, .read_only_too = TRUE, .summary = "Download an attachment" },
  /* its own transaction, the stored file deleted after it */
  { "DELETE", { "attachments", "*" },        rapportd_api_attachments_remove, .summary = "Remove an attachment" },
  { "GET",    { "*" },                       rapportd_api_records_list, .summary = "List {many}" },
  { "POST",   { "*" },                       rapportd_api_records_create,   .writes = TRUE, .summary = "Create {one}", .status = 201 },
  { "POST",   { "*", "transfer" },           rapportd_api_records_transfer, .writes = TRUE, .summary = "Transfer {many} to another owner" },
  { "POST",   { "*", "import.csv" },         rapportd_api_records_import,   .writes = TRUE, .large_body = TRUE, .summary = "Import {many} from CSV", .status = 201 },
  { "POST",   { "*", "import" },             rapportd_api_records_import_file, .writes = TRUE, .large_body = TRUE, .summary = "Import {many} from a file (CSV, XLSX, vCard)", .status = 201 },
  { "GET",    { "*", "import", "columns" },  rapportd_api_records_import_columns, .summary = "The columns an import of {many} can fill" },
  { "GET",    { "*", "export.csv" },         rapportd_api_records_export,   .writes = TRUE, .read_only_too = TRUE, .summary = "Export {many}" },
  { "GET",    { "*", "*" },                  rapportd_api_records_get,      .inline_read = TRUE, .summary = "Read {one}" },
  { "PATCH",  { "*", "*" },                  rapportd_api_records_update,   .writes = TRUE, .summary = "Change {one}" },
  { "DELETE", { "*", "*" },                  rapportd_api_records_archive,  .writes = TRUE, .summary = "Archive {one}" },
  { "POST",   { "*", "*", "restore" },       rapportd_api_records_restore,  .writes = TRUE, .summary = "Restore {one} from the archive" },
  { "GET",    { "*", "*", "personal-data" }, rapportd_api_personal_export,  .writes = TRUE, .read_only_too = TRUE, .summary = "Export the personal data of {one}" },
  { "GET",    { "*", "*", "history" },       rapportd_api_records_history, .summary = "The change history of {one}" },
  { "GET",    { "*", "*", "duplicates" },    rapportd_api_records_duplicates, .summary = "Possible duplicates of {one}" },
  { "POST",   { "*", "duplicates" },         rapportd_api_records_check_duplicates, .read_only_too = TRUE, .summary = "Find stored {many} like one not yet stored" },
  { "POST",   { "*", "*", "merge" },         rapportd_api_records_merge,    .writes = TRUE, .summary = "Merge a duplicate into {one}" },
  /* who has unsaved edits in the record: changes no record, not audited */
  { "GET",    { "*", "*", "presence" },      rapportd_api_presence_get, .summary = "Who is editing {one}" },
  { "PUT",    { "*", "*", "presence" },      rapportd_api_presence_put,     .writes = TRUE, .summary = "Say one is editing {one}" },
  { "DELETE", { "*", "*", "presence" },      rapportd_api_presence_delete,  .writes = TRUE, .summary = "Say one stopped editing {one}" },
  { "POST",   { "*", "*", "legal-hold" },    rapportd_api_personal_legal_hold, .writes = TRUE, .summary = "Put {one} under legal hold, or lift it" },
  { "POST",   { "*", "*", "restrict" },      rapportd_api_personal_restrict, .writes = TRUE, .summary = "Restrict processing of the personal data of {one}" },
  { "POST",   { "*", "*", "erase" },         rapportd_api_personal_erase,   .writes = TRUE, .summary = "Erase the personal data of {one}" },
  { "GET",    { "*", "*", "shares" },        rapportd_api_shares_list, .summary = "List who {one} is shared with" },
  { "POST",   { "*", "*", "shares" },        rapportd_api_shares_create,    .writes = TRUE, .summary = "Share {one} with a user or team", .status = 201 },
  { "DELETE", { "*", "*", "shares", "*" },   rapportd_api_shares_delete,    .writes = TRUE, .summary = "Stop sharing {one}" },
  { "POST",   { "*", "*", "submit" },        rapportd_api_documents_step,   .writes = TRUE, .summary = "Submit {one} for approval" },
  { "POST",   { "*", "*", "send" },          rapportd_api_documents_step,   .writes = TRUE, .summary = "Mark {one} sent" },
  { "POST",   { "*", "*", "accept" },        rapportd_api_documents_step,   .writes = TRUE, .summary = "Mark {one} accepted" },
  { "POST",   { "*", "*", "decline" },       rapportd_api_documents_step,   .writes = TRUE, .summary = "Mark {one} declined" },
  { "POST",   { "*", "*", "confirm" },       rapportd_api_documents_step,   .writes = TRUE, .summary = "Confirm {one}" },
  { "POST",   { "*", "*", "fulfil" },        rapportd_api_documents_step,   .writes = TRUE, .summary = "Mark {one} fulfilled" },
  { "POST",   { "*", "*", "cancel" },        rapportd_api_documents_step,   .writes = TRUE, .summary = "Cancel {one}" },
  { "POST",   { "*", "*", "activate" },      rapportd_api_documents_step,   .writes = TRUE, .summary = "Activate {one}" },
  { "POST",   { "*", "*", "terminate" },     rapportd_api_documents_step,   .writes = TRUE, .summary = "Terminate {one}" },
  { "POST",   { "*", "*", "expire" },        rapportd_api_documents_step,   .writes = TRUE, .summary = "Mark {one} expired" },
  { "POST",   { "*", "*", "order" },         rapportd_api_documents_convert, .writes = TRUE, .summary = "Make an order from {one}", .status = 201 },
  { "POST",   { "*", "*", "contract" },      rapportd_api_documents_convert, .writes = TRUE, .summary = "Make a contract from {one}", .status = 201 },
  { "GET",    { "orders", "*", "balance" },  rapportd_api_orders_balance, .summary = "An order's invoiced, paid and open amounts" },
  { "GET",    { "accounts", "*", "balance" }, rapportd_api_accounts_balance, .summary = "An account's invoiced, paid and open amounts" },
  { "POST",   { "*", "*", "copy" },          rapportd_api_documents_copy,   .writes = TRUE, .summary = "Copy {one} into a new draft", .status = 201 },
  { "POST",   { "*", "*", "revise" },        rapportd_api_documents_revise, .writes = TRUE, .summary = "Make a new revision of {one}", .status = 201 },
  { "POST",   { "*", "*", "printed" },       rapportd_api_documents_printed, .writes = TRUE, .read_only_too = TRUE, .summary = "Record that {one} was printed" },
  /* its own two short transactions, the render between them */
  { "GET",    { "*", "*", "pdf" },           rapportd_api_documents_pdf,    .read_only_too = TRUE, .summary = "{one} as PDF" },
  { "GET",    { "products", "*", "last-price" }, rapportd_api_products_last_price, .summary = "The last price a product was sold to an account at" },
  { "POST",   { "cases", "*", "complaint", "assess" }, rapportd_api_complaints_assess, .writes = TRUE, .summary = "Assess a complaint's reportability, signed with one's password" },
  { "POST",   { "cases", "*", "complaint", "close" }, rapportd_api_complaints_close, .writes = TRUE, .summary = "Submit a complaint for its closure approval" },
  /* audited as a printed document is: a read that writes its audit row */
  { "GET",    { "cases", "*", "complaint-file.pdf" }, rapportd_api_complaints_file, .writes = TRUE, .read_only_too = TRUE, .summary = "A complaint's file as PDF: the case, the assessment and closure signatures, the audit trail" },
  { "POST",   { "*", "*", "attachments" },   rapportd_api_attachments_upload, .writes = TRUE, .large_body = TRUE, .summary = "Attach a file to {one}", .status = 201 },
  { "GET",    { "*", "*", "attachments" },   rapportd_api_attachments_list, .summary = "List the attachments of {one}" },
  { "GET",    { "*", "*", "*" },             rapportd_api_records_children, .summary = "List the records that point at {one}" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (routes) <= RAPPORTD_METRICS_MAX_ROUTES);

static gboolean
path_matches (const RapportdRoute  *route,
              char                **segments)
{
  guint i;

  for (i = 0; route->segments[i] != NULL; i++)
    {
      if (segments[i] == NULL || segments[i][0] == '\0')
        return FALSE;
      if (!g_str_equal (route->segments[i], "*") && !g_str_equal (route->segments[i], segments[i]))
        return FALSE;
    }
  return segments[i] == NULL;
}

static const RapportdRoute *
find_route (RapportdRequest  *request,
            GError          **error)
{
  gboolean path_known = FALSE;
  gboolean literal_path = FALSE;

  /* literal routes come first and own their path: "session" is never a collection */
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      gboolean literal = routes[i].segments[0][0] != '*';

      if (!path_matches (&routes[i], request->segments) || (literal_path && !literal))
        continue;
      path_known = TRUE;
      literal_path |= literal;
      if (g_str_equal (routes[i].method, request->method))
        return &routes[i];
    }
  if (path_known)
    g_set_error (error, CRM_ERROR, CRM_ERROR_METHOD_NOT_ALLOWED,
                 _("%s is not allowed on %s"), request->method, request->path);
  else
    g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
  return NULL;
}

/* A POST that signs runs its own transactions: its key is looked up
 * before and kept right after, rather than inside them. */
static gboolean
run_handler_keyed_outside (const RapportdRoute        *route,
                           const RapportdApiSettings  *settings,
                           RapportdRequest            *request,
                           RapportdDb                 *db,
                           GError                    **error)
{
  g_autofree char *fingerprint = rapportd_idempotency_fingerprint (request);
  g_autoptr(GError) local_error = NULL;
  gboolean replayed = FALSE;

  if (!rapportd_idempotency_replay (db, request, fingerprint, &replayed, error))
    return FALSE;
  if (replayed)
    return TRUE;
  if (!route->handler (request, db, settings, error))
    return FALSE;
  if (!rapportd_idempotency_store (db, request, fingerprint, &local_error))
    rapportd_request_warn (request, "the answer for its Idempotency-Key was not kept: %s", local_error->message);
  return TRUE;
}

/* A role that changes nothing is refused wherever something changes (any
 * verb but GET, and the GETs that write), unless the route is open to it. */
static gboolean
check_actor (const RapportdRoute  *route,
             const RapportdActor  *actor,
             GError              **error)
{
  if (actor->must_change_password && !route->before_password_change)
    {
      crm_error_set_field_error (error, CRM_ERROR_FORBIDDEN, "password",
                                 _("Choose a new password before going on"));
      return FALSE;
    }
  if (rapportd_actor_is_read_only (actor) && !route->read_only_too &&
      (route->writes || !g_str_equal (route->method, "GET")))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Your role can read records but not change them"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_handler (const RapportdRoute        *route,
             const RapportdApiSettings  *settings,
             RapportdRequest            *request,
             RapportdDb                 *db,
             GError                    **error)
{
  g_autofree char *fingerprint = NULL;
  gboolean replayed = FALSE;

  if (!route->writes && rapportd_idempotency_applies (request))
    return run_handler_keyed_outside (route, settings, request, db, error);
  if (!route->writes)
    return route->handler (request, db, settings, error);

  if (!rapportd_db_begin (db, error))
    return FALSE;
  /* a write acts for the user as they are now, not as a cached session
   * remembers them: deactivated, demoted or moved a moment ago */
  if (!route->public &&
      (!rapportd_auth_refresh_actor (db, request->token, &request->actor, error) ||
       !check_actor (route, &request->actor, error)))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  /* a retry of a POST already answered gets that answer, and writes nothing */
  if (rapportd_idempotency_applies (request))
    {
      fingerprint = rapportd_idempotency_fingerprint (request);
      if (!rapportd_idempotency_replay (db, request, fingerprint, &replayed, error) || replayed)
        {
          rapportd_db_rollback (db);
          return replayed;
        }
    }
  if (!route->handler (request, db, settings, error) || request->rollback)
    {
      rapportd_db_rollback (db);
      return request->rollback && (error == NULL || *error == NULL);
    }
  /* kept in the same transaction as the write: both or neither */
  if (fingerprint != NULL && !rapportd_idempotency_store (db, request, fingerprint, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  return rapportd_db_commit (db, error);
}

static gboolean
dispatch (const RapportdApiSettings *settings,
          RapportdRequest           *request,
          RapportdDb                *db,
          gboolean                   may_retry)
{
  g_autoptr(GError) error = NULL;
  const RapportdRoute *route = find_route (request, &error);

  if (route == NULL)
    goto fail;
  request->route = (gint) (route - routes);
  if (db == NULL && !route->without_database)
    {
      g_set_error (&error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, _("The database is not available"));
      goto fail;
    }
  if (!route->public)
    {
      if (request->token == NULL)
        {
          g_set_error (&error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED,
                       _("Sign in first: send Authorization: Bearer TOKEN"));
          goto fail;
        }
      if (!rapportd_auth_session_actor (db, request->token, &settings->auth, &request->actor, &error))
        goto fail;
      if (!check_actor (route, &request->actor, &error))
        goto fail;
      if (request->reason)
        {
          if (!g_utf8_validate (request->reason, -1, NULL) || g_utf8_strlen (request->reason, -1) > 500)
            {
              crm_error_set_field_error (&error, CRM_ERROR_VALIDATION, "X-Change-Reason",
                                         _("The reason for a change must be UTF-8 text of at most 500 characters"));
              goto fail;
            }
          request->actor.reason = g_strdup (request->reason);
        }
      if (request->idempotency_key != NULL && g_str_equal (request->method, "POST") &&
          !rapportd_idempotency_check_key (request->idempotency_key, &error))
        goto fail;
    }

  for (guint attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)
    {
      g_clear_error (&error);
      if (run_handler (route, settings, request, db, &error))
        return TRUE;
      if (db == NULL || !rapportd_db_take_retryable (db))
        break;
      rapportd_metrics_count_db_retry ("deadlock");
      g_debug ("%s %s: retrying after a deadlock", request->method, request->path);
      if (attempt < MAX_ATTEMPTS)
        g_usleep (g_random_int_range (0, RETRY_PAUSE_US * attempt));
    }

fail:
  if (may_retry && db != NULL && rapportd_db_can_retry_elsewhere (db))
    {
      rapportd_metrics_count_db_retry ("connection");
      rapportd_actor_clear (&request->actor);
      return FALSE;
    }
  rapportd_request_set_error (request, error);
  return TRUE;
}

/**
 * rapportd_router_dispatch:
 * @settings: API settings
 * @request: the request; its answer is set here
 * @db: (nullable): this worker's connection, %NULL when the database is down
 * @may_retry: whether a broken connection may be answered with %FALSE
 *
 * Authenticates, runs the handler (in a transaction for writes, run again
 * after a deadlock) and turns any error into the JSON error envelope, its
 * messages in the language of the request's Accept-Language.
 *
 * Returns: %FALSE, with no answer set, when @db broke before anything was
 *   committed and @may_retry allows the caller to run it again
 */
gboolean
rapportd_router_dispatch (const RapportdApiSettings *settings,
                          RapportdRequest           *request,
                          RapportdDb                *db,
                          gboolean                   may_retry)
{
  locale_t previous = rapportd_language_use (rapportd_language_resolve (request->accept_language));
  gboolean done = dispatch (settings, request, db, may_retry);

  rapportd_language_restore (previous);
  return done;
}

/**
 * rapportd_router_is_inline_read:
 * @request: the request; only its method, path and segments are read
 *
 * Returns: whether the route that serves @request is a read cheap enough
 *   to run on an HTTP thread
 */
gboolean
rapportd_router_is_inline_read (RapportdRequest *request)
{
  g_autoptr(GError) error = NULL;
  const RapportdRoute *route;

  g_return_val_if_fail (request != NULL, FALSE);

  route = find_route (request, &error);
  return route != NULL && route->inline_read;
}

/**
 * rapportd_router_is_large_body:
 * @method: a request's method
 * @path: its path, as the HTTP server gives it
 *
 * Called by an HTTP thread when a body is larger than max_body_bytes,
 * before it is read.
 *
 * Returns: whether the route that serves it takes bodies up to
 *   max_upload_bytes (imports, attachments)
 */
gboolean
rapportd_router_is_large_body (const char *method,
                               const char *path)
{
  g_autoptr(RapportdRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  const RapportdRoute *route;

  g_return_val_if_fail (method != NULL && path != NULL, FALSE);

  if (!g_str_has_prefix (path, "/api/v1/"))
    return FALSE;
  request = rapportd_request_new (method, path);
  route = find_route (request, &error);
  return route != NULL && route->large_body;
}

/**
 * rapportd_router_match:
 * @request: the request; only its method, path and segments are read
 * @public: (out) (optional): whether the route needs no session
 * @error: %CRM_ERROR_NOT_FOUND or %CRM_ERROR_METHOD_NOT_ALLOWED
 *
 * Finds the route that serves @request without running it (for the fuzzer).
 *
 * Returns: whether a route serves @request
 */
gboolean
rapportd_router_match (RapportdRequest  *request,
                       gboolean         *public,
                       GError          **error)
{
  const RapportdRoute *route;

  g_return_val_if_fail (request != NULL, FALSE);

  route = find_route (request, error);
  if (route != NULL && public != NULL)
    *public = route->public;
  return route != NULL;
}

/**
 * rapportd_router_foreach_route:
 * @func: called for every route, in the table's order
 * @data: passed to @func
 *
 * For the API's description (openapi.json).
 */
void
rapportd_router_foreach_route (RapportdRouteFunc func,
                               gpointer          data)
{
  g_return_if_fail (func != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      RapportdRouteInfo info = {
        .method = routes[i].method,
        .segments = routes[i].segments,
        .summary = routes[i].summary,
        .status = routes[i].status ? routes[i].status : 200,
        .public = routes[i].public,
        .writes = routes[i].writes,
        .large_body = routes[i].large_body,
      };

      if (!routes[i].page)
        func (&info, data);
    }
}

/**
 * rapportd_router_route_pattern:
 * @index: a route's index in the table, as a request's route field holds it
 * @method: (out): its method
 * @pattern: (out) (transfer full): its path, "*" for any one segment
 *
 * For the metrics' labels: a pattern, never a request's own path.
 *
 * Returns: whether the table has a route @index
 */
gboolean
rapportd_router_route_pattern (guint         index,
                               const char  **method,
                               char        **pattern)
{
  g_autofree char *joined = NULL;

  g_return_val_if_fail (method != NULL && pattern != NULL, FALSE);

  if (index >= G_N_ELEMENTS (routes))
    return FALSE;
  joined = g_strjoinv ("/", (char **) routes[index].segments);
  *method = routes[index].method;
  *pattern = routes[index].page ? g_steal_pointer (&joined) : g_strconcat ("/api/v1/", joined, NULL);
  return TRUE;
}
