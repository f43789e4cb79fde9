/* crm-import-mapping.c: an imported file's columns, matched to a kind of record's fields
 *
 * A column is matched, in this order:
 *  0. by the rows of the file's preset (crm-import-presets.h), where it has
 *     one: a column a preset ignores stays ignored, whatever its name;
 *  1. by a field's JSON key, exactly (what Rapport's export writes);
 *  2. by the table of names below: the common exports' (Outlook, Google,
 *     Excel sheets in Chinese) and the vCard reader's columns, in any case,
 *     spaces, '-', '_', '.', '/', '*' and ':' left out; several columns may serve one
 *     field, and a row takes the first of them that has a value;
 *     a reference column may hold a code, name or login ("account_code",
 *     "owner_login", "公司" for a contact's account);
 *  3. by a field's JSON key, English label or label in the server's language,
 *     in any case, where the field has no column yet.
 * A column that matches no field, or one the server sets, is ignored. Where a
 * person's name has no column but given and family names do, it is made of
 * them. A person may then choose a column's field, or ignore it
 * (crm_import_mapping_set_column()). */
#include "crm-import-mapping.h"
#include "crm-import-presets.h"

#include <string.h>

/* names that stand for a meaning rather than one field */
#define PERSON  "@person"
#define COMPANY "@company"
#define NAME    "@name"
#define GIVEN   "@given"
#define MIDDLE  "@middle"
#define FAMILY  "@family"

static const struct
{
  const char *column;
  const char *target;
} names[] = {
  /* names of people and companies */
  { "fn", PERSON }, { "姓名", PERSON }, { "联系人", PERSON }, { "联系人姓名", PERSON }, { "fullname", PERSON },
  { "displayname", PERSON }, { "contactperson", PERSON }, { "contactname", PERSON }, { "name", PERSON },
  { "org", COMPANY }, { "company", COMPANY }, { "companyname", COMPANY }, { "organization", COMPANY },
  { "organisation", COMPANY }, { "organization1name", COMPANY }, { "accountname", COMPANY },
  { "公司", COMPANY }, { "公司名称", COMPANY }, { "单位", COMPANY }, { "单位名称", COMPANY },
  { "企业名称", COMPANY }, { "客户名称", COMPANY },
  { "名称", NAME }, { "名字", NAME }, { "名稱", NAME },
  /* traditional Chinese and Japanese sheets */
  { "聯絡人", PERSON }, { "聯絡人姓名", PERSON }, { "氏名", PERSON }, { "担当者", PERSON },
  { "公司名稱", COMPANY }, { "會社", COMPANY }, { "会社", COMPANY }, { "会社名", COMPANY }, { "企業名稱", COMPANY },
  { "手機", "mobile" }, { "携帯", "mobile" }, { "携帯電話", "mobile" },
  { "電話", "phone" }, { "電話番号", "phone" }, { "聯絡電話", "phone" },
  { "郵件", "email" }, { "電郵", "email" }, { "電子郵件", "email" }, { "メール", "email" }, { "メールアドレス", "email" },
  { "職務", "title" }, { "職位", "title" }, { "役職", "title" },
  { "部門", "department" }, { "部署", "department" },
  { "備註", "notes" }, { "備考", "notes" },
  { "住所", "address" }, { "網址", "website" },
  { "ngiven", GIVEN }, { "firstname", GIVEN }, { "givenname", GIVEN }, { "名", GIVEN },
  { "middlename", MIDDLE }, { "additionalname", MIDDLE },
  { "nfamily", FAMILY }, { "lastname", FAMILY }, { "familyname", FAMILY }, { "surname", FAMILY }, { "姓", FAMILY },
  /* phones, most specific first */
  { "telcell", "mobile" }, { "mobile", "mobile" }, { "mobilephone", "mobile" }, { "cellphone", "mobile" },
  { "手机", "mobile" }, { "手机号", "mobile" }, { "手机号码", "mobile" }, { "移动电话", "mobile" },
  { "telcell2", "mobile" }, { "mobilephone2", "mobile" },
  { "telwork", "phone" }, { "businessphone", "phone" }, { "companymainphone", "phone" }, { "primaryphone", "phone" },
  { "phone", "phone" }, { "telephone", "phone" }, { "tel", "phone" }, { "电话", "phone" }, { "座机", "phone" },
  { "办公电话", "phone" }, { "联系电话", "phone" }, { "固定电话", "phone" }, { "businessphone2", "phone" },
  { "telhome", "phone" }, { "homephone", "phone" }, { "otherphone", "phone" }, { "telwork2", "phone" },
  /* email */
  { "email", "email" }, { "emailaddress", "email" }, { "邮箱", "email" },
  { "电子邮件", "email" }, { "电子邮箱", "email" }, { "邮件", "email" }, { "邮箱地址", "email" },
  { "email2", "email" }, { "email2address", "email" }, { "email3address", "email" },
  /* the rest */
  { "jobtitle", "title" }, { "position", "title" }, { "职务", "title" }, { "职位", "title" }, { "头衔", "title" },
  { "department", "department" }, { "orgunit", "department" }, { "部门", "department" },
  { "note", "notes" }, { "notes", "notes" }, { "备注", "notes" }, { "说明", "notes" },
  { "adrwork", "address" }, { "address", "address" }, { "地址", "address" }, { "联系地址", "address" },
  { "公司地址", "address" }, { "adr", "address" }, { "adrhome", "address" },
  { "url", "website" }, { "website", "website" }, { "webpage", "website" }, { "网址", "website" },
  { "网站", "website" }, { "主页", "website" },
  { "bday", "birthday" }, { "birthday", "birthday" }, { "生日", "birthday" }, { "出生日期", "birthday" },
  { "region", "region" }, { "地区", "region" }, { "区域", "region" }, { "省份", "region" },
  { "taxid", "tax_id" }, { "税号", "tax_id" }, { "纳税人识别号", "tax_id" },
  { "code", "code" }, { "编码", "code" }, { "编号", "code" }, { "客户编号", "code" },
  { "industry", "industry" }, { "行业", "industry" },
  /* references, by the code, name or login a cell holds (crm-import-reference.h) */
  { "account", "account_id" }, { "accountcode", "account_id" }, { "accountid", "account_id" },
  { "所属客户", "account_id" }, { "客户", "account_id" },
  { "owner", "owner_id" }, { "ownerlogin", "owner_id" }, { "负责人", "owner_id" }, { "销售负责人", "owner_id" },
  { "product", "product_id" }, { "productcode", "product_id" }, { "产品编码", "product_id" },
  { "source", "source" }, { "来源", "source" },
};

/* where a meaning goes: the first of these keys the kind of record has;
 * "collection:key" only in that collection */
static const struct
{
  const char *meaning;
  const char *keys[3];
} meanings[] = {
  { PERSON,  { "person", "contacts:name", NULL } },
  /* a contact's or a deal's company is the account it belongs to */
  { COMPANY, { "company", "accounts:name", "account_id" } },
  { NAME,    { "name", "company", NULL } },
};

typedef struct
{
  guint   field;
  /* the columns that serve the field, the first with a value wins */
  GArray *columns;
} Entry;

struct _CrmImportMapping
{
  CrmEntityClass *klass;
  guint           n_columns;
  /* per column: the field it serves, or -1; IGNORED while matching */
  int            *column_fields;
  GArray         *entries;
  /* the columns of given, middle and family names, or -1 */
  int             given;
  int             middle;
  int             family;
  /* the entry made of them, or -1 */
  int             composed;
};

/* a column the preset ignores, while the columns are matched */
#define IGNORED (-2)

#define normalise crm_import_column_normalise

static gboolean
field_is_importable (const CrmFieldSpec *spec)
{
  return !(spec->flags & (CRM_FIELD_READONLY | CRM_FIELD_HIDDEN));
}

static Entry *
entry_for (CrmImportMapping *self,
           int               field)
{
  Entry entry = { 0 };

  for (guint i = 0; i < self->entries->len; i++)
    if ((int) g_array_index (self->entries, Entry, i).field == field)
      return &g_array_index (self->entries, Entry, i);
  entry.field = field;
  entry.columns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (self->entries, entry);
  return &g_array_index (self->entries, Entry, self->entries->len - 1);
}

static void
assign (CrmImportMapping *self,
        guint             column,
        int               field)
{
  Entry *entry;

  if (field < 0 || self->column_fields[column] != -1 || !field_is_importable (&self->klass->fields[field]))
    return;
  entry = entry_for (self, field);
  g_array_append_val (entry->columns, column);
  self->column_fields[column] = field;
}

/* whether a "collection:key" (or a plain key) applies to this kind of
 * record; @key: (out): the key without its collection */
static gboolean
key_applies (CrmImportMapping  *self,
             const char        *target,
             const char       **key)
{
  const char *colon = strchr (target, ':');

  *key = colon ? colon + 1 : target;
  return colon == NULL || (strncmp (target, self->klass->collection, colon - target) == 0 &&
                           self->klass->collection[colon - target] == '\0');
}

/* the field a name's target is, in this kind of record, or -1 */
static int
target_field (CrmImportMapping *self,
              const char       *target)
{
  const char *key;

  if (target[0] != '@')
    return key_applies (self, target, &key) ? crm_entity_class_find_json_key (self->klass, key) : -1;
  for (guint m = 0; m < G_N_ELEMENTS (meanings); m++)
    {
      if (!g_str_equal (meanings[m].meaning, target))
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (meanings[m].keys) && meanings[m].keys[k]; k++)
        {
          int field;

          if (!key_applies (self, meanings[m].keys[k], &key))
            continue;
          field = crm_entity_class_find_json_key (self->klass, key);
          if (field >= 0 && field_is_importable (&self->klass->fields[field]))
            return field;
        }
    }
  return -1;
}

static gboolean
is_name_part (CrmImportMapping *self,
              guint             column)
{
  return self->given == (int) column || self->middle == (int) column || self->family == (int) column;
}

/* @column, not matched yet, goes where @target says */
static void
match (CrmImportMapping *self,
       guint             column,
       const char       *target)
{
  if (self->column_fields[column] != -1 || is_name_part (self, column))
    return;
  if (target == NULL)
    self->column_fields[column] = IGNORED;
  else if (g_str_equal (target, GIVEN))
    self->given = self->given < 0 ? (int) column : self->given;
  else if (g_str_equal (target, MIDDLE))
    self->middle = self->middle < 0 ? (int) column : self->middle;
  else if (g_str_equal (target, FAMILY))
    self->family = self->family < 0 ? (int) column : self->family;
  else
    assign (self, column, target_field (self, target));
}

static gboolean
field_has_columns (CrmImportMapping *self,
                   int               field)
{
  for (guint i = 0; i < self->entries->len; i++)
    if ((int) g_array_index (self->entries, Entry, i).field == field)
      return TRUE;
  return FALSE;
}

/**
 * crm_import_mapping_new:
 * @klass: the kind of record imported
 * @header: the file's header row
 *
 * Matches the columns to fields as the file's comment tells, with the
 * preset the header is recognised as (crm_import_preset_recognise()).
 *
 * Returns: (transfer full): the mapping
 */
CrmImportMapping *
crm_import_mapping_new (CrmEntityClass     *klass,
                        const char * const *header)
{
  g_return_val_if_fail (header != NULL, NULL);

  return crm_import_mapping_new_with_preset (klass, header, crm_import_preset_recognise (header));
}

/**
 * crm_import_mapping_new_with_preset:
 * @klass: the kind of record imported
 * @header: the file's header row
 * @preset: (nullable): the exporter the file comes from; %NULL for none
 *
 * Matches the columns to fields as the file's comment tells.
 *
 * Returns: (transfer full): the mapping
 */
CrmImportMapping *
crm_import_mapping_new_with_preset (CrmEntityClass        *klass,
                                    const char * const    *header,
                                    const CrmImportPreset *preset)
{
  CrmImportMapping *self;
  g_auto(GStrv) normal = NULL;
  int person;

  g_return_val_if_fail (klass != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);

  self = g_new0 (CrmImportMapping, 1);
  self->klass = klass;
  self->n_columns = g_strv_length ((GStrv) header);
  self->column_fields = g_new (int, self->n_columns);
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->given = self->middle = self->family = self->composed = -1;
  normal = g_new0 (char *, self->n_columns + 1);
  for (guint c = 0; c < self->n_columns; c++)
    {
      self->column_fields[c] = -1;
      normal[c] = normalise (header[c]);
    }

  /* 0. the preset's rows, in their order */
  for (guint r = 0; preset != NULL && preset->columns[r].column; r++)
    {
      g_autofree char *name = normalise (preset->columns[r].column);

      for (guint c = 0; c < self->n_columns; c++)
        if (g_str_equal (normal[c], name))
          match (self, c, preset->columns[r].target);
    }

  /* 1. JSON keys, exactly */
  for (guint c = 0; c < self->n_columns; c++)
    if (!is_name_part (self, c))
      assign (self, c, crm_entity_class_find_json_key (klass, header[c]));

  /* 2. the table of names, in its order */
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    for (guint c = 0; c < self->n_columns; c++)
      if (g_str_equal (normal[c], names[n].column))
        match (self, c, names[n].target);

  /* 3. keys and labels, in any case, for fields still without a column */
  for (guint c = 0; c < self->n_columns; c++)
    for (guint f = 0; f < klass->n_fields && self->column_fields[c] == -1 && !is_name_part (self, c); f++)
      {
        const CrmFieldSpec *spec = &klass->fields[f];
        g_autofree char *key = normalise (crm_field_spec_get_json_key (spec));
        g_autofree char *label = spec->label ? normalise (spec->label) : NULL;
        g_autofree char *translated = normalise (crm_field_spec_get_label (spec));

        if (field_has_columns (self, f) ||
            (!g_str_equal (normal[c], key) && g_strcmp0 (normal[c], label) != 0 && !g_str_equal (normal[c], translated)))
          continue;
        assign (self, c, f);
      }

  /* a person's name made of given and family names */
  person = target_field (self, PERSON);
  if (person >= 0 && !field_has_columns (self, person) && (self->given >= 0 || self->family >= 0))
    {
      Entry *entry = entry_for (self, person);

      self->composed = entry - (Entry *) self->entries->data;
      if (self->given >= 0)
        self->column_fields[self->given] = person;
      if (self->middle >= 0)
        self->column_fields[self->middle] = person;
      if (self->family >= 0)
        self->column_fields[self->family] = person;
    }
  for (guint c = 0; c < self->n_columns; c++)
    if (self->column_fields[c] == IGNORED)
      self->column_fields[c] = -1;
  return self;
}

void
crm_import_mapping_free (CrmImportMapping *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    g_array_unref (g_array_index (self->entries, Entry, i).columns);
  g_array_unref (self->entries);
  g_free (self->column_fields);
  g_free (self);
}

/**
 * crm_import_mapping_get_n_fields:
 * @self: a mapping
 *
 * Returns: how many fields the file's columns fill
 */
guint
crm_import_mapping_get_n_fields (CrmImportMapping *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entries->len;
}

/**
 * crm_import_mapping_get_field:
 * @self: a mapping
 * @index: below crm_import_mapping_get_n_fields()
 *
 * Returns: (transfer none): the @index-th field the columns fill
 */
const CrmFieldSpec *
crm_import_mapping_get_field (CrmImportMapping *self,
                              guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return &self->klass->fields[g_array_index (self->entries, Entry, index).field];
}

static gboolean
is_cjk (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) >= 0x2E80)
      return TRUE;
  return FALSE;
}

static char *
compose_name (CrmImportMapping   *self,
              const char * const *cells)
{
  const char *given = self->given >= 0 ? cells[self->given] : "";
  const char *middle = self->middle >= 0 ? cells[self->middle] : "";
  const char *family = self->family >= 0 ? cells[self->family] : "";
  const char *words[] = { given, middle, family };
  GString *name = g_string_new (NULL);

  if (is_cjk (given) || is_cjk (family))
    {
      g_string_append (name, family);
      g_string_append (name, given);
      return g_strstrip (g_string_free (name, FALSE));
    }
  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    if (*words[w] != '\0')
      g_string_append_printf (name, "%s%s", name->len ? " " : "", words[w]);
  return g_strstrip (g_string_free (name, FALSE));
}

/**
 * crm_import_mapping_dup_cell:
 * @self: a mapping
 * @index: below crm_import_mapping_get_n_fields()
 * @cells: a row of the file, as many cells as the header
 *
 * Returns: (transfer full): the row's value for the @index-th field, without
 *   leading and trailing spaces: the first of its columns that has one, or
 *   an empty string
 */
char *
crm_import_mapping_dup_cell (CrmImportMapping   *self,
                             guint               index,
                             const char * const *cells)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  g_return_val_if_fail (cells != NULL, NULL);

  if ((int) index == self->composed)
    return compose_name (self, cells);
  entry = &g_array_index (self->entries, Entry, index);
  for (guint i = 0; i < entry->columns->len; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (cells[g_array_index (entry->columns, guint, i)]));

      if (*value != '\0')
        return g_steal_pointer (&value);
    }
  return g_strdup ("");
}

/**
 * crm_import_mapping_column_field:
 * @self: a mapping
 * @column: a column of the file
 *
 * Returns: (transfer none) (nullable): the field the column fills, or %NULL
 *   where it is ignored
 */
const CrmFieldSpec *
crm_import_mapping_column_field (CrmImportMapping *self,
                                 guint             column)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (column >= self->n_columns || self->column_fields[column] < 0)
    return NULL;
  return &self->klass->fields[self->column_fields[column]];
}

/* @column serves no field any more, nor a composed name */
static void
release_column (CrmImportMapping *self,
                guint             column)
{
  int field = self->column_fields[column];

  if (self->given == (int) column)
    self->given = -1;
  if (self->middle == (int) column)
    self->middle = -1;
  if (self->family == (int) column)
    self->family = -1;
  self->column_fields[column] = -1;
  if (field < 0)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      if ((int) entry->field != field || (int) i == self->composed)
        continue;
      for (guint k = 0; k < entry->columns->len; k++)
        if (g_array_index (entry->columns, guint, k) == column)
          g_array_remove_index (entry->columns, k--);
      if (entry->columns->len > 0)
        return;
      /* a field no column serves any more */
      g_array_unref (entry->columns);
      g_array_remove_index (self->entries, i);
      if (self->composed > (int) i)
        self->composed--;
      return;
    }
}

/**
 * crm_import_mapping_set_column:
 * @self: a mapping
 * @column: a column of the file
 * @key: (nullable): the JSON key of the field the column fills, or %NULL to
 *   ignore the column
 *
 * Overrides what the column was matched to: it fills the field first, before
 * any other column matched to it, or is ignored.
 *
 * Returns: whether @key is a field a file may fill
 */
gboolean
crm_import_mapping_set_column (CrmImportMapping *self,
                               guint             column,
                               const char       *key)
{
  Entry *entry;
  int field = -1;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (column < self->n_columns, FALSE);

  if (key != NULL)
    {
      field = crm_entity_class_find_json_key (self->klass, key);
      if (field < 0 || !field_is_importable (&self->klass->fields[field]))
        return FALSE;
    }
  release_column (self, column);
  if (field < 0)
    return TRUE;
  entry = entry_for (self, field);
  if (entry - (Entry *) self->entries->data == self->composed)
    {
      /* a name of its own replaces the one made of given and family names */
      for (guint c = 0; c < self->n_columns; c++)
        if (self->column_fields[c] == field)
          self->column_fields[c] = -1;
      self->composed = self->given = self->middle = self->family = -1;
    }
  g_array_prepend_val (entry->columns, column);
  self->column_fields[column] = field;
  return TRUE;
}
