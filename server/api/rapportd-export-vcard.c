/* rapportd-export-vcard.c: contacts as vCard 3.0 (RFC 2426)
 *
 *   FN, N     the name (the whole name as the family name: Rapport keeps one)
 *   ORG       the account's name and the department
 *   TITLE     the title
 *   TEL       the mobile (TYPE=CELL) and the phone (TYPE=WORK)
 *   EMAIL     the email (TYPE=INTERNET)
 *   ADR       the address where the kind of record has one (TYPE=WORK, as street)
 *   BDAY      the birthday
 *   NOTE      the notes
 *
 * Values are escaped (\\ \, \; \n) and lines folded at 75 octets, between
 * UTF-8 characters, with CRLF line ends. */
#include "rapportd-export-writers.h"

#include <string.h>

#define FOLD_AT 75

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case ',':  g_string_append (out, "\\,"); break;
      case ';':  g_string_append (out, "\\;"); break;
      case '\r': break;
      case '\n': g_string_append (out, "\\n"); break;
      default:   g_string_append_c (out, *p); break;
      }
}

/* one content line, folded */
static void
append_line (GString    *out,
             const char *line)
{
  gsize width = 0;

  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      gsize n = g_utf8_next_char (p) - p;

      if (width + n > FOLD_AT)
        {
          g_string_append (out, "\r\n ");
          width = 1;
        }
      g_string_append_len (out, p, n);
      width += n;
    }
  g_string_append (out, "\r\n");
}

static const char *
text_of (CrmEntity  *entity,
         const char *key)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), key);
  const CrmValue *value;

  if (field < 0)
    return NULL;
  value = crm_entity_value (entity, field);
  if (!value->set || value->is_null || value->s == NULL || *value->s == '\0')
    return NULL;
  return value->s;
}

static void
append_property (GString    *out,
                 const char *name,
                 const char *text)
{
  g_autoptr(GString) line = NULL;

  if (text == NULL)
    return;
  line = g_string_new (name);
  g_string_append_c (line, ':');
  append_escaped (line, text);
  append_line (out, line->str);
}

static void
append_card (GString   *out,
             CrmEntity *contact)
{
  const char *name = text_of (contact, "name");
  const char *department = text_of (contact, "department");
  int account = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (contact), "account");
  const char *account_name = account >= 0 ? crm_entity_get_reference_name (contact, account) : NULL;

  g_string_append (out, "BEGIN:VCARD\r\nVERSION:3.0\r\n");
  append_property (out, "FN", name ? name : "");
  {
    g_autoptr(GString) n = g_string_new ("N:");

    append_escaped (n, name ? name : "");
    g_string_append (n, ";;;;");
    append_line (out, n->str);
  }
  if (account_name || department)
    {
      g_autoptr(GString) org = g_string_new ("ORG:");

      append_escaped (org, account_name ? account_name : "");
      if (department)
        {
          g_string_append_c (org, ';');
          append_escaped (org, department);
        }
      append_line (out, org->str);
    }
  append_property (out, "TITLE", text_of (contact, "title"));
  append_property (out, "TEL;TYPE=CELL", text_of (contact, "mobile"));
  append_property (out, "TEL;TYPE=WORK", text_of (contact, "phone"));
  append_property (out, "EMAIL;TYPE=INTERNET", text_of (contact, "email"));
  if (text_of (contact, "address"))
    {
      g_autoptr(GString) adr = g_string_new ("ADR;TYPE=WORK:;;");

      append_escaped (adr, text_of (contact, "address"));
      g_string_append (adr, ";;;;");
      append_line (out, adr->str);
    }
  append_property (out, "BDAY", text_of (contact, "birthday"));
  append_property (out, "NOTE", text_of (contact, "notes"));
  g_string_append (out, "END:VCARD\r\n");
}

/**
 * rapportd_export_vcard_append:
 * @out: where the card goes
 * @contact: a contact, its references named
 *
 * Appends the contact's card.
 */
void
rapportd_export_vcard_append (GString   *out,
                              CrmEntity *contact)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (CRM_IS_ENTITY (contact));

  append_card (out, contact);
}
