/* test-currency.c: the ISO 4217 table, currency fields, and the rule tying a currency to its exchange rate */
#include <string.h>

#include <glib-object.h>

#include "crm-currency.h"
#include "crm-entities.h"
#include "crm-entity.h"
#include "crm-error.h"

static CrmEntity *
entity_for (const char *entity_name)
{
  GType type = crm_entities_lookup_name (entity_name);

  g_assert_true (type != G_TYPE_INVALID);
  return crm_entity_new (type);
}

/* The table: sorted, unique, well formed */

static void
test_table_sane (void)
{
  guint n;
  const CrmCurrency *all = crm_currency_get_all (&n);
  g_autoptr(GHashTable) numerics = g_hash_table_new (NULL, NULL);

  /* list one has some 180 entries */
  g_assert_cmpuint (n, >=, 170);
  g_assert_cmpuint (n, <=, 190);
  for (guint i = 0; i < n; i++)
    {
      const CrmCurrency *c = &all[i];

      g_assert_cmpuint (strlen (c->code), ==, 3);
      for (guint k = 0; k < 3; k++)
        g_assert_true (g_ascii_isupper (c->code[k]));
      if (i > 0)
        g_assert_cmpint (strcmp (all[i - 1].code, c->code), <, 0);
      g_assert_cmpuint (c->numeric, >, 0);
      g_assert_cmpuint (c->numeric, <, 1000);
      g_assert_true (g_hash_table_add (numerics, GUINT_TO_POINTER (c->numeric)));
      g_assert_cmpint (c->minor_units, >=, -1);
      g_assert_cmpint (c->minor_units, <=, 4);
      g_assert_nonnull (c->name);
      g_assert_cmpuint (strlen (c->name), >, 0);
      /* every entry is found by its code */
      g_assert_true (crm_currency_lookup (c->code) == c);
    }
}

static const struct
{
  const char *code;
  guint16     numeric;
  gint8       minor_units;
  gboolean    valid;
} lookups[] = {
  { "CNY", 156, 2, TRUE },
  { "USD", 840, 2, TRUE },
  { "EUR", 978, 2, TRUE },
  { "HKD", 344, 2, TRUE },
  { "JPY", 392, 0, TRUE },
  { "KRW", 410, 0, TRUE },
  { "BHD", 48, 3, TRUE },
  { "KWD", 414, 3, TRUE },
  { "CLF", 990, 4, TRUE },
  { "AED", 784, 2, TRUE },
  { "ZWG", 924, 2, TRUE },
  { "XCG", 532, 2, TRUE },
  /* in the table, but not money a document is priced in */
  { "XAU", 959, -1, FALSE },
  { "XDR", 960, -1, FALSE },
  { "XTS", 963, -1, FALSE },
  { "XXX", 999, -1, FALSE },
  /* not active codes */
  { "ZZZ", 0, 0, FALSE },
  { "AAA", 0, 0, FALSE },
  { "ZZZZ", 0, 0, FALSE },
  { "usd", 0, 0, FALSE },
  { "Usd", 0, 0, FALSE },
  { "US", 0, 0, FALSE },
  { "USD ", 0, 0, FALSE },
  { " USD", 0, 0, FALSE },
  { "", 0, 0, FALSE },
  { "DEM", 0, 0, FALSE },
  { "HRK", 0, 0, FALSE },
  { "RMB", 0, 0, FALSE },
  { "156", 0, 0, FALSE },
};

static void
test_lookup (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    {
      const CrmCurrency *c = crm_currency_lookup (lookups[i].code);

      g_test_message ("“%s”", lookups[i].code);
      if (lookups[i].numeric == 0)
        g_assert_null (c);
      else
        {
          g_assert_nonnull (c);
          g_assert_cmpstr (c->code, ==, lookups[i].code);
          g_assert_cmpuint (c->numeric, ==, lookups[i].numeric);
          g_assert_cmpint (c->minor_units, ==, lookups[i].minor_units);
        }
      g_assert_cmpint (crm_currency_is_valid (lookups[i].code), ==, lookups[i].valid);
    }
  g_assert_cmpstr (crm_currency_lookup ("CNY")->name, ==, "Yuan Renminbi");
}

/* Every currency field of every record that has one is checked against
 * the table, and an unknown code is a 422 naming the field. */

static const char * const currency_entities[] = {
  "quote", "order", "contract", "payment", "invoice", "product",
};

static const struct
{
  const char *code;
  gboolean    valid;
} field_values[] = {
  { "CNY", TRUE },
  { "USD", TRUE },
  { "JPY", TRUE },
  { "ZZZ", FALSE },
  { "usd", FALSE },
  { "XXX", FALSE },
  { "XAU", FALSE },
  { "US", FALSE },
  { "€", FALSE },
};

static void
test_currency_fields (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (currency_entities); e++)
    {
      CrmEntityClass *klass = g_type_class_ref (crm_entities_lookup_name (currency_entities[e]));
      int index = crm_entity_class_find_field (klass, "currency");

      g_assert_cmpint (index, >=, 0);
      g_assert_true (klass->fields[index].flags & CRM_FIELD_CURRENCY);
      for (guint v = 0; v < G_N_ELEMENTS (field_values); v++)
        {
          g_autoptr(CrmEntity) entity = entity_for (currency_entities[e]);
          g_autoptr(GError) error = NULL;
          gboolean ok;

          g_test_message ("%s: “%s”", currency_entities[e], field_values[v].code);
          crm_entity_set_text (entity, "currency", field_values[v].code);
          ok = crm_entity_validate (entity, CRM_VALIDATE_PATCH, &error);
          if (field_values[v].valid)
            {
              g_assert_no_error (error);
              g_assert_true (ok);
            }
          else
            {
              g_assert_false (ok);
              g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
              g_assert_cmpuint (crm_error_code_to_http_status (error->code), ==, 422);
              g_assert_cmpstr (crm_error_get_field (error), ==, "currency");
            }
        }
      g_type_class_unref (klass);
    }
}

/* An invoice may leave its currency empty, as before */
static void
test_currency_optional (void)
{
  g_autoptr(CrmEntity) invoice = entity_for ("invoice");

  crm_entity_set_text (invoice, "currency", "");
  g_assert_true (crm_entity_validate (invoice, CRM_VALIDATE_PATCH, NULL));
}

/* A currency other than the base needs an explicit positive rate; the
 * base currency's rate is 1 */

static const struct
{
  const char *entity;
  const char *currency;
  const char *rate;
  const char *base;
  const char *field;
} rate_cases[] = {
  { "quote", "CNY", NULL, "CNY", NULL },
  { "quote", "CNY", "1", "CNY", NULL },
  { "quote", "CNY", "1.00000000", "CNY", NULL },
  { "quote", "CNY", "7.1", "CNY", "exchange_rate" },
  { "quote", "CNY", "0", "CNY", "exchange_rate" },
  { "quote", "USD", NULL, "CNY", "exchange_rate" },
  { "quote", "USD", "7.1234", "CNY", NULL },
  { "quote", "USD", "0.00000001", "CNY", NULL },
  { "quote", "USD", "0", "CNY", "exchange_rate" },
  { "quote", "USD", "-7.1", "CNY", "exchange_rate" },
  { "quote", "USD", "1", "CNY", NULL },
  { "quote", "CNY", NULL, "USD", "exchange_rate" },
  { "quote", "USD", NULL, "USD", NULL },
  { "quote", "USD", NULL, NULL, NULL },
  { "quote", "USD", "0", NULL, "exchange_rate" },
  { "quote", NULL, NULL, "CNY", NULL },
  { "order", "EUR", NULL, "CNY", "exchange_rate" },
  { "order", "EUR", "7.8", "CNY", NULL },
  { "order", "CNY", NULL, "CNY", NULL },
  { "contract", "JPY", NULL, "CNY", "exchange_rate" },
  { "contract", "JPY", "0.048", "CNY", NULL },
  { "payment", "USD", NULL, "CNY", "exchange_rate" },
  { "payment", "USD", "7.2", "CNY", NULL },
  { "payment", "CNY", "2", "CNY", "exchange_rate" },
  { "payment", "CNY", NULL, "CNY", NULL },
  /* no rate to give: nothing to check */
  { "invoice", "USD", NULL, "CNY", NULL },
  { "product", "USD", NULL, "CNY", NULL },
  { "account", NULL, NULL, "CNY", NULL },
};

static void
test_exchange_rate (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rate_cases); i++)
    {
      g_autoptr(CrmEntity) record = entity_for (rate_cases[i].entity);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("%s in %s at %s, base %s", rate_cases[i].entity, rate_cases[i].currency,
                      rate_cases[i].rate, rate_cases[i].base);
      if (rate_cases[i].currency != NULL)
        crm_entity_set_text (record, "currency", rate_cases[i].currency);
      if (rate_cases[i].rate != NULL)
        {
          CrmMoney rate;

          g_assert_true (crm_money_parse (rate_cases[i].rate, 8, &rate, NULL));
          crm_entity_set_money (record, "exchange_rate", rate);
        }
      ok = crm_currency_check_exchange_rate (record, rate_cases[i].base, &error);
      if (rate_cases[i].field == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
          g_assert_cmpuint (crm_error_code_to_http_status (error->code), ==, 422);
          g_assert_cmpstr (crm_error_get_field (error), ==, rate_cases[i].field);
        }
    }
}

/* a rate set to null counts as no rate */
static void
test_exchange_rate_null (void)
{
  g_autoptr(CrmEntity) quote = entity_for ("quote");
  g_autoptr(GError) error = NULL;

  crm_entity_set_text (quote, "currency", "USD");
  crm_entity_set_null (quote, (guint) crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (quote), "exchange_rate"));
  g_assert_false (crm_currency_check_exchange_rate (quote, "CNY", &error));
  g_assert_cmpstr (crm_error_get_field (error), ==, "exchange_rate");
}

/* names in the interface's language, from ICU's data, never a table of our own */
static void
test_names (void)
{
  const char * const chinese[] = { "zh_CN.UTF-8", "zh_CN", "zh", "C", NULL };
  const char * const plain[] = { "C", NULL };
  g_autofree char *cny_zh = crm_currency_dup_name ("CNY", chinese);
  g_autofree char *usd_zh = crm_currency_dup_name ("USD", chinese);
  g_autofree char *cny_c = crm_currency_dup_name ("CNY", plain);
  g_autofree char *eur = crm_currency_dup_name ("EUR", NULL);

  g_assert_cmpstr (cny_zh, ==, "人民币");
  g_assert_cmpstr (usd_zh, ==, "美元");
  g_assert_cmpstr (cny_c, ==, "Chinese Yuan");
  g_assert_cmpstr (eur, ==, "Euro");
  g_assert_null (crm_currency_dup_name ("XYZ", chinese));
  /* every active code has a name */
  {
    guint n = 0;
    const CrmCurrency *all = crm_currency_get_all (&n);

    for (guint i = 0; i < n; i++)
      {
        g_autofree char *name = crm_currency_dup_name (all[i].code, chinese);

        g_assert_nonnull (name);
        g_assert_cmpuint (strlen (name), >, 0);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/currency/table-sane", test_table_sane);
  g_test_add_func ("/currency/lookup", test_lookup);
  g_test_add_func ("/currency/names", test_names);
  g_test_add_func ("/currency/fields", test_currency_fields);
  g_test_add_func ("/currency/optional", test_currency_optional);
  g_test_add_func ("/currency/exchange-rate", test_exchange_rate);
  g_test_add_func ("/currency/exchange-rate-null", test_exchange_rate_null);

  return g_test_run ();
}
