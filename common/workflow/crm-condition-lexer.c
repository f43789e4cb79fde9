/* crm-condition-lexer.c: splits condition text into tokens, with 1-based character columns */
#include "crm-condition-lexer.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "crm-error.h"

/* how much of a token an error message quotes */
#define MAX_QUOTED_CHARS 24

static const struct
{
  const char *text;
  CrmConditionTokenKind   kind;
} keywords[] = {
  { "and", CRM_CONDITION_TOKEN_AND },
  { "or", CRM_CONDITION_TOKEN_OR },
  { "not", CRM_CONDITION_TOKEN_NOT },
  { "in", CRM_CONDITION_TOKEN_IN },
  { "true", CRM_CONDITION_TOKEN_TRUE },
  { "false", CRM_CONDITION_TOKEN_FALSE },
  { "null", CRM_CONDITION_TOKEN_NULL },
};

static const struct
{
  const char *text;
  CrmConditionTokenKind   kind;
} operators[] = {
  /* two characters first, so "<=" is not read as "<" */
  { "==", CRM_CONDITION_TOKEN_EQ },
  { "!=", CRM_CONDITION_TOKEN_NE },
  { "<=", CRM_CONDITION_TOKEN_LE },
  { ">=", CRM_CONDITION_TOKEN_GE },
  { "&&", CRM_CONDITION_TOKEN_AND },
  { "||", CRM_CONDITION_TOKEN_OR },
  { "<", CRM_CONDITION_TOKEN_LT },
  { ">", CRM_CONDITION_TOKEN_GT },
  { "!", CRM_CONDITION_TOKEN_NOT },
  { "(", CRM_CONDITION_TOKEN_LPAREN },
  { ")", CRM_CONDITION_TOKEN_RPAREN },
  { "[", CRM_CONDITION_TOKEN_LBRACKET },
  { "]", CRM_CONDITION_TOKEN_RBRACKET },
  { ",", CRM_CONDITION_TOKEN_COMMA },
  { "+", CRM_CONDITION_TOKEN_PLUS },
  { "-", CRM_CONDITION_TOKEN_MINUS },
  { "*", CRM_CONDITION_TOKEN_STAR },
  { "/", CRM_CONDITION_TOKEN_SLASH },
};

/**
 * crm_condition_lexer_init:
 * @self: a lexer
 * @text: valid UTF-8, which must outlive @self
 *
 * Prepares @self; crm_condition_lexer_next() then reads the first token.
 */
void
crm_condition_lexer_init (CrmConditionLexer *self,
                          const char        *text)
{
  memset (self, 0, sizeof *self);
  self->text = text;
  self->next = text;
}

static guint
column_at (CrmConditionLexer *p,
           const char        *where)
{
  return (guint) g_utf8_pointer_to_offset (p->text, where) + 1;
}

/* Records the first error only; @format starts with the column. */
void
crm_condition_lexer_fail (CrmConditionLexer *p,
                          guint              column,
                          const char        *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (p->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  p->error = g_error_new_literal (CRM_ERROR, CRM_ERROR_VALIDATION, message);
  p->error_column = column;
}

/* The token as a message quotes it, or "the end of the condition". */
char *
crm_condition_token_describe (const CrmConditionToken *token)
{
  g_autofree char *text = NULL;

  if (token->kind == CRM_CONDITION_TOKEN_END)
    return g_strdup (_("the end of the condition"));

  text = g_strndup (token->start, token->length);
  if (g_utf8_strlen (text, -1) > MAX_QUOTED_CHARS)
    {
      g_autofree char *head = g_utf8_substring (text, 0, MAX_QUOTED_CHARS);

      return g_strdup_printf ("“%s…”", head);
    }
  return g_strdup_printf ("“%s”", text);
}

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static gboolean
lex_number (CrmConditionLexer  *p,
            const char        **s)
{
  while (g_ascii_isdigit (**s))
    (*s)++;
  if (**s == '.')
    {
      (*s)++;
      if (!g_ascii_isdigit (**s))
        {
          guint column = column_at (p, *s);

          crm_condition_lexer_fail (p, column, _("Column %u: expected a digit after “.”"), column);
          return FALSE;
        }
      while (g_ascii_isdigit (**s))
        (*s)++;
    }
  return TRUE;
}

static gboolean
lex_string (CrmConditionLexer  *p,
            const char        **s)
{
  guint open_column = column_at (p, *s);

  for ((*s)++; **s != '"'; )
    {
      if (**s == '\0' || ((*s)[0] == '\\' && (*s)[1] == '\0'))
        {
          crm_condition_lexer_fail (p, open_column, _("Column %u: the string has no closing quote"),
                                    open_column);
          return FALSE;
        }
      if (**s == '\\')
        {
          if ((*s)[1] != '"' && (*s)[1] != '\\')
            {
              guint column = column_at (p, *s);
              g_autofree char *sequence = g_strndup (*s, g_utf8_next_char (*s + 1) - *s);

              crm_condition_lexer_fail (p, column,
                                        _("Column %u: “%s” is not an escape; only \\\" and \\\\ are"),
                                        column, sequence);
              return FALSE;
            }
          *s += 2;
        }
      else
        {
          *s = g_utf8_next_char (*s);
        }
    }
  (*s)++;
  return TRUE;
}

static gboolean
lex_name (CrmConditionLexer  *p,
          const char        **s)
{
  for (;;)
    {
      while (is_name_char (**s))
        (*s)++;
      if (**s != '.')
        return TRUE;
      if (!is_name_start ((*s)[1]))
        {
          guint column = column_at (p, *s + 1);

          crm_condition_lexer_fail (p, column, _("Column %u: expected a name after “.”"), column);
          return FALSE;
        }
      (*s)++;
    }
}

static gboolean
lex_operator (CrmConditionLexer      *p,
              const char            **s,
              CrmConditionTokenKind  *kind)
{
  guint column = column_at (p, *s);

  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    {
      gsize len = strlen (operators[i].text);

      if (strncmp (*s, operators[i].text, len) == 0)
        {
          *kind = operators[i].kind;
          *s += len;
          return TRUE;
        }
    }

  if (**s == '=')
    {
      crm_condition_lexer_fail (p, column, _("Column %u: “=” is not an operator; write “==” to compare"),
                                column);
    }
  else
    {
      g_autofree char *character = g_strndup (*s, g_utf8_next_char (*s) - *s);

      crm_condition_lexer_fail (p, column, _("Column %u: unexpected character “%s”"),
                                column, character);
    }
  return FALSE;
}

/* Reads the next token into p->token. */
gboolean
crm_condition_lexer_next (CrmConditionLexer *p)
{
  const char *s = p->next;
  CrmConditionToken *t = &p->token;

  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;

  t->start = s;
  t->column = column_at (p, s);

  if (*s == '\0')
    {
      t->kind = CRM_CONDITION_TOKEN_END;
    }
  else if (g_ascii_isdigit (*s))
    {
      t->kind = CRM_CONDITION_TOKEN_NUMBER;
      if (!lex_number (p, &s))
        return FALSE;
    }
  else if (*s == '"')
    {
      t->kind = CRM_CONDITION_TOKEN_STRING;
      if (!lex_string (p, &s))
        return FALSE;
    }
  else if (is_name_start (*s))
    {
      t->kind = CRM_CONDITION_TOKEN_NAME;
      if (!lex_name (p, &s))
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
        {
          if ((gsize) (s - t->start) == strlen (keywords[i].text) &&
              strncmp (t->start, keywords[i].text, (gsize) (s - t->start)) == 0)
            t->kind = keywords[i].kind;
        }
    }
  else if (!lex_operator (p, &s, &t->kind))
    {
      return FALSE;
    }

  t->length = (gsize) (s - t->start);
  p->next = s;
  return TRUE;
}

/* The kind of the token after the current one, without moving on. */
CrmConditionTokenKind
crm_condition_lexer_peek (CrmConditionLexer *p)
{
  CrmConditionLexer ahead = *p;

  ahead.error = NULL;
  if (!crm_condition_lexer_next (&ahead))
    {
      g_clear_error (&ahead.error);
      return CRM_CONDITION_TOKEN_END;
    }
  return ahead.token.kind;
}

/* The text between a string token's quotes, unescaped. */
char *
crm_condition_token_string (const CrmConditionToken *token)
{
  GString *out = g_string_sized_new (token->length);

  for (const char *s = token->start + 1; s < token->start + token->length - 1; s++)
    {
      if (*s == '\\')
        s++;
      g_string_append_c (out, *s);
    }
  return g_string_free (out, FALSE);
}

