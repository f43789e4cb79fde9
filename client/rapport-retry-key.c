/* rapport-retry-key.c: RapportRetryKey, the Idempotency-Key of a write the user may send again */
#include "rapport-retry-key.h"
#include "crm-json.h"

/**
 * rapport_retry_key_for:
 * @self: the key of a page's pending write
 * @body: (nullable): what is about to be sent
 *
 * A write sent again unchanged, after an error that may have come once the
 * server had made it (a 503, a lost answer), keeps its key, so the server
 * answers it with the first result instead of making it twice. A changed
 * body is another write, with a new key.
 *
 * Returns: (transfer none): the key to send @body with
 */
const char *
rapport_retry_key_for (RapportRetryKey *self,
                       JsonNode        *body)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  text = body ? crm_json_to_string (body) : g_strdup ("");
  if (self->key == NULL || g_strcmp0 (self->body, text) != 0)
    {
      rapport_retry_key_clear (self);
      self->key = g_uuid_string_random ();
      self->body = g_steal_pointer (&text);
    }
  return self->key;
}

/* the write is done (or abandoned): the next one gets a new key */
void
rapport_retry_key_clear (RapportRetryKey *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->body, g_free);
}
