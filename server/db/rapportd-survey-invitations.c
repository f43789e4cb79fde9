/* rapportd-survey-invitations.c: a survey's invitations, each with a one-time link: sent to contacts, or made when a case closes */
#include "rapportd-survey-invitations.h"
#include "rapportd-survey-access.h"
#include "rapportd-repo.h"
#include "rapportd-sql.h"
#include "rapportd-auth.h"
#include "rapportd-survey-key.h"
#include "mail/rapportd-mail-outbox.h"
#include "audit/rapportd-audit.h"
#include "crm-case.h"
#include "crm-contact.h"
#include "crm-error.h"
#include "crm-survey.h"

#include <glib/gi18n-lib.h>

/* a link's secret: 256 random bits, of which only the SHA-256 is kept */
#define SECRET_BYTES 32

/* a pending invitation past its time reads as expired */
#define INVITATION_SELECT \
  "SELECT i.id, i.survey_id, i.case_id, i.contact_id, i.owner_id, i.category_id, " \
  "CASE WHEN i.status = 'pending' AND i.expires_at <= UTC_TIMESTAMP(6) THEN 'expired' ELSE i.status END, " \
  "DATE_FORMAT(i.created_at, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(i.expires_at, '%Y-%m-%dT%H:%i:%sZ'), " \
  "DATE_FORMAT(i.answered_at, '%Y-%m-%dT%H:%i:%sZ'), i.recorded_by"

/* one invitation, its row to be locked: nothing of the outbox is read */
static const char invitation_columns[] = INVITATION_SELECT " FROM survey_invitations i ";

/* a list of them, each with the mail that carried its link, if any */
static const char invitation_list_columns[] =
  INVITATION_SELECT ", m.state, m.attempts, m.last_error, "
  "DATE_FORMAT(m.next_attempt_at, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(m.sent_at, '%Y-%m-%dT%H:%i:%sZ') "
  "FROM survey_invitations i LEFT JOIN mail_outbox m ON m.message_id_header = i.mail_message_id ";

static const char * const invitation_members[] = {
  "id", "survey_id", "case_id", "contact_id", "owner_id", "category_id", "status",
  "created_at", "expires_at", "answered_at", "recorded_by", NULL
};

/* the members of `mail`, as a case's mail outbox lists them; not the
 * address, which is the contact's, shown to who may see the contact */
static const char * const mail_members[] = { "state", "attempts", "error", "next_attempt_at", "sent_at", NULL };

/* `mail`: the outbox's row of the mail that carried the link, or null */
static void
add_mail (JsonObject       *invitation,
          RapportdDbResult *result,
          guint             row,
          guint             first)
{
  JsonObject *mail;

  if (rapportd_db_result_get (result, row, first) == NULL)
    {
      json_object_set_null_member (invitation, "mail");
      return;
    }
  mail = json_object_new ();
  for (guint k = 0; mail_members[k] != NULL; k++)
    {
      const char *value = rapportd_db_result_get (result, row, first + k);

      if (value == NULL)
        json_object_set_null_member (mail, mail_members[k]);
      else if (g_str_equal (mail_members[k], "attempts"))
        json_object_set_int_member (mail, mail_members[k], g_ascii_strtoll (value, NULL, 10));
      else
        json_object_set_string_member (mail, mail_members[k], value);
    }
  json_object_set_object_member (invitation, "mail", mail);
}

static JsonObject *
invitation_object (RapportdDbResult *result,
                   guint             row)
{
  JsonObject *invitation = json_object_new ();
  guint col;

  for (col = 0; invitation_members[col] != NULL; col++)
    {
      const char *value = rapportd_db_result_get (result, row, col);

      if (value == NULL)
        json_object_set_null_member (invitation, invitation_members[col]);
      else if (col >= 6 && col <= 9)
        json_object_set_string_member (invitation, invitation_members[col], value);
      else
        json_object_set_int_member (invitation, invitation_members[col], g_ascii_strtoll (value, NULL, 10));
    }
  if (result->n_cols > col)
    add_mail (invitation, result, row, col);
  return invitation;
}

/* the invitation keeps the Message-ID of the mail that carried its link */
static gboolean
note_mail (RapportdDb  *db,
           gint64       invitation_id,
           const char  *message_id,
           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE survey_invitations SET mail_message_id = ? WHERE id = ?");

  if (message_id == NULL)
    return TRUE;
  rapportd_sql_add_text (sql, message_id);
  rapportd_sql_add_int (sql, invitation_id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_survey_invitation_read:
 * @db: a connection
 * @id: an invitation
 * @for_update: lock its row until the transaction ends
 * @error: %CRM_ERROR_NOT_FOUND when there is none
 *
 * Returns: (transfer full): the invitation as the API shows it
 */
JsonObject *
rapportd_survey_invitation_read (RapportdDb  *db,
                                 gint64       id,
                                 gboolean     for_update,
                                 GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (invitation_columns);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_append (sql, for_update ? "WHERE i.id = ? FOR UPDATE" : "WHERE i.id = ?");
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such survey invitation"));
      return NULL;
    }
  return invitation_object (result, 0);
}

static void
add_id_or_null (RapportdSql *sql,
                gint64       id)
{
  if (id > 0)
    rapportd_sql_add_int (sql, id);
  else
    rapportd_sql_add_null (sql);
}

/**
 * rapportd_survey_invitation_create:
 * @db: a connection inside the caller's transaction
 * @actor_id: who sends it (0: the server)
 * @survey: the survey, as stored
 * @case_id: the case it asks about, or 0
 * @contact_id: who is asked, or 0
 * @owner_id: the rep it reports on, or 0
 * @category_id: the case's category, or 0
 * @token: (out) (transfer full): the link's secret, never stored: a mail
 *   sender puts it in its link (rapportd_survey_link())
 * @id: (out): the invitation's id
 * @error: return location for a #GError
 *
 * Makes a pending invitation valid for the survey's link_valid_days; audited.
 */
gboolean
rapportd_survey_invitation_create (RapportdDb  *db,
                                   gint64       actor_id,
                                   CrmEntity   *survey,
                                   gint64       case_id,
                                   gint64       contact_id,
                                   gint64       owner_id,
                                   gint64       category_id,
                                   char       **token,
                                   gint64      *id,
                                   GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO survey_invitations (survey_id, token_hash, created_at, created_by, "
                                                 "expires_at, case_id, contact_id, owner_id, category_id) "
                                                 "VALUES (?, ?, UTC_TIMESTAMP(6), ?, UTC_TIMESTAMP(6) + INTERVAL ? DAY, ?, ?, ?, ?)");
  g_autofree char *secret = rapportd_auth_random_secret (SECRET_BYTES);
  g_autofree char *hash = rapportd_auth_token_hash (secret);
  g_autoptr(JsonObject) invitation = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  guint64 new_id = 0;

  g_return_val_if_fail (CRM_IS_SURVEY (survey) && token != NULL && id != NULL, FALSE);

  rapportd_sql_add_int (sql, crm_entity_get_id (survey));
  rapportd_sql_add_text (sql, hash);
  add_id_or_null (sql, actor_id);
  rapportd_sql_add_int (sql, crm_entity_get_int (survey, "link_valid_days"));
  add_id_or_null (sql, case_id);
  add_id_or_null (sql, contact_id);
  add_id_or_null (sql, owner_id);
  add_id_or_null (sql, category_id);
  if (!rapportd_db_execute (db, sql, NULL, &new_id, error) ||
      (invitation = rapportd_survey_invitation_read (db, (gint64) new_id, FALSE, error)) == NULL)
    return FALSE;
  node = json_node_init_object (json_node_alloc (), invitation);
  json = json_to_string (node, FALSE);
  if (!rapportd_audit_append (db, actor_id, "survey_invitation", (gint64) new_id, "create", NULL, NULL, json, error))
    return FALSE;
  *token = g_steal_pointer (&secret);
  *id = (gint64) new_id;
  return TRUE;
}

/**
 * rapportd_survey_invitation_renew:
 * @db: a connection inside the caller's transaction
 * @id: a pending invitation (one made as a case closed, whose secret
 *   nobody has seen)
 * @token: (out) (transfer full): its new secret; the old link stops working
 * @error: %CRM_ERROR_NOT_FOUND, or %CRM_ERROR_CONFLICT when it is not pending
 *
 * For the mail sender: a link to send, made when the mail is. Audited.
 */
gboolean
rapportd_survey_invitation_renew (RapportdDb  *db,
                                  gint64       id,
                                  char       **token,
                                  GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE survey_invitations SET token_hash = ? WHERE id = ?");
  g_autofree char *secret = rapportd_auth_random_secret (SECRET_BYTES);
  g_autofree char *hash = rapportd_auth_token_hash (secret);
  g_autoptr(JsonObject) invitation = NULL;

  g_return_val_if_fail (token != NULL, FALSE);

  if ((invitation = rapportd_survey_invitation_read (db, id, TRUE, error)) == NULL)
    return FALSE;
  if (!g_str_equal (json_object_get_string_member (invitation, "status"), "pending"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("This survey invitation is no longer pending"));
      return FALSE;
    }
  rapportd_sql_add_text (sql, hash);
  rapportd_sql_add_int (sql, id);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error) ||
      !rapportd_audit_append (db, 0, "survey_invitation", id, "renew_link", NULL, NULL, NULL, error))
    return FALSE;
  *token = g_steal_pointer (&secret);
  return TRUE;
}

static CrmEntity *
active_survey (RapportdDb           *db,
               const RapportdActor  *actor,
               gint64                survey_id,
               GError              **error)
{
  g_autoptr(CrmEntity) survey = rapportd_repo_get (db, actor, CRM_TYPE_SURVEY, survey_id, FALSE, error);

  if (survey == NULL)
    return NULL;
  if (!crm_entity_get_bool (survey, "active") || crm_entity_get_bool (survey, "archived"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "active", _("This survey is not active"));
      return NULL;
    }
  return g_steal_pointer (&survey);
}

/* the contact ids of the body, 1 to RAPPORTD_SURVEY_MAX_CONTACTS, each once */
static GArray *
read_contact_ids (JsonObject  *body,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (body, "contact_ids");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) == 0 ||
      json_array_get_length (array) > RAPPORTD_SURVEY_MAX_CONTACTS)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "contact_ids",
                                 _("Give a list of 1 to %d contact ids"), RAPPORTD_SURVEY_MAX_CONTACTS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      gint64 id = JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_INT64
                  ? json_node_get_int (item) : 0;
      g_autofree char *field = g_strdup_printf ("contact_ids[%u]", i);

      for (guint j = 0; id > 0 && j < ids->len; j++)
        if (g_array_index (ids, gint64, j) == id)
          id = 0;
      if (id <= 0)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, _("A contact's id, each once"));
          return NULL;
        }
      g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

/* what an invitation's mail says: the survey's title, its introduction and
 * the link, in the survey's own words */
static char *
invitation_body (CrmEntity  *survey,
                 const char *link)
{
  const char *title = crm_entity_get_text (survey, "title");
  const char *intro = crm_entity_get_text (survey, "intro");

  return g_strdup_printf ("%s\n\n%s%s%s\n", title ? title : "", intro && *intro ? intro : "", intro && *intro ? "\n\n" : "",
                          link);
}

/* the invitation mailed to a contact it was sent to by hand, in the same
 * transaction, subject the survey's title: from the mailbox of the
 * sender's team's queue, else the first that sends; *@mailed FALSE for a
 * contact without an email, no mailbox that sends, or no public_url */
static gboolean
mail_contact (RapportdDb           *db,
              const RapportdActor  *actor,
              CrmEntity            *survey,
              CrmEntity            *contact,
              gint64                invitation_id,
              const char           *token,
              gboolean             *mailed,
              GError              **error)
{
  g_autofree char *link = rapportd_survey_public_link (token);
  const char *title = crm_entity_get_text (survey, "title");
  g_autofree char *body = NULL;
  g_autofree char *message_id = NULL;

  *mailed = FALSE;
  if (link == NULL)
    return TRUE;
  body = invitation_body (survey, link);
  if (!rapportd_mail_outbox_enqueue_to (db, actor->team_id, crm_entity_get_text (contact, "email"), title ? title : "", body,
                                        &message_id, error) ||
      !note_mail (db, invitation_id, message_id, error))
    return FALSE;
  *mailed = message_id != NULL;
  return TRUE;
}

/**
 * rapportd_survey_invite_contacts:
 * @db: a connection inside the request's transaction
 * @actor: who sends them: one who keeps surveys, and sees each contact
 * @survey_id: an active survey
 * @body: `{"contact_ids":[…]}`
 * @host: (nullable): the request's Host, for the links
 * @error: 422 naming `contact_ids[N]` for a contact @actor cannot see
 *
 * Each contact with an email is mailed the link in the same transaction
 * when `[service] public_url` is set (mail_contact()).
 *
 * Returns: (transfer full): `{"items":[…]}`, each invitation with its
 *   `token` and `link`, shown this once, and `mailed`: whether its link was
 *   queued to be mailed
 */
JsonNode *
rapportd_survey_invite_contacts (RapportdDb           *db,
                                 const RapportdActor  *actor,
                                 gint64                survey_id,
                                 JsonObject           *body,
                                 const char           *host,
                                 GError              **error)
{
  g_autoptr(CrmEntity) survey = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *items = json_array_new ();

  g_return_val_if_fail (actor != NULL && body != NULL, NULL);

  json_object_set_array_member (answer, "items", items);
  /* sending a survey to a list is the survey keepers' step; reps record answers */
  if (!crm_entity_class_may_write (g_type_class_peek (CRM_TYPE_SURVEY), actor->role))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Surveys are sent to contacts by administrators and managers"));
      return NULL;
    }
  if ((survey = active_survey (db, actor, survey_id, error)) == NULL ||
      (ids = read_contact_ids (body, error)) == NULL)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) missing = NULL;
      g_autoptr(CrmEntity) contact = rapportd_repo_get (db, actor, CRM_TYPE_CONTACT, g_array_index (ids, gint64, i),
                                                        FALSE, &missing);
      g_autofree char *token = NULL;
      g_autofree char *link = NULL;
      JsonObject *invitation;
      gboolean mailed = FALSE;
      gint64 id = 0;

      if (contact == NULL)
        {
          g_autofree char *field = g_strdup_printf ("contact_ids[%u]", i);

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, _("No such contact"));
          return NULL;
        }
      if (!rapportd_survey_invitation_create (db, actor->user_id, survey, 0, crm_entity_get_id (contact),
                                              crm_entity_get_int (contact, "owner"), 0, &token, &id, error) ||
          !mail_contact (db, actor, survey, contact, id, token, &mailed, error) ||
          (invitation = rapportd_survey_invitation_read (db, id, FALSE, error)) == NULL)
        return NULL;
      link = rapportd_survey_link (host, token);
      json_object_set_string_member (invitation, "token", token);
      json_object_set_string_member (invitation, "link", link);
      json_object_set_boolean_member (invitation, "mailed", mailed);
      json_array_add_object_element (items, invitation);
    }
  return json_node_init_object (json_node_alloc (), answer);
}

/* is @category the survey's or below it? */
static gboolean
category_matches (RapportdDb  *db,
                  gint64       survey_category,
                  gint64       category,
                  gboolean    *matches,
                  GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("WITH RECURSIVE up (id, parent_id) AS ("
                                                 "SELECT id, parent_id FROM `case-categories` WHERE id = ? UNION ALL "
                                                 "SELECT c.id, c.parent_id FROM `case-categories` c JOIN up ON c.id = up.parent_id) "
                                                 "SELECT COUNT(*) FROM up WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, category);
  rapportd_sql_add_int (sql, survey_category);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *matches = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) > 0;
  return TRUE;
}

/* the active case_closed surveys, the one of the nearest category first,
 * then those for any category, oldest first */
static GArray *
closing_surveys (RapportdDb  *db,
                 GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, COALESCE(category_id, 0) FROM surveys "
                                                 "WHERE active = 1 AND archived = 0 AND `trigger` = 'case_closed' "
                                                 "ORDER BY category_id IS NULL, id");
  g_autoptr(RapportdDbResult) result = NULL;
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (gint64));

  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    {
      g_array_unref (rows);
      return NULL;
    }
  for (guint row = 0; row < result->n_rows; row++)
    for (guint col = 0; col < 2; col++)
      {
        gint64 value = g_ascii_strtoll (rapportd_db_result_get (result, row, col), NULL, 10);

        g_array_append_val (rows, value);
      }
  return rows;
}

static gint64
int_or_zero (CrmEntity  *record,
             const char *name)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name);

  if (field < 0 || !crm_entity_has_value (record, field) || crm_entity_value (record, field)->is_null)
    return 0;
  return crm_entity_get_int (record, name);
}

/* the invitation mailed to the case's contact, in the closing's transaction,
 * when rapportd knows the address customers reach it at */
static gboolean
mail_invitation (RapportdDb  *db,
                 CrmEntity   *survey,
                 gint64       case_id,
                 gint64       invitation_id,
                 const char  *token,
                 GError     **error)
{
  g_autofree char *link = rapportd_survey_public_link (token);
  const char *title = crm_entity_get_text (survey, "title");
  g_autofree char *body = NULL;
  g_autofree char *message_id = NULL;

  if (link == NULL)
    return TRUE;
  body = invitation_body (survey, link);
  return rapportd_mail_outbox_enqueue_notice (db, case_id, title ? title : "", body, &message_id, error) &&
         note_mail (db, invitation_id, message_id, error);
}

/**
 * rapportd_survey_invite_closed_case:
 * @db: a connection inside the closing's transaction
 * @actor: who closed the case
 * @before: the case before the change
 * @stored: the case as stored
 * @error: return location for a #GError
 *
 * When a case moves to closed (not merged into another), invites its
 * contact to the first active case_closed survey whose category holds the
 * case's (one for any category last), once a case whatever its later
 * reopenings; audited. With `[service] public_url` set, the link is mailed
 * to the contact (the case's mail outbox); otherwise its secret is shown to
 * nobody, and a sender makes a new one with rapportd_survey_invitation_renew().
 */
gboolean
rapportd_survey_invite_closed_case (RapportdDb           *db,
                                    const RapportdActor  *actor,
                                    CrmEntity            *before,
                                    CrmEntity            *stored,
                                    GError              **error)
{
  g_autoptr(GArray) surveys = NULL;
  g_autoptr(RapportdSql) sent = rapportd_sql_new ("SELECT COUNT(*) FROM survey_invitations WHERE case_id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  gint64 category = int_or_zero (stored, "category");

  g_return_val_if_fail (CRM_IS_ENTITY (stored), FALSE);

  if (g_strcmp0 (crm_entity_get_text (stored, "status"), "closed") != 0 ||
      (before != NULL && g_strcmp0 (crm_entity_get_text (before, "status"), "closed") == 0) ||
      int_or_zero (stored, "merged_into_case") > 0)
    return TRUE;
  rapportd_sql_add_int (sent, crm_entity_get_id (stored));
  if ((result = rapportd_db_query (db, sent, error)) == NULL)
    return FALSE;
  if (g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) > 0)
    return TRUE;
  if ((surveys = closing_surveys (db, error)) == NULL)
    return FALSE;
  for (guint i = 0; i + 1 < surveys->len; i += 2)
    {
      gint64 survey_category = g_array_index (surveys, gint64, i + 1);
      g_autoptr(CrmEntity) survey = NULL;
      g_autofree char *token = NULL;
      gboolean matches = survey_category == 0;
      gint64 id;

      if (!matches && category > 0 && !category_matches (db, survey_category, category, &matches, error))
        return FALSE;
      if (!matches)
        continue;
      if ((survey = rapportd_repo_get (db, actor, CRM_TYPE_SURVEY, g_array_index (surveys, gint64, i), FALSE, error)) == NULL ||
          !rapportd_survey_invitation_create (db, actor ? actor->user_id : 0, survey, crm_entity_get_id (stored),
                                              int_or_zero (stored, "contact"), int_or_zero (stored, "owner"),
                                              category, &token, &id, error))
        return FALSE;
      return mail_invitation (db, survey, crm_entity_get_id (stored), id, token, error);
    }
  return TRUE;
}

/* each invitation's `contact_name`: its contact's, read in one statement,
 * null for one @actor may not see */
static gboolean
add_contact_names (RapportdDb           *db,
                   const RapportdActor  *actor,
                   JsonArray            *items,
                   GError              **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) contacts = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id = json_object_get_null_member (item, "contact_id") ? 0 : json_object_get_int_member (item, "contact_id");

      if (id > 0)
        g_array_append_val (ids, id);
    }
  if ((contacts = rapportd_repo_get_visible_by_ids (db, actor, CRM_TYPE_CONTACT, ids, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id = json_object_get_null_member (item, "contact_id") ? 0 : json_object_get_int_member (item, "contact_id");
      CrmEntity *contact = id > 0 ? g_hash_table_lookup (contacts, &id) : NULL;

      if (contact != NULL)
        json_object_set_string_member (item, "contact_name", crm_entity_get_text (contact, "name"));
      else
        json_object_set_null_member (item, "contact_name");
    }
  return TRUE;
}

/**
 * rapportd_survey_invitations_list:
 * @db: a connection
 * @actor: who asks
 * @query: `survey_id`, `case_id` or `contact_id` (one at least), `status`
 * @error: 422 naming the filter, 403 for a survey's whole list to one who
 *   may not read results
 *
 * A case's or a contact's invitations are listed to whoever sees the
 * record; a survey's, to those who read its results.
 *
 * Returns: (transfer full): `{"items":[…]}`, the newest first, at most 1,000,
 *   each with `mail`: the mail that carried its link (`state`, `attempts`,
 *   `error`, `next_attempt_at`, `sent_at`), or null, and `contact_name`:
 *   the contact's name, null for a contact @actor may not see
 */
JsonNode *
rapportd_survey_invitations_list (RapportdDb           *db,
                                  const RapportdActor  *actor,
                                  GHashTable           *query,
                                  GError              **error)
{
  static const char * const filters[] = { "case_id", "contact_id", "survey_id", NULL };
  g_autoptr(RapportdSql) sql = rapportd_sql_new (invitation_list_columns);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  const char *status = query ? g_hash_table_lookup (query, "status") : NULL;
  JsonArray *items;
  gboolean filtered = FALSE;

  rapportd_sql_append (sql, "WHERE TRUE");
  for (guint i = 0; filters[i] != NULL; i++)
    {
      const char *text = query ? g_hash_table_lookup (query, filters[i]) : NULL;
      gint64 id = 0;
      g_autoptr(CrmEntity) record = NULL;

      if (text == NULL)
        continue;
      if (!g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, filters[i], _("Give a record's id"));
          return NULL;
        }
      if (i == 0 && (record = rapportd_repo_get (db, actor, CRM_TYPE_CASE, id, FALSE, error)) == NULL)
        return NULL;
      if (i == 1 && (record = rapportd_repo_get (db, actor, CRM_TYPE_CONTACT, id, FALSE, error)) == NULL)
        return NULL;
      if (i == 2 && !filtered && !rapportd_survey_access_check_results (actor, error))
        return NULL;
      rapportd_sql_appendf (sql, " AND i.%s = ?", filters[i]);
      rapportd_sql_add_int (sql, id);
      filtered = TRUE;
    }
  if (!filtered)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "survey_id", _("Name a survey, a case or a contact"));
      return NULL;
    }
  if (status != NULL)
    {
      if (!g_str_equal (status, "pending") && !g_str_equal (status, "answered") && !g_str_equal (status, "expired"))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "status", _("A status is pending, answered or expired"));
          return NULL;
        }
      rapportd_sql_append (sql, " AND CASE WHEN i.status = 'pending' AND i.expires_at <= UTC_TIMESTAMP(6) "
                           "THEN 'expired' ELSE i.status END = ?");
      rapportd_sql_add_text (sql, status);
    }
  rapportd_sql_append (sql, " ORDER BY i.id DESC LIMIT 1000");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  items = json_array_new ();
  for (guint row = 0; row < result->n_rows; row++)
    json_array_add_object_element (items, invitation_object (result, row));
  json_object_set_array_member (answer, "items", items);
  if (!add_contact_names (db, actor, items, error))
    return NULL;
  return json_node_init_object (json_node_alloc (), answer);
}
