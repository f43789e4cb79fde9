/* crm-document-fields.h: the descriptor rows every priced document (quote, order, contract) shares */
#pragma once

#include "crm-field.h"

G_BEGIN_DECLS

extern const char * const crm_document_pricing_modes[];
extern const char * const crm_document_pricing_labels[];

/* who the document is for, and whose it is */
#define CRM_DOCUMENT_PARTY_FIELDS \
  { "number",      CRM_FIELD_TEXT,      .max_len = 32, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Number") }, \
  { "title",       CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Subject") }, \
  { "account",     CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = N_("Account") }, \
  { "contact",     CRM_FIELD_REFERENCE, .column = "contact_id", .json_key = "contact_id", .reference = "contact", .flags = CRM_FIELD_FILTERABLE, .label = N_("Contact") }, \
  { "owner",       CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") }

/* the inputs and results of the money rules (crm-pricing.h) */
#define CRM_DOCUMENT_PRICE_FIELDS \
  { "currency",          CRM_FIELD_TEXT,  .max_len = 3, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_CURRENCY, .label = N_("Currency") }, \
  { "exchange_rate",     CRM_FIELD_MONEY, .scale = 8, .label = N_("Exchange rate") }, \
  { "pricing",           CRM_FIELD_ENUM,  .enum_values = crm_document_pricing_modes, .enum_labels = crm_document_pricing_labels, .label = N_("Pricing") }, \
  { "header_discount",   CRM_FIELD_MONEY, .scale = 4, .label = N_("Discount on all lines (%)") }, \
  { "net_total",         CRM_FIELD_MONEY, .scale = 2, .flags = CRM_FIELD_READONLY, .label = N_("Net total") }, \
  { "tax_total",         CRM_FIELD_MONEY, .scale = 2, .flags = CRM_FIELD_READONLY, .label = N_("Tax total") }, \
  { "total",             CRM_FIELD_MONEY, .scale = 2, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Total") }, \
  { "total_base",        CRM_FIELD_MONEY, .scale = 2, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Total in base currency") }, \
  { "max_line_discount", CRM_FIELD_MONEY, .scale = 4, .flags = CRM_FIELD_READONLY, .label = N_("Largest discount (%)") }

/* what prints, and the hash of what was printed when it was issued */
#define CRM_DOCUMENT_ISSUE_FIELDS \
  { "terms",         CRM_FIELD_LONG_TEXT, .max_len = 20000, .label = N_("Terms") }, \
  { "template",      CRM_FIELD_TEXT,      .max_len = 64, .reference = "template", .label = N_("Template") }, \
  { "issued_sha256", CRM_FIELD_TEXT,      .max_len = 64, .flags = CRM_FIELD_READONLY, .label = N_("Issued document SHA-256") }

G_END_DECLS
