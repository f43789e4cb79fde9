/* crm-pool.c: CrmPool, a public pool (公海) of leads or accounts without an owner */
#include "crm-pool.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _CrmPool
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmPool, crm_pool, CRM_TYPE_ENTITY)

static const char * const entities[] = { "lead", "account", NULL };

static const char * const entity_labels[] = { N_("Leads"), N_("Accounts"), NULL };

static const CrmFieldSpec pool_fields[] = {
  { "name",                     CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "team",                     CRM_FIELD_REFERENCE, .column = "team_id", .json_key = "team_id", .reference = "team", .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Team") },
  { "region",                   CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Region") },
  { "entity",                   CRM_FIELD_ENUM,      .enum_values = entities, .enum_labels = entity_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = N_("Holds"), .default_value = "lead" },
  { "reclaim_idle_days",        CRM_FIELD_INT,       .label = N_("Days without follow-up before reclaim"), .min_value = 1, .max_value = 3650 },
  { "reclaim_unconverted_days", CRM_FIELD_INT,       .label = N_("Days without conversion before reclaim"), .min_value = 1, .max_value = 3650 },
  { "warn_days",                CRM_FIELD_INT,       .label = N_("Days of warning before reclaim"), .min_value = 0, .max_value = 365 },
  { "claims_per_day",           CRM_FIELD_INT,       .label = N_("Claims per rep per day"), .min_value = 0, .max_value = 10000 },
  { "max_holdings",             CRM_FIELD_INT,       .label = N_("Most records a rep holds from the pool"), .min_value = 0, .max_value = 1000000 },
  { "cooldown_days",            CRM_FIELD_INT,       .label = N_("Days before a rep may claim back what left them"), .min_value = 0, .max_value = 3650 },
  { "mask_contacts",            CRM_FIELD_BOOL,      .label = N_("Mask contact details until claimed"), .default_value = "false" },
};

static void
crm_pool_class_init (CrmPoolClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "pool", "pools",
                                   pool_fields, G_N_ELEMENTS (pool_fields));
  crm_entity_class_set_labels (entity_class, N_("Pool"), N_("Pools"));
  entity_class->admin_writes = TRUE;
}

static void
crm_pool_init (CrmPool *self)
{
}

/**
 * crm_pool_mask_phone:
 * @phone: (nullable): a phone number as stored
 *
 * Keeps the first three and the last four digits of a long number
 * (13812345678 → 138****5678), the last two of a short one, and stars the
 * digits between; other characters stay.
 *
 * Returns: (transfer full) (nullable): the masked number
 */
char *
crm_pool_mask_phone (const char *phone)
{
  GString *masked;
  guint n_digits = 0, seen = 0, head, tail;

  if (phone == NULL)
    return NULL;
  for (const char *p = phone; *p; p++)
    if (g_ascii_isdigit (*p))
      n_digits++;
  head = n_digits >= 11 ? 3 : 0;
  tail = n_digits >= 7 ? 4 : MIN (n_digits, 2);
  masked = g_string_new (NULL);
  for (const char *p = phone; *p; p = g_utf8_next_char (p))
    {
      if (!g_ascii_isdigit (*p))
        {
          g_string_append_unichar (masked, g_utf8_get_char (p));
          continue;
        }
      seen++;
      g_string_append_c (masked, seen <= head || seen > n_digits - tail ? *p : '*');
    }
  return g_string_free (masked, FALSE);
}

/**
 * crm_pool_mask_email:
 * @email: (nullable): an email address
 *
 * Keeps the first character of the local part and the domain
 * (zhang.wei@example.cn → z***@example.cn).
 *
 * Returns: (transfer full) (nullable): the masked address
 */
char *
crm_pool_mask_email (const char *email)
{
  const char *at;

  if (email == NULL)
    return NULL;
  at = strchr (email, '@');
  if (at == NULL || at == email)
    return g_strdup ("***");
  return g_strdup_printf ("%.*s***%s", (int) (g_utf8_next_char (email) - email), email, at);
}

/**
 * crm_pool_class_has_pool:
 * @klass: an entity class
 *
 * Returns: whether records of @klass lie in a pool while they have no owner
 *   (their descriptor has a "pool" field)
 */
gboolean
crm_pool_class_has_pool (CrmEntityClass *klass)
{
  g_return_val_if_fail (klass != NULL, FALSE);

  return crm_entity_class_find_field (klass, "pool") >= 0 && crm_entity_class_find_owner (klass) >= 0;
}

/**
 * crm_pool_mask_contacts:
 * @record: a record read by a member of its pool who does not own it
 *
 * Masks every phone and email field of @record (the field types, whatever
 * their names: mobile, phone, email).
 */
void
crm_pool_mask_contacts (CrmEntity *record)
{
  guint n_fields;
  const CrmFieldSpec *fields;

  g_return_if_fail (CRM_IS_ENTITY (record));

  fields = crm_entity_get_fields (record, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      CrmValue *value = crm_entity_value (record, i);
      char *masked;

      if ((fields[i].type != CRM_FIELD_PHONE && fields[i].type != CRM_FIELD_EMAIL) ||
          !value->set || value->is_null || value->s == NULL)
        continue;
      masked = fields[i].type == CRM_FIELD_PHONE ? crm_pool_mask_phone (value->s) : crm_pool_mask_email (value->s);
      g_free (value->s);
      value->s = masked;
    }
}
