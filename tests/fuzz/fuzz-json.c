/* fuzz-json.c: a request body read into an entity, as every JSON endpoint does */
#include "fuzz-common.h"
#include "crm-entities.h"
#include "crm-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmEntity) entity = NULL;
  g_autofree char *encoded = NULL;
  const GType *types;
  guint n_types = 0;

  fuzz_set_up ();
  /* the first byte picks the entity type, the rest is the body */
  if (size < 1)
    return 0;
  types = crm_entities_list (&n_types);
  object = crm_json_parse_object ((const char *) data + 1, size - 1, &error);
  if (object == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  entity = crm_entity_new (types[data[0] % n_types]);
  if (!crm_json_read_entity (entity, object, &error))
    {
      g_assert_nonnull (error);
      return 0;
    }
  crm_entity_validate (entity, data[0] & 0x80 ? CRM_VALIDATE_PATCH : CRM_VALIDATE_CREATE, NULL);
  encoded = crm_json_entity_to_string (entity);
  g_assert_nonnull (encoded);
  return 0;
}
