/* crm-condition-lexer.h: splits condition text into tokens, with 1-based character columns */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CRM_CONDITION_TOKEN_END,
  CRM_CONDITION_TOKEN_NUMBER,
  CRM_CONDITION_TOKEN_STRING,
  CRM_CONDITION_TOKEN_NAME,
  CRM_CONDITION_TOKEN_TRUE,
  CRM_CONDITION_TOKEN_FALSE,
  CRM_CONDITION_TOKEN_NULL,
  CRM_CONDITION_TOKEN_AND,
  CRM_CONDITION_TOKEN_OR,
  CRM_CONDITION_TOKEN_NOT,
  CRM_CONDITION_TOKEN_IN,
  CRM_CONDITION_TOKEN_LPAREN,
  CRM_CONDITION_TOKEN_RPAREN,
  CRM_CONDITION_TOKEN_LBRACKET,
  CRM_CONDITION_TOKEN_RBRACKET,
  CRM_CONDITION_TOKEN_COMMA,
  CRM_CONDITION_TOKEN_EQ,
  CRM_CONDITION_TOKEN_NE,
  CRM_CONDITION_TOKEN_LT,
  CRM_CONDITION_TOKEN_LE,
  CRM_CONDITION_TOKEN_GT,
  CRM_CONDITION_TOKEN_GE,
  CRM_CONDITION_TOKEN_PLUS,
  CRM_CONDITION_TOKEN_MINUS,
  CRM_CONDITION_TOKEN_STAR,
  CRM_CONDITION_TOKEN_SLASH,
} CrmConditionTokenKind;

typedef struct
{
  CrmConditionTokenKind  kind;
  /* the token's text in the condition, not NUL-terminated */
  const char            *start;
  gsize                  length;
  guint                  column;
} CrmConditionToken;

typedef struct
{
  /* valid UTF-8 */
  const char        *text;
  /* where the next token starts looking */
  const char        *next;
  /* the token the parser looks at */
  CrmConditionToken  token;
  /* the first error, and where it is */
  GError            *error;
  guint              error_column;
} CrmConditionLexer;

void                   crm_condition_lexer_init     (CrmConditionLexer       *self,
                                                     const char              *text);
gboolean               crm_condition_lexer_next     (CrmConditionLexer       *self);
CrmConditionTokenKind  crm_condition_lexer_peek     (CrmConditionLexer       *self);
void                   crm_condition_lexer_fail     (CrmConditionLexer       *self,
                                                     guint                    column,
                                                     const char              *format,
                                                     ...) G_GNUC_PRINTF (3, 4);
char                  *crm_condition_token_describe (const CrmConditionToken *token);
char                  *crm_condition_token_string   (const CrmConditionToken *token);

G_END_DECLS
