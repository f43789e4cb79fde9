/* crm-json-parse.c: strict, bounded JSON reading; every JSON text goes through here
 *
 * json-glib 1.6 recurses once per nesting level (80,000 '[' overflow a
 * thread's stack) and is lenient: it takes comments, single quotes,
 * duplicate members (the last wins), hexadecimal and out-of-range numbers,
 * lone UTF-16 surrogates and "\u0000" (which cuts the string short). So
 * every text is first checked here against RFC 8259, in one pass without
 * recursion, with a bounded depth and a bounded number of values; only a
 * text that passes reaches json-glib.
 */
#include "crm-json-parse.h"
#include "crm-error.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

typedef enum
{
  WANT_VALUE,
  WANT_VALUE_OR_CLOSE,
  WANT_KEY,
  WANT_KEY_OR_CLOSE,
  WANT_COLON,
  WANT_COMMA_OR_CLOSE,
  WANT_END,
} State;

typedef struct
{
  gboolean    is_object;
  GHashTable *keys;   /* the member names seen so far */
  const char *member; /* the member whose value is being read, owned by keys */
} Frame;

typedef struct
{
  const guchar *data;
  gsize         length;
  gsize         pos;
  gsize         values;
  gsize         max_values;
  guint         depth;
  Frame         stack[CRM_JSON_MAX_DEPTH];
} Checker;

/* the innermost member being read, to name it in an error */
static const char *
current_member (Checker *c)
{
  for (guint i = c->depth; i > 0; i--)
    if (c->stack[i - 1].is_object && c->stack[i - 1].member != NULL)
      return c->stack[i - 1].member;
  return NULL;
}

static gboolean fail (Checker     *c,
                      GError     **error,
                      CrmErrorCode code,
                      const char  *field,
                      const char  *format,
                      ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail (Checker     *c,
      GError     **error,
      CrmErrorCode code,
      const char  *field,
      const char  *format,
      ...)
{
  g_autofree char *reason = NULL;
  guint line = 1, column = 1;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (code != CRM_ERROR_BAD_REQUEST)
    {
      /* valid JSON, refused for what it holds */
      crm_error_set_field_error (error, code, field, "%s", reason);
      return FALSE;
    }

  /* columns count characters: what precedes the error is valid UTF-8 */
  for (gsize i = 0; i < c->pos && i < c->length; i++)
    {
      if (c->data[i] == '\n')
        {
          line++;
          column = 1;
        }
      else if ((c->data[i] & 0xc0) != 0x80)
        column++;
    }
  crm_error_set_field_error (error, code, field, _("line %u, column %u: %s"), line, column, reason);
  return FALSE;
}

#define bad(c, error, ...) fail ((c), (error), CRM_ERROR_BAD_REQUEST, NULL, __VA_ARGS__)

static gboolean
count_value (Checker  *c,
             GError  **error)
{
  if (++c->values > c->max_values)
    return bad (c, error, _("more than %lu values"), (gulong) c->max_values);
  return TRUE;
}

static gboolean
read_hex4 (Checker  *c,
           gsize     at,
           gunichar *out)
{
  gunichar value = 0;

  if (at + 4 > c->length)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (c->data[at + i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + digit;
    }
  *out = value;
  return TRUE;
}

/* one escape, c->pos on its backslash */
static gboolean
scan_escape (Checker   *c,
             GString   *decoded,
             gboolean  *has_nul,
             GError   **error)
{
  gunichar ch = 0, low = 0;

  if (c->pos + 1 >= c->length)
    return bad (c, error, _("a string is not closed"));
  switch (c->data[c->pos + 1])
    {
    case '"': ch = '"'; break;
    case '\\': ch = '\\'; break;
    case '/': ch = '/'; break;
    case 'b': ch = '\b'; break;
    case 'f': ch = '\f'; break;
    case 'n': ch = '\n'; break;
    case 'r': ch = '\r'; break;
    case 't': ch = '\t'; break;
    case 'u':
      if (!read_hex4 (c, c->pos + 2, &ch))
        return bad (c, error, _("\\u must be followed by four hexadecimal digits"));
      if (ch >= 0xdc00 && ch <= 0xdfff)
        return bad (c, error, _("a lone UTF-16 surrogate (\\u%04X)"), ch);
      if (ch >= 0xd800 && ch <= 0xdbff)
        {
          gsize next = c->pos + 6;

          if (next + 2 > c->length || c->data[next] != '\\' || c->data[next + 1] != 'u' ||
              !read_hex4 (c, next + 2, &low) || low < 0xdc00 || low > 0xdfff)
            return bad (c, error, _("a lone UTF-16 surrogate (\\u%04X)"), ch);
          ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
          c->pos += 6;
        }
      if (ch == 0)
        *has_nul = TRUE;
      c->pos += 4;
      break;
    default:
      return bad (c, error, _("“\\%c” is not an escape"), g_ascii_isprint (c->data[c->pos + 1]) ? c->data[c->pos + 1] : '?');
    }
  c->pos += 2;
  if (decoded != NULL)
    g_string_append_unichar (decoded, ch);
  return TRUE;
}

/* a string, c->pos on its opening quote; its text goes to @decoded if given */
static gboolean
scan_string (Checker   *c,
             GString   *decoded,
             gboolean  *has_nul,
             GError   **error)
{
  *has_nul = FALSE;
  c->pos++;
  while (TRUE)
    {
      guchar ch;
      gunichar u;

      if (c->pos >= c->length)
        return bad (c, error, _("a string is not closed"));
      ch = c->data[c->pos];
      if (ch == '"')
        {
          c->pos++;
          return TRUE;
        }
      if (ch < 0x20)
        return bad (c, error, _("a control character inside a string must be escaped"));
      if (ch == '\\')
        {
          if (!scan_escape (c, decoded, has_nul, error))
            return FALSE;
          continue;
        }
      if (ch < 0x80)
        {
          if (decoded != NULL)
            g_string_append_c (decoded, ch);
          c->pos++;
          continue;
        }
      u = g_utf8_get_char_validated ((const char *) c->data + c->pos, MIN (c->length - c->pos, 4));
      if (u == (gunichar) -1 || u == (gunichar) -2)
        return bad (c, error, _("the text is not valid UTF-8"));
      if (decoded != NULL)
        g_string_append_unichar (decoded, u);
      c->pos += g_unichar_to_utf8 (u, NULL);
    }
}

static gboolean
scan_digits (Checker *c)
{
  gsize start = c->pos;

  while (c->pos < c->length && g_ascii_isdigit (c->data[c->pos]))
    c->pos++;
  return c->pos > start;
}

/* a number as RFC 8259 writes it, and one json-glib reads without loss of range */
static gboolean
scan_number (Checker  *c,
             GError  **error)
{
  gsize start = c->pos;
  gboolean integral = TRUE;
  g_autofree char *text = NULL;

  if (c->data[c->pos] == '-')
    c->pos++;
  if (c->pos < c->length && c->data[c->pos] == '0')
    c->pos++;
  else if (!scan_digits (c))
    return bad (c, error, _("a number needs digits"));
  if (c->pos < c->length && c->data[c->pos] == '.')
    {
      c->pos++;
      integral = FALSE;
      if (!scan_digits (c))
        return bad (c, error, _("a number needs digits after its decimal point"));
    }
  if (c->pos < c->length && (c->data[c->pos] == 'e' || c->data[c->pos] == 'E'))
    {
      c->pos++;
      integral = FALSE;
      if (c->pos < c->length && (c->data[c->pos] == '+' || c->data[c->pos] == '-'))
        c->pos++;
      if (!scan_digits (c))
        return bad (c, error, _("a number needs digits in its exponent"));
    }

  text = g_strndup ((const char *) c->data + start, c->pos - start);
  if (integral ? !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, NULL, NULL)
               : !isfinite (g_ascii_strtod (text, NULL)))
    {
      c->pos = start;
      return fail (c, error, CRM_ERROR_BAD_REQUEST, current_member (c),
                   _("the number %.40s is out of range"), text);
    }
  return TRUE;
}

static gboolean
scan_literal (Checker  *c,
              GError  **error)
{
  static const char *const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize len = strlen (literals[i]);

      if (c->length - c->pos >= len && memcmp (c->data + c->pos, literals[i], len) == 0)
        {
          c->pos += len;
          return TRUE;
        }
    }
  return bad (c, error, _("only true, false and null may stand without quotes"));
}

static gboolean
push (Checker   *c,
      gboolean   is_object,
      GError   **error)
{
  Frame *frame;

  if (c->depth >= CRM_JSON_MAX_DEPTH)
    return bad (c, error, _("arrays and objects nested more than %d deep"), CRM_JSON_MAX_DEPTH);
  frame = &c->stack[c->depth++];
  frame->is_object = is_object;
  frame->keys = NULL;
  frame->member = NULL;
  c->pos++;
  return TRUE;
}

static State
pop (Checker *c)
{
  Frame *frame = &c->stack[--c->depth];

  g_clear_pointer (&frame->keys, g_hash_table_unref);
  frame->member = NULL;
  c->pos++;
  return c->depth == 0 ? WANT_END : WANT_COMMA_OR_CLOSE;
}

static gboolean
unexpected (Checker  *c,
            GError  **error)
{
  guchar ch = c->data[c->pos];

  if (ch == '\'')
    return bad (c, error, _("strings and member names take double quotes, not single quotes"));
  if (ch == '/' || ch == '#')
    return bad (c, error, _("comments are not allowed"));
  if (ch >= 0x21 && ch < 0x7f)
    return bad (c, error, _("unexpected character “%c”"), ch);
  return bad (c, error, _("unexpected byte 0x%02X"), ch);
}

/* a member name, c->pos on its opening quote */
static gboolean
scan_key (Checker  *c,
          GError  **error)
{
  Frame *frame = &c->stack[c->depth - 1];
  g_autoptr(GString) key = g_string_new (NULL);
  gsize start = c->pos;
  gboolean has_nul;

  if (!count_value (c, error) || !scan_string (c, key, &has_nul, error))
    return FALSE;
  if (has_nul)
    {
      c->pos = start;
      return bad (c, error, _("a member name contains a NUL character (\\u0000)"));
    }
  if (frame->keys == NULL)
    frame->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (frame->keys, key->str))
    {
      g_autofree char *shown = g_utf8_substring (key->str, 0, MIN (g_utf8_strlen (key->str, -1), 64));

      c->pos = start;
      return fail (c, error, CRM_ERROR_BAD_REQUEST, key->str,
                   _("the member “%s” appears twice in one object"), shown);
    }
  frame->member = key->str;
  g_hash_table_add (frame->keys, g_string_free (g_steal_pointer (&key), FALSE));
  return TRUE;
}

/* one value, c->pos on its first character */
static gboolean
scan_value (Checker  *c,
            State    *state,
            GError  **error)
{
  guchar ch = c->data[c->pos];
  gsize start = c->pos;
  gboolean has_nul;

  if (!count_value (c, error))
    return FALSE;
  switch (ch)
    {
    case '{':
      *state = WANT_KEY_OR_CLOSE;
      return push (c, TRUE, error);
    case '[':
      *state = WANT_VALUE_OR_CLOSE;
      return push (c, FALSE, error);
    case '"':
      if (!scan_string (c, NULL, &has_nul, error))
        return FALSE;
      if (has_nul)
        {
          const char *member = current_member (c);

          c->pos = start;
          if (member == NULL)
            return fail (c, error, CRM_ERROR_VALIDATION, NULL,
                         _("A text may not contain a NUL character (\\u0000)"));
          return fail (c, error, CRM_ERROR_VALIDATION, member,
                       _("“%s” may not contain a NUL character (\\u0000)"), member);
        }
      break;
    case 't':
    case 'f':
    case 'n':
      if (!scan_literal (c, error))
        return FALSE;
      break;
    default:
      if (ch != '-' && !g_ascii_isdigit (ch))
        return unexpected (c, error);
      if (!scan_number (c, error))
        return FALSE;
      break;
    }
  *state = c->depth == 0 ? WANT_END : WANT_COMMA_OR_CLOSE;
  return TRUE;
}

static gboolean
step (Checker  *c,
      State    *state,
      GError  **error)
{
  guchar ch = c->data[c->pos];
  Frame *frame = c->depth > 0 ? &c->stack[c->depth - 1] : NULL;

  switch (*state)
    {
    case WANT_VALUE_OR_CLOSE:
      if (ch == ']')
        {
          *state = pop (c);
          return TRUE;
        }
      G_GNUC_FALLTHROUGH;
    case WANT_VALUE:
      return scan_value (c, state, error);

    case WANT_KEY_OR_CLOSE:
      if (ch == '}')
        {
          *state = pop (c);
          return TRUE;
        }
      G_GNUC_FALLTHROUGH;
    case WANT_KEY:
      if (ch != '"')
        {
          if (ch == '\'' || ch == '/' || ch == '#')
            return unexpected (c, error);
          return bad (c, error, _("a member name in double quotes must come here"));
        }
      *state = WANT_COLON;
      return scan_key (c, error);

    case WANT_COLON:
      if (ch != ':')
        return ch == '/' || ch == '#' ? unexpected (c, error) : bad (c, error, _("“:” must follow a member name"));
      c->pos++;
      *state = WANT_VALUE;
      return TRUE;

    case WANT_COMMA_OR_CLOSE:
      if (ch == ',')
        {
          c->pos++;
          *state = frame->is_object ? WANT_KEY : WANT_VALUE;
          return TRUE;
        }
      if (ch == (frame->is_object ? '}' : ']'))
        {
          *state = pop (c);
          return TRUE;
        }
      if (ch == '/' || ch == '#')
        return unexpected (c, error);
      return bad (c, error, frame->is_object ? _("“,” or “}” must come here") : _("“,” or “]” must come here"));

    case WANT_END:
    default:
      if (ch == '/' || ch == '#')
        return unexpected (c, error);
      return bad (c, error, _("there is more text after the end of the JSON value"));
    }
}

static gboolean
is_space (guchar ch)
{
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/**
 * crm_json_check:
 * @data: JSON text
 * @length: its length in bytes, or -1 if it ends with a NUL
 * @max_values: most values accepted, e.g. %CRM_JSON_MAX_VALUES
 * @error: return location for a #GError
 *
 * Checks @data against RFC 8259 and the limits, in one pass, without
 * recursion. Refuses with %CRM_ERROR_BAD_REQUEST: nesting deeper than
 * %CRM_JSON_MAX_DEPTH, more than @max_values values, comments, single
 * quotes, duplicate member names, text after the value, invalid UTF-8,
 * lone UTF-16 surrogates, numbers outside what json-glib can hold; and
 * with %CRM_ERROR_VALIDATION naming the member, a string holding "\u0000".
 *
 * Returns: %TRUE if json-glib may be given @data
 */
gboolean
crm_json_check (const char  *data,
                gssize       length,
                gsize        max_values,
                GError     **error)
{
  Checker c = { 0 };
  State state = WANT_VALUE;
  gboolean ok = TRUE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  c.data = (const guchar *) data;
  c.length = length < 0 ? strlen (data) : (gsize) length;
  c.max_values = max_values;

  while (ok)
    {
      while (c.pos < c.length && is_space (c.data[c.pos]))
        c.pos++;
      if (c.pos >= c.length)
        break;
      ok = step (&c, &state, error);
    }
  if (ok && state != WANT_END)
    ok = bad (&c, error, c.length == 0 ? _("the text is empty") : _("the text ends too early"));

  for (guint i = 0; i < c.depth; i++)
    g_clear_pointer (&c.stack[i].keys, g_hash_table_unref);
  return ok;
}

/**
 * crm_json_parse:
 * @data: JSON text
 * @length: its length in bytes, or -1 if it ends with a NUL
 * @max_values: most values accepted: %CRM_JSON_MAX_VALUES for what a
 *   client sent, %CRM_JSON_MAX_VALUES_TRUSTED for what rapportd wrote
 * @error: return location for a #GError, as crm_json_check() sets it
 *
 * The one way to read JSON text: checked by crm_json_check(), then parsed.
 *
 * Returns: (transfer full): the root node
 */
JsonNode *
crm_json_parse (const char  *data,
                gssize       length,
                gsize        max_values,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (!crm_json_check (data, size, max_values, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      /* not expected: the check is stricter than json-glib */
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("Not valid JSON: %s"), local_error->message);
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/**
 * crm_json_parse_file:
 * @path: a file holding JSON text
 * @max_values: most values accepted
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the root node, read as crm_json_parse() reads
 */
JsonNode *
crm_json_parse_file (const char  *path,
                     gsize        max_values,
                     GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  root = crm_json_parse (contents, length, max_values, &local_error);
  if (root == NULL)
    {
      g_prefix_error (&local_error, "%s: ", path);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return root;
}
