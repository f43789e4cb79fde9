/* rapportd-api-export-references.c: references=portable, a reference written as what it imports by
 *
 * An id means nothing on another server; an account's code (or its name,
 * when it has none), a user's login and a product's code do, and the import
 * resolves them there. A reference to anything else keeps its id. */
#include "rapportd-export-writers.h"
#include "rapportd-repo.h"
#include "crm-entities.h"

typedef struct
{
  /* the entity a reference points at */
  const char *target;
  /* the header's suffix: "account_code", "owner_login" */
  const char *suffix;
  /* the columns read: the first that is not empty is written */
  const char *columns;
} PortableKind;

static const PortableKind kinds[] = {
  { "account", "code",  "`code`, `name`" },
  { "user",    "login", "`login`" },
  { "product", "code",  "`code`" },
};

static const PortableKind *
kind_of (const CrmFieldSpec *spec)
{
  if (spec->type != CRM_FIELD_REFERENCE || spec->reference == NULL)
    return NULL;
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    if (g_str_equal (spec->reference, kinds[k].target))
      return &kinds[k];
  return NULL;
}

/**
 * rapportd_export_portable_header:
 * @spec: a field
 *
 * Returns: (transfer full) (nullable): the header of the field's portable
 *   column ("account_code", "owner_login"), or %NULL when it has none
 */
char *
rapportd_export_portable_header (const CrmFieldSpec *spec)
{
  const PortableKind *kind = kind_of (spec);

  return kind ? g_strdup_printf ("%s_%s", spec->name, kind->suffix) : NULL;
}

/* the portable text of every record of @kind that @items' @field points at, by id */
static gboolean
read_portable (RapportdDb          *db,
               const PortableKind  *kind,
               GPtrArray           *items,
               int                  field,
               GHashTable          *texts,
               GError             **error)
{
  GType type = crm_entities_lookup_name (kind->target);
  CrmEntityClass *target = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (target == NULL)
    return TRUE;
  for (guint r = 0; r < items->len; r++)
    {
      const CrmValue *value = crm_entity_value (items->pdata[r], field);

      if (!value->set || value->is_null || g_hash_table_contains (texts, &value->i))
        continue;
      g_hash_table_insert (texts, g_memdup2 (&value->i, sizeof value->i), NULL);
      g_array_append_val (ids, value->i);
    }
  return rapportd_repo_read_texts_by_ids (db, target->collection, kind->columns, ids, texts, error);
}

/**
 * rapportd_export_name_portable:
 * @db: a connection
 * @items: (element-type CrmEntity): records of one kind
 * @error: return location for a #GError
 *
 * Names each reference of the records that has a portable form by that form
 * (crm_entity_get_reference_name() gives it after), one query per field.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_export_name_portable (RapportdDb  *db,
                               GPtrArray   *items,
                               GError     **error)
{
  CrmEntityClass *klass;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  if (items->len == 0)
    return TRUE;
  klass = CRM_ENTITY_GET_CLASS (items->pdata[0]);
  for (guint f = 0; f < klass->n_fields; f++)
    {
      const PortableKind *kind = kind_of (&klass->fields[f]);
      g_autoptr(GHashTable) texts = NULL;

      if (kind == NULL || (klass->fields[f].flags & CRM_FIELD_HIDDEN))
        continue;
      texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      if (!read_portable (db, kind, items, f, texts, error))
        return FALSE;
      for (guint r = 0; r < items->len; r++)
        {
          const CrmValue *value = crm_entity_value (items->pdata[r], f);

          if (value->set && !value->is_null)
            crm_entity_set_reference_name (items->pdata[r], f, g_hash_table_lookup (texts, &value->i));
        }
    }
  return TRUE;
}
