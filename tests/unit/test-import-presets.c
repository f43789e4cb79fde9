/* test-import-presets.c: the common exports recognised by their header, none where a file is of no known origin,
 * and other systems' ids (Salesforce's Id and AccountId, Dolibarr's rowid) never taken for Rapport's */
#include "crm-import-presets.h"
#include "crm-import-mapping.h"
#include "crm-entities.h"

static const struct
{
  const char *header;
  const char *preset;
} headers[] = {
  { "First Name,Middle Name,Last Name,Company,Job Title,Business Street,Business Phone,Mobile Phone,E-mail Address,"
    "E-mail Display Name", "outlook" },
  { "First Name,Middle Name,Last Name,Nickname,File As,Organization Name,Organization Title,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value", "google" },
  { "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Organization 1 - Name", "google" },
  { "First,Middle,Last,Nickname,Email,Category,Distribution Lists,Yahoo! ID,Home,Work,Mobile,Comments", "yahoo" },
  { "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,Work Phone,Mobile Number,"
    "Job Title,Department,Organization,Notes", "thunderbird" },
  { "First Name,Last Name,URL,Email Address,Company,Position,Connected On", "linkedin" },
  /* before LinkedIn added the profile's address */
  { "First Name,Last Name,Email Address,Company,Position,Connected On", "linkedin" },
  { "Id,AccountId,LastName,FirstName,Name,Title,Email,Phone,MobilePhone,OwnerId", "salesforce" },
  { "ID,NAME,ACCOUNTNUMBER,PHONE,WEBSITE,INDUSTRY,BILLINGSTREET,OWNERID", "salesforce" },
  { "s.rowid,s.nom,s.code_client,s.phone,s.url", "dolibarr" },
  { "c.rowid,c.lastname,c.firstname,c.poste,c.email,s.nom", "dolibarr" },
  { "id,version,created_at,updated_at,name,code,owner_login", "rapport" },
  /* files of no known origin */
  { "name,email,phone", NULL },
  { "First Name,Last Name,Email Address,Company", NULL },
  { "姓名,公司,手机,邮箱", NULL },
  { "Id,Name,Email", NULL },
};

static void
test_recognise (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_auto(GStrv) header = g_strsplit (headers[i].header, ",", -1);
      const CrmImportPreset *preset = crm_import_preset_recognise ((const char * const *) header);

      g_test_message ("%s", headers[i].header);
      g_assert_cmpstr (preset ? preset->name : NULL, ==, headers[i].preset);
    }
}

static void
test_lookup (void)
{
  guint n = 0;
  const CrmImportPreset *presets = crm_import_presets_get (&n);

  g_assert_cmpuint (n, ==, 8);
  for (guint p = 0; p < n; p++)
    {
      g_assert_true (crm_import_preset_lookup (presets[p].name) == &presets[p]);
      g_assert_cmpstr (crm_import_preset_get_label (&presets[p]), !=, "");
      g_assert_cmpuint (presets[p].min_signature, <=, g_strv_length ((GStrv) presets[p].signature));
    }
  g_assert_null (crm_import_preset_lookup ("lotus-notes"));
  g_assert_null (crm_import_preset_lookup ("LinkedIn"));
}

/* the field a column fills, by the column's name; NULL where it is ignored */
static const char *
field_of (CrmImportMapping   *mapping,
          const char * const *header,
          const char         *column)
{
  for (guint c = 0; header[c]; c++)
    if (g_str_equal (header[c], column))
      {
        const CrmFieldSpec *spec = crm_import_mapping_column_field (mapping, c);

        return spec ? crm_field_spec_get_json_key (spec) : NULL;
      }
  g_assert_not_reached ();
}

static void
test_foreign_ids (void)
{
  const char * const header[] = { "Id", "AccountId", "OwnerId", "LastName", "Name", "Account.Name", "Email", NULL };
  const char * const dolibarr[] = { "c.rowid", "s.rowid", "s.nom", "s.code_client", "c.lastname", NULL };
  const char * const collections[] = { "contacts", "accounts", "leads" };
  const CrmImportPreset *salesforce = crm_import_preset_lookup ("salesforce");

  g_assert_true (crm_import_preset_recognise (header) == salesforce);
  g_assert_true (crm_import_preset_ignores (salesforce, "Id"));
  g_assert_true (crm_import_preset_ignores (salesforce, "ID"));
  g_assert_true (crm_import_preset_ignores (salesforce, "AccountId"));
  g_assert_false (crm_import_preset_ignores (salesforce, "Email"));
  g_assert_false (crm_import_preset_ignores (NULL, "Id"));
  g_assert_true (crm_import_preset_ignores (crm_import_preset_lookup ("dolibarr"), "s.rowid"));
  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    {
      CrmEntityClass *klass = g_type_class_ref (crm_entities_lookup_collection (collections[i]));
      g_autoptr(CrmImportMapping) mapping = crm_import_mapping_new (klass, header);
      g_autoptr(CrmImportMapping) from_dolibarr = crm_import_mapping_new (klass, dolibarr);

      g_test_message ("%s", collections[i]);
      g_assert_null (field_of (mapping, header, "Id"));
      g_assert_null (field_of (mapping, header, "AccountId"));
      g_assert_null (field_of (mapping, header, "OwnerId"));
      /* an account has no email */
      g_assert_cmpstr (field_of (mapping, header, "Email"), ==,
                       crm_entity_class_find_json_key (klass, "email") >= 0 ? "email" : NULL);
      g_assert_null (field_of (from_dolibarr, dolibarr, "c.rowid"));
      g_assert_null (field_of (from_dolibarr, dolibarr, "s.rowid"));
      g_type_class_unref (klass);
    }

  /* a contact's account by the name the export carries, never by Salesforce's id */
  {
    CrmEntityClass *klass = g_type_class_ref (crm_entities_lookup_collection ("contacts"));
    g_autoptr(CrmImportMapping) mapping = crm_import_mapping_new (klass, header);
    g_autoptr(CrmImportMapping) generic = crm_import_mapping_new_with_preset (klass, header, NULL);

    g_assert_cmpstr (field_of (mapping, header, "Name"), ==, "name");
    g_assert_cmpstr (field_of (mapping, header, "Account.Name"), ==, "account_id");
    /* what the generic names alone would have done */
    g_assert_cmpstr (field_of (generic, header, "AccountId"), ==, "account_id");
    g_assert_cmpstr (field_of (generic, header, "OwnerId"), ==, "owner_id");
    g_type_class_unref (klass);
  }
}

/* a preset forced on a file it would not be recognised in */
static void
test_forced (void)
{
  const char * const header[] = { "First Name", "Last Name", "Company", "Position", "URL", NULL };
  CrmEntityClass *klass = g_type_class_ref (crm_entities_lookup_collection ("accounts"));
  g_autoptr(CrmImportMapping) generic = crm_import_mapping_new (klass, header);
  g_autoptr(CrmImportMapping) linkedin = crm_import_mapping_new_with_preset (klass, header,
                                                                             crm_import_preset_lookup ("linkedin"));

  g_assert_null (crm_import_preset_recognise (header));
  /* a LinkedIn profile is no company's website */
  g_assert_cmpstr (field_of (generic, header, "URL"), ==, "website");
  g_assert_null (field_of (linkedin, header, "URL"));
  g_assert_cmpstr (field_of (linkedin, header, "Company"), ==, "name");
  g_type_class_unref (klass);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-presets/recognise", test_recognise);
  g_test_add_func ("/import-presets/lookup", test_lookup);
  g_test_add_func ("/import-presets/foreign-ids", test_foreign_ids);
  g_test_add_func ("/import-presets/forced", test_forced);
  return g_test_run ();
}
