/* crm-import-reference.c: how an imported file may name the record a reference field points at
 *
 * A cell of a reference column holds the record's id or, where the kind of
 * record it points at has one, a value people know it by: an account's code
 * or exact name, a user's login, a product's code. The server finds the
 * record by these, in this order (rapportd-import-references.c); the import
 * assistant shows them (GET /{collection}/import/columns, "by"). */
#include "crm-import-reference.h"

static const struct
{
  const char *entity;
  const char *ways[4];
} ways[] = {
  { "account", { "id", "code", "name", NULL } },
  { "user",    { "id", "login", NULL } },
  { "product", { "id", "code", NULL } },
};

static const char * const by_id[] = { "id", NULL };

/**
 * crm_import_reference_ways:
 * @spec: a reference field
 *
 * Returns: (transfer none): the ways a file may name the record, "id" first
 */
const char * const *
crm_import_reference_ways (const CrmFieldSpec *spec)
{
  g_return_val_if_fail (spec != NULL, by_id);

  for (guint i = 0; i < G_N_ELEMENTS (ways); i++)
    if (g_strcmp0 (spec->reference, ways[i].entity) == 0)
      return ways[i].ways;
  return by_id;
}
