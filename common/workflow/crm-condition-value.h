/* crm-condition-value.h: the typed values a workflow condition reads and computes */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "crm-entity.h"
#include "crm-money.h"

G_BEGIN_DECLS

/**
 * CrmConditionValueType:
 * @CRM_CONDITION_VALUE_NULL: no value (an empty field, or `null`)
 * @CRM_CONDITION_VALUE_BOOL: `true` or `false`
 * @CRM_CONDITION_VALUE_NUMBER: an exact decimal (#CrmMoney), amounts and counts alike
 * @CRM_CONDITION_VALUE_STRING: UTF-8 text
 * @CRM_CONDITION_VALUE_DATE: a calendar day
 */
typedef enum
{
  CRM_CONDITION_VALUE_NULL,
  CRM_CONDITION_VALUE_BOOL,
  CRM_CONDITION_VALUE_NUMBER,
  CRM_CONDITION_VALUE_STRING,
  CRM_CONDITION_VALUE_DATE,
} CrmConditionValueType;

/**
 * CrmConditionValue:
 * @type: which of the members below holds the value
 * @boolean: for %CRM_CONDITION_VALUE_BOOL
 * @number: for %CRM_CONDITION_VALUE_NUMBER
 * @string: for %CRM_CONDITION_VALUE_STRING, owned
 * @date: for %CRM_CONDITION_VALUE_DATE, the Julian day number of #GDate
 *
 * One value a condition reads from a record or computes.
 */
typedef struct
{
  CrmConditionValueType type;
  gboolean              boolean;
  CrmMoney              number;
  char                 *string;
  guint32               date;
} CrmConditionValue;

CrmConditionValue *crm_condition_value_new_null        (void);
CrmConditionValue *crm_condition_value_new_bool        (gboolean                 boolean);
CrmConditionValue *crm_condition_value_new_number      (CrmMoney                 number);
CrmConditionValue *crm_condition_value_new_string      (const char              *string);
CrmConditionValue *crm_condition_value_new_date        (GDateDay                 day,
                                                        GDateMonth               month,
                                                        GDateYear                year);
CrmConditionValue *crm_condition_value_new_date_iso    (const char              *iso);
CrmConditionValue *crm_condition_value_copy            (const CrmConditionValue *value);
void               crm_condition_value_free            (CrmConditionValue       *value);
void               crm_condition_value_clear           (CrmConditionValue       *value);
gboolean           crm_condition_value_equal           (const CrmConditionValue *a,
                                                        const CrmConditionValue *b);
char              *crm_condition_value_to_string       (const CrmConditionValue *value);
const char        *crm_condition_value_type_describe   (CrmConditionValueType    type);
JsonNode          *crm_condition_value_to_json         (const CrmConditionValue *value);
CrmConditionValue *crm_condition_value_new_from_json   (JsonNode                *node,
                                                        GError                 **error);
gboolean           crm_condition_parse_iso_date        (const char              *iso,
                                                        guint32                 *out_julian);

GHashTable        *crm_condition_values_new            (void);
void               crm_condition_values_take           (GHashTable              *values,
                                                        const char              *name,
                                                        CrmConditionValue       *value);
GHashTable        *crm_condition_values_new_from_entity (CrmEntity              *entity);
gboolean           crm_condition_field_type_is_bound   (CrmFieldType             type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmConditionValue, crm_condition_value_free)

G_END_DECLS
