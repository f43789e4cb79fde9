/* crm-condition.c: CrmCondition, a parsed workflow condition: identifiers, printing, evaluation */
#include "crm-condition-private.h"

#include <glib/gi18n-lib.h>

#include "crm-error.h"

G_DEFINE_BOXED_TYPE (CrmCondition, crm_condition, crm_condition_ref, crm_condition_unref)

static const char * const symbols[] = {
  [CRM_CONDITION_NODE_LITERAL] = "",
  [CRM_CONDITION_NODE_FIELD] = "",
  [CRM_CONDITION_NODE_NOT] = "not",
  [CRM_CONDITION_NODE_NEGATE] = "-",
  [CRM_CONDITION_NODE_AND] = "and",
  [CRM_CONDITION_NODE_OR] = "or",
  [CRM_CONDITION_NODE_EQ] = "==",
  [CRM_CONDITION_NODE_NE] = "!=",
  [CRM_CONDITION_NODE_LT] = "<",
  [CRM_CONDITION_NODE_LE] = "<=",
  [CRM_CONDITION_NODE_GT] = ">",
  [CRM_CONDITION_NODE_GE] = ">=",
  [CRM_CONDITION_NODE_ADD] = "+",
  [CRM_CONDITION_NODE_SUB] = "-",
  [CRM_CONDITION_NODE_MUL] = "*",
  [CRM_CONDITION_NODE_DIV] = "/",
  [CRM_CONDITION_NODE_IN] = "in",
  [CRM_CONDITION_NODE_NOT_IN] = "not in",
};

G_STATIC_ASSERT (G_N_ELEMENTS (symbols) == CRM_CONDITION_NODE_NOT_IN + 1);

/**
 * crm_condition_node_symbol:
 * @kind: a node kind
 *
 * Returns: (transfer none): how the condition language spells the operator
 */
const char *
crm_condition_node_symbol (CrmConditionNodeKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (symbols), "");

  return symbols[kind];
}

void
crm_condition_node_free (CrmConditionNode *node)
{
  if (node == NULL)
    return;

  crm_condition_value_free (node->literal);
  g_free (node->name);
  crm_condition_node_free (node->left);
  crm_condition_node_free (node->right);
  g_clear_pointer (&node->items, g_ptr_array_unref);
  g_free (node);
}

static void
collect_identifiers (const CrmConditionNode *node,
                     GHashTable             *names)
{
  if (node == NULL)
    return;

  if (node->kind == CRM_CONDITION_NODE_FIELD)
    g_hash_table_add (names, node->name);
  collect_identifiers (node->left, names);
  collect_identifiers (node->right, names);
  for (guint i = 0; node->items != NULL && i < node->items->len; i++)
    collect_identifiers (g_ptr_array_index (node->items, i), names);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * crm_condition_parse:
 * @text: a condition such as `max_line_discount > 10 or header_discount > 10`
 * @error_column: (out) (optional): where the error is, as a 1-based column
 *   counted in characters (0 on success)
 * @error: return location for a %CRM_ERROR_VALIDATION whose message starts
 *   with "Column N:" and says what was expected there
 *
 * Parses @text into a tree; the text is never executed. The grammar, from
 * the loosest binding to the tightest:
 *
 * |[
 * condition  := or
 * or         := and { ("or" | "||") and }
 * and        := not { ("and" | "&&") not }
 * not        := ("not" | "!") not | comparison
 * comparison := sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum
 *                   | ["not"] "in" "[" [ sum { "," sum } ] "]" ]
 * sum        := product { ("+" | "-") product }
 * product    := unary { ("*" | "/") unary }
 * unary      := "-" unary | primary
 * primary    := number | string | "true" | "false" | "null"
 *             | "date" "(" string ")" | name | "(" condition ")"
 * number     := digits [ "." digits ]          (at most 8 decimals)
 * string     := '"' { character | '\"' | '\\' } '"'
 * name       := word { "." word }              (word: [A-Za-z_][A-Za-z0-9_]*)
 * ]|
 *
 * Keywords are lower case. Comparisons do not chain: `a < b < c` is an
 * error. A date is written `date("2026-01-31")`; a name "date" not followed
 * by "(" is an ordinary field.
 *
 * Returns: (transfer full) (nullable): the condition, or %NULL on error
 */
CrmCondition *
crm_condition_parse (const char  *text,
                     guint       *error_column,
                     GError     **error)
{
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  CrmConditionNode *root;
  CrmCondition *self;
  GHashTableIter iter;
  gpointer name;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = crm_condition_parse_tree (text, error_column, error);
  if (root == NULL)
    return NULL;

  names = g_hash_table_new (g_str_hash, g_str_equal);
  collect_identifiers (root, names);
  sorted = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (sorted, g_strdup (name));
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);

  self = g_new0 (CrmCondition, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->text = g_strdup (text);
  self->root = root;
  self->identifiers = (char **) g_ptr_array_free (g_steal_pointer (&sorted), FALSE);
  return self;
}

CrmCondition *
crm_condition_ref (CrmCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
crm_condition_unref (CrmCondition *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->text);
  crm_condition_node_free (self->root);
  g_strfreev (self->identifiers);
  g_free (self);
}

/**
 * crm_condition_get_text:
 * @self: a condition
 *
 * Returns: (transfer none): the text it was parsed from
 */
const char *
crm_condition_get_text (CrmCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

/**
 * crm_condition_get_identifiers:
 * @self: a condition
 *
 * The field names the condition reads, so that a definition can be checked
 * against an entity when it is saved rather than when it first runs.
 *
 * Returns: (transfer none) (array zero-terminated=1): the names, sorted, each once
 */
const char * const *
crm_condition_get_identifiers (CrmCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->identifiers;
}

static void
print_node (GString                *out,
            const CrmConditionNode *node)
{
  switch (node->kind)
    {
    case CRM_CONDITION_NODE_LITERAL:
      {
        g_autofree char *text = crm_condition_value_to_string (node->literal);

        g_string_append (out, text);
      }
      break;

    case CRM_CONDITION_NODE_FIELD:
      g_string_append (out, node->name);
      break;

    case CRM_CONDITION_NODE_NOT:
    case CRM_CONDITION_NODE_NEGATE:
      g_string_append_printf (out, node->kind == CRM_CONDITION_NODE_NOT ? "(%s " : "(%s",
                              symbols[node->kind]);
      print_node (out, node->left);
      g_string_append_c (out, ')');
      break;

    case CRM_CONDITION_NODE_IN:
    case CRM_CONDITION_NODE_NOT_IN:
      g_string_append_c (out, '(');
      print_node (out, node->left);
      g_string_append_printf (out, " %s [", symbols[node->kind]);
      for (guint i = 0; i < node->items->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          print_node (out, g_ptr_array_index (node->items, i));
        }
      g_string_append (out, "])");
      break;

    default:
      g_string_append_c (out, '(');
      print_node (out, node->left);
      g_string_append_printf (out, " %s ", symbols[node->kind]);
      print_node (out, node->right);
      g_string_append_c (out, ')');
      break;
    }
}

/**
 * crm_condition_to_string:
 * @self: a condition
 *
 * Prints the tree with every operation in parentheses, which shows how the
 * text was read: `a or b and c` prints as `(a or (b and c))`.
 *
 * Returns: (transfer full): the text
 */
char *
crm_condition_to_string (CrmCondition *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  print_node (out, self->root);
  return g_string_free (out, FALSE);
}

/**
 * crm_condition_evaluate:
 * @self: a condition
 * @lookup: (scope call) (nullable): finds the value of each field the condition reads
 * @user_data: for @lookup
 * @error: return location for a #GError
 *
 * Evaluates with these rules:
 *
 * - numbers are exact; `+ - *` keep every decimal (a product with more than
 *   8 is rounded half-up to 8); `/` rounds half-up to
 *   %CRM_CONDITION_DIVISION_SCALE decimals; dividing by zero is an error;
 * - `==` and `!=` compare two values of one type, or null with anything
 *   (null equals only null); `< <= > >=` order two numbers, two strings (by
 *   code point) or two dates; any other pair is an error, null included;
 * - `x in [a, b]` is `x == a or x == b`, item by item in order;
 * - `and`, `or` and `not` take true or false; `and` and `or` evaluate their
 *   right side only when the left does not decide the result.
 *
 * Error messages start with "Column N:" pointing at the operator or name.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL on error:
 *   %CRM_ERROR_VALIDATION for an unknown field or mismatched types,
 *   %CRM_ERROR_OUT_OF_RANGE for a division by zero or too large a result
 */
CrmConditionValue *
crm_condition_evaluate (CrmCondition        *self,
                        CrmConditionLookup   lookup,
                        gpointer             user_data,
                        GError             **error)
{
  CrmConditionValue result = { CRM_CONDITION_VALUE_NULL };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!crm_condition_node_evaluate (self->root, lookup, user_data, &result, error))
    return NULL;
  return g_memdup2 (&result, sizeof result);
}

/**
 * crm_condition_values_lookup:
 * @name: a field name
 * @values: (type GHashTable): a table from crm_condition_values_new()
 *
 * A #CrmConditionLookup that reads a table of values.
 *
 * Returns: (transfer none) (nullable): the value bound to @name
 */
const CrmConditionValue *
crm_condition_values_lookup (const char *name,
                             gpointer    values)
{
  return values != NULL ? g_hash_table_lookup (values, name) : NULL;
}

/**
 * crm_condition_evaluate_bool:
 * @self: a condition
 * @values: (nullable): field name → #CrmConditionValue, from crm_condition_values_new()
 * @out_result: (out): whether the condition holds
 * @error: return location for a #GError
 *
 * Evaluates @self as crm_condition_evaluate() does and requires true or false.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_condition_evaluate_bool (CrmCondition  *self,
                             GHashTable    *values,
                             gboolean      *out_result,
                             GError       **error)
{
  g_autoptr(CrmConditionValue) result = NULL;

  g_return_val_if_fail (out_result != NULL, FALSE);

  result = crm_condition_evaluate (self, crm_condition_values_lookup, values, error);
  if (result == NULL)
    return FALSE;

  if (result->type != CRM_CONDITION_VALUE_BOOL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                   _("The condition gives %s, not true or false"),
                   crm_condition_value_type_describe (result->type));
      return FALSE;
    }
  *out_result = result->boolean;
  return TRUE;
}
