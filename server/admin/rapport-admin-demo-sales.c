/* rapport-admin-demo-sales.c: a demo catalog and quotes for the demo accounts, through the repository */
#include "rapport-admin-demo.h"
#include "rapportd-repo.h"
#include "crm-document-line.h"
#include "crm-product.h"
#include "crm-quote.h"

static const struct
{
  const char *code;
  const char *name;
  const char *specification;
  const char *unit;
  const char *price;
  const char *category;
} catalog[] = {
  { "MON-1201", "多参数监护仪",   "12 英寸彩屏, 6 参数",  "台", "28600.00", "Monitoring" },
  { "MON-0801", "便携式监护仪",   "8 英寸, 3 参数",       "台", "9800.00",  "Monitoring" },
  { "INF-2000", "输液泵",         "单通道, 0.1–1200 ml/h", "台", "7450.00",  "Infusion" },
  { "INF-2100", "注射泵",         "双通道",               "台", "8920.00",  "Infusion" },
  { "VEN-5000", "ICU 呼吸机",     "有创/无创, 高流量氧疗", "台", "186000.00", "Ventilation" },
  { "ECG-1200", "十二导联心电图机", "热敏打印, 自动分析",  "台", "15800.00", "Diagnostics" },
  { "ULS-3000", "彩色多普勒超声",  "便携式, 3 探头",       "台", "238000.00", "Imaging" },
  { "CON-0101", "一次性血氧探头",  "成人, 指夹式",         "个", "38.50",    "Consumables" },
  { "CON-0202", "心电电极片",     "50 片/包",             "包", "26.80",    "Consumables" },
  { "SRV-0001", "安装调试服务",    "现场, 每台",           "次", "1200.00",  "Service" },
  { "SRV-0012", "延保服务",       "12 个月",              "年", "4800.00",  "Service" },
};

static const char * const discounts[] = { "0", "0", "5", "8", "12", "15", "30" };

static CrmEntity *
demo_line (GRand     *rand,
           CrmEntity *product)
{
  CrmEntity *line = crm_entity_new (CRM_TYPE_DOCUMENT_LINE);
  g_autofree char *quantity = g_strdup_printf ("%d", g_rand_int_range (rand, 1, 6));

  crm_entity_set_int (line, "product", crm_entity_get_id (product));
  crm_entity_set_text (line, "description", crm_entity_get_text (product, "name"));
  crm_entity_set_text (line, "unit", crm_entity_get_text (product, "unit"));
  crm_entity_set_money (line, "quantity", crm_money_new (g_ascii_strtoll (quantity, NULL, 10), 0));
  crm_entity_set_money (line, "unit_price", crm_entity_get_money (product, "list_price"));
  crm_entity_set_money (line, "tax_rate", crm_money_new (13, 0));
  crm_entity_set_money (line, "discount", crm_money_new (g_ascii_strtoll (discounts[g_rand_int_range (rand, 0, G_N_ELEMENTS (discounts))], NULL, 10), 0));
  return line;
}

/**
 * rapport_admin_demo_sales:
 * @db: a connection inside a transaction
 * @actor: who creates (the system)
 * @rand: the demo's generator
 * @accounts: (element-type gint64): ids of accounts to quote for, with their owners
 * @owners: the owner of each account, same order
 * @error: return location for a #GError
 *
 * Adds the catalog once, and a draft quote of one to four lines for each
 * account given.
 */
gboolean
rapport_admin_demo_sales (RapportdDb           *db,
                          const RapportdActor  *actor,
                          GRand                *rand,
                          GArray               *accounts,
                          GArray               *owners,
                          GError              **error)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportdSql) count = rapportd_sql_new ("SELECT COUNT(*) FROM products");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, count, error);

  if (result == NULL)
    return FALSE;
  if (g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) > 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (catalog); i++)
    {
      g_autoptr(CrmEntity) product = crm_entity_new (CRM_TYPE_PRODUCT);
      CrmEntity *stored;
      CrmMoney price;

      if (!crm_money_parse (catalog[i].price, 4, &price, error))
        return FALSE;
      crm_entity_set_text (product, "code", catalog[i].code);
      crm_entity_set_text (product, "name", catalog[i].name);
      crm_entity_set_text (product, "specification", catalog[i].specification);
      crm_entity_set_text (product, "unit", catalog[i].unit);
      crm_entity_set_money (product, "list_price", price);
      crm_entity_set_text (product, "currency", "CNY");
      crm_entity_set_money (product, "tax_rate", crm_money_new (13, 0));
      crm_entity_set_text (product, "category", catalog[i].category);
      crm_entity_set_bool (product, "active", TRUE);
      if ((stored = rapportd_repo_create (db, actor, product, error)) == NULL)
        return FALSE;
      g_ptr_array_add (products, stored);
    }
  for (guint a = 0; a < accounts->len; a++)
    {
      g_autoptr(CrmEntity) quote = crm_entity_new (CRM_TYPE_QUOTE);
      g_autoptr(CrmEntity) stored = NULL;
      GPtrArray *lines = g_ptr_array_new_with_free_func (g_object_unref);
      guint n_lines = g_rand_int_range (rand, 1, 5);

      for (guint l = 0; l < n_lines; l++)
        g_ptr_array_add (lines, demo_line (rand, products->pdata[g_rand_int_range (rand, 0, products->len)]));
      crm_entity_set_int (quote, "account", g_array_index (accounts, gint64, a));
      crm_entity_set_int (quote, "owner", g_array_index (owners, gint64, a));
      crm_entity_set_text (quote, "currency", "CNY");
      crm_entity_set_text (quote, "pricing", "exclusive");
      crm_entity_set_text (quote, "template", "zh_CN");
      crm_entity_set_text (quote, "terms", "1. 报价有效期 30 天。\n2. 合同签订后预付 30%，验收后 30 日内付清余款。\n3. 质保期一年。");
      crm_entity_set_lines (quote, lines);
      if ((stored = rapportd_repo_create (db, actor, quote, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}
