/* crm-currency.c: the ISO 4217 currencies, and the rule tying a record's currency to its exchange rate */
#include "crm-currency.h"
#include "crm-error.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucurr.h>
#include <unicode/ustring.h>

#include <glib/gi18n-lib.h>

/* ISO 4217 list one, the active codes as amended to 2026 (ANG replaced by
 * XCG, BGN withdrawn with Bulgaria's move to the euro, SLL by SLE, ZWL by
 * ZWG), sorted by code for bsearch(). The names are the standard's own
 * English names: reference data, not interface text. */
static const CrmCurrency currencies[] = {
  { "AED", 784,  2, "UAE Dirham" },
  { "AFN", 971,  2, "Afghani" },
  { "ALL",   8,  2, "Lek" },
  { "AMD",  51,  2, "Armenian Dram" },
  { "AOA", 973,  2, "Kwanza" },
  { "ARS",  32,  2, "Argentine Peso" },
  { "AUD",  36,  2, "Australian Dollar" },
  { "AWG", 533,  2, "Aruban Florin" },
  { "AZN", 944,  2, "Azerbaijan Manat" },
  { "BAM", 977,  2, "Convertible Mark" },
  { "BBD",  52,  2, "Barbados Dollar" },
  { "BDT",  50,  2, "Taka" },
  { "BHD",  48,  3, "Bahraini Dinar" },
  { "BIF", 108,  0, "Burundi Franc" },
  { "BMD",  60,  2, "Bermudian Dollar" },
  { "BND",  96,  2, "Brunei Dollar" },
  { "BOB",  68,  2, "Boliviano" },
  { "BOV", 984,  2, "Mvdol" },
  { "BRL", 986,  2, "Brazilian Real" },
  { "BSD",  44,  2, "Bahamian Dollar" },
  { "BTN",  64,  2, "Ngultrum" },
  { "BWP",  72,  2, "Pula" },
  { "BYN", 933,  2, "Belarusian Ruble" },
  { "BZD",  84,  2, "Belize Dollar" },
  { "CAD", 124,  2, "Canadian Dollar" },
  { "CDF", 976,  2, "Congolese Franc" },
  { "CHE", 947,  2, "WIR Euro" },
  { "CHF", 756,  2, "Swiss Franc" },
  { "CHW", 948,  2, "WIR Franc" },
  { "CLF", 990,  4, "Unidad de Fomento" },
  { "CLP", 152,  0, "Chilean Peso" },
  { "CNY", 156,  2, "Yuan Renminbi" },
  { "COP", 170,  2, "Colombian Peso" },
  { "COU", 970,  2, "Unidad de Valor Real" },
  { "CRC", 188,  2, "Costa Rican Colon" },
  { "CUP", 192,  2, "Cuban Peso" },
  { "CVE", 132,  2, "Cabo Verde Escudo" },
  { "CZK", 203,  2, "Czech Koruna" },
  { "DJF", 262,  0, "Djibouti Franc" },
  { "DKK", 208,  2, "Danish Krone" },
  { "DOP", 214,  2, "Dominican Peso" },
  { "DZD",  12,  2, "Algerian Dinar" },
  { "EGP", 818,  2, "Egyptian Pound" },
  { "ERN", 232,  2, "Nakfa" },
  { "ETB", 230,  2, "Ethiopian Birr" },
  { "EUR", 978,  2, "Euro" },
  { "FJD", 242,  2, "Fiji Dollar" },
  { "FKP", 238,  2, "Falkland Islands Pound" },
  { "GBP", 826,  2, "Pound Sterling" },
  { "GEL", 981,  2, "Lari" },
  { "GHS", 936,  2, "Ghana Cedi" },
  { "GIP", 292,  2, "Gibraltar Pound" },
  { "GMD", 270,  2, "Dalasi" },
  { "GNF", 324,  0, "Guinean Franc" },
  { "GTQ", 320,  2, "Quetzal" },
  { "GYD", 328,  2, "Guyana Dollar" },
  { "HKD", 344,  2, "Hong Kong Dollar" },
  { "HNL", 340,  2, "Lempira" },
  { "HTG", 332,  2, "Gourde" },
  { "HUF", 348,  2, "Forint" },
  { "IDR", 360,  2, "Rupiah" },
  { "ILS", 376,  2, "New Israeli Sheqel" },
  { "INR", 356,  2, "Indian Rupee" },
  { "IQD", 368,  3, "Iraqi Dinar" },
  { "IRR", 364,  2, "Iranian Rial" },
  { "ISK", 352,  0, "Iceland Krona" },
  { "JMD", 388,  2, "Jamaican Dollar" },
  { "JOD", 400,  3, "Jordanian Dinar" },
  { "JPY", 392,  0, "Yen" },
  { "KES", 404,  2, "Kenyan Shilling" },
  { "KGS", 417,  2, "Som" },
  { "KHR", 116,  2, "Riel" },
  { "KMF", 174,  0, "Comorian Franc" },
  { "KPW", 408,  2, "North Korean Won" },
  { "KRW", 410,  0, "Won" },
  { "KWD", 414,  3, "Kuwaiti Dinar" },
  { "KYD", 136,  2, "Cayman Islands Dollar" },
  { "KZT", 398,  2, "Tenge" },
  { "LAK", 418,  2, "Lao Kip" },
  { "LBP", 422,  2, "Lebanese Pound" },
  { "LKR", 144,  2, "Sri Lanka Rupee" },
  { "LRD", 430,  2, "Liberian Dollar" },
  { "LSL", 426,  2, "Loti" },
  { "LYD", 434,  3, "Libyan Dinar" },
  { "MAD", 504,  2, "Moroccan Dirham" },
  { "MDL", 498,  2, "Moldovan Leu" },
  { "MGA", 969,  2, "Malagasy Ariary" },
  { "MKD", 807,  2, "Denar" },
  { "MMK", 104,  2, "Kyat" },
  { "MNT", 496,  2, "Tugrik" },
  { "MOP", 446,  2, "Pataca" },
  { "MRU", 929,  2, "Ouguiya" },
  { "MUR", 480,  2, "Mauritius Rupee" },
  { "MVR", 462,  2, "Rufiyaa" },
  { "MWK", 454,  2, "Malawi Kwacha" },
  { "MXN", 484,  2, "Mexican Peso" },
  { "MXV", 979,  2, "Mexican Unidad de Inversion (UDI)" },
  { "MYR", 458,  2, "Malaysian Ringgit" },
  { "MZN", 943,  2, "Mozambique Metical" },
  { "NAD", 516,  2, "Namibia Dollar" },
  { "NGN", 566,  2, "Naira" },
  { "NIO", 558,  2, "Cordoba Oro" },
  { "NOK", 578,  2, "Norwegian Krone" },
  { "NPR", 524,  2, "Nepalese Rupee" },
  { "NZD", 554,  2, "New Zealand Dollar" },
  { "OMR", 512,  3, "Rial Omani" },
  { "PAB", 590,  2, "Balboa" },
  { "PEN", 604,  2, "Sol" },
  { "PGK", 598,  2, "Kina" },
  { "PHP", 608,  2, "Philippine Peso" },
  { "PKR", 586,  2, "Pakistan Rupee" },
  { "PLN", 985,  2, "Zloty" },
  { "PYG", 600,  0, "Guarani" },
  { "QAR", 634,  2, "Qatari Rial" },
  { "RON", 946,  2, "Romanian Leu" },
  { "RSD", 941,  2, "Serbian Dinar" },
  { "RUB", 643,  2, "Russian Ruble" },
  { "RWF", 646,  0, "Rwanda Franc" },
  { "SAR", 682,  2, "Saudi Riyal" },
  { "SBD",  90,  2, "Solomon Islands Dollar" },
  { "SCR", 690,  2, "Seychelles Rupee" },
  { "SDG", 938,  2, "Sudanese Pound" },
  { "SEK", 752,  2, "Swedish Krona" },
  { "SGD", 702,  2, "Singapore Dollar" },
  { "SHP", 654,  2, "Saint Helena Pound" },
  { "SLE", 925,  2, "Leone" },
  { "SOS", 706,  2, "Somali Shilling" },
  { "SRD", 968,  2, "Surinam Dollar" },
  { "SSP", 728,  2, "South Sudanese Pound" },
  { "STN", 930,  2, "Dobra" },
  { "SVC", 222,  2, "El Salvador Colon" },
  { "SYP", 760,  2, "Syrian Pound" },
  { "SZL", 748,  2, "Lilangeni" },
  { "THB", 764,  2, "Baht" },
  { "TJS", 972,  2, "Somoni" },
  { "TMT", 934,  2, "Turkmenistan New Manat" },
  { "TND", 788,  3, "Tunisian Dinar" },
  { "TOP", 776,  2, "Pa'anga" },
  { "TRY", 949,  2, "Turkish Lira" },
  { "TTD", 780,  2, "Trinidad and Tobago Dollar" },
  { "TWD", 901,  2, "New Taiwan Dollar" },
  { "TZS", 834,  2, "Tanzanian Shilling" },
  { "UAH", 980,  2, "Hryvnia" },
  { "UGX", 800,  0, "Uganda Shilling" },
  { "USD", 840,  2, "US Dollar" },
  { "USN", 997,  2, "US Dollar (Next day)" },
  { "UYI", 940,  0, "Uruguay Peso en Unidades Indexadas (UI)" },
  { "UYU", 858,  2, "Peso Uruguayo" },
  { "UYW", 927,  4, "Unidad Previsional" },
  { "UZS", 860,  2, "Uzbekistan Sum" },
  { "VED", 926,  2, "Bolívar Soberano" },
  { "VES", 928,  2, "Bolívar Soberano" },
  { "VND", 704,  0, "Dong" },
  { "VUV", 548,  0, "Vatu" },
  { "WST", 882,  2, "Tala" },
  { "XAF", 950,  0, "CFA Franc BEAC" },
  { "XAG", 961, -1, "Silver" },
  { "XAU", 959, -1, "Gold" },
  { "XBA", 955, -1, "Bond Markets Unit European Composite Unit (EURCO)" },
  { "XBB", 956, -1, "Bond Markets Unit European Monetary Unit (E.M.U.-6)" },
  { "XBC", 957, -1, "Bond Markets Unit European Unit of Account 9 (E.U.A.-9)" },
  { "XBD", 958, -1, "Bond Markets Unit European Unit of Account 17 (E.U.A.-17)" },
  { "XCD", 951,  2, "East Caribbean Dollar" },
  { "XCG", 532,  2, "Caribbean Guilder" },
  { "XDR", 960, -1, "SDR (Special Drawing Right)" },
  { "XOF", 952,  0, "CFA Franc BCEAO" },
  { "XPD", 964, -1, "Palladium" },
  { "XPF", 953,  0, "CFP Franc" },
  { "XPT", 962, -1, "Platinum" },
  { "XSU", 994, -1, "Sucre" },
  { "XTS", 963, -1, "Codes specifically reserved for testing purposes" },
  { "XUA", 965, -1, "ADB Unit of Account" },
  { "XXX", 999, -1, "The codes assigned for transactions where no currency is involved" },
  { "YER", 886,  2, "Yemeni Rial" },
  { "ZAR", 710,  2, "Rand" },
  { "ZMW", 967,  2, "Zambian Kwacha" },
  { "ZWG", 924,  2, "Zimbabwe Gold" },
};

static int
compare_code (const void *key,
              const void *member)
{
  return strcmp (key, ((const CrmCurrency *) member)->code);
}

/**
 * crm_currency_lookup:
 * @code: an alphabetic code, such as "USD"
 *
 * Codes are matched exactly: "usd" is not a code.
 *
 * Returns: (transfer none) (nullable): the currency, or %NULL when @code
 *   is not an active ISO 4217 code
 */
const CrmCurrency *
crm_currency_lookup (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  if (strlen (code) != 3)
    return NULL;
  return bsearch (code, currencies, G_N_ELEMENTS (currencies), sizeof currencies[0], compare_code);
}

/**
 * crm_currency_get_all:
 * @n_currencies: (out): where to store the number of entries
 *
 * Returns: (transfer none) (array length=n_currencies): every active
 *   code, sorted by code
 */
const CrmCurrency *
crm_currency_get_all (guint *n_currencies)
{
  g_return_val_if_fail (n_currencies != NULL, NULL);

  *n_currencies = G_N_ELEMENTS (currencies);
  return currencies;
}

/**
 * crm_currency_is_valid:
 * @code: an alphabetic code
 *
 * Whether a record may be priced in @code: an active ISO 4217 code that
 * has a minor unit. Gold, silver, units of account, the testing code XTS
 * and XXX ("no currency") are not money a document can be priced in.
 *
 * Returns: %TRUE if @code is a currency to price in
 */
gboolean
crm_currency_is_valid (const char *code)
{
  const CrmCurrency *currency;

  g_return_val_if_fail (code != NULL, FALSE);

  currency = crm_currency_lookup (code);
  return currency != NULL && currency->minor_units >= 0;
}

/* @language ("zh_CN.UTF-8", "de_DE@euro") as ICU names a locale ("zh_CN"); %NULL for C and POSIX */
static char *
icu_locale (const char *language)
{
  g_autofree char *locale = g_strndup (language, strcspn (language, ".@"));

  if (locale[0] == '\0' || g_str_equal (locale, "C") || g_str_equal (locale, "POSIX"))
    return NULL;
  return g_steal_pointer (&locale);
}

/* ICU's name of @code in @locale, or %NULL where ICU has none of its own for that language */
static char *
icu_name (const char *code,
          const char *locale)
{
  UChar iso[4];
  UErrorCode status = U_ZERO_ERROR;
  UBool is_choice = FALSE;
  int32_t length = 0;
  const UChar *name;

  u_charsToUChars (code, iso, 4);
  name = ucurr_getName (iso, locale, UCURR_LONG_NAME, &is_choice, &length, &status);
  /* the root locale's answer is the code itself: no name in that language */
  if (U_FAILURE (status) || status == U_USING_DEFAULT_WARNING || name == NULL)
    return NULL;
  return g_utf16_to_utf8 ((const gunichar2 *) name, length, NULL, NULL, NULL);
}

/**
 * crm_currency_dup_name:
 * @code: an active ISO 4217 code, such as "CNY"
 * @languages: (nullable) (array zero-terminated=1): languages in order of
 *   preference, as g_get_language_names() gives them
 *
 * The currency's name in the first of @languages that ICU names it in
 * ("人民币" in zh_CN), else ICU's English name ("Chinese Yuan"), else the
 * standard's ("Yuan Renminbi") for a code newer than ICU's data.
 *
 * Returns: (transfer full) (nullable): the name, or %NULL when @code is no
 *   active ISO 4217 code
 */
char *
crm_currency_dup_name (const char         *code,
                       const char * const *languages)
{
  const CrmCurrency *currency;
  char *name;

  g_return_val_if_fail (code != NULL, NULL);

  currency = crm_currency_lookup (code);
  if (currency == NULL)
    return NULL;
  for (guint i = 0; languages && languages[i]; i++)
    {
      g_autofree char *locale = icu_locale (languages[i]);

      if (locale && (name = icu_name (code, locale)) != NULL)
        return name;
    }
  if ((name = icu_name (code, "en")) != NULL)
    return name;
  return g_strdup (currency->name);
}

/* whether @record has @name among its fields and a value in it */
static gboolean
has_value (CrmEntity  *record,
           const char *name)
{
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name);

  return index >= 0 && crm_entity_has_value (record, (guint) index) &&
         !crm_entity_value (record, (guint) index)->is_null;
}

/**
 * crm_currency_check_exchange_rate:
 * @record: a record with "currency" and "exchange_rate" fields (a
 *   document or a payment); other records pass
 * @base_currency: (nullable): the company's currency; %NULL checks only
 *   that a given rate is positive
 * @error: return location for a #GError naming "exchange_rate"
 *
 * An amount is converted to the base currency at the rate recorded with
 * it, and approval thresholds are compared with that amount: a record in
 * another currency than the base must carry its rate (greater than 0),
 * and one in the base currency has no rate other than 1.
 *
 * Returns: %TRUE if the rate fits the currency
 */
gboolean
crm_currency_check_exchange_rate (CrmEntity   *record,
                                  const char  *base_currency,
                                  GError     **error)
{
  CrmEntityClass *klass;
  const char *currency;
  gboolean has_rate;
  CrmMoney rate;

  g_return_val_if_fail (CRM_IS_ENTITY (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  klass = CRM_ENTITY_GET_CLASS (record);
  if (crm_entity_class_find_field (klass, "currency") < 0 ||
      crm_entity_class_find_field (klass, "exchange_rate") < 0 ||
      !has_value (record, "currency"))
    return TRUE;
  currency = crm_entity_get_text (record, "currency");
  has_rate = has_value (record, "exchange_rate");
  rate = has_rate ? crm_entity_get_money (record, "exchange_rate") : crm_money_new (1, 0);

  if (has_rate && crm_money_compare (rate, crm_money_new (0, 0)) <= 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "exchange_rate",
                                 _("The exchange rate must be greater than 0"));
      return FALSE;
    }
  if (base_currency == NULL || currency == NULL || currency[0] == '\0')
    return TRUE;
  if (g_str_equal (currency, base_currency))
    {
      if (crm_money_compare (rate, crm_money_new (1, 0)) != 0)
        {
          /* Translators: %s is a currency code such as CNY */
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "exchange_rate",
                                     _("%s is the base currency: its exchange rate is 1"), currency);
          return FALSE;
        }
      return TRUE;
    }
  if (!has_rate)
    {
      /* Translators: the %s are currency codes, such as USD and CNY */
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "exchange_rate",
                                 _("An amount in %s needs its exchange rate to the base currency, %s"),
                                 currency, base_currency);
      return FALSE;
    }
  return TRUE;
}
