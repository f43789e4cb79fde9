/* crm-render-document-private.h: the fields of a CrmRenderDocument, shared by its two files */
#pragma once

#include "crm-render-document.h"

G_BEGIN_DECLS

struct _CrmRenderDocument
{
  GObject                parent_instance;

  CrmRenderDocumentKind  kind;
  char                  *number;
  guint                  revision;

  gboolean               superseded;
  char                  *superseded_detail;
  gboolean               draft;
  char                  *subject;

  GDateTime             *issued_at;
  char                  *issue_date;
  char                  *valid_until;
  GArray                *infos;            /* of CrmRenderInfo */

  char                  *currency;
  guint                  currency_decimals;

  char                  *customer_name;
  GStrv                  customer_address;
  char                  *customer_contact;
  char                  *customer_tax_id;

  GArray                *lines;            /* of CrmRenderLine, strings owned */

  char                  *net_total;
  char                  *total;
  GArray                *tax_rows;         /* of CrmRenderTaxRow */
  char                  *base_currency;
  char                  *base_total;
  char                  *amount_in_words;

  char                  *terms;
  char                  *supplier_party;
  char                  *customer_party;
  GArray                *approvals;        /* of CrmRenderApproval */
  GPtrArray             *sections;         /* of CrmRenderSection, or NULL */
};

typedef struct
{
  CrmRenderLabel label;
  char          *value;
} CrmRenderInfo;

typedef struct
{
  char *rate;
  char *amount;
} CrmRenderTaxRow;

typedef struct
{
  char      *name;
  char      *role;
  char      *meaning;
  GDateTime *signed_at;
} CrmRenderApproval;

/* a heading and its rows of label and value, on a record's file */
typedef struct
{
  char      *heading;
  GPtrArray *labels;
  GPtrArray *values;
} CrmRenderSection;

void crm_render_section_free (gpointer data);

void crm_render_document_replace_string (char       **field,
                                         const char  *value);

G_END_DECLS
