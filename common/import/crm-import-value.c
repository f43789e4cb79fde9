/* crm-import-value.c: an imported cell read as the value its field takes
 *
 * What people's files hold is turned into the text a client would send:
 *  - a date (YYYY-MM-DD) from 1980-01-01, 1980/1/1, 19800101, 1980年1月1日,
 *    1/22/80 or 22.01.1980, a time after it left out. With '/' or '-' the
 *    first number is the month (as Outlook's and Google's exports write
 *    dates) unless it is above 12, when it is the day; with '.' it is the
 *    day. A two-digit year is 2000-2069 from 00 to 69, else 1970-1999.
 *    A date whose month or day is 0 (0000-00-00, Outlook's 1/0/00) or that
 *    is only dashes (--) is an empty date: the field is left unset;
 *  - money as exact decimal text, without currency signs or codes (¥, $, €,
 *    £, 元, RMB, CNY…) and thousands separators: where both ',' and '.' are
 *    written the last is the decimal separator; one written several times
 *    groups thousands; a lone '.' is the decimal point; a lone ',' is a
 *    thousands separator where three digits follow it (and a digit other
 *    than 0 is before it), else the decimal comma; spaces and apostrophes group
 *    thousands; a minus sign or parentheses make it negative. Never a double;
 *  - a choice by its key or its label, in English or the server's language,
 *    in any case;
 *  - a phone number as its digits, a leading '+' and an extension (x12)
 *    kept, a "tel:" before it left out.
 * Every change is told in words; what cannot be read is a validation error
 * naming the field. */
#include "crm-import-value.h"
#include "crm-error.h"
#include "crm-money.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

static gboolean
fail (const CrmFieldSpec  *field,
      const char          *raw,
      GError             **error)
{
  const char *key = crm_field_spec_get_json_key (field);
  const char *label = crm_field_spec_get_label (field);

  switch (field->type)
    {
    case CRM_FIELD_DATE:
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                 _("%s: “%s” is not a date (YYYY-MM-DD, YYYYMMDD, M/D/YY or YYYY年M月D日)"), label, raw);
      break;
    case CRM_FIELD_MONEY:
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                 _("%s: “%s” is not an amount such as 1234.50"), label, raw);
      break;
    default:
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                 _("%s: “%s” is not a phone number"), label, raw);
      break;
    }
  return FALSE;
}

/* dates */

typedef enum
{
  ORDER_YMD,
  ORDER_MDY,
  ORDER_DMY,
} DateOrder;

static const char *
order_words (DateOrder order)
{
  switch (order)
    {
    case ORDER_MDY:
      return _("month/day/year");
    case ORDER_DMY:
      return _("day/month/year");
    default:
      return _("year/month/day");
    }
}

static gboolean
only_dashes (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (*p != '-' && *p != ' ')
      return FALSE;
  return TRUE;
}

/* splits "N<sep>N<sep>N" into three numbers and their widths */
static gboolean
split_date (const char *text,
            guint       numbers[3],
            guint       widths[3],
            char       *separator)
{
  const char *p = text;

  *separator = '\0';
  for (guint i = 0; i < 3; i++)
    {
      numbers[i] = 0;
      widths[i] = 0;
      while (g_ascii_isdigit (*p) && widths[i] < 4)
        {
          numbers[i] = numbers[i] * 10 + (guint) (*p - '0');
          widths[i]++;
          p++;
        }
      if (widths[i] == 0)
        return FALSE;
      if (i == 2)
        break;
      if (strchr ("-/.", *p) == NULL || *p == '\0' || (*separator != '\0' && *p != *separator))
        return FALSE;
      *separator = *p++;
    }
  return *p == '\0';
}

static gboolean
convert_date (const CrmFieldSpec  *field,
              const char          *raw,
              char               **converted,
              char               **explanation,
              GError             **error)
{
  g_autoptr(GString) text = g_string_new (raw);
  guint numbers[3], widths[3];
  guint year, month, day;
  char separator;
  DateOrder order;
  char *cut;

  /* 1980年1月1日 as 1980-1-1 */
  if (g_str_has_suffix (text->str, "日"))
    g_string_truncate (text, text->len - strlen ("日"));
  g_string_replace (text, "年", "-", 0);
  g_string_replace (text, "月", "-", 0);
  /* a time after the date ("1980-01-01 00:00:00", "1980-01-01T00:00") */
  if ((cut = strpbrk (text->str, " T")) != NULL && strchr (cut, ':') != NULL)
    g_string_truncate (text, (gsize) (cut - text->str));
  if (only_dashes (text->str))
    goto empty;

  if (strlen (text->str) == 8 && strspn (text->str, "0123456789") == 8)
    {
      numbers[0] = (guint) g_ascii_strtoull (text->str, NULL, 10);
      year = numbers[0] / 10000;
      month = numbers[0] / 100 % 100;
      day = numbers[0] % 100;
      order = ORDER_YMD;
    }
  else if (split_date (text->str, numbers, widths, &separator))
    {
      if (widths[0] == 4)
        {
          order = ORDER_YMD;
          year = numbers[0];
          month = numbers[1];
          day = numbers[2];
        }
      else if (widths[0] <= 2 && widths[1] <= 2 && (widths[2] == 2 || widths[2] == 4))
        {
          order = separator == '.' || numbers[0] > 12 ? ORDER_DMY : ORDER_MDY;
          month = order == ORDER_DMY ? numbers[1] : numbers[0];
          day = order == ORDER_DMY ? numbers[0] : numbers[1];
          year = numbers[2];
          if (widths[2] == 2)
            year += year < 70 ? 2000 : 1900;
        }
      else
        return fail (field, raw, error);
    }
  else
    return fail (field, raw, error);

  if (month == 0 || day == 0)
    goto empty;
  if (year == 0 || month > 12 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return fail (field, raw, error);
  *converted = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  if (!g_str_equal (*converted, raw))
    *explanation = g_strdup_printf (_("%s read as %s (%s)"), raw, *converted, order_words (order));
  return TRUE;

empty:
  *converted = g_strdup ("");
  *explanation = g_strdup_printf (_("%s is an empty date: the field is left empty"), raw);
  return TRUE;
}

/* money */

static gboolean
is_group_space (gunichar c)
{
  return c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == '\'' || c == 0x2019;
}

/* the amount's digits and separators, without its currency and sign */
static gboolean
strip_currency (const char *raw,
                GString    *number,
                gboolean   *negative)
{
  static const char *const codes[] = { "rmb", "cny", "usd", "us", "eur", "gbp", "hkd", "jpy", "chf", "cad", "aud", NULL };
  gboolean open = FALSE;

  *negative = FALSE;
  for (const char *p = raw; *p; )
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isalpha (*p))
        {
          const char *start = p;
          g_autofree char *word = NULL;

          while (g_ascii_isalpha (*p))
            p++;
          word = g_ascii_strdown (start, p - start);
          if (!g_strv_contains (codes, word))
            return FALSE;
          continue;
        }
      p = g_utf8_next_char (p);
      if (g_ascii_isdigit (c) || c == ',' || c == '.')
        g_string_append_c (number, (char) c);
      else if (is_group_space (c))
        {
          if (number->len > 0)
            g_string_append_c (number, ' ');
        }
      else if ((c == '-' || c == 0x2212) && number->len == 0 && !*negative)
        *negative = TRUE;
      else if (c == '(' && number->len == 0 && !open && !*negative)
        open = *negative = TRUE;
      else if (c == ')' && open)
        open = FALSE;
      else if (c != '$' && c != 0x00A5 && c != 0xFFE5 && c != 0x20AC && c != 0x00A3 && c != 0x5143)
        return FALSE;
    }
  /* spaces after the digits ("1 234,50 €") are not separators */
  while (number->len > 0 && number->str[number->len - 1] == ' ')
    g_string_truncate (number, number->len - 1);
  return !open && number->len > 0;
}

/* "1,234.50", "1.234,50", "1 234,50", "1234" as "1234.50", "1234" */
static gboolean
plain_decimal (const char *number,
               GString    *out)
{
  const char *last_comma = strrchr (number, ',');
  const char *last_dot = strrchr (number, '.');
  const char *decimal = NULL;
  guint group = 0;
  gboolean first_group = TRUE;

  if (last_comma && last_dot)
    decimal = MAX (last_comma, last_dot);
  else if (last_comma || last_dot)
    {
      const char *only = last_comma ? last_comma : last_dot;
      gboolean several = strchr (number, *only) != only;
      gboolean three = strspn (only + 1, "0123456789") == 3 && only[4] == '\0';
      gboolean zero = only - number == 1 && number[0] == '0';

      /* a lone '.' is always the decimal point: "12.500" is twelve and a half */
      if (!several && (*only == '.' || !three || zero || only == number))
        decimal = only;
    }

  for (const char *p = number; *p; p++)
    {
      if (p == decimal)
        {
          if (group == 0 || (!first_group && group != 3))
            return FALSE;
          g_string_append_c (out, '.');
          if (p[1] == '\0' || strspn (p + 1, "0123456789") != strlen (p + 1))
            return FALSE;
          g_string_append (out, p + 1);
          return TRUE;
        }
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (out, *p);
          group++;
          continue;
        }
      /* a thousands separator: after one to three digits, then three at a time */
      if (group == 0 || group > 3 || (!first_group && group != 3))
        return FALSE;
      first_group = FALSE;
      group = 0;
    }
  return group > 0 && (first_group || group == 3);
}

static gboolean
convert_money (const CrmFieldSpec  *field,
               const char          *raw,
               char               **converted,
               char               **explanation,
               GError             **error)
{
  g_autoptr(GString) number = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  gboolean negative;
  CrmMoney money;

  if (!strip_currency (raw, number, &negative))
    return fail (field, raw, error);
  if (negative)
    g_string_append_c (text, '-');
  if (!plain_decimal (number->str, text))
    return fail (field, raw, error);
  if (!crm_money_parse (text->str, field->scale, &money, &local_error))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_field_spec_get_json_key (field),
                                 "%s: “%s”: %s", crm_field_spec_get_label (field), raw, local_error->message);
      return FALSE;
    }
  *converted = g_string_free (g_steal_pointer (&text), FALSE);
  if (!g_str_equal (*converted, raw))
    *explanation = g_strdup_printf (_("%s read as %s"), raw, *converted);
  return TRUE;
}

/* phones */

static gboolean
convert_phone (const CrmFieldSpec  *field,
               const char          *raw,
               char               **converted,
               char               **explanation,
               GError             **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = raw;
  guint digits = 0;
  gboolean extension = FALSE;

  if (g_ascii_strncasecmp (p, "tel:", 4) == 0)
    p += 4;
  while (*p)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (out, *p++);
          digits++;
          continue;
        }
      if (*p == '+' && out->len == 0)
        g_string_append_c (out, '+');
      else if (!extension && digits > 0 &&
               (g_ascii_strncasecmp (p, ";ext=", 5) == 0 || g_ascii_strncasecmp (p, "ext", 3) == 0 ||
                g_ascii_tolower (*p) == 'x'))
        {
          extension = TRUE;
          g_string_append_c (out, 'x');
          p += *p == ';' ? 5 : g_ascii_strncasecmp (p, "ext", 3) == 0 ? 3 : 1;
          if (*p == '.')
            p++;
          continue;
        }
      else if (strchr (" -().,/", *p) == NULL || *p == '\0')
        {
          if (c != 0x00A0 && c != 0x3000)
            return fail (field, raw, error);
        }
      p = g_utf8_next_char (p);
    }
  if (digits < 3 || out->str[out->len - 1] == 'x')
    return fail (field, raw, error);
  *converted = g_string_free (g_steal_pointer (&out), FALSE);
  if (!g_str_equal (*converted, raw))
    *explanation = g_strdup_printf (_("%s read as %s"), raw, *converted);
  return TRUE;
}

/* choices */

static gboolean
same_words (const char *a,
            const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

static gboolean
convert_enum (const CrmFieldSpec  *field,
              const char          *raw,
              char               **converted,
              char               **explanation,
              GError             **error)
{
  g_autoptr(GString) allowed = g_string_new (NULL);

  if (field->enum_values == NULL || crm_field_spec_has_enum (field, raw))
    {
      *converted = g_strdup (raw);
      return TRUE;
    }
  for (guint i = 0; field->enum_values[i]; i++)
    {
      const char *value = field->enum_values[i];
      const char *english = field->enum_labels ? field->enum_labels[i] : value;
      const char *translated = crm_field_spec_enum_label (field, value);

      if (same_words (raw, value) || same_words (raw, english) || same_words (raw, translated))
        {
          *converted = g_strdup (value);
          *explanation = g_strdup_printf (_("%s read as %s"), raw, value);
          return TRUE;
        }
      g_string_append_printf (allowed, "%s%s", i ? ", " : "", translated);
    }
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_field_spec_get_json_key (field),
                             _("%s: “%s” is none of: %s"), crm_field_spec_get_label (field), raw, allowed->str);
  return FALSE;
}

/**
 * crm_import_value_convert:
 * @field: the field the cell fills
 * @raw: the cell; spaces before and after it are left out
 * @converted: (out) (transfer full): the text a client would send for the
 *   field: a date as YYYY-MM-DD, money as exact decimal text, a choice as
 *   its key, a phone as its digits; an empty string for an empty date;
 *   other types as @raw, spaces kept
 * @explanation: (out) (transfer full) (nullable): what the conversion did,
 *   in words, or %NULL where it changed nothing
 * @error: return location for a %CRM_ERROR_VALIDATION naming the field
 *
 * Reads an imported cell the ways files write the field's type.
 *
 * Returns: whether the cell is a value of the field
 */
gboolean
crm_import_value_convert (const CrmFieldSpec  *field,
                          const char          *raw,
                          char               **converted,
                          char               **explanation,
                          GError             **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (raw != NULL, FALSE);
  g_return_val_if_fail (converted != NULL && explanation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *converted = NULL;
  *explanation = NULL;
  if (field->type != CRM_FIELD_DATE && field->type != CRM_FIELD_MONEY &&
      field->type != CRM_FIELD_PHONE && field->type != CRM_FIELD_ENUM)
    {
      *converted = g_strdup (raw);
      return TRUE;
    }
  raw = stripped = g_strstrip (g_strdup (raw));
  if (*raw == '\0')
    {
      *converted = g_strdup ("");
      return TRUE;
    }
  switch (field->type)
    {
    case CRM_FIELD_DATE:
      return convert_date (field, raw, converted, explanation, error);
    case CRM_FIELD_MONEY:
      return convert_money (field, raw, converted, explanation, error);
    case CRM_FIELD_PHONE:
      return convert_phone (field, raw, converted, explanation, error);
    case CRM_FIELD_ENUM:
      return convert_enum (field, raw, converted, explanation, error);
    default:
      *converted = g_strdup (raw);
      return TRUE;
    }
}

/* an import's conversions, the first ones listed for its answer */

struct _CrmImportConversions
{
  GString *listed;
  guint    n_listed;
  guint    total;
};

/**
 * crm_import_conversions_new:
 *
 * Returns: (transfer full): an empty list of an import's conversions
 */
CrmImportConversions *
crm_import_conversions_new (void)
{
  CrmImportConversions *self = g_new0 (CrmImportConversions, 1);

  self->listed = g_string_new (NULL);
  return self;
}

void
crm_import_conversions_free (CrmImportConversions *self)
{
  if (self == NULL)
    return;
  g_string_free (self->listed, TRUE);
  g_free (self);
}

static void
append_string (GString    *out,
               const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *json = json_to_string (node, FALSE);

  g_string_append (out, json);
}

/**
 * crm_import_conversions_convert:
 * @self: an import's conversions
 * @row: the cell's row, the header's being 0
 * @field: the field the cell fills
 * @raw: the cell, without leading and trailing spaces
 * @converted: (out) (transfer full): as crm_import_value_convert()'s
 * @error: as crm_import_value_convert()'s
 *
 * Converts a cell as crm_import_value_convert() does, and keeps its
 * explanation (the first %CRM_IMPORT_CONVERSIONS_MAX are listed).
 *
 * Returns: whether the cell is a value of the field
 */
gboolean
crm_import_conversions_convert (CrmImportConversions  *self,
                                guint                  row,
                                const CrmFieldSpec    *field,
                                const char            *raw,
                                char                 **converted,
                                GError               **error)
{
  g_autofree char *explanation = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!crm_import_value_convert (field, raw, converted, &explanation, error))
    return FALSE;
  if (explanation == NULL)
    return TRUE;
  self->total++;
  if (self->n_listed >= CRM_IMPORT_CONVERSIONS_MAX)
    return TRUE;
  g_string_append_printf (self->listed, "%s{\"row\":%u,\"field\":", self->n_listed ? "," : "", row);
  append_string (self->listed, crm_field_spec_get_json_key (field));
  g_string_append (self->listed, ",\"value\":");
  append_string (self->listed, raw);
  g_string_append (self->listed, ",\"converted\":");
  append_string (self->listed, *converted);
  g_string_append (self->listed, ",\"explanation\":");
  append_string (self->listed, explanation);
  g_string_append_c (self->listed, '}');
  self->n_listed++;
  return TRUE;
}

/**
 * crm_import_conversions_note:
 * @self: an import's conversions
 * @row: the cell's row, the header's being 0
 * @field: the field the cell fills
 * @raw: the cell
 *
 * Keeps what converting the cell does, as crm_import_conversions_convert(),
 * where the cell is converted elsewhere; a cell that cannot be read is not
 * kept (its error is the converter's to tell).
 */
void
crm_import_conversions_note (CrmImportConversions *self,
                             guint                 row,
                             const CrmFieldSpec   *field,
                             const char           *raw)
{
  g_autofree char *converted = NULL;

  g_return_if_fail (self != NULL);

  if (!crm_import_conversions_convert (self, row, field, raw, &converted, NULL))
    return;
}

/**
 * crm_import_conversions_append:
 * @self: an import's conversions
 * @answer: an import's answer, a JSON object being written
 *
 * Appends the members ,"conversions":[{"row","field","value","converted",
 * "explanation"}…] and "conversions_total", the number of cells converted,
 * listed or not.
 */
void
crm_import_conversions_append (CrmImportConversions *self,
                               GString              *answer)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (answer != NULL);

  g_string_append_printf (answer, ",\"conversions\":[%s],\"conversions_total\":%u", self->listed->str, self->total);
}
