/* crm-entity.h: CrmEntity, the base class of every record, and its field metamodel */
#pragma once

#include <glib-object.h>

#include "crm-field.h"
#include "crm-money.h"

G_BEGIN_DECLS

#define CRM_TYPE_ENTITY (crm_entity_get_type ())

G_DECLARE_DERIVABLE_TYPE (CrmEntity, crm_entity, CRM, ENTITY, GObject)

/* Every entity starts with these fields, in this order. */
enum
{
  CRM_ENTITY_FIELD_ID,
  CRM_ENTITY_FIELD_VERSION,
  CRM_ENTITY_FIELD_CREATED_AT,
  CRM_ENTITY_FIELD_CREATED_BY,
  CRM_ENTITY_FIELD_UPDATED_AT,
  CRM_ENTITY_FIELD_UPDATED_BY,
  CRM_ENTITY_FIELD_ARCHIVED,
  CRM_ENTITY_N_SYSTEM_FIELDS,
};

/* the most lines a document (quote, order, contract) may have */
#define CRM_DOCUMENT_MAX_LINES 1000

typedef enum
{
  /* every required field must be present */
  CRM_VALIDATE_CREATE,
  /* only present fields are checked */
  CRM_VALIDATE_PATCH,
} CrmValidateMode;

/* a move of a record's "status" that a client may make by changing it; one
 * with @from NULL names a status a new record may start in (the first such is
 * the default); a status no row leads to is reached only by the server's own
 * steps (a lead's conversion) */
typedef struct
{
  const char *from;
  const char *to;
  /* a field that must hold a value for the record to enter @to, or NULL */
  const char *requires;
} CrmStatusTransition;

/* a step on one record beyond saving it, POST /{collection}/:id/{verb},
 * offered by the client on the record's page */
typedef struct
{
  const char         *verb;
  /* translatable (N_()) label of its button */
  const char         *label;
  /* offered only while the record's "status" is one of these; NULL: always */
  const char * const *statuses;
  /* the member of the answer holding the record to open next ("account"),
   * named by its entity; the record's own entity when the answer is itself
   * another record of its kind to open (a new version's draft); NULL: the
   * record is shown again */
  const char         *opens;
  /* a text the step asks for first and sends as this member (a
   * correction's "reason"); NULL: it asks nothing */
  const char         *asks;
} CrmRecordAction;

typedef struct
{
  gboolean   set;
  gboolean   is_null;
  /* int, reference, bool, timestamp (µs since the epoch, UTC), money (at the field's scale) */
  gint64     i;
  /* text kinds, enum, date (YYYY-MM-DD) */
  char      *s;
  char     **tags;
} CrmValue;

struct _CrmEntityClass
{
  GObjectClass parent_class;

  const char   *entity_name;
  const char   *collection;
  /* system fields followed by the subclass's own, built by crm_entity_class_install_fields() */
  CrmFieldSpec *fields;
  guint         n_fields;
  /* only admins may create or change records of this kind */
  gboolean      admin_writes;
  /* never archived: such records are retired another way (users are deactivated) */
  gboolean      never_archived;
  /* translatable (N_()) names of one record and of several */
  const char   *label;
  const char   *plural_label;
  /* roles that may create or change records of this kind; NULL: every role that writes */
  const char * const *write_roles;
  /* a document's lines (quote, order…): their entity type, or G_TYPE_INVALID;
   * they travel as the "lines" member and are stored and audited with it */
  GType         line_type;
  /* the prefix of a numbered document's per-year number ("Q" → Q-2026-00001) */
  const char   *number_prefix;
  /* a document with a "status" may be changed only in these; NULL: always */
  const char * const *editable_statuses;
  /* in these statuses the fields flagged %CRM_FIELD_FROZEN keep their
   * values (crm_entity_field_is_frozen()); NULL: none */
  const char * const *frozen_statuses;
  /* computes the fields that follow from others (a document's totals, an
   * amount in the base currency) before a record is stored */
  gboolean    (*derive) (CrmEntity    *self,
                         CrmRounding   rounding,
                         GError      **error);
  /* the moves of "status" a client may make, ended by a row whose @to is
   * NULL; NULL: the status is not guarded this way */
  const CrmStatusTransition *status_transitions;
  /* the steps a record's page offers, ended by a row whose @verb is NULL */
  const CrmRecordAction *actions;
  /* the member a record's lines travel as; NULL: "lines" */
  const char   *lines_member;
  /* lists carry each record's lines too (a pipeline's stages) */
  gboolean      lines_in_lists;
  /* on a line type kept in a table of its own (a pipeline's stages): the
   * column holding its record's id. Such lines keep their ids when their
   * record is written, as others point at them, and are numbered from 0.
   * NULL: a document's line, kept in document_lines */
  const char   *parent_column;
  /* an owner given as null is kept: the record waits for the assignment
   * rules, or without an owner (a case in a queue); otherwise its maker
   * owns it until a rule gives it away */
  gboolean      may_wait_unowned;
  /* members the server adds to a record's JSON as it is read (a case's
   * "sla"), ended by NULL: no field's, and ignored when a client sends
   * them back; NULL: none */
  const char * const *computed_members;
  /* roles that may not write records of this kind read only those whose
   * "status" is this (published knowledge-base articles); NULL: all */
  const char   *readers_status;
  /* the reference to a team with which a record that has no owner waits
   * (a case's queue): that team's members see it and may take it; NULL:
   * none */
  const char   *queue_field;
};

void                crm_entity_class_install_fields (CrmEntityClass     *klass,
                                                     const char         *entity_name,
                                                     const char         *collection,
                                                     const CrmFieldSpec *fields,
                                                     guint               n_fields);
void                crm_entity_class_set_labels     (CrmEntityClass     *klass,
                                                     const char         *label,
                                                     const char         *plural_label);
const CrmFieldSpec *crm_entity_class_get_fields     (CrmEntityClass     *klass,
                                                     guint              *n_fields);
int                 crm_entity_class_find_field     (CrmEntityClass     *klass,
                                                     const char         *name);
int                 crm_entity_class_find_json_key  (CrmEntityClass     *klass,
                                                     const char         *json_key);
int                 crm_entity_class_find_owner     (CrmEntityClass     *klass);
int                 crm_entity_class_find_title     (CrmEntityClass     *klass);

CrmEntity          *crm_entity_new                  (GType               type);
const char         *crm_entity_get_entity_name      (CrmEntity          *self);
const char         *crm_entity_get_collection       (CrmEntity          *self);
const CrmFieldSpec *crm_entity_get_fields           (CrmEntity          *self,
                                                     guint              *n_fields);

CrmEntity          *crm_entity_copy                 (CrmEntity          *self);
CrmValue           *crm_entity_value                (CrmEntity          *self,
                                                     guint               index);
void                crm_entity_clear_value          (CrmEntity          *self,
                                                     guint               index);
void                crm_entity_set_null             (CrmEntity          *self,
                                                     guint               index);
gboolean            crm_entity_has_value            (CrmEntity          *self,
                                                     guint               index);
void                crm_entity_set_reference_name   (CrmEntity          *self,
                                                     guint               index,
                                                     const char         *name);
const char         *crm_entity_get_reference_name   (CrmEntity          *self,
                                                     guint               index);

gint64              crm_entity_get_id               (CrmEntity          *self);
void                crm_entity_set_id               (CrmEntity          *self,
                                                     gint64              id);
gint64              crm_entity_get_version          (CrmEntity          *self);
void                crm_entity_set_version          (CrmEntity          *self,
                                                     gint64              version);

const char         *crm_entity_get_text             (CrmEntity          *self,
                                                     const char         *name);
void                crm_entity_set_text             (CrmEntity          *self,
                                                     const char         *name,
                                                     const char         *value);
gint64              crm_entity_get_int              (CrmEntity          *self,
                                                     const char         *name);
void                crm_entity_set_int              (CrmEntity          *self,
                                                     const char         *name,
                                                     gint64              value);
gboolean            crm_entity_get_bool             (CrmEntity          *self,
                                                     const char         *name);
void                crm_entity_set_bool             (CrmEntity          *self,
                                                     const char         *name,
                                                     gboolean            value);
CrmMoney            crm_entity_get_money            (CrmEntity          *self,
                                                     const char         *name);
void                crm_entity_set_money            (CrmEntity          *self,
                                                     const char         *name,
                                                     CrmMoney            value);
const char * const *crm_entity_get_tags             (CrmEntity          *self,
                                                     const char         *name);
void                crm_entity_set_tags             (CrmEntity          *self,
                                                     const char         *name,
                                                     const char * const *tags);

GPtrArray          *crm_entity_get_lines            (CrmEntity          *self);
const char         *crm_entity_class_lines_member   (CrmEntityClass     *klass);
gboolean            crm_entity_class_is_document    (CrmEntityClass     *klass);
void                crm_entity_set_lines            (CrmEntity          *self,
                                                     GPtrArray          *lines);
char               *crm_entity_class_dup_noun       (CrmEntityClass     *klass);
gboolean            crm_entity_class_may_write      (CrmEntityClass     *klass,
                                                     const char         *role);

gboolean            crm_entity_validate             (CrmEntity          *self,
                                                     CrmValidateMode     mode,
                                                     GError            **error);
gboolean            crm_entity_validate_value       (const CrmFieldSpec *spec,
                                                     const CrmValue     *value,
                                                     GError            **error);

const char         *crm_entity_class_initial_status (CrmEntityClass     *klass);
char              **crm_entity_class_next_statuses  (CrmEntityClass     *klass,
                                                     const char         *from);
gboolean            crm_entity_field_is_frozen      (CrmEntity          *self,
                                                     guint               index);
gboolean            crm_entity_check_status_change  (CrmEntity          *before,
                                                     CrmEntity          *after,
                                                     GError            **error);

G_END_DECLS
