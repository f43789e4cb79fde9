/* crm-render-labels.c: the words printed on documents, in the document's language */
#include "crm-render-labels.h"

#include <glib/gi18n-lib.h>

/* A document is printed in its template's language, not in the language of
 * whoever renders it (the server renders for customers in either language),
 * so the labels live in one table with a column per language instead of going
 * through gettext. The English column is still marked for extraction so that
 * translators see the words and the client can show them. */
static const struct
{
  const char *en;
  const char *zh_CN;
} labels[] = {
  [CRM_RENDER_LABEL_QUOTE]                   = { N_("Quote"),                 "报价单" },
  [CRM_RENDER_LABEL_SALES_ORDER]             = { N_("Sales order"),           "销售订单" },
  [CRM_RENDER_LABEL_CONTRACT]                = { N_("Contract"),              "销售合同" },

  /* TRANSLATORS: %u is the revision number of a document */
  [CRM_RENDER_LABEL_REVISION_FMT]            = { N_("Revision %u"),           "第 %u 版" },
  /* TRANSLATORS: page footer of a printed document */
  [CRM_RENDER_LABEL_PAGE_FMT]                = { N_("Page %u of %u"),         "第 %u 页，共 %u 页" },
  /* TRANSLATORS: printed on every page of a reprinted old revision */
  [CRM_RENDER_LABEL_REPRINT_FMT]             = { N_("Reprint of revision %u, which has been superseded. "
                                                    "Not valid for acceptance."),
                                                 "重印件：第 %u 版已被新版本取代，不作为有效文件签署。" },

  [CRM_RENDER_LABEL_SUPPLIER]                = { N_("Supplier"),              "供方" },
  [CRM_RENDER_LABEL_CUSTOMER]                = { N_("Customer"),              "需方" },
  [CRM_RENDER_LABEL_CONTACT]                 = { N_("Contact"),               "联系人" },
  [CRM_RENDER_LABEL_TAX_ID]                  = { N_("Tax ID"),                "纳税人识别号" },
  [CRM_RENDER_LABEL_BANK]                    = { N_("Bank"),                  "开户银行" },
  [CRM_RENDER_LABEL_ACCOUNT]                 = { N_("Account"),               "账号" },
  [CRM_RENDER_LABEL_ISSUE_DATE]              = { N_("Issue date"),            "日期" },
  [CRM_RENDER_LABEL_VALID_UNTIL]             = { N_("Valid until"),           "有效期至" },
  [CRM_RENDER_LABEL_DELIVERY_DATE]           = { N_("Delivery date"),         "交货日期" },
  [CRM_RENDER_LABEL_START_DATE]              = { N_("Start date"),            "生效日期" },
  [CRM_RENDER_LABEL_END_DATE]                = { N_("End date"),              "终止日期" },
  [CRM_RENDER_LABEL_PAYMENT_TERMS]           = { N_("Payment terms"),         "付款条件" },
  [CRM_RENDER_LABEL_CUSTOMER_REFERENCE]      = { N_("Your reference"),        "客户参考号" },
  [CRM_RENDER_LABEL_SALES_REPRESENTATIVE]    = { N_("Sales representative"),  "销售代表" },
  [CRM_RENDER_LABEL_CURRENCY]                = { N_("Currency"),              "币种" },

  /* TRANSLATORS: column header: line number */
  [CRM_RENDER_LABEL_COLUMN_INDEX]            = { N_("No."),                   "序号" },
  [CRM_RENDER_LABEL_COLUMN_CODE]             = { N_("Code"),                  "编码" },
  [CRM_RENDER_LABEL_COLUMN_DESCRIPTION]      = { N_("Description"),           "名称及规格" },
  /* TRANSLATORS: column header: quantity */
  [CRM_RENDER_LABEL_COLUMN_QUANTITY]         = { N_("Qty"),                   "数量" },
  [CRM_RENDER_LABEL_COLUMN_UNIT]             = { N_("Unit"),                  "单位" },
  [CRM_RENDER_LABEL_COLUMN_UNIT_PRICE]       = { N_("Unit price"),            "单价" },
  [CRM_RENDER_LABEL_COLUMN_UNIT_PRICE_GROSS] = { N_("Unit price incl. tax"),  "含税单价" },
  [CRM_RENDER_LABEL_COLUMN_DISCOUNT]         = { N_("Discount"),              "折扣" },
  [CRM_RENDER_LABEL_COLUMN_TAX_RATE]         = { N_("Tax rate"),              "税率" },
  /* TRANSLATORS: column header: amount before tax */
  [CRM_RENDER_LABEL_COLUMN_NET]              = { N_("Net"),                   "金额" },
  [CRM_RENDER_LABEL_COLUMN_TAX]              = { N_("Tax"),                   "税额" },
  /* TRANSLATORS: column header: amount including tax */
  [CRM_RENDER_LABEL_COLUMN_GROSS]            = { N_("Gross"),                 "价税合计" },

  [CRM_RENDER_LABEL_SUBTOTAL_THIS_PAGE]      = { N_("Subtotal this page"),    "本页小计" },
  [CRM_RENDER_LABEL_NET_TOTAL]               = { N_("Net total"),             "不含税合计" },
  /* TRANSLATORS: %s is a tax rate such as "13%" */
  [CRM_RENDER_LABEL_TAX_FMT]                 = { N_("Tax %s"),                "税额 %s" },
  /* TRANSLATORS: %s is a currency code such as "CNY" */
  [CRM_RENDER_LABEL_TOTAL_FMT]               = { N_("Total (%s)"),            "价税合计（%s）" },
  /* TRANSLATORS: %s is the company's base currency code */
  [CRM_RENDER_LABEL_BASE_TOTAL_FMT]          = { N_("Total in %s"),           "折合%s" },
  [CRM_RENDER_LABEL_AMOUNT_IN_WORDS]         = { N_("Amount in words"),       "大写金额" },

  [CRM_RENDER_LABEL_TERMS]                   = { N_("Terms and conditions"),  "条款与条件" },
  [CRM_RENDER_LABEL_APPROVALS]               = { N_("Approvals"),             "审批记录" },
  [CRM_RENDER_LABEL_ROLE]                    = { N_("Role"),                  "职务" },
  /* TRANSLATORS: what an approver's signature means, e.g. "Price approved" */
  [CRM_RENDER_LABEL_MEANING]                 = { N_("Meaning"),               "签署含义" },
  [CRM_RENDER_LABEL_SIGNED_AT_UTC]           = { N_("Signed (UTC)"),          "签署时间（UTC）" },
  [CRM_RENDER_LABEL_SIGNATURE]               = { N_("Signature"),             "签字" },
  [CRM_RENDER_LABEL_NAME]                    = { N_("Name"),                  "姓名" },
  [CRM_RENDER_LABEL_DATE]                    = { N_("Date"),                  "日期" },
  [CRM_RENDER_LABEL_STAMP]                   = { N_("Company stamp"),         "盖章" },

  /* TRANSLATORS: the watermark across every page of a draft document */
  [CRM_RENDER_LABEL_DRAFT]                   = { N_("DRAFT"),                 "草稿" },
  [CRM_RENDER_LABEL_SUBJECT]                 = { N_("Subject"),               "主题" },
  /* TRANSLATORS: column header of a document's approvals: who signed */
  [CRM_RENDER_LABEL_APPROVER]                = { N_("Approver"),              "审批人" },

  [CRM_RENDER_LABEL_ROLE_ADMIN]              = { NC_("role", "Administrator"), "管理员" },
  [CRM_RENDER_LABEL_ROLE_DIRECTOR]           = { NC_("role", "Director"),     "总监" },
  [CRM_RENDER_LABEL_ROLE_MANAGER]            = { NC_("role", "Manager"),      "经理" },
  [CRM_RENDER_LABEL_ROLE_SALES]              = { NC_("role", "Sales"),        "销售" },
  [CRM_RENDER_LABEL_ROLE_SERVICE]            = { NC_("role", "Service"),      "客服" },
  [CRM_RENDER_LABEL_ROLE_FINANCE]            = { NC_("role", "Finance"),      "财务" },
  [CRM_RENDER_LABEL_ROLE_AUDITOR]            = { NC_("role", "Auditor"),      "审计员" },

  [CRM_RENDER_LABEL_MEANING_APPROVED]        = { N_("Approved"),              "批准" },
  [CRM_RENDER_LABEL_MEANING_REVIEWED]        = { N_("Reviewed"),              "审核" },
  [CRM_RENDER_LABEL_MEANING_REJECTED]        = { N_("Rejected"),              "驳回" },

  [CRM_RENDER_LABEL_COMPLAINT_FILE]          = { N_("Complaint file"),        "投诉档案" },
  [CRM_RENDER_LABEL_ROLE_QUALITY]            = { NC_("role", "Quality"),      "质量" },
  /* TRANSLATORS: what a signature means: the complaint's reportability was assessed */
  [CRM_RENDER_LABEL_MEANING_ASSESSED]        = { N_("Assessed"),              "已评估" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (labels) == CRM_RENDER_N_LABELS);

/**
 * crm_render_language_is_supported:
 * @language: a language code
 *
 * Returns: whether documents can be printed in @language ("en" or "zh_CN")
 */
gboolean
crm_render_language_is_supported (const char *language)
{
  return g_strcmp0 (language, "en") == 0 || g_strcmp0 (language, "zh_CN") == 0;
}

/**
 * crm_render_label:
 * @language: "en" or "zh_CN"; anything else prints English
 * @id: the label
 *
 * Returns: (transfer none): the label as printed in @language
 */
const char *
crm_render_label (const char     *language,
                  CrmRenderLabel  id)
{
  g_return_val_if_fail ((guint) id < CRM_RENDER_N_LABELS, "");

  if (g_strcmp0 (language, "zh_CN") == 0)
    return labels[id].zh_CN;
  return labels[id].en;
}

static const struct
{
  const char     *value;
  CrmRenderLabel  label;
} role_words[] = {
  { "admin",    CRM_RENDER_LABEL_ROLE_ADMIN },
  { "director", CRM_RENDER_LABEL_ROLE_DIRECTOR },
  { "manager",  CRM_RENDER_LABEL_ROLE_MANAGER },
  { "sales",    CRM_RENDER_LABEL_ROLE_SALES },
  { "service",  CRM_RENDER_LABEL_ROLE_SERVICE },
  { "finance",  CRM_RENDER_LABEL_ROLE_FINANCE },
  { "auditor",  CRM_RENDER_LABEL_ROLE_AUDITOR },
  { "quality",  CRM_RENDER_LABEL_ROLE_QUALITY },
}, meaning_words[] = {
  { "approved", CRM_RENDER_LABEL_MEANING_APPROVED },
  { "reviewed", CRM_RENDER_LABEL_MEANING_REVIEWED },
  { "rejected", CRM_RENDER_LABEL_MEANING_REJECTED },
  { "assessed", CRM_RENDER_LABEL_MEANING_ASSESSED },
};

/**
 * crm_render_role_label:
 * @language: "en" or "zh_CN"
 * @role: (nullable): a user's role as stored, such as "director"
 *
 * Returns: (transfer none): the role as printed in @language ("Director",
 *   "总监"); a role the renderer does not know prints as it is
 */
const char *
crm_render_role_label (const char *language,
                       const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_words); i++)
    if (g_strcmp0 (role, role_words[i].value) == 0)
      return crm_render_label (language, role_words[i].label);
  return role != NULL ? role : "";
}

/**
 * crm_render_meaning_label:
 * @language: "en" or "zh_CN"
 * @meaning: (nullable): what a signature means as stored, such as "approved"
 *
 * Returns: (transfer none): the meaning as printed in @language
 *   ("Approved", "批准"); free text prints as it is
 */
const char *
crm_render_meaning_label (const char *language,
                          const char *meaning)
{
  for (guint i = 0; i < G_N_ELEMENTS (meaning_words); i++)
    if (g_strcmp0 (meaning, meaning_words[i].value) == 0)
      return crm_render_label (language, meaning_words[i].label);
  return meaning != NULL ? meaning : "";
}
