/* test-condition.c: unit tests for the workflow condition language: parsing, precedence, exact evaluation */
#include <string.h>

#include <glib.h>

#include "crm-condition.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-quote.h"

#define VALIDATION   CRM_ERROR_VALIDATION
#define OUT_OF_RANGE CRM_ERROR_OUT_OF_RANGE

/* One row: a condition and either its value (as crm_condition_value_to_string()
 * writes it), the column of its parse error, or the code of its evaluation
 * error. @message, when set, is the start of the error message. */
typedef struct
{
  const char *text;
  const char *value;
  guint       column;
  int         code;
  const char *message;
} ConditionCase;

static const ConditionCase condition_cases[] = {
  /* exact money */
  { "total_base >= 1000000", "true" },
  { "total_small >= 1000000", "false" },
  { "total_base == 1000000.00", "true" },
  { "1000000 == 1000000.00", "true" },
  { "total_small < total_base", "true" },
  { "0.1 + 0.2 == 0.3", "true" },
  { "0.1 + 0.2", "0.3" },
  { "1.10 + 2.205", "3.305" },
  { "total_base * 0.1", "100000.000" },
  { "total_base / 3", "333333.33333333" },
  { "1 / 3", "0.33333333" },
  { "2 / 3", "0.66666667" },
  { "10 / 4", "2.50000000" },
  { "1.5 * 1.5 * 1.5 * 1.5 * 1.5 * 1.5 * 1.5 * 1.5", "25.62890625" },
  { "1.5 * 1.5 * 1.5 * 1.5 * 1.5 * 1.5 * 1.5 * 1.5 * 1.5", "38.44335938" },
  { "(max_line_discount - header_discount) * 2", "35.0000" },
  { "92233720368547758.07 - 0.07", "92233720368547758.00" },

  /* arithmetic precedence and unary minus */
  { "1 + 2 * 3", "7" },
  { "(1 + 2) * 3", "9" },
  { "10 - 2 - 3", "5" },
  { "12 / 2 / 3", "2.00000000" },
  { "-5 + 2", "-3" },
  { "--5", "5" },
  { "- (2 + 3) * 2", "-10" },
  { "2 * -3", "-6" },

  /* logic: or < and < not < comparison */
  { "max_line_discount > 25", "true" },
  { "header_discount > 10 and max_line_discount > 25", "true" },
  { "header_discount > 20 or max_line_discount > 25", "true" },
  { "header_discount > 20 or header_discount > 10 and false", "false" },
  { "not header_discount > 20", "true" },
  { "!(header_discount > 20)", "true" },
  { "not not active", "true" },
  { "header_discount > 20 || status == \"draft\"", "true" },
  { "header_discount > 10 && status != \"draft\"", "false" },
  { "true or 1 / 0 == 1", "true" },
  { "false and unknown_field", "false" },

  /* in */
  { "currency in [\"USD\", \"EUR\"]", "true" },
  { "currency in [\"USD\", \"GBP\"]", "false" },
  { "currency not in [\"USD\", \"GBP\"]", "true" },
  { "currency in []", "false" },
  { "count in [1, 2, 3.00]", "true" },
  { "count + 1 in [count * 2 - 2, 5]", "true" },

  /* null, dates, booleans, strings, dotted names */
  { "note == null", "true" },
  { "note != null and note > 5", "false" },
  { "note in [null]", "true" },
  { "status == null", "false" },
  { "null == null", "true" },
  { "signed_on >= date(\"2026-01-01\")", "true" },
  { "signed_on < date(\"2026-03-01\")", "false" },
  { "signed_on == date(\"2026-03-01\")", "true" },
  { "date(\"2024-02-29\")", "date(\"2024-02-29\")" },
  { "active == true and not false", "true" },
  { "owner.role == \"manager\"", "true" },
  { "title == \"报价 Q-1\"", "true" },
  { "\"abc\" < \"abd\"", "true" },
  { "\"a\\\"b\"", "\"a\\\"b\"" },
  { "\"back\\\\slash\"", "\"back\\\\slash\"" },
  { "  12.50  ", "12.50" },

  /* parse errors, at their 1-based character column */
  { "", .column = 1, .message = "Column 1: the condition is empty" },
  { "   ", .column = 4, .message = "Column 4: the condition is empty" },
  { "header_discount >", .column = 18, .message = "Column 18: expected an operand after “>”" },
  { "header_discount > ", .column = 19 },
  { "total_base >= ", .column = 15, .message = "Column 15: expected an operand after “>=”" },
  { "(1 + 2", .column = 7, .message = "Column 7: expected “)” to close the “(” at column 1" },
  { "1 + 2)", .column = 6, .message = "Column 6: expected an operator or the end of the condition, not “)”" },
  { "a = 1", .column = 3, .message = "Column 3: “=” is not an operator; write “==” to compare" },
  { "a < b < c", .column = 7, .message = "Column 7: comparisons cannot be chained; join them with “and”" },
  { "a == 1 in [1]", .column = 8 },
  { "\"abc", .column = 1, .message = "Column 1: the string has no closing quote" },
  { "x == \"a\\x\"", .column = 8, .message = "Column 8: “\\x” is not an escape" },
  { "1.", .column = 3, .message = "Column 3: expected a digit after “.”" },
  { ".5", .column = 1, .message = "Column 1: unexpected character “.”" },
  { "1.123456789", .column = 1, .message = "Column 1: a number can have at most 8 decimals" },
  { "99999999999999999999", .column = 1, .message = "Column 1: the number is too large" },
  { "currency in \"USD\"", .column = 13, .message = "Column 13: expected “[” after “in”" },
  { "currency not in \"USD\"", .column = 17, .message = "Column 17: expected “[” after “not in”" },
  { "currency in [\"USD\" \"EUR\"]", .column = 20,
    .message = "Column 20: expected “,” or “]” to close the list opened at column 13" },
  { "currency in [\"USD\",]", .column = 20, .message = "Column 20: expected an operand after “,”" },
  { "date(\"2026-02-30\")", .column = 6, .message = "Column 6: “2026-02-30” is not a date of the form YYYY-MM-DD" },
  { "date(\"2026-1-1\")", .column = 6 },
  { "date(2026)", .column = 6, .message = "Column 6: expected a date in quotes" },
  { "date(\"2026-01-01\"", .column = 18 },
  { "a and", .column = 6, .message = "Column 6: expected an operand after “and”" },
  { "a ||", .column = 5, .message = "Column 5: expected an operand after “||”" },
  { "not", .column = 4, .message = "Column 4: expected an operand after “not”" },
  { "a == not b", .column = 6, .message = "Column 6: expected an operand after “==”" },
  { "-", .column = 2, .message = "Column 2: expected an operand after “-”" },
  { "* 2", .column = 1, .message = "Column 1: expected an operand, not “*”" },
  { "a b", .column = 3, .message = "Column 3: expected an operator or the end of the condition, not “b”" },
  { "a not b", .column = 3 },
  { "total_base § 5", .column = 12, .message = "Column 12: unexpected character “§”" },
  { "a & b", .column = 3, .message = "Column 3: unexpected character “&”" },
  { "价格 > 5", .column = 1, .message = "Column 1: unexpected character “价”" },
  { "title == \"价格\" and", .column = 18, .message = "Column 18: expected an operand after “and”" },
  { "owner. role", .column = 7, .message = "Column 7: expected a name after “.”" },
  { "owner.", .column = 7 },
  { "f(1)", .column = 2 },

  /* evaluation errors */
  { "unknown_field > 1", .code = VALIDATION, .message = "Column 1: unknown field “unknown_field”" },
  { "TRUE", .code = VALIDATION, .message = "Column 1: unknown field “TRUE”" },
  { "status < 5", .code = VALIDATION, .message = "Column 8: cannot compare a string with a number using “<”" },
  { "status == 5", .code = VALIDATION },
  { "note > 5", .code = VALIDATION, .message = "Column 6: cannot compare an empty value with a number using “>”" },
  { "active < true", .code = VALIDATION },
  { "signed_on > 5", .code = VALIDATION },
  { "1 / 0", .code = OUT_OF_RANGE, .message = "Column 3: division by zero" },
  { "total_base / zero", .code = OUT_OF_RANGE },
  { "92233720368547758.07 * 100", .code = OUT_OF_RANGE, .message = "Column 22: the result of “*” is too large" },
  { "92233720368547758.07 + 0.01", .code = OUT_OF_RANGE },
  { "1 and true", .code = VALIDATION, .message = "Column 3: “and” needs true or false, not a number" },
  { "not 5", .code = VALIDATION },
  { "\"a\" + 1", .code = VALIDATION, .message = "Column 5: “+” needs two numbers, not a string and a number" },
  { "-status", .code = VALIDATION, .message = "Column 1: “-” needs a number, not a string" },
  { "note + 1", .code = VALIDATION },
  { "currency in [\"USD\", 5]", .code = VALIDATION },
};

static GHashTable *
make_values (void)
{
  GHashTable *values = crm_condition_values_new ();

  crm_condition_values_take (values, "total_base",
                             crm_condition_value_new_number (crm_money_new (100000000, 2)));
  crm_condition_values_take (values, "total_small",
                             crm_condition_value_new_number (crm_money_new (99999999, 2)));
  crm_condition_values_take (values, "header_discount",
                             crm_condition_value_new_number (crm_money_new (125000, 4)));
  crm_condition_values_take (values, "max_line_discount",
                             crm_condition_value_new_number (crm_money_new (300000, 4)));
  crm_condition_values_take (values, "count", crm_condition_value_new_number (crm_money_new (3, 0)));
  crm_condition_values_take (values, "zero", crm_condition_value_new_number (crm_money_new (0, 2)));
  crm_condition_values_take (values, "status", crm_condition_value_new_string ("draft"));
  crm_condition_values_take (values, "currency", crm_condition_value_new_string ("EUR"));
  crm_condition_values_take (values, "title", crm_condition_value_new_string ("报价 Q-1"));
  crm_condition_values_take (values, "owner.role", crm_condition_value_new_string ("manager"));
  crm_condition_values_take (values, "signed_on", crm_condition_value_new_date (1, G_DATE_MARCH, 2026));
  crm_condition_values_take (values, "active", crm_condition_value_new_bool (TRUE));
  crm_condition_values_take (values, "note", crm_condition_value_new_null ());
  return values;
}

static void
test_table (void)
{
  g_autoptr(GHashTable) values = make_values ();
  guint n_values = 0, n_parse = 0, n_eval = 0;

  for (guint n = 0; n < G_N_ELEMENTS (condition_cases); n++)
    {
      const ConditionCase *c = &condition_cases[n];
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmCondition) condition = NULL;
      g_autoptr(CrmConditionValue) result = NULL;
      guint column = 12345;

      g_test_message ("case %u: %s", n, c->text);

      condition = crm_condition_parse (c->text, &column, &error);
      if (c->column > 0)
        {
          g_assert_null (condition);
          g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
          g_assert_cmpuint (column, ==, c->column);
          {
            g_autofree char *prefix = g_strdup_printf ("Column %u: ", c->column);

            g_assert_true (g_str_has_prefix (error->message, prefix));
          }
          if (c->message != NULL)
            g_assert_true (g_str_has_prefix (error->message, c->message));
          n_parse++;
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (condition);
      g_assert_cmpuint (column, ==, 0);
      g_assert_cmpstr (crm_condition_get_text (condition), ==, c->text);

      result = crm_condition_evaluate (condition, crm_condition_values_lookup, values, &error);
      if (c->value != NULL)
        {
          g_autofree char *text = NULL;

          g_assert_no_error (error);
          text = crm_condition_value_to_string (result);
          g_assert_cmpstr (text, ==, c->value);
          n_values++;
        }
      else
        {
          g_assert_null (result);
          g_assert_error (error, CRM_ERROR, c->code);
          if (c->message != NULL)
            g_assert_true (g_str_has_prefix (error->message, c->message));
          n_eval++;
        }
    }

  g_test_message ("%u values, %u parse errors, %u evaluation errors", n_values, n_parse, n_eval);
  g_assert_cmpuint (G_N_ELEMENTS (condition_cases), >=, 40);
}

/* The printed tree shows how the text was read. */
static void
test_precedence (void)
{
  static const struct
  {
    const char *text;
    const char *tree;
  } cases[] = {
    { "a or b and c", "(a or (b and c))" },
    { "a and b or c and d", "((a and b) or (c and d))" },
    { "not a == b", "(not (a == b))" },
    { "not a and b", "((not a) and b)" },
    { "! a || b && c", "((not a) or (b and c))" },
    { "a + b * c - d", "((a + (b * c)) - d)" },
    { "a - b - c", "((a - b) - c)" },
    { "a / b * c", "((a / b) * c)" },
    { "-a * b", "((-a) * b)" },
    { "a + b > c * 2", "((a + b) > (c * 2))" },
    { "x not in [1, 2]", "(x not in [1, 2])" },
    { "a in [1 + 1, b]", "(a in [(1 + 1), b])" },
    { "not x in []", "(not (x in []))" },
    { "d == date(\"2026-01-01\")", "(d == date(\"2026-01-01\"))" },
    { "s == \"q\\\"uote\"", "(s == \"q\\\"uote\")" },
    { "12.50 > 3", "(12.50 > 3)" },
    { "((a))", "a" },
    { "date > 1", "(date > 1)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmCondition) condition = crm_condition_parse (cases[i].text, NULL, &error);
      g_autoptr(CrmCondition) again = NULL;
      g_autofree char *tree = NULL;
      g_autofree char *tree_again = NULL;

      g_assert_no_error (error);
      tree = crm_condition_to_string (condition);
      g_assert_cmpstr (tree, ==, cases[i].tree);

      /* the printed form reads back to the same tree */
      again = crm_condition_parse (tree, NULL, &error);
      g_assert_no_error (error);
      tree_again = crm_condition_to_string (again);
      g_assert_cmpstr (tree_again, ==, tree);
    }
}

static void
test_identifiers (void)
{
  g_autoptr(CrmCondition) condition =
    crm_condition_parse ("b > 1 and a < 2 or b == owner.role or c in [a, d]", NULL, NULL);
  g_autoptr(CrmCondition) none = crm_condition_parse ("1 == 1 and date(\"2026-01-01\") > date(\"2025-01-01\")",
                                                      NULL, NULL);
  const char * const expected[] = { "a", "b", "c", "d", "owner.role", NULL };
  const char * const *ids = crm_condition_get_identifiers (condition);

  g_assert_cmpstrv (ids, expected);
  g_assert_null (crm_condition_get_identifiers (none)[0]);
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) long_text = g_string_new ("1");
  g_autoptr(CrmCondition) ok = NULL;
  guint column = 0;

  /* nesting within the limit parses; one more level is refused */
  for (guint i = 0; i < CRM_CONDITION_MAX_DEPTH; i++)
    g_string_append_c (deep, '(');
  g_string_append_c (deep, '1');
  for (guint i = 0; i < CRM_CONDITION_MAX_DEPTH; i++)
    g_string_append_c (deep, ')');
  ok = crm_condition_parse (deep->str, &column, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  g_string_prepend_c (deep, '(');
  g_string_append_c (deep, ')');
  g_assert_null (crm_condition_parse (deep->str, &column, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_cmpuint (column, ==, CRM_CONDITION_MAX_DEPTH + 1);
  g_clear_error (&error);

  /* deep unary chains too */
  g_assert_null (crm_condition_parse ("- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - "
                                      "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - 1",
                                      &column, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_clear_error (&error);

  while (long_text->len <= CRM_CONDITION_MAX_LENGTH)
    g_string_append (long_text, "+1");
  g_assert_null (crm_condition_parse (long_text->str, &column, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_cmpuint (column, ==, CRM_CONDITION_MAX_LENGTH + 1);
  g_clear_error (&error);

  g_assert_null (crm_condition_parse ("a == \"\xff\"", &column, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_cmpuint (column, ==, 7);
}

static const CrmConditionValue *
lookup_fixed (const char *name,
              gpointer    user_data)
{
  return g_str_equal (name, "amount") ? user_data : NULL;
}

static void
test_lookup_and_bool (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmConditionValue) amount = crm_condition_value_new_number (crm_money_new (500001, 2));
  g_autoptr(CrmCondition) over = crm_condition_parse ("amount > 5000", NULL, &error);
  g_autoptr(CrmCondition) sum = crm_condition_parse ("amount + 1", NULL, &error);
  g_autoptr(CrmConditionValue) result = NULL;
  g_autoptr(GHashTable) values = crm_condition_values_new ();
  gboolean holds = FALSE;

  result = crm_condition_evaluate (over, lookup_fixed, amount, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->type, ==, CRM_CONDITION_VALUE_BOOL);
  g_assert_true (result->boolean);

  /* no lookup: every field is unknown */
  g_assert_null (crm_condition_evaluate (over, NULL, NULL, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_clear_error (&error);

  crm_condition_values_take (values, "amount", crm_condition_value_copy (amount));
  g_assert_true (crm_condition_evaluate_bool (over, values, &holds, &error));
  g_assert_true (holds);

  g_assert_false (crm_condition_evaluate_bool (sum, values, &holds, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "The condition gives a number, not true or false");
}

static void
test_value_json (void)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_condition_value_free);

  g_ptr_array_add (values, crm_condition_value_new_null ());
  g_ptr_array_add (values, crm_condition_value_new_bool (TRUE));
  g_ptr_array_add (values, crm_condition_value_new_number (crm_money_new (-123450, 4)));
  g_ptr_array_add (values, crm_condition_value_new_string ("报价 \"x\""));
  g_ptr_array_add (values, crm_condition_value_new_date_iso ("1999-12-31"));

  for (guint i = 0; i < values->len; i++)
    {
      CrmConditionValue *value = g_ptr_array_index (values, i);
      g_autoptr(JsonNode) node = crm_condition_value_to_json (value);
      g_autoptr(CrmConditionValue) back = crm_condition_value_new_from_json (node, NULL);
      g_autofree char *a = crm_condition_value_to_string (value);
      g_autofree char *b = NULL;

      g_assert_nonnull (back);
      b = crm_condition_value_to_string (back);
      g_assert_cmpstr (a, ==, b);
      g_assert_true (crm_condition_value_equal (value, back));
    }

  g_assert_null (crm_condition_value_new_date_iso ("2026-13-01"));
  g_assert_null (crm_condition_value_new_date_iso ("2026-01-01T00:00"));
  g_assert_null (crm_condition_value_new_date (29, G_DATE_FEBRUARY, 2026));
}

/* A quote's fields bind by name; unset fields are null. */
static void
test_entity_values (void)
{
  g_autoptr(CrmEntity) quote = crm_entity_new (CRM_TYPE_QUOTE);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCondition) condition =
    crm_condition_parse ("max_line_discount > 10 or (header_discount != null and header_discount > 10)",
                         NULL, &error);
  const CrmConditionValue *value;
  gboolean holds = TRUE;

  crm_entity_set_money (quote, "max_line_discount", crm_money_new (100000, 4));
  crm_entity_set_money (quote, "total_base", crm_money_new (99999999, 2));
  crm_entity_set_text (quote, "currency", "EUR");
  values = crm_condition_values_new_from_entity (quote);

  value = g_hash_table_lookup (values, "total_base");
  g_assert_nonnull (value);
  g_assert_cmpint (value->type, ==, CRM_CONDITION_VALUE_NUMBER);
  g_assert_cmpint (value->number.value, ==, 99999999);
  g_assert_cmpuint (value->number.scale, ==, 2);
  g_assert_cmpint (((CrmConditionValue *) g_hash_table_lookup (values, "header_discount"))->type, ==,
                   CRM_CONDITION_VALUE_NULL);
  g_assert_cmpstr (((CrmConditionValue *) g_hash_table_lookup (values, "currency"))->string, ==, "EUR");
  g_assert_false (g_hash_table_contains (values, "created_at"));

  /* 10 % exactly is not over 10 % */
  g_assert_true (crm_condition_evaluate_bool (condition, values, &holds, &error));
  g_assert_no_error (error);
  g_assert_false (holds);

  crm_entity_set_money (quote, "header_discount", crm_money_new (100001, 4));
  g_clear_pointer (&values, g_hash_table_unref);
  values = crm_condition_values_new_from_entity (quote);
  g_assert_true (crm_condition_evaluate_bool (condition, values, &holds, &error));
  g_assert_true (holds);
}

/* Any text either parses, printing back to text that parses the same, or
 * fails at a column inside it; evaluation never does worse than an error. */
static void
test_random_text (void)
{
  static const char * const pieces[] = {
    "a", "b.c", "1", "2.50", "0", "\"s\"", "\"", "date(", "\"2026-01-01\"", "(", ")", "[", "]", ",",
    "and", "or", "not", "in", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "true", "null",
    " ", "!", "&&", "||", "=", "价", "\\", ".",
  };
  g_autoptr(GHashTable) values = crm_condition_values_new ();
  GRand *rand = g_rand_new_with_seed (20260105);
  guint n_parsed = 0;

  crm_condition_values_take (values, "a", crm_condition_value_new_number (crm_money_new (7, 0)));
  crm_condition_values_take (values, "b.c", crm_condition_value_new_bool (TRUE));

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmCondition) condition = NULL;
      guint n = (guint) g_rand_int_range (rand, 1, 12);
      guint column = 0;

      for (guint p = 0; p < n; p++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      condition = crm_condition_parse (text->str, &column, &error);
      if (condition == NULL)
        {
          g_autofree char *prefix = g_strdup_printf ("Column %u: ", column);

          g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
          g_assert_cmpuint (column, >=, 1);
          g_assert_cmpuint (column, <=, (guint) g_utf8_strlen (text->str, -1) + 1);
          g_assert_true (g_str_has_prefix (error->message, prefix));
        }
      else
        {
          g_autofree char *printed = crm_condition_to_string (condition);
          g_autoptr(CrmCondition) again = crm_condition_parse (printed, NULL, &error);
          g_autofree char *printed_again = NULL;
          g_autoptr(CrmConditionValue) result = NULL;

          g_assert_no_error (error);
          printed_again = crm_condition_to_string (again);
          g_assert_cmpstr (printed_again, ==, printed);
          result = crm_condition_evaluate (condition, crm_condition_values_lookup, values, &error);
          g_assert_true ((result == NULL) == (error != NULL));
          n_parsed++;
        }
    }
  g_test_message ("%u of 20000 random texts parsed", n_parsed);
  g_rand_free (rand);
}

static void
test_boxed (void)
{
  g_autoptr(CrmCondition) condition = crm_condition_parse ("a", NULL, NULL);
  CrmCondition *copy = g_boxed_copy (CRM_TYPE_CONDITION, condition);

  g_assert_true (copy == condition);
  g_boxed_free (CRM_TYPE_CONDITION, copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/condition/table", test_table);
  g_test_add_func ("/condition/precedence", test_precedence);
  g_test_add_func ("/condition/identifiers", test_identifiers);
  g_test_add_func ("/condition/limits", test_limits);
  g_test_add_func ("/condition/lookup-and-bool", test_lookup_and_bool);
  g_test_add_func ("/condition/value-json", test_value_json);
  g_test_add_func ("/condition/entity-values", test_entity_values);
  g_test_add_func ("/condition/random-text", test_random_text);
  g_test_add_func ("/condition/boxed", test_boxed);

  return g_test_run ();
}
