/* crm-format.c: a field's value as display text, in the user's locale */
#include "crm-format.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

static char *
format_date (const char *iso)
{
  guint y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  if (sscanf (iso, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      (dt = g_date_time_new_local (y, m, d, 0, 0, 0)) == NULL)
    return g_strdup (iso);
  /* %x: the locale's date representation */
  return g_date_time_format (dt, "%x");
}

/**
 * crm_format_timestamp:
 * @usec: microseconds since the epoch, UTC
 *
 * Returns: (transfer full): the time in the local zone, in the locale's form
 */
char *
crm_format_timestamp (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%x %H:%M");
}

/**
 * crm_format_value:
 * @spec: the field
 * @value: its value
 *
 * Returns: (transfer full): display text: enum labels translated, dates,
 *   times and money in the locale's form, "" for no value
 */
char *
crm_format_value (const CrmFieldSpec *spec,
                  const CrmValue     *value)
{
  if (!value->set || value->is_null)
    return g_strdup ("");

  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
    case CRM_FIELD_BOOL:
      return g_strdup (value->i ? _("Yes") : _("No"));
    case CRM_FIELD_MONEY:
      return crm_money_format (crm_money_new (value->i, spec->scale), MIN (spec->scale, 2));
    case CRM_FIELD_DATE:
      return format_date (value->s);
    case CRM_FIELD_TIMESTAMP:
      return crm_format_timestamp (value->i);
    case CRM_FIELD_ENUM:
      return g_strdup (crm_field_spec_enum_label (spec, value->s));
    case CRM_FIELD_TAGS:
      /* TRANSLATORS: separates tags in a list */
      return value->tags ? g_strjoinv (_(", "), value->tags) : g_strdup ("");
    default:
      return g_strdup (value->s ? value->s : "");
    }
}
