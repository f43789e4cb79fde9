/* crm-entity.c: CrmEntity, the base class of every record, and its field metamodel */
#include "crm-entity.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct
{
  CrmValue  *values;
  guint      n_values;
  /* of a document whose class has a line type; NULL when not read or not given */
  GPtrArray *lines;
  /* per field, how the record a reference points at is named; NULL until one is set */
  char     **reference_names;
} CrmEntityPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CrmEntity, crm_entity, G_TYPE_OBJECT)

static const CrmFieldSpec system_fields[] = {
  { "id",         CRM_FIELD_INT,       .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("ID") },
  { "version",    CRM_FIELD_INT,       .flags = CRM_FIELD_READONLY, .label = N_("Version") },
  { "created_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Created") },
  { "created_by", CRM_FIELD_REFERENCE, .reference = "user", .flags = CRM_FIELD_READONLY, .label = N_("Created by") },
  { "updated_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Updated") },
  { "updated_by", CRM_FIELD_REFERENCE, .reference = "user", .flags = CRM_FIELD_READONLY, .label = N_("Updated by") },
  { "archived",   CRM_FIELD_BOOL,      .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Archived") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (system_fields) == CRM_ENTITY_N_SYSTEM_FIELDS);

static void
value_clear (CrmValue *value)
{
  g_clear_pointer (&value->s, g_free);
  g_clear_pointer (&value->tags, g_strfreev);
  memset (value, 0, sizeof *value);
}

static void
crm_entity_constructed (GObject *object)
{
  CrmEntity *self = CRM_ENTITY (object);
  CrmEntityPrivate *priv = crm_entity_get_instance_private (self);
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (self);

  G_OBJECT_CLASS (crm_entity_parent_class)->constructed (object);

  g_assert (klass->fields != NULL);
  priv->n_values = klass->n_fields;
  priv->values = g_new0 (CrmValue, priv->n_values);
}

static void
crm_entity_finalize (GObject *object)
{
  CrmEntity *self = CRM_ENTITY (object);
  CrmEntityPrivate *priv = crm_entity_get_instance_private (self);

  for (guint i = 0; i < priv->n_values; i++)
    value_clear (&priv->values[i]);
  g_free (priv->values);
  g_clear_pointer (&priv->lines, g_ptr_array_unref);
  for (guint i = 0; priv->reference_names && i < priv->n_values; i++)
    g_free (priv->reference_names[i]);
  g_free (priv->reference_names);

  G_OBJECT_CLASS (crm_entity_parent_class)->finalize (object);
}

static void
crm_entity_class_init (CrmEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = crm_entity_constructed;
  object_class->finalize = crm_entity_finalize;
}

static void
crm_entity_init (CrmEntity *self)
{
}

/**
 * crm_entity_class_install_fields:
 * @klass: an entity class, from its class_init
 * @entity_name: singular name, e.g. "account"
 * @collection: API collection and table name, e.g. "accounts"
 * @fields: the subclass's descriptors (static storage)
 * @n_fields: number of @fields
 *
 * Declares an entity's fields once; JSON, validation and SQL all read them.
 */
void
crm_entity_class_install_fields (CrmEntityClass     *klass,
                                 const char         *entity_name,
                                 const char         *collection,
                                 const CrmFieldSpec *fields,
                                 guint               n_fields)
{
  klass->entity_name = entity_name;
  klass->collection = collection;
  klass->n_fields = CRM_ENTITY_N_SYSTEM_FIELDS + n_fields;
  klass->fields = g_new0 (CrmFieldSpec, klass->n_fields);
  memcpy (klass->fields, system_fields, sizeof system_fields);
  memcpy (klass->fields + CRM_ENTITY_N_SYSTEM_FIELDS, fields, n_fields * sizeof *fields);
}

/**
 * crm_entity_class_set_labels:
 * @klass: an entity class, from its class_init
 * @label: N_() name of one record, e.g. "Account"
 * @plural_label: N_() name of several, e.g. "Accounts"
 */
void
crm_entity_class_set_labels (CrmEntityClass *klass,
                             const char     *label,
                             const char     *plural_label)
{
  klass->label = label;
  klass->plural_label = plural_label;
}

const CrmFieldSpec *
crm_entity_class_get_fields (CrmEntityClass *klass,
                             guint          *n_fields)
{
  if (n_fields)
    *n_fields = klass->n_fields;
  return klass->fields;
}

int
crm_entity_class_find_field (CrmEntityClass *klass,
                             const char     *name)
{
  for (guint i = 0; i < klass->n_fields; i++)
    if (strcmp (klass->fields[i].name, name) == 0)
      return i;
  return -1;
}

int
crm_entity_class_find_json_key (CrmEntityClass *klass,
                                const char     *json_key)
{
  for (guint i = 0; i < klass->n_fields; i++)
    if (strcmp (crm_field_spec_get_json_key (&klass->fields[i]), json_key) == 0)
      return i;
  return -1;
}

int
crm_entity_class_find_owner (CrmEntityClass *klass)
{
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_OWNER)
      return i;
  return -1;
}

/**
 * crm_entity_class_find_title:
 * @klass: an entity class
 *
 * The field that names a record to people: its "name", or, for a numbered
 * document, its "number", or else its first required text field (a lead's
 * "company").
 *
 * Returns: the field's index, or -1 when records of @klass have no such field
 */
int
crm_entity_class_find_title (CrmEntityClass *klass)
{
  int field;

  g_return_val_if_fail (klass != NULL, -1);

  field = crm_entity_class_find_field (klass, "name");
  if (field < 0)
    field = crm_entity_class_find_field (klass, "number");
  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; field < 0 && i < klass->n_fields; i++)
    if (klass->fields[i].type == CRM_FIELD_TEXT && (klass->fields[i].flags & CRM_FIELD_REQUIRED))
      field = i;
  return field;
}

/**
 * crm_entity_set_reference_name:
 * @self: a record
 * @index: a reference field of it
 * @name: (nullable): how the record the field points at is named
 *
 * Lists carry the names of the records their rows point at (owner,
 * customer), so that no row needs a request of its own to name them.
 */
void
crm_entity_set_reference_name (CrmEntity  *self,
                               guint       index,
                               const char *name)
{
  CrmEntityPrivate *priv;

  g_return_if_fail (CRM_IS_ENTITY (self));
  priv = crm_entity_get_instance_private (self);
  g_return_if_fail (index < priv->n_values);

  if (priv->reference_names == NULL)
    priv->reference_names = g_new0 (char *, priv->n_values);
  g_free (priv->reference_names[index]);
  priv->reference_names[index] = g_strdup (name);
}

/**
 * crm_entity_get_reference_name:
 * @self: a record
 * @index: a reference field of it
 *
 * Returns: (nullable): the name set by crm_entity_set_reference_name()
 */
const char *
crm_entity_get_reference_name (CrmEntity *self,
                               guint      index)
{
  CrmEntityPrivate *priv;

  g_return_val_if_fail (CRM_IS_ENTITY (self), NULL);
  priv = crm_entity_get_instance_private (self);
  g_return_val_if_fail (index < priv->n_values, NULL);

  return priv->reference_names ? priv->reference_names[index] : NULL;
}

/**
 * crm_entity_new:
 * @type: a concrete subtype of #CrmEntity
 *
 * Returns: (transfer full): an empty record
 */
CrmEntity *
crm_entity_new (GType type)
{
  g_return_val_if_fail (g_type_is_a (type, CRM_TYPE_ENTITY), NULL);
  return g_object_new (type, NULL);
}

/**
 * crm_entity_copy:
 * @self: a record
 *
 * A record of the same type with a copy of every value (set or not, null
 * or not) and of each of its lines; the names of what its references
 * point at are left out.
 *
 * Returns: (transfer full): the copy
 */
CrmEntity *
crm_entity_copy (CrmEntity *self)
{
  CrmEntityPrivate *priv;
  CrmEntity *copy;
  CrmEntityPrivate *copy_priv;

  g_return_val_if_fail (CRM_IS_ENTITY (self), NULL);

  priv = crm_entity_get_instance_private (self);
  copy = crm_entity_new (G_OBJECT_TYPE (self));
  copy_priv = crm_entity_get_instance_private (copy);
  for (guint i = 0; i < priv->n_values; i++)
    {
      copy_priv->values[i] = priv->values[i];
      copy_priv->values[i].s = g_strdup (priv->values[i].s);
      copy_priv->values[i].tags = g_strdupv (priv->values[i].tags);
    }
  if (priv->lines != NULL)
    {
      copy_priv->lines = g_ptr_array_new_full (priv->lines->len, g_object_unref);
      for (guint i = 0; i < priv->lines->len; i++)
        g_ptr_array_add (copy_priv->lines, crm_entity_copy (priv->lines->pdata[i]));
    }
  return copy;
}

const char *
crm_entity_get_entity_name (CrmEntity *self)
{
  return CRM_ENTITY_GET_CLASS (self)->entity_name;
}

const char *
crm_entity_get_collection (CrmEntity *self)
{
  return CRM_ENTITY_GET_CLASS (self)->collection;
}

const CrmFieldSpec *
crm_entity_get_fields (CrmEntity *self,
                       guint     *n_fields)
{
  return crm_entity_class_get_fields (CRM_ENTITY_GET_CLASS (self), n_fields);
}

/**
 * crm_entity_value:
 * @self: a #CrmEntity
 * @index: a field index
 *
 * Returns: (transfer none): the value slot of the field, for generic code
 */
CrmValue *
crm_entity_value (CrmEntity *self,
                  guint      index)
{
  CrmEntityPrivate *priv = crm_entity_get_instance_private (self);

  g_return_val_if_fail (index < priv->n_values, NULL);
  return &priv->values[index];
}

void
crm_entity_clear_value (CrmEntity *self,
                        guint      index)
{
  value_clear (crm_entity_value (self, index));
}

void
crm_entity_set_null (CrmEntity *self,
                     guint      index)
{
  CrmValue *value = crm_entity_value (self, index);

  value_clear (value);
  value->set = TRUE;
  value->is_null = TRUE;
}

gboolean
crm_entity_has_value (CrmEntity *self,
                      guint      index)
{
  CrmValue *value = crm_entity_value (self, index);

  return value->set && !value->is_null;
}

static CrmValue *
value_for_name (CrmEntity  *self,
                const char *name)
{
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self), name);

  if (index < 0)
    g_error ("%s has no field “%s”", G_OBJECT_TYPE_NAME (self), name);
  return crm_entity_value (self, index);
}

static CrmValue *
value_for_set (CrmEntity  *self,
               const char *name)
{
  CrmValue *value = value_for_name (self, name);

  value_clear (value);
  value->set = TRUE;
  return value;
}

gint64
crm_entity_get_id (CrmEntity *self)
{
  return crm_entity_value (self, CRM_ENTITY_FIELD_ID)->i;
}

void
crm_entity_set_id (CrmEntity *self,
                   gint64     id)
{
  CrmValue *value = crm_entity_value (self, CRM_ENTITY_FIELD_ID);

  value->set = TRUE;
  value->is_null = FALSE;
  value->i = id;
}

gint64
crm_entity_get_version (CrmEntity *self)
{
  return crm_entity_value (self, CRM_ENTITY_FIELD_VERSION)->i;
}

void
crm_entity_set_version (CrmEntity *self,
                        gint64     version)
{
  CrmValue *value = crm_entity_value (self, CRM_ENTITY_FIELD_VERSION);

  value->set = TRUE;
  value->is_null = FALSE;
  value->i = version;
}

const char *
crm_entity_get_text (CrmEntity  *self,
                     const char *name)
{
  CrmValue *value = value_for_name (self, name);

  return value->is_null ? NULL : value->s;
}

void
crm_entity_set_text (CrmEntity  *self,
                     const char *name,
                     const char *text)
{
  CrmValue *value = value_for_set (self, name);

  value->is_null = text == NULL;
  value->s = g_strdup (text);
}

gint64
crm_entity_get_int (CrmEntity  *self,
                    const char *name)
{
  return value_for_name (self, name)->i;
}

void
crm_entity_set_int (CrmEntity  *self,
                    const char *name,
                    gint64      i)
{
  value_for_set (self, name)->i = i;
}

gboolean
crm_entity_get_bool (CrmEntity  *self,
                     const char *name)
{
  return value_for_name (self, name)->i != 0;
}

void
crm_entity_set_bool (CrmEntity  *self,
                     const char *name,
                     gboolean    b)
{
  value_for_set (self, name)->i = b ? 1 : 0;
}

CrmMoney
crm_entity_get_money (CrmEntity  *self,
                      const char *name)
{
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self), name);

  g_return_val_if_fail (index >= 0, crm_money_new (0, 0));
  return crm_money_new (crm_entity_value (self, index)->i,
                        CRM_ENTITY_GET_CLASS (self)->fields[index].scale);
}

void
crm_entity_set_money (CrmEntity  *self,
                      const char *name,
                      CrmMoney    money)
{
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self), name);
  g_autoptr(GError) error = NULL;
  CrmMoney scaled;

  g_return_if_fail (index >= 0);
  if (!crm_money_rescale (money, CRM_ENTITY_GET_CLASS (self)->fields[index].scale,
                          CRM_ROUND_HALF_UP, &scaled, &error))
    {
      g_critical ("%s: %s", name, error->message);
      return;
    }
  value_for_set (self, name)->i = scaled.value;
}

const char * const *
crm_entity_get_tags (CrmEntity  *self,
                     const char *name)
{
  return (const char * const *) value_for_name (self, name)->tags;
}

void
crm_entity_set_tags (CrmEntity          *self,
                     const char         *name,
                     const char * const *tags)
{
  CrmValue *value = value_for_set (self, name);

  value->is_null = tags == NULL;
  value->tags = g_strdupv ((char **) tags);
}

/**
 * crm_entity_get_lines:
 * @self: a document, e.g. a quote
 *
 * Returns: (transfer none) (nullable) (element-type CrmEntity): its lines,
 *   in order, or %NULL when they were not read or not given
 */
GPtrArray *
crm_entity_get_lines (CrmEntity *self)
{
  CrmEntityPrivate *priv = crm_entity_get_instance_private (self);

  return priv->lines;
}

/**
 * crm_entity_set_lines:
 * @self: a document whose class has a line type
 * @lines: (transfer full) (nullable) (element-type CrmEntity): its lines
 */
void
crm_entity_set_lines (CrmEntity *self,
                      GPtrArray *lines)
{
  CrmEntityPrivate *priv = crm_entity_get_instance_private (self);

  g_return_if_fail (CRM_ENTITY_GET_CLASS (self)->line_type != G_TYPE_INVALID || lines == NULL);
  g_clear_pointer (&priv->lines, g_ptr_array_unref);
  priv->lines = lines;
}

/**
 * crm_entity_class_lines_member:
 * @klass: an entity class with a line type
 *
 * Returns: (transfer none): the JSON member its lines travel as: "lines",
 *   or the class's own name for them ("stages")
 */
const char *
crm_entity_class_lines_member (CrmEntityClass *klass)
{
  g_return_val_if_fail (klass != NULL, NULL);

  return klass->lines_member != NULL ? klass->lines_member : "lines";
}

/**
 * crm_entity_class_is_document:
 * @klass: an entity class
 *
 * Returns: whether records of this kind are documents (a quote, an order, a
 *   contract): their lines are kept in document_lines, and they are copied,
 *   printed and stepped as documents. A record whose lines live in a table
 *   of their own (a pipeline's stages) is not one.
 */
gboolean
crm_entity_class_is_document (CrmEntityClass *klass)
{
  CrmEntityClass *line_class;
  gboolean own_table;

  g_return_val_if_fail (klass != NULL, FALSE);

  if (klass->line_type == G_TYPE_INVALID)
    return FALSE;
  /* the line class may not have been made yet: peeking would find nothing */
  line_class = g_type_class_ref (klass->line_type);
  own_table = line_class->parent_column != NULL;
  g_type_class_unref (line_class);
  return !own_table;
}

/**
 * crm_entity_class_may_write:
 * @klass: an entity class
 * @role: a user's role
 *
 * Returns: whether the role is one of those that may change records of
 *   this kind (the data scope and sharing still decide which records)
 */
gboolean
crm_entity_class_may_write (CrmEntityClass *klass,
                            const char     *role)
{
  if (klass->admin_writes)
    return g_strcmp0 (role, "admin") == 0;
  return klass->write_roles == NULL || (role != NULL && g_strv_contains (klass->write_roles, role));
}

/**
 * crm_entity_class_dup_noun:
 * @klass: an entity class
 *
 * Returns: (transfer full): what one record is called in the user's
 *   language, for messages ("quote", "报价单")
 */
char *
crm_entity_class_dup_noun (CrmEntityClass *klass)
{
  if (klass->label == NULL)
    return g_strdup (klass->entity_name);
  return g_utf8_strdown (g_dgettext (GETTEXT_PACKAGE, klass->label), -1);
}
