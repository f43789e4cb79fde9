/* test-dedup.c: the keys of duplicate checks: company names, mobiles, emails */
#include "crm-dedup.h"

typedef struct
{
  const char *name;
  const char *key;
} Case;

static const Case company_cases[] = {
  /* Chinese legal forms */
  { "康泰医疗器械有限公司", "康泰医疗器械" },
  { "康泰医疗器械有限责任公司", "康泰医疗器械" },
  { "康泰医疗器械股份有限公司", "康泰医疗器械" },
  { "康泰医疗器械集团有限公司", "康泰医疗器械" },
  { "康泰医疗器械集团股份有限公司", "康泰医疗器械" },
  { "康泰医疗器械集团", "康泰医疗器械" },
  { "康泰医疗器械公司", "康泰医疗器械" },
  { "康泰医疗器械股份公司", "康泰医疗器械" },
  { "康泰医疗器械总公司", "康泰医疗器械" },
  { "康泰医疗器械", "康泰医疗器械" },
  { "康泰集团有限公司", "康泰" },
  /* leading places, with and without 省/市 */
  { "上海康泰医疗器械有限公司", "康泰医疗器械" },
  { "上海市康泰医疗器械有限公司", "康泰医疗器械" },
  { "北京康泰医疗器械有限公司", "康泰医疗器械" },
  { "北京市康泰医疗器械有限公司", "康泰医疗器械" },
  { "广东省康泰医疗器械有限公司", "康泰医疗器械" },
  { "广东省深圳市康泰医疗器械有限公司", "康泰医疗器械" },
  { "深圳康泰医疗器械有限公司", "康泰医疗器械" },
  { "深圳市康泰医疗器械有限公司", "康泰医疗器械" },
  { "广西壮族自治区康泰医疗器械有限公司", "康泰医疗器械" },
  { "新疆康泰医疗器械有限公司", "康泰医疗器械" },
  { "香港康泰医疗器械有限公司", "康泰医疗器械" },
  { "黑龙江省哈尔滨市康泰医疗器械有限公司", "康泰医疗器械" },
  { "中国平安保险集团股份有限公司", "平安保险" },
  /* bracketed places, wherever they stand */
  { "康泰医疗器械（上海）有限公司", "康泰医疗器械" },
  { "康泰医疗器械(上海)有限公司", "康泰医疗器械" },
  { "康泰医疗器械（上海市）有限公司", "康泰医疗器械" },
  { "康泰医疗器械【上海】有限公司", "康泰医疗器械" },
  { "康泰医疗器械有限公司（上海）", "康泰医疗器械" },
  { "康泰（深圳）医疗器械有限公司", "康泰医疗器械" },
  { "（上海）康泰医疗器械有限公司", "康泰医疗器械" },
  { "康泰医疗器械（中国）有限公司", "康泰医疗器械" },
  /* a bracketed text that is no place stays, without its brackets */
  { "康泰（医疗）器械有限公司", "康泰医疗器械" },
  /* branches */
  { "康泰医疗器械有限公司上海分公司", "康泰医疗器械" },
  { "上海康泰医疗器械有限公司北京分公司", "康泰医疗器械" },
  { "康泰医疗器械分公司", "康泰医疗器械" },
  /* nothing is dropped that would leave nothing */
  { "公司", "公司" },
  { "上海", "上海" },
  { "上海公司", "上海" },
  { "有限公司", "有限公司" },
  /* a place inside the name is part of it */
  { "康泰上海医疗器械有限公司", "康泰上海医疗器械" },
  /* spaces and punctuation */
  { "  康泰 医疗器械  有限公司 ", "康泰医疗器械" },
  { "康泰·医疗器械有限公司", "康泰医疗器械" },
  { "康泰-医疗器械,有限公司。", "康泰医疗器械" },
  /* full-width letters and digits */
  { "ＡＢＣ科技有限公司", "abc科技" },
  { "ABC科技有限公司", "abc科技" },
  { "上海１２３科技有限公司", "123科技" },
  { "３６０安全科技股份有限公司", "360安全科技" },
  /* English legal forms */
  { "Kangtai Medical Devices Co., Ltd", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Co., Ltd.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Co.,Ltd.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Co Ltd", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Company Limited", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Limited", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Ltd.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Inc.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices, Incorporated", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices LLC", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices L.L.C.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices GmbH", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices AG", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices S.A.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices PLC", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Corp.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Corporation", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Group Co., Ltd.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices Pte. Ltd.", "kangtaimedicaldevices" },
  /* English places, leading or bracketed */
  { "Shanghai Kangtai Medical Devices Co., Ltd.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices (Shanghai) Co., Ltd.", "kangtaimedicaldevices" },
  { "Kangtai Medical Devices (China) Co., Ltd.", "kangtaimedicaldevices" },
  { "Beijing Kangtai Co., Ltd.", "kangtai" },
  /* mixed case, full-width Latin */
  { "KANGTAI MEDICAL DEVICES CO., LTD.", "kangtaimedicaldevices" },
  { "kangtai medical devices co., ltd.", "kangtaimedicaldevices" },
  { "Ｋａｎｇｔａｉ Ｍｅｄｉｃａｌ Ｄｅｖｉｃｅｓ Ｃｏ．， Ｌｔｄ．", "kangtaimedicaldevices" },
  /* a form word inside a name is part of it */
  { "Limited Brands Inc.", "limitedbrands" },
  { "Visa Inc.", "visa" },
  { "Company", "company" },
  { "Co", "co" },
  { "Smith & Co.", "smith" },
  { "AT&T Inc.", "att" },
  { "", "" },
  { "（上海）", "上海" },
  { "...", "" },
};

static void
test_company_keys (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (company_cases), >=, 60);
  for (guint i = 0; i < G_N_ELEMENTS (company_cases); i++)
    {
      g_autofree char *key = crm_dedup_company_key (company_cases[i].name);

      g_test_message ("%s", company_cases[i].name);
      g_assert_cmpstr (key, ==, company_cases[i].key);
    }
}

/* the three spellings the duplicate check must bring together */
static void
test_company_spellings (void)
{
  g_autofree char *a = crm_dedup_company_key ("上海康泰医疗器械有限公司");
  g_autofree char *b = crm_dedup_company_key ("康泰医疗器械（上海）有限公司");
  g_autofree char *pa = crm_dedup_company_pinyin_key ("上海康泰医疗器械有限公司");
  g_autofree char *pb = crm_dedup_company_pinyin_key ("Kangtai Yiliao Qixie Co., Ltd.");
  g_autofree char *pc = crm_dedup_company_pinyin_key ("Kangtai Medical Devices Co., Ltd");
  g_autofree char *ta = crm_dedup_trade_name_key ("上海康泰医疗器械有限公司");
  g_autofree char *tb = crm_dedup_trade_name_key ("康泰医疗器械（上海）有限公司");
  g_autofree char *tc = crm_dedup_trade_name_key ("Kangtai Medical Devices Co., Ltd");
  g_autofree char *td = crm_dedup_trade_name_key ("Shanghai Kangtai Medical Devices Co., Ltd");
  g_autofree char *other = crm_dedup_trade_name_key ("华为技术有限公司");
  g_autofree char *short_latin = crm_dedup_trade_name_key ("AB Medical");
  g_autofree char *one_han = crm_dedup_trade_name_key ("康");

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (pa, ==, "kangtaiyiliaoqixie");
  g_assert_cmpstr (pb, ==, pa);
  g_assert_cmpstr (pc, ==, "kangtaimedicaldevices");
  g_assert_cmpstr (ta, ==, "kangtai");
  g_assert_cmpstr (tb, ==, "kangtai");
  g_assert_cmpstr (tc, ==, "kangtai");
  g_assert_cmpstr (td, ==, "kangtai");
  g_assert_cmpstr (other, ==, "huawei");
  g_assert_null (short_latin);
  g_assert_null (one_han);
}

static const Case mobile_cases[] = {
  { "13812345678", "13812345678" },
  { "138 1234 5678", "13812345678" },
  { "138-1234-5678", "13812345678" },
  { "138.1234.5678", "13812345678" },
  { "(138) 1234 5678", "13812345678" },
  { "+86 138 1234 5678", "13812345678" },
  { "+86-13812345678", "13812345678" },
  { "0086 13812345678", "13812345678" },
  { "008613812345678", "13812345678" },
  { "8613812345678", "13812345678" },
  { "+8613812345678", "13812345678" },
  { "１３８１２３４５６７８", "13812345678" },
  { "+86 (0)138 1234 5678", "013812345678" },
  /* other numbers: the country code becomes the trunk zero */
  { "021-6234 5678", "02162345678" },
  { "+86 21 6234 5678", "02162345678" },
  { "0086 21 62345678", "02162345678" },
  { "62345678", "62345678" },
  /* a bare 86 before a short number is part of it */
  { "86123456", "86123456" },
  { "+1 415 555 0100", "14155550100" },
  { "138 1234 5678 ext 2", NULL },
  { "1234", NULL },
  { "", NULL },
  { "phone", NULL },
};

static void
test_mobile_keys (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (mobile_cases); i++)
    {
      g_autofree char *key = crm_dedup_mobile_key (mobile_cases[i].name);

      g_test_message ("%s", mobile_cases[i].name);
      g_assert_cmpstr (key, ==, mobile_cases[i].key);
    }
}

static const Case email_cases[] = {
  { "li.wei@kangtai.cn", "li.wei@kangtai.cn" },
  { "  Li.Wei@KangTai.CN ", "li.wei@kangtai.cn" },
  { "LI.WEI@KANGTAI.CN", "li.wei@kangtai.cn" },
  { "ｌｉ@kangtai.cn", "li@kangtai.cn" },
  /* Gmail's dots are kept: another domain's dots matter */
  { "li.wei@gmail.com", "li.wei@gmail.com" },
  { "liwei@gmail.com", "liwei@gmail.com" },
  { "li.wei", NULL },
  { "@kangtai.cn", NULL },
  { "li@", NULL },
  { "", NULL },
};

static void
test_email_keys (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (email_cases); i++)
    {
      g_autofree char *key = crm_dedup_email_key (email_cases[i].name);

      g_test_message ("%s", email_cases[i].name);
      g_assert_cmpstr (key, ==, email_cases[i].key);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dedup/company-keys", test_company_keys);
  g_test_add_func ("/dedup/company-spellings", test_company_spellings);
  g_test_add_func ("/dedup/mobile-keys", test_mobile_keys);
  g_test_add_func ("/dedup/email-keys", test_email_keys);
  return g_test_run ();
}
