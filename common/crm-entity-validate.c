/* crm-entity-validate.c: checking a record's values against its field descriptors, as client and server both do */
#include "crm-entity.h"
#include "crm-currency.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#define CRM_LONG_TEXT_DEFAULT_MAX 20000
#define CRM_TAGS_DEFAULT_MAX 20

static gboolean
text_has_control_chars (const char *text,
                        gboolean    allow_newlines)
{
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c == 0x7f)
        return TRUE;
      if (c >= 0x20)
        continue;
      if (allow_newlines && (c == '\n' || c == '\r' || c == '\t'))
        continue;
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_valid_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  if (strpbrk (text, " \t<>()[],;:\\\"") != NULL)
    return FALSE;
  dot = strrchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

static gboolean
is_valid_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-().x/", *p) == NULL)
        return FALSE;
    }
  return digits >= 3 && strlen (text) <= 32;
}

static gboolean
is_valid_url (const char *text)
{
  if (!g_str_has_prefix (text, "http://") && !g_str_has_prefix (text, "https://"))
    return FALSE;
  return strpbrk (text, " \t\r\n") == NULL && strstr (text, "://")[3] != '\0';
}

static gboolean
is_valid_date (const char *text)
{
  guint y, m, d;
  char tail;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return y >= 1 && y <= 9999 && g_date_valid_dmy (d, m, y);
}

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/**
 * crm_entity_validate_value:
 * @spec: the field's descriptor
 * @value: a value that is set and not null
 * @error: return location for a #GError naming the field
 *
 * Checks one value against its descriptor's limits.
 */
gboolean
crm_entity_validate_value (const CrmFieldSpec *spec,
                           const CrmValue     *value,
                           GError            **error)
{
  const char *key = crm_field_spec_get_json_key (spec);
  const char *label = crm_field_spec_get_label (spec);
  guint max_len = spec->max_len;

  switch (spec->type)
    {
    case CRM_FIELD_TEXT:
    case CRM_FIELD_LONG_TEXT:
    case CRM_FIELD_EMAIL:
    case CRM_FIELD_PHONE:
    case CRM_FIELD_URL:
      if (!g_utf8_validate (value->s, -1, NULL))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     _("%s is not valid UTF-8 text"), label);
          return FALSE;
        }
      if (max_len == 0)
        max_len = spec->type == CRM_FIELD_LONG_TEXT ? CRM_LONG_TEXT_DEFAULT_MAX : 255;
      if (g_utf8_strlen (value->s, -1) > max_len)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     _("%s is longer than %u characters"), label, max_len);
          return FALSE;
        }
      if (text_has_control_chars (value->s, spec->type == CRM_FIELD_LONG_TEXT))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     _("%s contains control characters"), label);
          return FALSE;
        }
      if ((spec->type == CRM_FIELD_EMAIL && value->s[0] && !is_valid_email (value->s)) ||
          (spec->type == CRM_FIELD_PHONE && value->s[0] && !is_valid_phone (value->s)) ||
          (spec->type == CRM_FIELD_URL && value->s[0] && !is_valid_url (value->s)))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     _("%s is not a valid %s"), label,
                                     spec->type == CRM_FIELD_EMAIL ? _("email address") :
                                     spec->type == CRM_FIELD_PHONE ? _("phone number") :
                                     _("web address (http:// or https://)"));
          return FALSE;
        }
      if ((spec->flags & CRM_FIELD_CURRENCY) && value->s[0] && !crm_currency_is_valid (value->s))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     _("%s must be an ISO 4217 currency code such as CNY, USD or EUR"), label);
          return FALSE;
        }
      break;

    case CRM_FIELD_ENUM:
      if (!crm_field_spec_has_enum (spec, value->s))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) spec->enum_values);

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     _("%s must be one of: %s"), label, allowed);
          return FALSE;
        }
      break;

    case CRM_FIELD_DATE:
      if (!is_valid_date (value->s))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     _("%s is not a date of the form YYYY-MM-DD"), label);
          return FALSE;
        }
      break;

    case CRM_FIELD_REFERENCE:
      if (value->i <= 0)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     _("%s must be a record id"), label);
          return FALSE;
        }
      break;

    case CRM_FIELD_TAGS:
      {
        guint n = value->tags ? g_strv_length (value->tags) : 0;

        if (max_len == 0)
          max_len = CRM_TAGS_DEFAULT_MAX;
        if (n > max_len)
          {
            crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                       _("%s has more than %u tags"), label, max_len);
            return FALSE;
          }
        for (guint i = 0; i < n; i++)
          {
            const char *tag = value->tags[i];

            if (!g_utf8_validate (tag, -1, NULL) || text_is_blank (tag) ||
                g_utf8_strlen (tag, -1) > CRM_TAGS_MAX_ITEM_LEN ||
                text_has_control_chars (tag, FALSE))
              {
                crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                           _("%s: each tag must be 1 to %u characters"),
                                           label, CRM_TAGS_MAX_ITEM_LEN);
                return FALSE;
              }
            for (guint j = 0; j < i; j++)
              if (g_strcmp0 (value->tags[j], tag) == 0)
                {
                  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                             _("%s: tag “%s” appears twice"), label, tag);
                  return FALSE;
                }
          }
      }
      break;

    case CRM_FIELD_INT:
      if (spec->max_value > spec->min_value &&
          (value->i < spec->min_value || value->i > spec->max_value))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key,
                                     _("%s must be between %lld and %lld"),
                                     label, (long long) spec->min_value, (long long) spec->max_value);
          return FALSE;
        }
      break;

    case CRM_FIELD_BOOL:
    case CRM_FIELD_MONEY:
    case CRM_FIELD_TIMESTAMP:
    default:
      break;
    }

  return TRUE;
}

static gboolean
value_is_empty (const CrmFieldSpec *spec,
                const CrmValue     *value)
{
  if (!value->set || value->is_null)
    return TRUE;
  switch (spec->type)
    {
    case CRM_FIELD_TEXT:
    case CRM_FIELD_LONG_TEXT:
    case CRM_FIELD_EMAIL:
    case CRM_FIELD_PHONE:
    case CRM_FIELD_URL:
    case CRM_FIELD_ENUM:
    case CRM_FIELD_DATE:
      return value->s == NULL || text_is_blank (value->s);
    case CRM_FIELD_TAGS:
      return value->tags == NULL || value->tags[0] == NULL;
    default:
      return FALSE;
    }
}

/**
 * crm_entity_validate:
 * @self: a #CrmEntity
 * @mode: whether missing required fields are errors
 * @error: return location for a #GError naming the first bad field
 *
 * Checks every client-settable value against its descriptor, and that a
 * document has at most %CRM_DOCUMENT_MAX_LINES lines.
 */
gboolean
crm_entity_validate (CrmEntity        *self,
                     CrmValidateMode   mode,
                     GError          **error)
{
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (self, &n_fields);
  GPtrArray *lines = CRM_ENTITY_GET_CLASS (self)->line_type != G_TYPE_INVALID ? crm_entity_get_lines (self) : NULL;

  if (lines != NULL && lines->len > CRM_DOCUMENT_MAX_LINES)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_entity_class_lines_member (CRM_ENTITY_GET_CLASS (self)),
                                 _("A document has at most %u lines"), CRM_DOCUMENT_MAX_LINES);
      return FALSE;
    }

  for (guint i = 0; i < n_fields; i++)
    {
      const CrmFieldSpec *spec = &fields[i];
      CrmValue *value = crm_entity_value (self, i);

      if (spec->flags & CRM_FIELD_READONLY)
        continue;

      if ((spec->flags & CRM_FIELD_REQUIRED) &&
          (mode == CRM_VALIDATE_CREATE || value->set) &&
          value_is_empty (spec, value))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION,
                                     crm_field_spec_get_json_key (spec),
                                     _("%s is required"), crm_field_spec_get_label (spec));
          return FALSE;
        }

      if (value->set && !value->is_null &&
          !crm_entity_validate_value (spec, value, error))
        return FALSE;
    }

  return TRUE;
}
