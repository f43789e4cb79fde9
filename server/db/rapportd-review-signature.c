/* rapportd-review-signature.c: which activities need a supervisor's review, and the electronic signature that reviews them */

/* A company setting ([reviews] kinds and signature in rapportd.conf):
 * the activities of some kinds need a review of their own, which marking
 * all reviewed does not give, and, with signature on, that review is an
 * electronic signature (21 CFR Part 11) meaning "reviewed", kept in the
 * approvals' signatures table with the SHA-256 of the activity's version,
 * so that it is shown and verified as theirs are. */
#include "rapportd-review-signature.h"
#include "rapportd-approvals.h"
#include "crm-activity.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

static GStrv review_kinds;
static gboolean review_signature;

/**
 * rapportd_review_signature_configure:
 * @kinds: (nullable): the kinds of activity that need a review one by one
 *   ("visit", "meeting"…), none when %NULL or empty
 * @signature: whether that review is an electronic signature
 * @error: return location for a #GError naming a kind that is none
 *
 * Set once, at start, from rapportd.conf.
 *
 * Returns: whether every kind is one an activity may have
 */
gboolean
rapportd_review_signature_configure (const char * const  *kinds,
                                     gboolean             signature,
                                     GError             **error)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (CRM_TYPE_ACTIVITY);
  CrmEntityClass *activity_class = CRM_ENTITY_CLASS (klass);
  const CrmFieldSpec *kind = &activity_class->fields[crm_entity_class_find_field (activity_class, "kind")];

  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    if (!g_strv_contains (kind->enum_values, kinds[i]))
      {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     _("[reviews] kinds names “%s”, which is no kind of activity"), kinds[i]);
        return FALSE;
      }
  g_clear_pointer (&review_kinds, g_strfreev);
  review_kinds = kinds != NULL && kinds[0] != NULL ? g_strdupv ((GStrv) kinds) : NULL;
  review_signature = signature;
  return TRUE;
}

/**
 * rapportd_review_signature_kinds:
 *
 * Returns: (transfer none) (nullable): the kinds of activity that need a
 *   review one by one, %NULL for none
 */
const char * const *
rapportd_review_signature_kinds (void)
{
  return (const char * const *) review_kinds;
}

/**
 * rapportd_review_signature_required:
 * @activity: an activity
 *
 * Returns: whether reviewing @activity is an electronic signature
 */
gboolean
rapportd_review_signature_required (CrmEntity *activity)
{
  g_return_val_if_fail (CRM_IS_ENTITY (activity), FALSE);

  return review_signature && review_kinds != NULL &&
         g_strv_contains ((const char * const *) review_kinds, crm_entity_get_text (activity, "kind"));
}

/**
 * rapportd_review_signature_store:
 * @db: a connection inside the review's transaction
 * @actor: the reviewer, whose password was checked
 * @activity: the activity as stored now
 * @signature_id: (out): the signature's id
 * @error: return location for a #GError
 *
 * Records the reviewer's signature meaning "reviewed" on this version of
 * the activity, with no approval: who (id, login, printed name, role),
 * when (UTC) and the SHA-256 of the activity's exact JSON.
 */
gboolean
rapportd_review_signature_store (RapportdDb           *db,
                                 const RapportdActor  *actor,
                                 CrmEntity            *activity,
                                 gint64               *signature_id,
                                 GError              **error)
{
  const RapportdSignature reviewed = { "reviewed", NULL };

  g_return_val_if_fail (signature_id != NULL, FALSE);

  return rapportd_approvals_sign_record (db, actor, activity, &reviewed, g_get_real_time (), signature_id, error);
}
