/* crm-field.h: CrmFieldSpec, the descriptor of one entity field (the metamodel's row) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CRM_FIELD_TEXT,
  CRM_FIELD_LONG_TEXT,
  CRM_FIELD_INT,
  CRM_FIELD_BOOL,
  CRM_FIELD_MONEY,
  CRM_FIELD_DATE,
  CRM_FIELD_TIMESTAMP,
  CRM_FIELD_ENUM,
  CRM_FIELD_REFERENCE,
  CRM_FIELD_EMAIL,
  CRM_FIELD_PHONE,
  CRM_FIELD_URL,
  CRM_FIELD_TAGS,
} CrmFieldType;

typedef enum
{
  CRM_FIELD_REQUIRED   = 1 << 0,
  /* found by a list's search; a reference, by the name of the record it points at */
  CRM_FIELD_SEARCHABLE = 1 << 1,
  CRM_FIELD_SORTABLE   = 1 << 2,
  CRM_FIELD_FILTERABLE = 1 << 3,
  CRM_FIELD_PERSONAL   = 1 << 4,
  /* set by the server, never taken from a client */
  CRM_FIELD_READONLY   = 1 << 5,
  /* the record's owner: the repository's visibility rules read this field */
  CRM_FIELD_OWNER      = 1 << 6,
  /* never leaves the server (password hashes and the like) */
  CRM_FIELD_HIDDEN     = 1 << 7,
  /* unique among the entity's rows */
  CRM_FIELD_UNIQUE     = 1 << 8,
  /* shown as a column in lists */
  CRM_FIELD_COLUMN     = 1 << 9,
  /* text holding an ISO 4217 currency code (crm-currency.h) */
  CRM_FIELD_CURRENCY   = 1 << 10,
  /* a key of the duplicate checks (crm-dedup.h), by type: a text is a
   * company's name, a phone a mobile, an email an email; a reference
   * checks a new record by the name of the record it points at */
  CRM_FIELD_DUPLICATE_KEY = 1 << 11,
  /* a searchable long text found by its words only: the index keeps its
   * grams and not its pinyin (an article's body) */
  CRM_FIELD_SEARCH_WORDS_ONLY = 1 << 12,
  /* a sortable field whose empty values come after every value, in either
   * direction (a due instant: a case without one is the least urgent) */
  CRM_FIELD_NULLS_LAST = 1 << 13,
  /* kept as it is while the record's "status" is one of its class's
   * frozen_statuses (a published article's text, which changes through a
   * new version): a client's change of it is refused (423) */
  CRM_FIELD_FROZEN     = 1 << 14,
} CrmFieldFlags;

typedef struct
{
  const char         *name;
  CrmFieldType        type;
  /* database column and JSON key; NULL means @name */
  const char         *column;
  const char         *json_key;
  /* characters for text, items for tags */
  guint               max_len;
  const char * const *enum_values;
  /* translatable labels (N_()) in the order of enum_values */
  const char * const *enum_labels;
  /* entity name a reference points to, e.g. "account"; on a text field,
   * the entity whose record the text names (a document's "template"); on
   * tags, the entity whose fields (JSON keys) they name (a stage's
   * "required_fields") */
  const char         *reference;
  /* decimals kept for money */
  guint               scale;
  CrmFieldFlags       flags;
  /* translatable label (N_()) for list columns and form rows */
  const char         *label;
  /* the gettext context (NC_()) of the label and the enum labels, where the
   * English word needs another translation elsewhere: a person's "Name" */
  const char         *context;
  /* what a new record holds when the field is not given, in the JSON text
   * of the value ("true", "CNY"); the database column has the same default */
  const char         *default_value;
  /* the smallest and largest value of an int; checked when max_value > min_value */
  gint64              min_value;
  gint64              max_value;
  /* what a long text holds, for a client that edits it as such:
   * "survey-questions" (crm-survey-questions.h); NULL: plain text */
  const char         *text_format;
} CrmFieldSpec;

#define CRM_TAGS_MAX_ITEM_LEN 50

const char *crm_field_spec_get_column   (const CrmFieldSpec *spec);
const char *crm_field_spec_get_json_key (const CrmFieldSpec *spec);
gboolean    crm_field_spec_has_enum     (const CrmFieldSpec *spec,
                                         const char         *value);
const char *crm_field_type_to_string    (CrmFieldType        type);
const char *crm_field_spec_get_label    (const CrmFieldSpec *spec);
const char *crm_field_spec_enum_label   (const CrmFieldSpec *spec,
                                         const char         *value);

G_END_DECLS
