/* crm-condition.h: workflow conditions, parsed once into a tree and evaluated against a record */
#pragma once

#include <glib-object.h>

#include "crm-condition-value.h"

G_BEGIN_DECLS

/* the longest condition text, in characters, and the deepest nesting */
#define CRM_CONDITION_MAX_LENGTH 4096
#define CRM_CONDITION_MAX_DEPTH  64
/* a / b is rounded half-up to this many decimals */
#define CRM_CONDITION_DIVISION_SCALE CRM_MONEY_MAX_SCALE

#define CRM_TYPE_CONDITION (crm_condition_get_type ())

/**
 * CrmCondition:
 *
 * An immutable, reference-counted parsed condition such as
 * `total_base >= 1000000 and currency in ["USD", "EUR"]`.
 */
typedef struct _CrmCondition CrmCondition;

/**
 * CrmConditionLookup:
 * @name: a field name used by the condition
 * @user_data: the data given to crm_condition_evaluate()
 *
 * Returns: (transfer none) (nullable): the value of @name, or %NULL if the
 *   record has no such field
 */
typedef const CrmConditionValue *(*CrmConditionLookup) (const char *name,
                                                        gpointer    user_data);

GType                    crm_condition_get_type        (void) G_GNUC_CONST;
CrmCondition            *crm_condition_parse           (const char          *text,
                                                        guint               *error_column,
                                                        GError             **error);
CrmCondition            *crm_condition_ref             (CrmCondition        *self);
void                     crm_condition_unref           (CrmCondition        *self);
const char              *crm_condition_get_text        (CrmCondition        *self);
const char * const      *crm_condition_get_identifiers (CrmCondition        *self);
char                    *crm_condition_to_string       (CrmCondition        *self);
CrmConditionValue       *crm_condition_evaluate        (CrmCondition        *self,
                                                        CrmConditionLookup   lookup,
                                                        gpointer             user_data,
                                                        GError             **error);
gboolean                 crm_condition_evaluate_bool   (CrmCondition        *self,
                                                        GHashTable          *values,
                                                        gboolean            *out_result,
                                                        GError             **error);
const CrmConditionValue *crm_condition_values_lookup   (const char          *name,
                                                        gpointer             values);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmCondition, crm_condition_unref)

G_END_DECLS
