/* crm-condition-words.c: a workflow condition in words, with the values it read: "discount 15 % is over 10 %" */
#include "crm-condition-words.h"
#include "crm-condition-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef enum
{
  UNIT_NONE,
  UNIT_PERCENT,
} Unit;

/* the fields the shipped workflows read, named as a sentence names them */
typedef struct
{
  const char *name;
  const char *noun;
  Unit        unit;
} FieldWords;

static const FieldWords field_words[] = {
  { "max_line_discount", NC_("condition", "discount"), UNIT_PERCENT },
  { "header_discount", NC_("condition", "discount on all lines"), UNIT_PERCENT },
  { "discount", NC_("condition", "discount"), UNIT_PERCENT },
  { "total", NC_("condition", "total"), UNIT_NONE },
  { "total_base", NC_("condition", "total in base currency"), UNIT_NONE },
  { "net_total", NC_("condition", "net total"), UNIT_NONE },
  { "tax_total", NC_("condition", "tax total"), UNIT_NONE },
  { "amount", NC_("condition", "amount"), UNIT_NONE },
  { "currency", NC_("condition", "currency"), UNIT_NONE },
};

typedef struct
{
  CrmConditionLookup lookup;
  gpointer           user_data;
} Words;

static char *clause_words   (const Words *w, const CrmConditionNode *node);

static const FieldWords *
field_words_find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_words); i++)
    if (g_str_equal (field_words[i].name, name))
      return &field_words[i];
  return NULL;
}

/* "owner.role" → "owner role": a field no sentence names yet still reads as words */
static char *
field_noun (const char *name)
{
  const FieldWords *known = field_words_find (name);
  char *noun;

  if (known != NULL)
    return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "condition", known->noun));
  noun = g_strdup (name);
  g_strdelimit (noun, "_.", ' ');
  return noun;
}

static Unit
field_unit (const char *name)
{
  const FieldWords *known = field_words_find (name);

  return known != NULL ? known->unit : UNIT_NONE;
}

/* the unit of an operand: that of the first field it reads */
static Unit
operand_unit (const CrmConditionNode *node)
{
  Unit unit;

  if (node == NULL)
    return UNIT_NONE;
  if (node->kind == CRM_CONDITION_NODE_FIELD)
    return field_unit (node->name);
  if (node->kind == CRM_CONDITION_NODE_MUL || node->kind == CRM_CONDITION_NODE_DIV)
    return UNIT_NONE;
  unit = operand_unit (node->left);
  return unit != UNIT_NONE ? unit : operand_unit (node->right);
}

/* 15.0000 → "15", 12.5000 → "12.5", grouped as the locale groups digits */
static char *
format_number (CrmMoney number,
               Unit     unit)
{
  guint decimals = number.scale;
  gint64 value = number.value;
  g_autofree char *text = NULL;

  while (decimals > 0 && value % 10 == 0)
    {
      value /= 10;
      decimals--;
    }
  text = crm_money_format (number, decimals);
  if (unit == UNIT_PERCENT)
    /* TRANSLATORS: a percentage in a condition's words, e.g. "15 %" */
    return g_strdup_printf (C_("condition", "%s %%"), text);
  return g_steal_pointer (&text);
}

static char *
format_value (const CrmConditionValue *value,
              Unit                     unit)
{
  switch (value->type)
    {
    case CRM_CONDITION_VALUE_NUMBER:
      return format_number (value->number, unit);
    case CRM_CONDITION_VALUE_STRING:
      /* TRANSLATORS: a text value in a condition's words, e.g. “USD” */
      return g_strdup_printf (C_("condition", "“%s”"), value->string);
    case CRM_CONDITION_VALUE_BOOL:
      return g_strdup (value->boolean ? C_("condition", "yes") : C_("condition", "no"));
    case CRM_CONDITION_VALUE_DATE:
      {
        GDate date;
        char text[16];

        g_date_clear (&date, 1);
        g_date_set_julian (&date, value->date);
        g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
        return g_strdup (text);
      }
    case CRM_CONDITION_VALUE_NULL:
    default:
      return g_strdup (C_("condition", "empty"));
    }
}

static gboolean
is_arithmetic (CrmConditionNodeKind kind)
{
  return kind == CRM_CONDITION_NODE_ADD || kind == CRM_CONDITION_NODE_SUB ||
         kind == CRM_CONDITION_NODE_MUL || kind == CRM_CONDITION_NODE_DIV;
}

static gboolean
is_null_literal (const CrmConditionNode *node)
{
  return node->kind == CRM_CONDITION_NODE_LITERAL && node->literal->type == CRM_CONDITION_VALUE_NULL;
}

/* a field, with the value it had when @with_value and a value is known: "discount 15 %" */
static char *
operand_words (const Words            *w,
               const CrmConditionNode *node,
               Unit                    unit,
               gboolean                with_value)
{
  switch (node->kind)
    {
    case CRM_CONDITION_NODE_LITERAL:
      return format_value (node->literal, unit);

    case CRM_CONDITION_NODE_FIELD:
      {
        g_autofree char *noun = field_noun (node->name);
        const CrmConditionValue *value = with_value && w->lookup ? w->lookup (node->name, w->user_data) : NULL;
        g_autofree char *text = NULL;

        if (value == NULL || value->type == CRM_CONDITION_VALUE_NULL)
          return g_steal_pointer (&noun);
        text = format_value (value, field_unit (node->name));
        /* TRANSLATORS: a field of a condition and the value it had, e.g. "discount 15 %" */
        return g_strdup_printf (C_("condition", "%s %s"), noun, text);
      }

    case CRM_CONDITION_NODE_NEGATE:
      {
        g_autofree char *operand = operand_words (w, node->left, unit, FALSE);

        return g_strdup_printf ("-%s", operand);
      }

    case CRM_CONDITION_NODE_ADD:
    case CRM_CONDITION_NODE_SUB:
    case CRM_CONDITION_NODE_MUL:
    case CRM_CONDITION_NODE_DIV:
      {
        g_autofree char *left = operand_words (w, node->left, unit, FALSE);
        g_autofree char *right = operand_words (w, node->right, unit, FALSE);
        g_autofree char *left_text = is_arithmetic (node->left->kind) ? g_strdup_printf ("(%s)", left) : g_strdup (left);
        g_autofree char *right_text = is_arithmetic (node->right->kind) ? g_strdup_printf ("(%s)", right) : g_strdup (right);

        return g_strdup_printf ("%s %s %s", left_text, crm_condition_node_symbol (node->kind), right_text);
      }

    default:
      {
        g_autofree char *clause = clause_words (w, node);

        return g_strdup_printf (C_("condition", "(%s)"), clause);
      }
    }
}

static CrmConditionNodeKind
mirror (CrmConditionNodeKind kind)
{
  switch (kind)
    {
    case CRM_CONDITION_NODE_LT:
      return CRM_CONDITION_NODE_GT;
    case CRM_CONDITION_NODE_LE:
      return CRM_CONDITION_NODE_GE;
    case CRM_CONDITION_NODE_GT:
      return CRM_CONDITION_NODE_LT;
    case CRM_CONDITION_NODE_GE:
      return CRM_CONDITION_NODE_LE;
    default:
      return kind;
    }
}

static char *
comparison_words (const Words            *w,
                  const CrmConditionNode *node)
{
  const CrmConditionNode *left = node->left;
  const CrmConditionNode *right = node->right;
  CrmConditionNodeKind kind = node->kind;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  Unit unit;

  /* the field first: "10 < discount" reads "discount is over 10" */
  if (left->kind == CRM_CONDITION_NODE_LITERAL && right->kind != CRM_CONDITION_NODE_LITERAL)
    {
      left = node->right;
      right = node->left;
      kind = mirror (kind);
    }
  if ((kind == CRM_CONDITION_NODE_EQ || kind == CRM_CONDITION_NODE_NE) && is_null_literal (right))
    {
      a = operand_words (w, left, UNIT_NONE, FALSE);
      return kind == CRM_CONDITION_NODE_EQ
        /* TRANSLATORS: a condition that a field has no value, e.g. "discount on all lines is empty" */
        ? g_strdup_printf (C_("condition", "%s is empty"), a)
        /* TRANSLATORS: a condition that a field has a value, e.g. "discount on all lines is set" */
        : g_strdup_printf (C_("condition", "%s is set"), a);
    }
  unit = operand_unit (left);
  if (unit == UNIT_NONE)
    unit = operand_unit (right);
  a = operand_words (w, left, unit, TRUE);
  b = operand_words (w, right, unit, TRUE);
  switch (kind)
    {
    case CRM_CONDITION_NODE_EQ:
      /* TRANSLATORS: e.g. "currency “USD” is “USD”" */
      return g_strdup_printf (C_("condition", "%s is %s"), a, b);
    case CRM_CONDITION_NODE_NE:
      /* TRANSLATORS: e.g. "currency “CNY” is not “USD”" */
      return g_strdup_printf (C_("condition", "%s is not %s"), a, b);
    case CRM_CONDITION_NODE_LT:
      /* TRANSLATORS: e.g. "discount 5 % is under 10 %" */
      return g_strdup_printf (C_("condition", "%s is under %s"), a, b);
    case CRM_CONDITION_NODE_LE:
      /* TRANSLATORS: e.g. "discount 10 % is at most 10 %" */
      return g_strdup_printf (C_("condition", "%s is at most %s"), a, b);
    case CRM_CONDITION_NODE_GT:
      /* TRANSLATORS: e.g. "discount 15 % is over 10 %" */
      return g_strdup_printf (C_("condition", "%s is over %s"), a, b);
    case CRM_CONDITION_NODE_GE:
    default:
      /* TRANSLATORS: e.g. "total in base currency 1200000 is at least 1000000" */
      return g_strdup_printf (C_("condition", "%s is at least %s"), a, b);
    }
}

static char *
membership_words (const Words            *w,
                  const CrmConditionNode *node)
{
  Unit unit = operand_unit (node->left);
  g_autofree char *subject = operand_words (w, node->left, unit, TRUE);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < node->items->len; i++)
    {
      g_autofree char *item = operand_words (w, g_ptr_array_index (node->items, i), unit, TRUE);

      if (i > 0)
        /* TRANSLATORS: separates the items of a list in a condition's words */
        g_string_append (list, C_("condition", ", "));
      g_string_append (list, item);
    }
  if (node->kind == CRM_CONDITION_NODE_IN)
    /* TRANSLATORS: e.g. "currency “EUR” is one of “USD”, “EUR”" */
    return g_strdup_printf (C_("condition", "%s is one of %s"), subject, list->str);
  /* TRANSLATORS: e.g. "currency “CNY” is none of “USD”, “EUR”" */
  return g_strdup_printf (C_("condition", "%s is none of %s"), subject, list->str);
}

/* a chain "a or b or c" as its operands, in order */
static void
flatten (const CrmConditionNode *node,
         CrmConditionNodeKind    kind,
         GPtrArray              *out)
{
  if (node->kind != kind)
    {
      g_ptr_array_add (out, (gpointer) node);
      return;
    }
  flatten (node->left, kind, out);
  flatten (node->right, kind, out);
}

static gboolean
reads_field (const CrmConditionNode *node,
             const char             *name)
{
  if (node == NULL)
    return FALSE;
  if (node->kind == CRM_CONDITION_NODE_FIELD)
    return g_str_equal (node->name, name);
  for (guint i = 0; node->items != NULL && i < node->items->len; i++)
    if (reads_field (g_ptr_array_index (node->items, i), name))
      return TRUE;
  return reads_field (node->left, name) || reads_field (node->right, name);
}

/* "x != null" beside another test of x only guards it: "x != null and x > 10" says "x is over 10" */
static gboolean
is_guard (const CrmConditionNode *node,
          GPtrArray              *siblings)
{
  const CrmConditionNode *field;

  if (node->kind != CRM_CONDITION_NODE_NE)
    return FALSE;
  if (is_null_literal (node->right) && node->left->kind == CRM_CONDITION_NODE_FIELD)
    field = node->left;
  else if (is_null_literal (node->left) && node->right->kind == CRM_CONDITION_NODE_FIELD)
    field = node->right;
  else
    return FALSE;
  for (guint i = 0; i < siblings->len; i++)
    if (g_ptr_array_index (siblings, i) != node && reads_field (g_ptr_array_index (siblings, i), field->name))
      return TRUE;
  return FALSE;
}

static gboolean
holds (const Words            *w,
       const CrmConditionNode *node)
{
  CrmConditionValue value = { CRM_CONDITION_VALUE_NULL };
  gboolean result;

  if (w->lookup == NULL || !crm_condition_node_evaluate (node, w->lookup, w->user_data, &value, NULL))
    return FALSE;
  result = value.type == CRM_CONDITION_VALUE_BOOL && value.boolean;
  crm_condition_value_clear (&value);
  return result;
}

static char *
junction_words (const Words            *w,
                const CrmConditionNode *node,
                guint                  *n_parts)
{
  g_autoptr(GPtrArray) operands = g_ptr_array_new ();
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  char *text = NULL;
  CrmConditionNodeKind other = node->kind == CRM_CONDITION_NODE_AND ? CRM_CONDITION_NODE_OR : CRM_CONDITION_NODE_AND;

  flatten (node, node->kind, operands);
  for (guint i = 0; i < operands->len; i++)
    {
      const CrmConditionNode *operand = g_ptr_array_index (operands, i);

      /* of an "or", only what held, when the values say so: that is what triggered it */
      if (node->kind == CRM_CONDITION_NODE_OR ? (w->lookup == NULL || holds (w, operand)) : !is_guard (operand, operands))
        g_ptr_array_add (shown, (gpointer) operand);
    }
  if (shown->len == 0)
    g_ptr_array_extend (shown, operands, NULL, NULL);
  *n_parts = shown->len;

  for (guint i = 0; i < shown->len; i++)
    {
      const CrmConditionNode *operand = g_ptr_array_index (shown, i);
      guint n_inner = 1;
      g_autofree char *words = operand->kind == other ? junction_words (w, operand, &n_inner) : clause_words (w, operand);
      /* "a or (b and c)", but "a or c" where b only guarded c */
      g_autofree char *part = n_inner > 1 ? g_strdup_printf (C_("condition", "(%s)"), words) : g_steal_pointer (&words);
      char *joined;

      if (text == NULL)
        {
          text = g_steal_pointer (&part);
          continue;
        }
      joined = node->kind == CRM_CONDITION_NODE_AND
        /* TRANSLATORS: two conditions that both hold */
        ? g_strdup_printf (C_("condition", "%s and %s"), text, part)
        /* TRANSLATORS: two conditions of which one holds */
        : g_strdup_printf (C_("condition", "%s or %s"), text, part);
      g_free (text);
      text = joined;
    }
  return text;
}

static char *
clause_words (const Words            *w,
              const CrmConditionNode *node)
{
  switch (node->kind)
    {
    case CRM_CONDITION_NODE_AND:
    case CRM_CONDITION_NODE_OR:
      {
        guint n_parts;

        return junction_words (w, node, &n_parts);
      }

    case CRM_CONDITION_NODE_NOT:
      {
        g_autofree char *operand = clause_words (w, node->left);

        /* TRANSLATORS: a condition that does not hold */
        return g_strdup_printf (C_("condition", "not (%s)"), operand);
      }

    case CRM_CONDITION_NODE_EQ:
    case CRM_CONDITION_NODE_NE:
    case CRM_CONDITION_NODE_LT:
    case CRM_CONDITION_NODE_LE:
    case CRM_CONDITION_NODE_GT:
    case CRM_CONDITION_NODE_GE:
      return comparison_words (w, node);

    case CRM_CONDITION_NODE_IN:
    case CRM_CONDITION_NODE_NOT_IN:
      return membership_words (w, node);

    case CRM_CONDITION_NODE_LITERAL:
      if (node->literal->type == CRM_CONDITION_VALUE_BOOL)
        return g_strdup (node->literal->boolean ? C_("condition", "always") : C_("condition", "never"));
      return operand_words (w, node, UNIT_NONE, FALSE);

    default:
      return operand_words (w, node, operand_unit (node), TRUE);
    }
}

/**
 * crm_condition_to_words:
 * @self: a condition
 * @lookup: (scope call) (nullable): the values the condition read, or %NULL
 *   to describe the condition alone
 * @user_data: for @lookup
 *
 * Says in the user's language what the condition asks, for people who
 * decide on an approval: `max_line_discount > 10` with a discount of 15
 * reads "discount 15 % is over 10 %". With values, an `or` names only the
 * sides that held (what triggered it); an `x != null` that guards another
 * test of `x` in an `and` is left out; a literal on the left is read from
 * the field's side (`10 < x` reads as "x is over 10"). Fields of the
 * shipped workflows have nouns ("discount", "total in base currency");
 * others read as their name with spaces. Numbers are shown without
 * trailing zeros, grouped as the locale groups them, so call it from one
 * thread (crm_money_format()).
 *
 * Returns: (transfer full): the words
 */
char *
crm_condition_to_words (CrmCondition       *self,
                        CrmConditionLookup  lookup,
                        gpointer            user_data)
{
  Words w = { lookup, user_data };

  g_return_val_if_fail (self != NULL, NULL);

  return clause_words (&w, self->root);
}
