/* crm-import-presets.c: the common exports (Outlook, Google, LinkedIn, Salesforce…), recognised by their header and mapped as they mean
 *
 * A preset is data: the columns that identify an exporter's files (a header
 * with enough of them is recognised) and what its columns mean. The mapping
 * (crm-import-mapping.c) reads a preset's rows before its generic names, so
 * a preset says what an exporter's column means where the name alone would
 * mislead: Outlook's "Title" is Mr. or Ms., Yahoo's "Primary" a phone,
 * Salesforce's "Id" and "AccountId" and Dolibarr's "s.rowid" ids of another
 * system, never Rapport's. Columns a preset does not name are matched as in
 * any file. Names are compared casefolded, without spaces and punctuation. */
#include "crm-import-presets.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define PERSON  "@person"
#define COMPANY "@company"
#define GIVEN   "@given"
#define MIDDLE  "@middle"
#define FAMILY  "@family"

static const char * const outlook_signature[] = {
  "E-mail Address", "E-mail Display Name", "E-mail Type", "Business Street", "Business Phone", "Mobile Phone",
  "Company Main Phone", "Assistant's Phone", "Home Street", "Business Fax", "Web Page", NULL
};
static const CrmImportPresetColumn outlook_columns[] = {
  /* Mr., Ms.: the job is "Job Title" */
  { "Title", NULL }, { "Suffix", NULL }, { "Account", NULL },
  { "First Name", GIVEN }, { "Middle Name", MIDDLE }, { "Last Name", FAMILY },
  { "Company", COMPANY }, { "Department", "department" }, { "Job Title", "title" },
  { "Mobile Phone", "mobile" },
  { "Business Phone", "phone" }, { "Company Main Phone", "phone" }, { "Primary Phone", "phone" },
  { "Business Phone 2", "phone" }, { "Home Phone", "phone" }, { "Other Phone", "phone" },
  { "E-mail Address", "email" }, { "E-mail 2 Address", "email" }, { "E-mail 3 Address", "email" },
  { "E-mail Display Name", NULL },
  { "Business Street", "address" }, { "Web Page", "website" }, { "Notes", "notes" },
  { NULL, NULL }
};

/* Google Contacts' CSV, as it is written since 2022 and before */
static const char * const google_signature[] = {
  "E-mail 1 - Value", "E-mail 1 - Label", "E-mail 1 - Type", "Phone 1 - Value", "Phone 1 - Label",
  "Phone 1 - Type", "Organization Name", "Organization 1 - Name", "Group Membership", "Labels", "File As",
  "Given Name", "Family Name", "Address 1 - Formatted", NULL
};
static const CrmImportPresetColumn google_columns[] = {
  { "Name", PERSON },
  { "First Name", GIVEN }, { "Given Name", GIVEN }, { "Middle Name", MIDDLE }, { "Additional Name", MIDDLE },
  { "Last Name", FAMILY }, { "Family Name", FAMILY }, { "Nickname", NULL }, { "File As", NULL },
  { "Organization Name", COMPANY }, { "Organization 1 - Name", COMPANY },
  { "Organization Title", "title" }, { "Organization 1 - Title", "title" },
  { "Organization Department", "department" }, { "Organization 1 - Department", "department" },
  { "E-mail 1 - Value", "email" }, { "E-mail 2 - Value", "email" },
  { "Phone 1 - Value", "phone" }, { "Phone 2 - Value", "phone" },
  { "Address 1 - Formatted", "address" }, { "Website 1 - Value", "website" },
  { "Labels", NULL }, { "Group Membership", NULL },
  { NULL, NULL }
};

static const char * const yahoo_signature[] = {
  "First", "Middle", "Last", "Nickname", "Email", "Category", "Distribution Lists", "Yahoo! ID", "Yahoo! Phone",
  "Alternate Email 1", "Alternate Email 2", "Personal Website", "Business Website", "Comments", NULL
};
static const CrmImportPresetColumn yahoo_columns[] = {
  { "First", GIVEN }, { "Middle", MIDDLE }, { "Last", FAMILY }, { "Nickname", NULL },
  { "Email", "email" }, { "Alternate Email 1", "email" }, { "Alternate Email 2", "email" },
  { "Mobile", "mobile" }, { "Work", "phone" }, { "Home", "phone" }, { "Other", "phone" },
  /* which of the phones comes first, not a contact's "primary" */
  { "Primary", NULL }, { "Yahoo! ID", NULL }, { "Category", NULL }, { "Distribution Lists", NULL },
  { "Title", "title" }, { "Company", COMPANY }, { "Work Address", "address" },
  { "Business Website", "website" }, { "Personal Website", NULL }, { "Comments", "notes" },
  { NULL, NULL }
};

static const char * const thunderbird_signature[] = {
  "Display Name", "Primary Email", "Secondary Email", "Screen Name", "Mobile Number", "Fax Number", "Pager Number",
  "Web Page 1", "Web Page 2", "Home ZipCode", "Work ZipCode", "Birth Year", "Birth Month", "Birth Day", NULL
};
static const CrmImportPresetColumn thunderbird_columns[] = {
  { "Display Name", PERSON }, { "First Name", GIVEN }, { "Last Name", FAMILY },
  { "Nickname", NULL }, { "Screen Name", NULL },
  { "Primary Email", "email" }, { "Secondary Email", "email" },
  { "Mobile Number", "mobile" }, { "Work Phone", "phone" }, { "Home Phone", "phone" },
  { "Job Title", "title" }, { "Department", "department" }, { "Organization", COMPANY },
  { "Work Address", "address" }, { "Web Page 1", "website" }, { "Notes", "notes" },
  /* a birthday in three columns, "Birth Day" alone being no date */
  { "Birth Year", NULL }, { "Birth Month", NULL }, { "Birth Day", NULL },
  { NULL, NULL }
};

/* Connections.csv; its notes above the header are no rows (crm-csv.c) */
static const char * const linkedin_signature[] = {
  "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On", NULL
};
static const CrmImportPresetColumn linkedin_columns[] = {
  { "First Name", GIVEN }, { "Last Name", FAMILY }, { "Email Address", "email" },
  { "Company", COMPANY }, { "Position", "title" },
  /* the profile's address and the day of the connection */
  { "URL", NULL }, { "Connected On", NULL },
  { NULL, NULL }
};

/* Data Loader's exports of Contact, Account and Lead, by API name */
static const char * const salesforce_signature[] = {
  "Id", "IsDeleted", "MasterRecordId", "AccountId", "FirstName", "LastName", "Salutation", "MobilePhone",
  "MailingStreet", "OwnerId", "CreatedById", "LastModifiedById", "SystemModstamp", "AccountNumber",
  "BillingStreet", "ShippingStreet", "NumberOfEmployees", "AnnualRevenue", "LeadSource", "ReportsToId",
  "ParentId", "CreatedDate", "LastModifiedDate", NULL
};
static const CrmImportPresetColumn salesforce_columns[] = {
  /* Salesforce's ids: nothing in Rapport has them */
  { "Id", NULL }, { "AccountId", NULL }, { "MasterRecordId", NULL }, { "OwnerId", NULL },
  { "CreatedById", NULL }, { "LastModifiedById", NULL }, { "ReportsToId", NULL }, { "ParentId", NULL },
  { "IsDeleted", NULL }, { "CreatedDate", NULL }, { "LastModifiedDate", NULL }, { "SystemModstamp", NULL },
  { "LastActivityDate", NULL }, { "Salutation", NULL },
  { "FirstName", GIVEN }, { "LastName", FAMILY },
  { "Name", "contacts:name" }, { "Name", "accounts:name" }, { "Name", "leads:person" },
  /* the account by its name, where the export carries it */
  { "Account.Name", COMPANY }, { "Company", "leads:company" },
  { "Title", "title" }, { "Department", "department" }, { "Email", "email" },
  { "MobilePhone", "mobile" }, { "Phone", "phone" }, { "HomePhone", "phone" }, { "OtherPhone", "phone" },
  { "Birthdate", "birthday" }, { "Description", "notes" }, { "AccountNumber", "code" },
  { "BillingStreet", "address" }, { "MailingStreet", "address" }, { "Street", "address" },
  { "Website", "website" },
  { NULL, NULL }
};

/* exports of third parties (societe) and their contacts (socpeople), by field code */
static const char * const dolibarr_signature[] = {
  "s.rowid", "s.nom", "s.name_alias", "s.code_client", "s.code_fournisseur", "s.client", "s.fournisseur",
  "s.tva_intra", "s.siren", "s.siret", "s.zip", "s.town", "s.url", "c.rowid", "c.lastname", "c.firstname",
  "c.poste", "c.phone_mobile", NULL
};
static const CrmImportPresetColumn dolibarr_columns[] = {
  /* Dolibarr's ids: nothing in Rapport has them */
  { "s.rowid", NULL }, { "c.rowid", NULL }, { "s.parent", NULL },
  { "s.status", NULL }, { "c.statut", NULL }, { "s.client", NULL }, { "s.fournisseur", NULL }, { "c.civility", NULL },
  { "s.nom", "accounts:name" }, { "s.nom", "leads:company" }, { "s.code_client", "accounts:code" },
  /* a contact's third party, by code, else by name */
  { "s.code_client", "contacts:account_id" }, { "s.nom", "contacts:account_id" },
  { "c.firstname", GIVEN }, { "c.lastname", FAMILY }, { "c.poste", "title" },
  { "c.phone_mobile", "mobile" }, { "c.phone", "phone" }, { "c.email", "email" },
  { "s.phone", "accounts:phone" }, { "s.phone", "leads:phone" }, { "s.email", "leads:email" },
  { "s.url", "website" }, { "s.address", "accounts:address" },
  { "s.tva_intra", "tax_id" }, { "s.siren", "tax_id" },
  { "s.note_public", "notes" }, { "s.note_private", "notes" },
  { "d.nom", "region" }, { "u.login", "owner_id" },
  { NULL, NULL }
};

/* Rapport's own export: its columns are JSON keys, matched as they are */
static const char * const rapport_signature[] = {
  "id", "version", "created_at", "created_by", "updated_at", "updated_by", "archived", NULL
};
static const CrmImportPresetColumn rapport_columns[] = {
  { NULL, NULL }
};

static const CrmImportPreset presets[] = {
  { "outlook",     N_("Outlook contacts"),         outlook_signature,     4, outlook_columns },
  { "google",      N_("Google Contacts"),          google_signature,      3, google_columns },
  { "yahoo",       N_("Yahoo Contacts"),           yahoo_signature,       5, yahoo_columns },
  { "thunderbird", N_("Thunderbird address book"), thunderbird_signature, 5, thunderbird_columns },
  { "linkedin",    N_("LinkedIn connections"),     linkedin_signature,    6, linkedin_columns },
  { "salesforce",  N_("Salesforce Data Loader"),   salesforce_signature,  4, salesforce_columns },
  { "dolibarr",    N_("Dolibarr export"),          dolibarr_signature,    3, dolibarr_columns },
  { "rapport",     N_("Rapport"),                  rapport_signature,     3, rapport_columns },
};

/**
 * crm_import_column_normalise:
 * @column: a header's name
 *
 * Returns: (transfer full): @column as names are compared: casefolded,
 *   without spaces, '-', '_', '.', '/', '*', ':', '!' and '\''
 */
char *
crm_import_column_normalise (const char *column)
{
  g_autofree char *folded = NULL;
  GString *out;

  g_return_val_if_fail (column != NULL, NULL);

  folded = g_utf8_casefold (column, -1);
  out = g_string_new (NULL);
  for (const char *p = folded; *p; p++)
    if (strchr (" \t-_./*:!'", *p) == NULL)
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/**
 * crm_import_presets_get:
 * @n_presets: (out): how many there are
 *
 * Returns: (transfer none) (array length=n_presets): every preset
 */
const CrmImportPreset *
crm_import_presets_get (guint *n_presets)
{
  g_return_val_if_fail (n_presets != NULL, NULL);

  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

/**
 * crm_import_preset_lookup:
 * @name: a preset's name
 *
 * Returns: (transfer none) (nullable): the preset, or %NULL for no such name
 */
const CrmImportPreset *
crm_import_preset_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint p = 0; p < G_N_ELEMENTS (presets); p++)
    if (g_str_equal (presets[p].name, name))
      return &presets[p];
  return NULL;
}

/* how many of the preset's signature columns @header has */
static guint
score (const CrmImportPreset *preset,
       GStrv                  normal)
{
  guint found = 0;

  for (guint s = 0; preset->signature[s]; s++)
    {
      g_autofree char *wanted = crm_import_column_normalise (preset->signature[s]);

      if (g_strv_contains ((const char * const *) normal, wanted))
        found++;
    }
  return found;
}

/**
 * crm_import_preset_recognise:
 * @header: a file's header row
 *
 * Returns: (transfer none) (nullable): the preset with the most of its
 *   signature columns in @header, at least its minimum; %NULL for a file of
 *   no known origin
 */
const CrmImportPreset *
crm_import_preset_recognise (const char * const *header)
{
  g_auto(GStrv) normal = NULL;
  const CrmImportPreset *best = NULL;
  guint best_score = 0;
  guint n;

  g_return_val_if_fail (header != NULL, NULL);

  n = g_strv_length ((GStrv) header);
  normal = g_new0 (char *, n + 1);
  for (guint c = 0; c < n; c++)
    normal[c] = crm_import_column_normalise (header[c]);
  for (guint p = 0; p < G_N_ELEMENTS (presets); p++)
    {
      guint found = score (&presets[p], normal);

      if (found >= presets[p].min_signature && found > best_score)
        {
          best = &presets[p];
          best_score = found;
        }
    }
  return best;
}

/**
 * crm_import_preset_get_label:
 * @preset: a preset
 *
 * Returns: (transfer none): its label, in the thread's language
 */
const char *
crm_import_preset_get_label (const CrmImportPreset *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, preset->label);
}

/**
 * crm_import_preset_ignores:
 * @preset: (nullable): the file's preset
 * @column: a header's name
 *
 * Returns: whether @preset says to ignore @column, whatever its name would
 *   match: Salesforce's "Id" is not the id of a Rapport record
 */
gboolean
crm_import_preset_ignores (const CrmImportPreset *preset,
                           const char            *column)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (column != NULL, FALSE);

  if (preset == NULL)
    return FALSE;
  normal = crm_import_column_normalise (column);
  for (guint r = 0; preset->columns[r].column; r++)
    {
      g_autofree char *name = crm_import_column_normalise (preset->columns[r].column);

      if (g_str_equal (name, normal))
        return preset->columns[r].target == NULL;
    }
  return FALSE;
}
