/* crm-condition-eval.c: evaluates a condition's tree against a record's values, exactly */
#include "crm-condition-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-error.h"

typedef struct
{
  CrmConditionLookup lookup;
  gpointer           user_data;
} Context;

static gboolean evaluate (const Context          *ctx,
                          const CrmConditionNode *node,
                          CrmConditionValue      *out,
                          GError                **error);

static gboolean
type_error_one (const CrmConditionNode  *node,
                const CrmConditionValue *value,
                const char              *expected,
                GError                 **error)
{
  g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
               _("Column %u: “%s” needs %s, not %s"),
               node->column, crm_condition_node_symbol (node->kind), expected,
               crm_condition_value_type_describe (value->type));
  return FALSE;
}

static gboolean
compare_error (const CrmConditionNode  *node,
               const CrmConditionValue *a,
               const CrmConditionValue *b,
               GError                 **error)
{
  g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
               _("Column %u: cannot compare %s with %s using “%s”"),
               node->column, crm_condition_value_type_describe (a->type),
               crm_condition_value_type_describe (b->type),
               crm_condition_node_symbol (node->kind));
  return FALSE;
}

static void
set_bool (CrmConditionValue *out,
          gboolean           value)
{
  out->type = CRM_CONDITION_VALUE_BOOL;
  out->boolean = !!value;
}

static void
set_number (CrmConditionValue *out,
            CrmMoney           number)
{
  out->type = CRM_CONDITION_VALUE_NUMBER;
  out->number = number;
}

/* Copies a literal or a looked-up value into @out. */
static void
set_copy (CrmConditionValue       *out,
          const CrmConditionValue *value)
{
  *out = *value;
  out->string = g_strdup (value->string);
}

static gboolean
evaluate_bool (const Context          *ctx,
               const CrmConditionNode *op,
               const CrmConditionNode *operand,
               gboolean               *out,
               GError                **error)
{
  CrmConditionValue value = { CRM_CONDITION_VALUE_NULL };
  gboolean ok;

  if (!evaluate (ctx, operand, &value, error))
    return FALSE;

  ok = value.type == CRM_CONDITION_VALUE_BOOL;
  if (ok)
    *out = value.boolean;
  else
    type_error_one (op, &value, crm_condition_value_type_describe (CRM_CONDITION_VALUE_BOOL), error);
  crm_condition_value_clear (&value);
  return ok;
}

/* and, or and not; "and" and "or" look at their right side only when
 * the left does not decide, so `x != null and x > 10` is safe. */
static gboolean
evaluate_logic (const Context          *ctx,
                const CrmConditionNode *node,
                CrmConditionValue      *out,
                GError                **error)
{
  gboolean left, right;

  if (!evaluate_bool (ctx, node, node->left, &left, error))
    return FALSE;

  switch (node->kind)
    {
    case CRM_CONDITION_NODE_NOT:
      set_bool (out, !left);
      return TRUE;
    case CRM_CONDITION_NODE_AND:
      if (!left)
        {
          set_bool (out, FALSE);
          return TRUE;
        }
      break;
    case CRM_CONDITION_NODE_OR:
    default:
      if (left)
        {
          set_bool (out, TRUE);
          return TRUE;
        }
      break;
    }

  if (!evaluate_bool (ctx, node, node->right, &right, error))
    return FALSE;
  set_bool (out, right);
  return TRUE;
}

/* == and != (and "in"): any two values of one type, or null with anything. */
static gboolean
values_equal (const CrmConditionNode  *node,
              const CrmConditionValue *a,
              const CrmConditionValue *b,
              gboolean                *out,
              GError                 **error)
{
  if (a->type == CRM_CONDITION_VALUE_NULL || b->type == CRM_CONDITION_VALUE_NULL)
    {
      *out = a->type == b->type;
      return TRUE;
    }
  if (a->type != b->type)
    return compare_error (node, a, b, error);

  *out = crm_condition_value_equal (a, b);
  return TRUE;
}

/* < <= > >=: two numbers, two strings (by code point) or two dates. */
static gboolean
values_order (const CrmConditionNode  *node,
              const CrmConditionValue *a,
              const CrmConditionValue *b,
              int                     *out,
              GError                 **error)
{
  if (a->type != b->type || a->type == CRM_CONDITION_VALUE_NULL || a->type == CRM_CONDITION_VALUE_BOOL)
    return compare_error (node, a, b, error);

  switch (a->type)
    {
    case CRM_CONDITION_VALUE_NUMBER:
      *out = crm_money_compare (a->number, b->number);
      break;
    case CRM_CONDITION_VALUE_STRING:
      /* UTF-8 byte order is code point order */
      *out = strcmp (a->string, b->string);
      break;
    case CRM_CONDITION_VALUE_DATE:
    default:
      *out = (a->date > b->date) - (a->date < b->date);
      break;
    }
  return TRUE;
}

static gboolean
compare (const CrmConditionNode  *node,
         const CrmConditionValue *a,
         const CrmConditionValue *b,
         CrmConditionValue       *out,
         GError                 **error)
{
  gboolean equal = FALSE;
  int order = 0;

  if (node->kind == CRM_CONDITION_NODE_EQ || node->kind == CRM_CONDITION_NODE_NE)
    {
      if (!values_equal (node, a, b, &equal, error))
        return FALSE;
      set_bool (out, node->kind == CRM_CONDITION_NODE_EQ ? equal : !equal);
      return TRUE;
    }

  if (!values_order (node, a, b, &order, error))
    return FALSE;

  switch (node->kind)
    {
    case CRM_CONDITION_NODE_LT:
      set_bool (out, order < 0);
      break;
    case CRM_CONDITION_NODE_LE:
      set_bool (out, order <= 0);
      break;
    case CRM_CONDITION_NODE_GT:
      set_bool (out, order > 0);
      break;
    case CRM_CONDITION_NODE_GE:
    default:
      set_bool (out, order >= 0);
      break;
    }
  return TRUE;
}

static gboolean
arithmetic (const CrmConditionNode  *node,
            const CrmConditionValue *a,
            const CrmConditionValue *b,
            CrmConditionValue       *out,
            GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  CrmMoney result;
  gboolean ok;

  if (a->type != CRM_CONDITION_VALUE_NUMBER || b->type != CRM_CONDITION_VALUE_NUMBER)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                   _("Column %u: “%s” needs two numbers, not %s and %s"),
                   node->column, crm_condition_node_symbol (node->kind),
                   crm_condition_value_type_describe (a->type),
                   crm_condition_value_type_describe (b->type));
      return FALSE;
    }

  switch (node->kind)
    {
    case CRM_CONDITION_NODE_ADD:
      ok = crm_money_add (a->number, b->number, &result, &local_error);
      break;
    case CRM_CONDITION_NODE_SUB:
      ok = crm_money_sub (a->number, b->number, &result, &local_error);
      break;
    case CRM_CONDITION_NODE_MUL:
      /* exact unless the product has more decimals than an amount can hold */
      ok = crm_money_mul (a->number, b->number,
                          MIN ((guint) a->number.scale + b->number.scale, (guint) CRM_MONEY_MAX_SCALE),
                          CRM_ROUND_HALF_UP, &result, &local_error);
      break;
    case CRM_CONDITION_NODE_DIV:
    default:
      if (crm_money_is_zero (b->number))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                       _("Column %u: division by zero"), node->column);
          return FALSE;
        }
      ok = crm_money_div (a->number, b->number, CRM_CONDITION_DIVISION_SCALE,
                          CRM_ROUND_HALF_UP, &result, &local_error);
      break;
    }

  if (!ok)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                   _("Column %u: the result of “%s” is too large"),
                   node->column, crm_condition_node_symbol (node->kind));
      return FALSE;
    }
  set_number (out, result);
  return TRUE;
}

static gboolean
evaluate_binary (const Context          *ctx,
                 const CrmConditionNode *node,
                 CrmConditionValue      *out,
                 GError                **error)
{
  CrmConditionValue a = { CRM_CONDITION_VALUE_NULL };
  CrmConditionValue b = { CRM_CONDITION_VALUE_NULL };
  gboolean ok = FALSE;

  if (evaluate (ctx, node->left, &a, error) && evaluate (ctx, node->right, &b, error))
    {
      if (node->kind >= CRM_CONDITION_NODE_ADD && node->kind <= CRM_CONDITION_NODE_DIV)
        ok = arithmetic (node, &a, &b, out, error);
      else
        ok = compare (node, &a, &b, out, error);
    }
  crm_condition_value_clear (&a);
  crm_condition_value_clear (&b);
  return ok;
}

/* "in" and "not in": the items are evaluated in order until one matches. */
static gboolean
evaluate_in (const Context          *ctx,
             const CrmConditionNode *node,
             CrmConditionValue      *out,
             GError                **error)
{
  CrmConditionValue needle = { CRM_CONDITION_VALUE_NULL };
  gboolean found = FALSE;

  if (!evaluate (ctx, node->left, &needle, error))
    return FALSE;

  for (guint i = 0; i < node->items->len && !found; i++)
    {
      CrmConditionValue item = { CRM_CONDITION_VALUE_NULL };
      gboolean ok = evaluate (ctx, g_ptr_array_index (node->items, i), &item, error) &&
                    values_equal (node, &needle, &item, &found, error);

      crm_condition_value_clear (&item);
      if (!ok)
        {
          crm_condition_value_clear (&needle);
          return FALSE;
        }
    }

  crm_condition_value_clear (&needle);
  set_bool (out, node->kind == CRM_CONDITION_NODE_IN ? found : !found);
  return TRUE;
}

static gboolean
evaluate_negate (const Context          *ctx,
                 const CrmConditionNode *node,
                 CrmConditionValue      *out,
                 GError                **error)
{
  CrmConditionValue value = { CRM_CONDITION_VALUE_NULL };
  CrmMoney negated;

  if (!evaluate (ctx, node->left, &value, error))
    return FALSE;

  if (value.type != CRM_CONDITION_VALUE_NUMBER)
    {
      type_error_one (node, &value, crm_condition_value_type_describe (CRM_CONDITION_VALUE_NUMBER), error);
      crm_condition_value_clear (&value);
      return FALSE;
    }
  if (!crm_money_negate_checked (value.number, &negated, NULL))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                   _("Column %u: the result of “%s” is too large"),
                   node->column, crm_condition_node_symbol (node->kind));
      return FALSE;
    }
  set_number (out, negated);
  return TRUE;
}

static gboolean
evaluate (const Context          *ctx,
          const CrmConditionNode *node,
          CrmConditionValue      *out,
          GError                **error)
{
  const CrmConditionValue *value;

  switch (node->kind)
    {
    case CRM_CONDITION_NODE_LITERAL:
      set_copy (out, node->literal);
      return TRUE;

    case CRM_CONDITION_NODE_FIELD:
      value = ctx->lookup != NULL ? ctx->lookup (node->name, ctx->user_data) : NULL;
      if (value == NULL)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                       _("Column %u: unknown field “%s”"), node->column, node->name);
          return FALSE;
        }
      set_copy (out, value);
      return TRUE;

    case CRM_CONDITION_NODE_NOT:
    case CRM_CONDITION_NODE_AND:
    case CRM_CONDITION_NODE_OR:
      return evaluate_logic (ctx, node, out, error);

    case CRM_CONDITION_NODE_NEGATE:
      return evaluate_negate (ctx, node, out, error);

    case CRM_CONDITION_NODE_IN:
    case CRM_CONDITION_NODE_NOT_IN:
      return evaluate_in (ctx, node, out, error);

    default:
      return evaluate_binary (ctx, node, out, error);
    }
}

/**
 * crm_condition_node_evaluate:
 * @node: a tree
 * @lookup: (nullable): finds the value of a field
 * @user_data: for @lookup
 * @out: (out caller-allocates): a cleared value that receives the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_VALIDATION for an unknown
 *   field or mismatched types, or %CRM_ERROR_OUT_OF_RANGE for a division by
 *   zero or a result too large for an amount
 */
gboolean
crm_condition_node_evaluate (const CrmConditionNode  *node,
                             CrmConditionLookup       lookup,
                             gpointer                 user_data,
                             CrmConditionValue       *out,
                             GError                 **error)
{
  Context ctx = { lookup, user_data };

  return evaluate (&ctx, node, out, error);
}
