/* test-translations.c: words with two Chinese translations get the right one by their gettext context */
#include <libintl.h>
#include <locale.h>

#include <gio/gio.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-user.h"
#include "crm-workflow-definition.h"

static const CrmFieldSpec *
field (GType       type,
       const char *name)
{
  CrmEntityClass *klass = g_type_class_ref (type);
  int index = crm_entity_class_find_field (klass, name);
  const CrmFieldSpec *spec;

  g_assert_cmpint (index, >=, 0);
  spec = &klass->fields[index];
  g_type_class_unref (klass);
  return spec;
}

/* compiles the locale into a private directory: no root, no system change */
static void
use_locale (const char *lang)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-locale-XXXXXX", NULL);
  g_autofree char *name = g_strdup_printf ("%s.UTF-8", lang);
  g_autofree char *target = g_build_filename (dir, name, NULL);
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                     NULL, "localedef", "-c", "-i", lang, "-f", "UTF-8", target, NULL);

  g_assert_nonnull (process);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));
  g_setenv ("LOCPATH", dir, TRUE);
  g_setenv ("LC_ALL", name, TRUE);
  g_assert_nonnull (setlocale (LC_ALL, ""));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

static void
test_english (void)
{
  /* a context changes nothing where there is no translation */
  g_assert_cmpstr (crm_field_spec_get_label (field (CRM_TYPE_USER, "name")), ==, "Name");
  g_assert_cmpstr (crm_field_spec_enum_label (field (CRM_TYPE_USER, "role"), "finance"), ==, "Finance");
  g_assert_cmpstr (crm_field_spec_enum_label (field (CRM_TYPE_ACCOUNT, "lifecycle_stage"), "customer"), ==, "Customer");
  g_assert_cmpstr (crm_workflow_trigger_label ("submit"), ==, "Submit");
}

static void
test_chinese (void)
{
  use_locale ("zh_CN");

  /* a person's name, a thing's name */
  g_assert_cmpstr (crm_field_spec_get_label (field (CRM_TYPE_USER, "name")), ==, "姓名");
  g_assert_cmpstr (crm_field_spec_get_label (field (CRM_TYPE_CONTACT, "name")), ==, "姓名");
  g_assert_cmpstr (crm_field_spec_get_label (field (CRM_TYPE_ACCOUNT, "name")), ==, "名称");
  /* the finance role, the finance industry */
  g_assert_cmpstr (crm_field_spec_enum_label (field (CRM_TYPE_USER, "role"), "finance"), ==, "财务");
  g_assert_cmpstr (crm_field_spec_enum_label (field (CRM_TYPE_ACCOUNT, "industry"), "finance"), ==, "金融");
  /* the manager role, a user's manager */
  g_assert_cmpstr (crm_field_spec_enum_label (field (CRM_TYPE_USER, "role"), "manager"), ==, "经理");
  g_assert_cmpstr (crm_field_spec_get_label (field (CRM_TYPE_USER, "manager")), ==, "上级");
  g_assert_cmpstr (crm_field_spec_get_label (field (CRM_TYPE_USER, "role")), ==, "角色");
  /* an account that has bought is a 成交客户 */
  g_assert_cmpstr (crm_field_spec_enum_label (field (CRM_TYPE_ACCOUNT, "lifecycle_stage"), "customer"), ==, "成交客户");
  /* the steps of a record's life that start an approval */
  g_assert_cmpstr (crm_workflow_trigger_label ("submit"), ==, "提交");
  g_assert_cmpstr (crm_workflow_trigger_label ("confirm"), ==, "确认");
  g_assert_cmpstr (crm_workflow_trigger_label ("activate"), ==, "生效");
  /* the approvals section is the inbox, not a record of approvals */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Approvals"), ==, "审批");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Name (required)"), ==, "名称（必填）");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "person", "Name (required)"), ==, "姓名（必填）");

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");

  g_test_add_func ("/translations/english", test_english);
  g_test_add_func ("/translations/chinese", test_chinese);
  return g_test_run ();
}
