/* rapport-retry-key.h: RapportRetryKey, the Idempotency-Key of a write the user may send again */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *key;
  char *body;
} RapportRetryKey;

const char *rapport_retry_key_for   (RapportRetryKey *self,
                                     JsonNode        *body);
void        rapport_retry_key_clear (RapportRetryKey *self);

G_END_DECLS
