/* crm-dedup.h: the keys by which duplicate companies, mobiles and emails are found */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* raised whenever the rules below change, so that stored keys are made again */
#define CRM_DEDUP_VERSION 1

char *crm_dedup_company_key        (const char *name);
char *crm_dedup_company_pinyin_key (const char *name);
char *crm_dedup_trade_name_key     (const char *name);
char *crm_dedup_mobile_key         (const char *number);
char *crm_dedup_email_key          (const char *email);

G_END_DECLS
