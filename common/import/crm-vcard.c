/* crm-vcard.c: vCard 2.1, 3.0 and 4.0, read into rows of cells as a CSV file is
 *
 * Each card is a row under a header of the columns the cards have, so that
 * one mapping from columns to fields serves vCards and CSV alike:
 *
 *   FN            the name: FN, else from N, else ORG, else the first EMAIL
 *   N.family N.given  ORG  ORG.unit  TITLE  ROLE  NICKNAME  NOTE  BDAY  URL
 *   TEL.cell TEL.work TEL.home TEL.fax TEL.pager TEL   by TYPE (or the
 *                 group's X-ABLabel), the second of a kind TEL.cell.2, …
 *   EMAIL EMAIL.2 …   the preferred one first
 *   ADR.work ADR.home ADR   street, city, region, postal code, country
 *
 * Lines are unfolded, end in CRLF, LF or Outlook's CR CR LF; quoted-printable
 * values (with soft line breaks) and base64 ones are decoded and read in
 * their CHARSET=; PHOTO, LOGO, SOUND and KEY are skipped. */
#include "crm-vcard.h"
#include "crm-import-charset.h"
#include "crm-csv.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* the most of one kind (TEL.cell.9) a card gives columns to */
#define MAX_OF_A_KIND 9

typedef struct
{
  char  *group;
  char  *name;
  /* upper-case TYPE values, 2.1's bare parameters among them */
  GPtrArray *types;
  char  *charset;
  char  *encoding;
  gboolean pref;
  char  *value;
} Property;

static void
property_free (Property *property)
{
  g_free (property->group);
  g_free (property->name);
  g_ptr_array_unref (property->types);
  g_free (property->charset);
  g_free (property->encoding);
  g_free (property->value);
  g_free (property);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Property, property_free)

/* the next physical line: a run of CRs, with or without an LF after it,
 * or an LF, ends it */
static gboolean
next_line (const char **p,
           const char  *end,
           const char **start,
           gsize       *len)
{
  const char *q = *p;

  if (q >= end)
    return FALSE;
  *start = q;
  while (q < end && *q != '\r' && *q != '\n')
    q++;
  *len = q - *start;
  while (q < end && *q == '\r')
    q++;
  if (q < end && *q == '\n')
    q++;
  *p = q;
  return TRUE;
}

/* where the parameters end: the first ':' outside double quotes */
static const char *
find_colon (const char *line)
{
  gboolean quoted = FALSE;

  for (const char *p = line; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ':' && !quoted)
        return p;
    }
  return NULL;
}

static gboolean
is_quoted_printable (const char *line)
{
  const char *colon = find_colon (line);
  g_autofree char *head = colon ? g_ascii_strup (line, colon - line) : NULL;

  return head != NULL && strstr (head, "QUOTED-PRINTABLE") != NULL;
}

/* the next logical line: folded lines joined, and quoted-printable soft breaks */
static char *
next_logical_line (const char **p,
                   const char  *end)
{
  GString *line;
  const char *start;
  gsize len;

  if (!next_line (p, end, &start, &len))
    return NULL;
  line = g_string_new_len (start, len);
  for (;;)
    {
      const char *after = *p;

      if (line->len > 0 && line->str[line->len - 1] == '=' && is_quoted_printable (line->str) &&
          next_line (&after, end, &start, &len))
        {
          g_string_truncate (line, line->len - 1);
          g_string_append_len (line, start, len);
          *p = after;
        }
      else if (after < end && (*after == ' ' || *after == '\t') && next_line (&after, end, &start, &len))
        {
          g_string_append_len (line, start + 1, len - 1);
          *p = after;
        }
      else
        break;
    }
  return g_string_free (line, FALSE);
}

/* the text between separators, outside double quotes */
static GPtrArray *
split_outside_quotes (const char *text,
                      char        separator)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  gboolean quoted = FALSE;
  const char *start = text;

  for (const char *p = text;; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == '\0' || (*p == separator && !quoted))
        {
          g_ptr_array_add (parts, g_strndup (start, p - start));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return parts;
}

static void
add_types (Property   *property,
           const char *values)
{
  g_auto(GStrv) types = g_strsplit (values, ",", -1);

  for (guint i = 0; types[i]; i++)
    {
      char *type = g_ascii_strup (g_strstrip (g_strdelimit (types[i], "\"", ' ')), -1);

      if (g_str_equal (type, "PREF"))
        property->pref = TRUE;
      g_ptr_array_add (property->types, type);
    }
}

static void
replace_string (char       **place,
                const char  *value)
{
  g_free (*place);
  *place = g_strdup (value);
}

/* [group.]NAME[;param…]:value */
static Property *
parse_property (const char *line)
{
  const char *colon = find_colon (line);
  g_autoptr(GPtrArray) head = NULL;
  g_autoptr(Property) property = NULL;
  char *dot;

  if (colon == NULL)
    return NULL;
  property = g_new0 (Property, 1);
  property->types = g_ptr_array_new_with_free_func (g_free);
  property->value = g_strdup (colon + 1);
  {
    g_autofree char *params = g_strndup (line, colon - line);

    head = split_outside_quotes (params, ';');
  }
  dot = strchr (head->pdata[0], '.');
  if (dot != NULL)
    {
      property->group = g_ascii_strup (head->pdata[0], dot - (char *) head->pdata[0]);
      property->name = g_ascii_strup (dot + 1, -1);
    }
  else
    property->name = g_ascii_strup (head->pdata[0], -1);
  g_strstrip (property->name);

  for (guint i = 1; i < head->len; i++)
    {
      char *param = g_strstrip (head->pdata[i]);
      char *equals = strchr (param, '=');
      g_autofree char *key = g_ascii_strup (param, equals ? equals - param : -1);
      const char *value = equals ? equals + 1 : param;
      g_autofree char *unquoted = g_strdup (value);

      g_strstrip (g_strdelimit (unquoted, "\"", ' '));
      if (equals == NULL)
        {
          /* 2.1's bare parameters */
          if (g_ascii_strcasecmp (param, "QUOTED-PRINTABLE") == 0 || g_ascii_strcasecmp (param, "BASE64") == 0)
            replace_string (&property->encoding, param);
          else
            add_types (property, param);
        }
      else if (g_str_equal (key, "TYPE"))
        add_types (property, value);
      else if (g_str_equal (key, "PREF"))
        property->pref = TRUE;
      else if (g_str_equal (key, "CHARSET"))
        replace_string (&property->charset, unquoted);
      else if (g_str_equal (key, "ENCODING"))
        replace_string (&property->encoding, unquoted);
    }
  return g_steal_pointer (&property);
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

static GBytes *
decode_quoted_printable (const char *value)
{
  GByteArray *bytes = g_byte_array_new ();

  for (const char *p = value; *p; p++)
    {
      if (*p == '=' && hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          guint8 byte = hex_value (p[1]) * 16 + hex_value (p[2]);

          g_byte_array_append (bytes, &byte, 1);
          p += 2;
        }
      else if (*p == '=' && (p[1] == '\0' || p[1] == '\r' || p[1] == '\n'))
        /* a soft break */
        continue;
      else
        g_byte_array_append (bytes, (const guint8 *) p, 1);
    }
  return g_byte_array_free_to_bytes (bytes);
}

/* the property's text in UTF-8: decoded, read in its charset */
static char *
property_text (Property *property)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  char *text;

  if (property->encoding != NULL && g_ascii_strcasecmp (property->encoding, "QUOTED-PRINTABLE") == 0)
    bytes = decode_quoted_printable (property->value);
  else if (property->encoding != NULL &&
           (g_ascii_strcasecmp (property->encoding, "B") == 0 || g_ascii_strcasecmp (property->encoding, "BASE64") == 0))
    {
      gsize decoded_length = 0;
      guchar *decoded = g_base64_decode (property->value, &decoded_length);

      bytes = g_bytes_new_take (decoded, decoded_length);
    }
  else
    return g_strdup (property->value);

  data = g_bytes_get_data (bytes, &length);
  text = crm_import_charset_to_utf8 (data != NULL ? data : "", length, property->charset, NULL, NULL, &error);
  if (text == NULL && property->charset != NULL)
    /* a wrong charset: the bytes' own */
    text = crm_import_charset_to_utf8 (data != NULL ? data : "", length, NULL, NULL, NULL, NULL);
  return text != NULL ? text : g_strdup ("");
}

/* 3.0 and 4.0's backslash escapes: \n \N \, \; \\ */
static char *
unescape (const char *text,
          gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\\' && i + 1 < length && strchr ("nN,;:\\", text[i + 1]) != NULL)
        {
          i++;
          g_string_append_c (out, text[i] == 'n' || text[i] == 'N' ? '\n' : text[i]);
        }
      else
        g_string_append_c (out, text[i]);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

/* a structured value's components, split at unescaped ';' */
static GStrv
components (const char *text)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *start = text;
  GStrv parts;

  for (const char *p = text;; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == ';' || *p == '\0')
        {
          g_autofree char *part = unescape (start, p - start);

          g_strv_builder_add (builder, part);
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  parts = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return parts;
}

static const char *
component (GStrv        parts,
           guint        index)
{
  return index < g_strv_length (parts) ? parts[index] : "";
}

static gboolean
has_type (Property   *property,
          const char *type)
{
  for (guint i = 0; i < property->types->len; i++)
    if (g_str_equal (property->types->pdata[i], type))
      return TRUE;
  return FALSE;
}

/* the kind of a TEL, EMAIL or ADR from its types or its group's label */
static const char *
kind_of (Property   *property,
         GHashTable *labels,
         const char *const *kinds)
{
  const char *label = property->group ? g_hash_table_lookup (labels, property->group) : NULL;

  for (guint i = 0; kinds[i]; i++)
    {
      g_autofree char *upper = g_ascii_strup (kinds[i], -1);

      if (has_type (property, upper))
        return kinds[i];
    }
  if (has_type (property, "CELL") || has_type (property, "MOBILE") || has_type (property, "IPHONE"))
    return g_strv_contains (kinds, "cell") ? "cell" : NULL;
  if (label != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (label, -1);

      if (strstr (lower, "mobile") || strstr (lower, "cell") || strstr (lower, "iphone"))
        return g_strv_contains (kinds, "cell") ? "cell" : NULL;
      for (guint i = 0; kinds[i]; i++)
        if (strstr (lower, kinds[i]))
          return kinds[i];
    }
  return NULL;
}

typedef struct
{
  /* column -> value, in the order found */
  GPtrArray *columns;
  GPtrArray *values;
} Card;

static void
card_add (Card       *card,
          const char *column,
          const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_ptr_array_add (card->columns, g_strdup (column));
  g_ptr_array_add (card->values, g_strdup (value));
}

static const char *
card_get (Card       *card,
          const char *column)
{
  for (guint i = 0; i < card->columns->len; i++)
    if (g_str_equal (card->columns->pdata[i], column))
      return card->values->pdata[i];
  return NULL;
}

/* TEL.cell, then TEL.cell.2 … up to MAX_OF_A_KIND */
static void
card_add_numbered (Card       *card,
                   const char *base,
                   const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  for (guint n = 1; n <= MAX_OF_A_KIND; n++)
    {
      g_autofree char *column = n == 1 ? g_strdup (base) : g_strdup_printf ("%s.%u", base, n);

      if (card_get (card, column) == NULL)
        {
          card_add (card, column, value);
          return;
        }
    }
}

static gboolean
is_cjk (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) >= 0x2E80)
      return TRUE;
  return FALSE;
}

static char *
address_text (GStrv parts)
{
  /* post office box; extended; street; locality; region; postal code; country */
  GStrvBuilder *builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  static const guint order[] = { 2, 1, 0, 3, 4, 5, 6 };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (*component (parts, order[i]) != '\0')
      g_strv_builder_add (builder, component (parts, order[i]));
  lines = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return g_strjoinv (", ", lines);
}

static void
card_fill (Card      *card,
           GPtrArray *properties)
{
  static const char *const tel_kinds[] = { "fax", "pager", "cell", "work", "home", NULL };
  static const char *const adr_kinds[] = { "work", "home", NULL };
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *fn = NULL;
  g_autofree char *n_name = NULL;
  g_autofree char *org = NULL;
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  guint preferred_emails = 0;

  for (guint i = 0; i < properties->len; i++)
    {
      Property *property = properties->pdata[i];

      if (property->group != NULL && g_str_equal (property->name, "X-ABLABEL"))
        g_hash_table_insert (labels, property->group, property->value);
    }

  for (guint i = 0; i < properties->len; i++)
    {
      Property *property = properties->pdata[i];
      const char *name = property->name;
      g_autofree char *text = NULL;

      if (g_strv_contains ((const char * const[]) { "PHOTO", "LOGO", "SOUND", "KEY", "BEGIN", "END", "VERSION", NULL }, name))
        continue;
      text = property_text (property);
      if (g_str_equal (name, "FN") && fn == NULL)
        fn = unescape (text, strlen (text));
      else if (g_str_equal (name, "N") && n_name == NULL)
        {
          g_auto(GStrv) parts = components (text);
          const char *family = component (parts, 0);
          const char *given = component (parts, 1);
          const char *middle = component (parts, 2);

          card_add (card, "N.family", family);
          card_add (card, "N.given", given);
          if (is_cjk (family) || is_cjk (given))
            n_name = g_strconcat (family, given, NULL);
          else
            {
              const char *words[] = { given, middle, family };
              GString *joined = g_string_new (NULL);

              for (guint w = 0; w < G_N_ELEMENTS (words); w++)
                if (*words[w] != '\0')
                  g_string_append_printf (joined, "%s%s", joined->len ? " " : "", words[w]);
              n_name = g_string_free (joined, FALSE);
            }
        }
      else if (g_str_equal (name, "ORG") && org == NULL)
        {
          g_auto(GStrv) parts = components (text);

          org = g_strdup (component (parts, 0));
          card_add (card, "ORG", org);
          card_add (card, "ORG.unit", component (parts, 1));
        }
      else if (g_str_equal (name, "TEL"))
        {
          const char *kind = kind_of (property, labels, tel_kinds);
          g_autofree char *number = unescape (text, strlen (text));
          g_autofree char *column = kind ? g_strconcat ("TEL.", kind, NULL) : g_strdup ("TEL");
          const char *digits = g_ascii_strncasecmp (number, "tel:", 4) == 0 ? number + 4 : number;

          card_add_numbered (card, column, digits);
        }
      else if (g_str_equal (name, "EMAIL"))
        {
          char *address = unescape (text, strlen (text));

          if (g_ascii_strncasecmp (address, "mailto:", 7) == 0)
            memmove (address, address + 7, strlen (address + 7) + 1);
          if (property->pref)
            g_ptr_array_insert (emails, preferred_emails++, address);
          else
            g_ptr_array_add (emails, address);
        }
      else if (g_str_equal (name, "ADR"))
        {
          const char *kind = kind_of (property, labels, adr_kinds);
          g_auto(GStrv) parts = components (text);
          g_autofree char *address = address_text (parts);
          g_autofree char *column = kind ? g_strconcat ("ADR.", kind, NULL) : g_strdup ("ADR");

          card_add_numbered (card, column, address);
        }
      else if (g_strv_contains ((const char * const[]) { "TITLE", "ROLE", "NICKNAME", "NOTE", "BDAY", "URL", NULL }, name) &&
               card_get (card, name) == NULL)
        {
          g_autofree char *value = unescape (text, strlen (text));

          card_add (card, name, value);
        }
    }
  for (guint i = 0; i < emails->len; i++)
    card_add_numbered (card, "EMAIL", emails->pdata[i]);

  /* a name: FN, else N, else ORG, else the first email */
  {
    const char *name = fn && *fn ? fn : n_name && *n_name ? n_name : org && *org ? org :
                       emails->len ? emails->pdata[0] : NULL;

    if (name != NULL)
      {
        g_ptr_array_insert (card->columns, 0, g_strdup ("FN"));
        g_ptr_array_insert (card->values, 0, g_strdup (name));
      }
  }
}

/**
 * crm_vcard_parse:
 * @text: the vCards, UTF-8 (values in quoted-printable or base64 may be in
 *   the charset their CHARSET= names)
 * @length: the text's length in bytes
 * @error: return location for a %CRM_ERROR_VALIDATION where the text is
 *   not UTF-8 or holds no vCard
 *
 * Reads every BEGIN:VCARD … END:VCARD into a row; the header (the first row)
 * lists the columns the cards have, in the order first met (see the file's
 * comment); a card's cells that it has no value for are empty.
 *
 * Returns: (transfer full) (element-type GStrv): the rows, the header first
 */
GPtrArray *
crm_vcard_parse (const char  *text,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  g_autoptr(GPtrArray) properties = NULL;
  GPtrArray *rows;
  const char *end = text + length;
  const char *p = text;
  char *next;
  guint depth = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, length, NULL))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The file is not UTF-8 text"));
      return NULL;
    }
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while ((next = next_logical_line (&p, end)) != NULL)
    {
      g_autofree char *line = next;
      g_autoptr(Property) property = parse_property (g_strstrip (line));

      if (property == NULL)
        continue;
      if (g_str_equal (property->name, "BEGIN") && g_ascii_strcasecmp (g_strstrip (property->value), "VCARD") == 0)
        {
          /* a card inside a card (2.1's AGENT) is skipped */
          if (depth++ == 0)
            properties = g_ptr_array_new_with_free_func ((GDestroyNotify) property_free);
          continue;
        }
      if (depth == 0)
        continue;
      if (g_str_equal (property->name, "END") && g_ascii_strcasecmp (g_strstrip (property->value), "VCARD") == 0)
        {
          if (--depth == 0)
            {
              Card *card = g_new0 (Card, 1);

              card->columns = g_ptr_array_new_with_free_func (g_free);
              card->values = g_ptr_array_new_with_free_func (g_free);
              card_fill (card, properties);
              g_clear_pointer (&properties, g_ptr_array_unref);
              g_ptr_array_add (cards, card);
            }
          continue;
        }
      if (depth == 1)
        g_ptr_array_add (properties, g_steal_pointer (&property));
    }

  if (cards->len == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The file holds no vCard (BEGIN:VCARD … END:VCARD)"));
      return NULL;
    }

  for (guint c = 0; c < cards->len; c++)
    {
      Card *card = cards->pdata[c];

      for (guint i = 0; i < card->columns->len; i++)
        if (header->len < CRM_CSV_MAX_COLUMNS &&
            !g_ptr_array_find_with_equal_func (header, card->columns->pdata[i], g_str_equal, NULL))
          g_ptr_array_add (header, g_strdup (card->columns->pdata[i]));
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (header, NULL);
  g_ptr_array_add (rows, g_ptr_array_steal (header, NULL));
  for (guint c = 0; c < cards->len; c++)
    {
      Card *card = cards->pdata[c];
      char **header_names = rows->pdata[0];
      guint n_columns = g_strv_length (header_names);
      char **cells = g_new0 (char *, n_columns + 1);

      for (guint h = 0; h < n_columns; h++)
        {
          const char *value = card_get (card, header_names[h]);

          cells[h] = g_strdup (value ? value : "");
        }
      g_ptr_array_add (rows, cells);
      g_ptr_array_unref (card->columns);
      g_ptr_array_unref (card->values);
      g_free (card);
    }
  return rows;
}
