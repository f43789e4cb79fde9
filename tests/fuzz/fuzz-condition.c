/* fuzz-condition.c: the workflow condition language, parsed, printed and evaluated */
#include "fuzz-common.h"
#include "crm-condition.h"

/* how deep the printed form's parentheses go */
static guint
paren_depth (const char *text)
{
  guint depth = 0, deepest = 0;

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '(')
        deepest = MAX (deepest, ++depth);
      else if (*c == ')' && depth > 0)
        depth--;
    }
  return deepest;
}

static const CrmConditionValue *
lookup_nothing (const char *name,
                gpointer    user_data)
{
  return NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_text (data, size);
  g_autoptr(CrmCondition) condition = NULL;
  g_autoptr(CrmCondition) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(CrmConditionValue) value = NULL;
  guint column = 0;

  fuzz_set_up ();
  condition = crm_condition_parse (text, &column, &error);
  if (condition == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  /* what is printed parses again, unless the parentheses it adds around
   * every operation take it past the length or nesting limit (a chain of 70
   * additions is flat as text, 70 deep as printed; "(-x)" costs 2 levels) */
  printed = crm_condition_to_string (condition);
  again = crm_condition_parse (printed, &column, &error);
  if (again == NULL && strlen (printed) <= CRM_CONDITION_MAX_LENGTH &&
      paren_depth (printed) <= CRM_CONDITION_MAX_DEPTH / 2)
    g_error ("“%s” printed as “%s”, which does not parse: %s", text, printed, error->message);
  g_clear_error (&error);
  value = crm_condition_evaluate (condition, lookup_nothing, NULL, &error);
  g_assert ((value == NULL) == (error != NULL));
  return 0;
}
