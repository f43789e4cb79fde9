/* test-csv.c: RFC 4180 reading: quotes, line breaks in cells, BOM, defused cells, and the errors */
#include "crm-csv.h"
#include "crm-error.h"

#include <string.h>

typedef struct
{
  const char *input;
  /* rows joined by '\n', cells by '|'; NULL: an error is expected */
  const char *expected;
  /* for errors: text the message must contain */
  const char *message;
} CsvCase;

static const CsvCase cases[] = {
  { "a,b\n1,2\n",                    "a|b\n1|2" },
  { "a,b\r\n1,2\r\n",                "a|b\n1|2" },
  { "a,b\n1,2",                      "a|b\n1|2" },
  { "\xEF\xBB\xBF" "a,b\n1,2\n",     "a|b\n1|2" },
  { "a,b\n\n1,2\n\n",                "a|b\n1|2" },
  { "a,b\n\"x, y\",2\n",             "a|b\nx, y|2" },
  { "a,b\n\"say \"\"hi\"\"\",2\n",   "a|b\nsay \"hi\"|2" },
  { "a,b\n\"two\nlines\",2\n",       "a|b\ntwo\nlines|2" },
  { "a,b\n,\n",                      "a|b\n|" },
  { "a,b\n\"\",\"\"\n",              "a|b\n|" },
  { "名称,规格\n心电监护仪,12 导联\n", "名称|规格\n心电监护仪|12 导联" },
  { "a\n'-5.00\n",                   "a\n-5.00" },
  { "a\n'=SUM(A1)\n",                "a\n=SUM(A1)" },
  { "a\n'plain\n",                   "a\n'plain" },
  /* notes above the header, as LinkedIn writes them */
  { "Notes:\n\"When exporting, some are missing.\"\n\nFirst Name,Last Name\nAda,Lovelace\n",
    "First Name|Last Name\nAda|Lovelace" },
  { "a,b\n1,2,3\n",                  NULL, "Line 2 has 3 cells where the first has 2" },
  /* a column's values are no notes */
  { "a\n1\n2\n3\n4\n5\n6\n7\n8\n9,10\n", NULL, "Line 10 has 2 cells where the first has 1" },
  { "a,b\n\"open,2\n",               NULL, "Line 2: a quoted cell is never closed" },
  { "a,b\n\"x\"y,2\n",               NULL, "Line 2: text after a closing quote" },
  { "a\rb\n",                        NULL, "carriage return" },
  { "a\n\xff\n",                     NULL, "not UTF-8" },
};

static char *
joined (GPtrArray *rows)
{
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      g_autofree char *row = g_strjoinv ("|", rows->pdata[r]);

      if (r > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, row);
    }
  return g_string_free (out, FALSE);
}

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = crm_csv_parse (cases[i].input, strlen (cases[i].input), &error);

      if (cases[i].expected)
        {
          g_autofree char *got = NULL;

          g_assert_no_error (error);
          got = joined (rows);
          g_assert_cmpstr (got, ==, cases[i].expected);
        }
      else
        {
          g_assert_null (rows);
          g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
          g_assert_nonnull (strstr (error->message, cases[i].message));
        }
    }
}

/* whatever the bytes, the reader answers rows or an error, and never reads past the end */
static void
test_random_input (void)
{
  static const char alphabet[] = "ab,\"\n\r'=-x ";
  GRand *rand = g_rand_new_with_seed (20261127);

  for (guint n = 0; n < 20000; n++)
    {
      guint length = g_rand_int_range (rand, 0, 40);
      g_autofree char *input = g_malloc (length + 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      for (guint i = 0; i < length; i++)
        input[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      input[length] = 'Z';
      rows = crm_csv_parse (input, length, &error);
      g_assert_true ((rows == NULL) != (error == NULL));
      for (guint r = 0; rows && r < rows->len; r++)
        g_assert_cmpuint (g_strv_length (rows->pdata[r]), ==, g_strv_length (rows->pdata[0]));
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/cases", test_cases);
  g_test_add_func ("/csv/random-input", test_random_input);
  return g_test_run ();
}
