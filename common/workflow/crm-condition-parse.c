/* crm-condition-parse.c: condition text to syntax tree, by recursive descent (nothing is ever eval'd) */
#include "crm-condition-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-error.h"
#include "crm-condition-lexer.h"

typedef struct
{
  CrmConditionLexer  lexer;
  /* the lexer's current token */
  CrmConditionToken *token;
  /* how deeply the parser has recursed, bounded by CRM_CONDITION_MAX_DEPTH */
  guint              depth;
} Parser;

#define fail(p, ...) crm_condition_lexer_fail (&(p)->lexer, __VA_ARGS__)

static CrmConditionNode *parse_or       (Parser *p);
static CrmConditionNode *parse_additive (Parser *p);

static gboolean
lex (Parser *p)
{
  return crm_condition_lexer_next (&p->lexer);
}

static CrmConditionTokenKind
peek (Parser *p)
{
  return crm_condition_lexer_peek (&p->lexer);
}

static gboolean
enter (Parser *p)
{
  if (++p->depth <= CRM_CONDITION_MAX_DEPTH)
    return TRUE;

  fail (p, p->token->column, _("Column %u: the condition is nested more than %u levels deep"),
        p->token->column, (guint) CRM_CONDITION_MAX_DEPTH);
  return FALSE;
}

static gboolean
starts_operand (CrmConditionTokenKind kind,
                gboolean              allow_not)
{
  switch (kind)
    {
    case CRM_CONDITION_TOKEN_NUMBER:
    case CRM_CONDITION_TOKEN_STRING:
    case CRM_CONDITION_TOKEN_NAME:
    case CRM_CONDITION_TOKEN_TRUE:
    case CRM_CONDITION_TOKEN_FALSE:
    case CRM_CONDITION_TOKEN_NULL:
    case CRM_CONDITION_TOKEN_LPAREN:
    case CRM_CONDITION_TOKEN_MINUS:
      return TRUE;
    case CRM_CONDITION_TOKEN_NOT:
      return allow_not;
    default:
      return FALSE;
    }
}

/* Checks that the current token can begin what follows @after (an
 * operator, a bracket or a comma; %NULL at the very start). */
static gboolean
expect_operand (Parser      *p,
                const CrmConditionToken *after,
                gboolean     allow_not)
{
  if (starts_operand (p->token->kind, allow_not))
    return TRUE;

  if (after == NULL)
    {
      g_autofree char *found = crm_condition_token_describe (p->token);

      fail (p, p->token->column, _("Column %u: expected an operand, not %s"), p->token->column, found);
    }
  else
    {
      g_autofree char *op = g_strndup (after->start, after->length);

      fail (p, p->token->column, _("Column %u: expected an operand after “%s”"), p->token->column, op);
    }
  return FALSE;
}

static CrmConditionNode *
node_new (CrmConditionNodeKind kind,
          guint                column)
{
  CrmConditionNode *node = g_new0 (CrmConditionNode, 1);

  node->kind = kind;
  node->column = column;
  return node;
}

static CrmConditionNode *
binary (CrmConditionNodeKind  kind,
        guint                 column,
        CrmConditionNode     *left,
        CrmConditionNode     *right)
{
  CrmConditionNode *node = node_new (kind, column);

  node->left = left;
  node->right = right;
  return node;
}

static CrmConditionNode *
literal (guint              column,
         CrmConditionValue *value)
{
  CrmConditionNode *node = node_new (CRM_CONDITION_NODE_LITERAL, column);

  node->literal = value;
  return node;
}

static CrmConditionNode *
parse_number (Parser *p)
{
  const CrmConditionToken *t = p->token;
  g_autofree char *text = g_strndup (t->start, t->length);
  const char *point = strchr (text, '.');
  guint scale = point != NULL ? (guint) strlen (point + 1) : 0;
  CrmMoney number;

  if (scale > CRM_MONEY_MAX_SCALE)
    {
      fail (p, t->column, _("Column %u: a number can have at most %u decimals"),
            t->column, (guint) CRM_MONEY_MAX_SCALE);
      return NULL;
    }
  if (!crm_money_parse (text, scale, &number, NULL))
    {
      fail (p, t->column, _("Column %u: the number is too large"), t->column);
      return NULL;
    }
  return literal (t->column, crm_condition_value_new_number (number));
}

/* date("YYYY-MM-DD"), with *p->token on "date" and "(" next */
static CrmConditionNode *
parse_date (Parser *p)
{
  guint column = p->token->column;
  guint open_column;
  g_autofree char *iso = NULL;
  CrmConditionValue *value;

  if (!lex (p))
    return NULL;
  open_column = p->token->column;
  if (!lex (p))
    return NULL;
  if (p->token->kind != CRM_CONDITION_TOKEN_STRING)
    {
      fail (p, p->token->column, _("Column %u: expected a date in quotes, such as date(\"2026-01-31\")"),
            p->token->column);
      return NULL;
    }
  iso = crm_condition_token_string (p->token);
  value = crm_condition_value_new_date_iso (iso);
  if (value == NULL)
    {
      fail (p, p->token->column, _("Column %u: “%s” is not a date of the form YYYY-MM-DD"),
            p->token->column, iso);
      return NULL;
    }
  if (!lex (p) || p->token->kind != CRM_CONDITION_TOKEN_RPAREN)
    {
      crm_condition_value_free (value);
      fail (p, p->token->column, _("Column %u: expected “)” to close the “(” at column %u"),
            p->token->column, open_column);
      return NULL;
    }
  if (!lex (p))
    {
      crm_condition_value_free (value);
      return NULL;
    }
  return literal (column, value);
}

static CrmConditionNode *
parse_group (Parser *p)
{
  CrmConditionToken open = *p->token;
  g_autoptr(CrmConditionNode) inner = NULL;

  if (!enter (p) || !lex (p) || !expect_operand (p, &open, TRUE))
    return NULL;
  inner = parse_or (p);
  if (inner == NULL)
    return NULL;
  if (p->token->kind != CRM_CONDITION_TOKEN_RPAREN)
    {
      fail (p, p->token->column, _("Column %u: expected “)” to close the “(” at column %u"),
            p->token->column, open.column);
      return NULL;
    }
  p->depth--;
  if (!lex (p))
    return NULL;
  return g_steal_pointer (&inner);
}

static CrmConditionNode *
parse_primary (Parser *p)
{
  CrmConditionToken t = *p->token;
  CrmConditionNode *node;

  switch (t.kind)
    {
    case CRM_CONDITION_TOKEN_NUMBER:
      node = parse_number (p);
      break;
    case CRM_CONDITION_TOKEN_STRING:
      {
        g_autofree char *text = crm_condition_token_string (&t);

        node = literal (t.column, crm_condition_value_new_string (text));
      }
      break;
    case CRM_CONDITION_TOKEN_TRUE:
    case CRM_CONDITION_TOKEN_FALSE:
      node = literal (t.column, crm_condition_value_new_bool (t.kind == CRM_CONDITION_TOKEN_TRUE));
      break;
    case CRM_CONDITION_TOKEN_NULL:
      node = literal (t.column, crm_condition_value_new_null ());
      break;
    case CRM_CONDITION_TOKEN_NAME:
      /* "date" is a field name unless a parenthesis follows */
      if (t.length == 4 && strncmp (t.start, "date", 4) == 0 && peek (p) == CRM_CONDITION_TOKEN_LPAREN)
        return parse_date (p);
      node = node_new (CRM_CONDITION_NODE_FIELD, t.column);
      node->name = g_strndup (t.start, t.length);
      break;
    case CRM_CONDITION_TOKEN_LPAREN:
      return parse_group (p);
    default:
      expect_operand (p, NULL, FALSE);
      return NULL;
    }

  if (node != NULL && !lex (p))
    g_clear_pointer (&node, crm_condition_node_free);
  return node;
}

static CrmConditionNode *
parse_unary (Parser *p)
{
  CrmConditionToken op = *p->token;
  CrmConditionNode *node;
  CrmConditionNode *operand;

  if (op.kind != CRM_CONDITION_TOKEN_MINUS)
    return parse_primary (p);

  if (!enter (p) || !lex (p) || !expect_operand (p, &op, FALSE))
    return NULL;
  operand = parse_unary (p);
  if (operand == NULL)
    return NULL;
  p->depth--;

  node = node_new (CRM_CONDITION_NODE_NEGATE, op.column);
  node->left = operand;
  return node;
}

static CrmConditionNode *
parse_multiplicative (Parser *p)
{
  g_autoptr(CrmConditionNode) left = parse_unary (p);

  while (left != NULL &&
         (p->token->kind == CRM_CONDITION_TOKEN_STAR || p->token->kind == CRM_CONDITION_TOKEN_SLASH))
    {
      CrmConditionToken op = *p->token;
      CrmConditionNode *right;

      if (!lex (p) || !expect_operand (p, &op, FALSE))
        return NULL;
      right = parse_unary (p);
      if (right == NULL)
        return NULL;
      left = binary (op.kind == CRM_CONDITION_TOKEN_STAR ? CRM_CONDITION_NODE_MUL : CRM_CONDITION_NODE_DIV,
                     op.column, g_steal_pointer (&left), right);
    }
  return g_steal_pointer (&left);
}

static CrmConditionNode *
parse_additive (Parser *p)
{
  g_autoptr(CrmConditionNode) left = parse_multiplicative (p);

  while (left != NULL &&
         (p->token->kind == CRM_CONDITION_TOKEN_PLUS || p->token->kind == CRM_CONDITION_TOKEN_MINUS))
    {
      CrmConditionToken op = *p->token;
      CrmConditionNode *right;

      if (!lex (p) || !expect_operand (p, &op, FALSE))
        return NULL;
      right = parse_multiplicative (p);
      if (right == NULL)
        return NULL;
      left = binary (op.kind == CRM_CONDITION_TOKEN_PLUS ? CRM_CONDITION_NODE_ADD : CRM_CONDITION_NODE_SUB,
                     op.column, g_steal_pointer (&left), right);
    }
  return g_steal_pointer (&left);
}

/* "[" item, … "]" after "in", with *p->token on the "[" */
static GPtrArray *
parse_list (Parser     *p,
            const char *in_text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_condition_node_free);
  CrmConditionToken open = *p->token;
  CrmConditionToken after = open;

  if (open.kind != CRM_CONDITION_TOKEN_LBRACKET)
    {
      fail (p, open.column, _("Column %u: expected “[” after “%s”"), open.column, in_text);
      return NULL;
    }
  if (!enter (p) || !lex (p))
    return NULL;

  while (p->token->kind != CRM_CONDITION_TOKEN_RBRACKET || after.kind == CRM_CONDITION_TOKEN_COMMA)
    {
      CrmConditionNode *item;

      if (!expect_operand (p, &after, FALSE))
        return NULL;
      item = parse_additive (p);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);

      if (p->token->kind == CRM_CONDITION_TOKEN_COMMA)
        {
          after = *p->token;
          if (!lex (p))
            return NULL;
        }
      else if (p->token->kind != CRM_CONDITION_TOKEN_RBRACKET)
        {
          fail (p, p->token->column,
                _("Column %u: expected “,” or “]” to close the list opened at column %u"),
                p->token->column, open.column);
          return NULL;
        }
      else
        {
          break;
        }
    }

  p->depth--;
  if (!lex (p))
    return NULL;
  return g_steal_pointer (&items);
}

static gboolean
at_comparison (Parser                *p,
               CrmConditionNodeKind  *kind)
{
  static const struct
  {
    CrmConditionTokenKind token;
    CrmConditionNodeKind  node;
  } map[] = {
    { CRM_CONDITION_TOKEN_EQ, CRM_CONDITION_NODE_EQ },
    { CRM_CONDITION_TOKEN_NE, CRM_CONDITION_NODE_NE },
    { CRM_CONDITION_TOKEN_LT, CRM_CONDITION_NODE_LT },
    { CRM_CONDITION_TOKEN_LE, CRM_CONDITION_NODE_LE },
    { CRM_CONDITION_TOKEN_GT, CRM_CONDITION_NODE_GT },
    { CRM_CONDITION_TOKEN_GE, CRM_CONDITION_NODE_GE },
    { CRM_CONDITION_TOKEN_IN, CRM_CONDITION_NODE_IN },
  };

  if (p->token->kind == CRM_CONDITION_TOKEN_NOT && peek (p) == CRM_CONDITION_TOKEN_IN)
    {
      *kind = CRM_CONDITION_NODE_NOT_IN;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      if (p->token->kind == map[i].token)
        {
          *kind = map[i].node;
          return TRUE;
        }
    }
  return FALSE;
}

static CrmConditionNode *
parse_comparison (Parser *p)
{
  g_autoptr(CrmConditionNode) left = parse_additive (p);
  CrmConditionNodeKind kind;
  CrmConditionNode *node;
  CrmConditionToken op = *p->token;

  if (left == NULL || !at_comparison (p, &kind))
    return g_steal_pointer (&left);

  if (!lex (p))
    return NULL;

  if (kind == CRM_CONDITION_NODE_IN || kind == CRM_CONDITION_NODE_NOT_IN)
    {
      const char *in_text = kind == CRM_CONDITION_NODE_IN ? "in" : "not in";
      GPtrArray *items;

      if (kind == CRM_CONDITION_NODE_NOT_IN && !lex (p))
        return NULL;
      items = parse_list (p, in_text);
      if (items == NULL)
        return NULL;
      node = node_new (kind, op.column);
      node->left = g_steal_pointer (&left);
      node->items = items;
    }
  else
    {
      CrmConditionNode *right;

      if (!expect_operand (p, &op, FALSE))
        return NULL;
      right = parse_additive (p);
      if (right == NULL)
        return NULL;
      node = binary (kind, op.column, g_steal_pointer (&left), right);
    }

  /* "a < b < c" reads two ways; the author must say which with "and" */
  if (at_comparison (p, &kind))
    {
      fail (p, p->token->column, _("Column %u: comparisons cannot be chained; join them with “and”"),
            p->token->column);
      crm_condition_node_free (node);
      return NULL;
    }
  return node;
}

static CrmConditionNode *
parse_not (Parser *p)
{
  CrmConditionToken op = *p->token;
  CrmConditionNode *node;
  CrmConditionNode *operand;

  if (op.kind != CRM_CONDITION_TOKEN_NOT)
    return parse_comparison (p);

  if (!enter (p) || !lex (p) || !expect_operand (p, &op, TRUE))
    return NULL;
  operand = parse_not (p);
  if (operand == NULL)
    return NULL;
  p->depth--;

  node = node_new (CRM_CONDITION_NODE_NOT, op.column);
  node->left = operand;
  return node;
}

static CrmConditionNode *
parse_and (Parser *p)
{
  g_autoptr(CrmConditionNode) left = parse_not (p);

  while (left != NULL && p->token->kind == CRM_CONDITION_TOKEN_AND)
    {
      CrmConditionToken op = *p->token;
      CrmConditionNode *right;

      if (!lex (p) || !expect_operand (p, &op, TRUE))
        return NULL;
      right = parse_not (p);
      if (right == NULL)
        return NULL;
      left = binary (CRM_CONDITION_NODE_AND, op.column, g_steal_pointer (&left), right);
    }
  return g_steal_pointer (&left);
}

static CrmConditionNode *
parse_or (Parser *p)
{
  g_autoptr(CrmConditionNode) left = parse_and (p);

  while (left != NULL && p->token->kind == CRM_CONDITION_TOKEN_OR)
    {
      CrmConditionToken op = *p->token;
      CrmConditionNode *right;

      if (!lex (p) || !expect_operand (p, &op, TRUE))
        return NULL;
      right = parse_and (p);
      if (right == NULL)
        return NULL;
      left = binary (CRM_CONDITION_NODE_OR, op.column, g_steal_pointer (&left), right);
    }
  return g_steal_pointer (&left);
}

/**
 * crm_condition_parse_tree:
 * @text: the condition
 * @error_column: (out) (optional): the 1-based character column of an error, 0 on success
 * @error: return location for a %CRM_ERROR_VALIDATION
 *
 * Returns: (transfer full) (nullable): the tree
 */
CrmConditionNode *
crm_condition_parse_tree (const char  *text,
                          guint       *error_column,
                          GError     **error)
{
  Parser p = { { NULL } };
  CrmConditionNode *root = NULL;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);

  crm_condition_lexer_init (&p.lexer, text);
  p.token = &p.lexer.token;

  if (!g_utf8_validate (text, -1, &end))
    {
      guint column = (guint) g_utf8_pointer_to_offset (text, end) + 1;

      fail (&p, column, _("Column %u: the text is not valid UTF-8"), column);
    }
  else if (g_utf8_strlen (text, -1) > CRM_CONDITION_MAX_LENGTH)
    {
      fail (&p, CRM_CONDITION_MAX_LENGTH + 1, _("Column %u: the condition is longer than %u characters"),
            (guint) CRM_CONDITION_MAX_LENGTH + 1, (guint) CRM_CONDITION_MAX_LENGTH);
    }
  else if (lex (&p))
    {
      if (p.token->kind == CRM_CONDITION_TOKEN_END)
        fail (&p, p.token->column, _("Column %u: the condition is empty"), p.token->column);
      else if (expect_operand (&p, NULL, TRUE))
        root = parse_or (&p);

      if (root != NULL && p.token->kind != CRM_CONDITION_TOKEN_END)
        {
          g_autofree char *found = crm_condition_token_describe (p.token);

          fail (&p, p.token->column,
                _("Column %u: expected an operator or the end of the condition, not %s"),
                p.token->column, found);
        }
    }

  if (p.lexer.error != NULL)
    {
      g_clear_pointer (&root, crm_condition_node_free);
      if (error_column != NULL)
        *error_column = p.lexer.error_column;
      g_propagate_error (error, p.lexer.error);
      return NULL;
    }

  if (error_column != NULL)
    *error_column = 0;
  return root;
}
