/* crm-condition-private.h: the syntax tree shared by the condition parser, printer and evaluator */
#pragma once

#include "crm-condition.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_CONDITION_NODE_LITERAL,
  CRM_CONDITION_NODE_FIELD,
  CRM_CONDITION_NODE_NOT,
  CRM_CONDITION_NODE_NEGATE,
  CRM_CONDITION_NODE_AND,
  CRM_CONDITION_NODE_OR,
  CRM_CONDITION_NODE_EQ,
  CRM_CONDITION_NODE_NE,
  CRM_CONDITION_NODE_LT,
  CRM_CONDITION_NODE_LE,
  CRM_CONDITION_NODE_GT,
  CRM_CONDITION_NODE_GE,
  CRM_CONDITION_NODE_ADD,
  CRM_CONDITION_NODE_SUB,
  CRM_CONDITION_NODE_MUL,
  CRM_CONDITION_NODE_DIV,
  CRM_CONDITION_NODE_IN,
  CRM_CONDITION_NODE_NOT_IN,
} CrmConditionNodeKind;

typedef struct _CrmConditionNode CrmConditionNode;

struct _CrmConditionNode
{
  CrmConditionNodeKind  kind;
  /* 1-based character column of the operator, literal or name; evaluation
   * errors point there */
  guint                 column;
  /* LITERAL */
  CrmConditionValue    *literal;
  /* FIELD */
  char                 *name;
  /* the operand of NOT and NEGATE is @left */
  CrmConditionNode     *left;
  CrmConditionNode     *right;
  /* IN and NOT_IN: the list, of CrmConditionNode */
  GPtrArray            *items;
};

struct _CrmCondition
{
  gatomicrefcount   ref_count;
  char             *text;
  CrmConditionNode *root;
  /* sorted, each once, NULL-terminated */
  char            **identifiers;
};

const char       *crm_condition_node_symbol   (CrmConditionNodeKind      kind);
void              crm_condition_node_free     (CrmConditionNode         *node);
CrmConditionNode *crm_condition_parse_tree    (const char               *text,
                                               guint                    *error_column,
                                               GError                  **error);
gboolean          crm_condition_node_evaluate (const CrmConditionNode   *node,
                                               CrmConditionLookup        lookup,
                                               gpointer                  user_data,
                                               CrmConditionValue        *out,
                                               GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmConditionNode, crm_condition_node_free)

G_END_DECLS
