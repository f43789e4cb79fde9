/* rapportd-signed-heads.c: what the signed checkpoints vouch for, held against the rows found */
#include "rapportd-signed-heads.h"
#include "rapportd-checkpoint.h"

#include <string.h>

struct _RapportdSignedHeads
{
  char       *key;
  /* row id → the RapportdChainHead a checkpoint signed for it */
  GHashTable *heads;
  /* ids of the rows found among them */
  GHashTable *seen;
};

/**
 * rapportd_signed_heads_new:
 * @pinned_public_key: (nullable): the server's public key (hex) to insist
 *   on; without it, the first checkpoint's key stands for all
 *
 * Returns: (transfer full): an empty set
 */
RapportdSignedHeads *
rapportd_signed_heads_new (const char *pinned_public_key)
{
  RapportdSignedHeads *self = g_new0 (RapportdSignedHeads, 1);

  self->key = g_strdup (pinned_public_key);
  self->heads = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

void
rapportd_signed_heads_free (RapportdSignedHeads *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_hash_table_unref (self->heads);
  g_hash_table_unref (self->seen);
  g_free (self);
}

/**
 * rapportd_signed_heads_add:
 * @self: a set
 * @last_audit_id: the checkpoint's columns, as stored
 * @report: where a bad checkpoint is reported
 *
 * Checks one checkpoint's signature and keeps the chain heads it signs.
 *
 * Returns: %FALSE when the checkpoint is not the server's (see @report)
 */
gboolean
rapportd_signed_heads_add (RapportdSignedHeads *self,
                           guint64              last_audit_id,
                           const char          *head_hash,
                           const char          *signed_at,
                           const char          *public_key,
                           const char          *signature,
                           const char          *heads,
                           RapportdAuditReport *report)
{
  g_autoptr(GArray) parsed = NULL;

  g_return_val_if_fail (self != NULL && report != NULL, FALSE);

  if (self->key == NULL)
    self->key = g_strdup (public_key);
  if (g_strcmp0 (public_key, self->key) != 0 ||
      !rapportd_checkpoint_verify (self->key, last_audit_id, head_hash, signed_at, heads, signature) ||
      (parsed = rapportd_checkpoint_parse_heads (last_audit_id, head_hash, heads)) == NULL)
    {
      rapportd_audit_report_problem (report, last_audit_id, "the checkpoint at row %" G_GUINT64_FORMAT
                                     " is not signed by the server's key", last_audit_id);
      return FALSE;
    }

  for (guint i = 0; i < parsed->len; i++)
    {
      RapportdChainHead *head = &g_array_index (parsed, RapportdChainHead, i);
      RapportdChainHead *known;

      if (head->last_id == 0)
        continue;
      known = g_hash_table_lookup (self->heads, &head->last_id);
      if (known == NULL)
        {
          known = g_memdup2 (head, sizeof *head);
          g_hash_table_insert (self->heads, &known->last_id, known);
        }
      else if (known->chain != head->chain || strcmp (known->hash, head->hash) != 0)
        rapportd_audit_report_problem (report, head->last_id, "signed checkpoints disagree about row %" G_GUINT64_FORMAT,
                                       head->last_id);
    }
  return TRUE;
}

/**
 * rapportd_signed_heads_check_row:
 * @self: a set
 * @id: a row found, whose hash is its content's
 * @chain: its chain
 * @hash: its hash
 * @report: where a mismatch is reported
 */
void
rapportd_signed_heads_check_row (RapportdSignedHeads *self,
                                 guint64              id,
                                 guint                chain,
                                 const char          *hash,
                                 RapportdAuditReport *report)
{
  RapportdChainHead *head;

  g_return_if_fail (self != NULL && report != NULL);

  if ((head = g_hash_table_lookup (self->heads, &id)) == NULL)
    return;
  g_hash_table_add (self->seen, g_memdup2 (&id, sizeof id));
  if (head->chain != chain || g_strcmp0 (head->hash, hash) != 0)
    rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " differs from what the checkpoint signed", id);
}

/**
 * rapportd_signed_heads_check_missing:
 * @self: a set
 * @from_id: the first row id that should have been found
 * @report: where a missing row is reported
 *
 * Reports the lowest signed head from @from_id on that was not found: the
 * tail of its chain was cut off, up to and with it.
 */
void
rapportd_signed_heads_check_missing (RapportdSignedHeads *self,
                                     guint64              from_id,
                                     RapportdAuditReport *report)
{
  GHashTableIter iter;
  RapportdChainHead *head;

  g_return_if_fail (self != NULL && report != NULL);

  g_hash_table_iter_init (&iter, self->heads);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &head))
    if (head->last_id >= from_id && !g_hash_table_contains (self->seen, &head->last_id))
      rapportd_audit_report_problem (report, head->last_id, "rows of chain %u up to row %" G_GUINT64_FORMAT
                                     " are missing: a signed checkpoint covers them (truncated)",
                                     head->chain, head->last_id);
}
