/* crm-render-document.c: the content of one printed document, computed and formatted beforehand */
#include "crm-render-document-private.h"

enum {
  PROP_0,
  PROP_KIND,
  PROP_NUMBER,
  PROP_REVISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmRenderDocument, crm_render_document, G_TYPE_OBJECT)

static void
info_clear (gpointer data)
{
  CrmRenderInfo *info = data;

  g_free (info->value);
}

static void
tax_row_clear (gpointer data)
{
  CrmRenderTaxRow *row = data;

  g_free (row->rate);
  g_free (row->amount);
}

static void
approval_clear (gpointer data)
{
  CrmRenderApproval *approval = data;

  g_free (approval->name);
  g_free (approval->role);
  g_free (approval->meaning);
  g_clear_pointer (&approval->signed_at, g_date_time_unref);
}

static void
line_clear (gpointer data)
{
  CrmRenderLine *line = data;

  g_free ((char *) line->code);
  g_free ((char *) line->description);
  g_free ((char *) line->quantity);
  g_free ((char *) line->unit);
  g_free ((char *) line->unit_price);
  g_free ((char *) line->unit_price_gross);
  g_free ((char *) line->discount);
  g_free ((char *) line->tax_rate);
  g_free ((char *) line->net);
  g_free ((char *) line->tax);
  g_free ((char *) line->gross);
}

static void
crm_render_document_finalize (GObject *object)
{
  CrmRenderDocument *self = CRM_RENDER_DOCUMENT (object);

  g_free (self->number);
  g_free (self->superseded_detail);
  g_free (self->subject);
  g_clear_pointer (&self->issued_at, g_date_time_unref);
  g_free (self->issue_date);
  g_free (self->valid_until);
  g_array_unref (self->infos);
  g_free (self->currency);
  g_free (self->customer_name);
  g_strfreev (self->customer_address);
  g_free (self->customer_contact);
  g_free (self->customer_tax_id);
  g_array_unref (self->lines);
  g_free (self->net_total);
  g_free (self->total);
  g_array_unref (self->tax_rows);
  g_free (self->base_currency);
  g_free (self->base_total);
  g_free (self->amount_in_words);
  g_free (self->terms);
  g_free (self->supplier_party);
  g_free (self->customer_party);
  g_array_unref (self->approvals);
  g_clear_pointer (&self->sections, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_render_document_parent_class)->finalize (object);
}

static void
crm_render_document_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CrmRenderDocument *self = CRM_RENDER_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_render_document_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CrmRenderDocument *self = CRM_RENDER_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = (CrmRenderDocumentKind) g_value_get_int (value);
      break;
    case PROP_NUMBER:
      g_free (self->number);
      self->number = g_value_dup_string (value);
      break;
    case PROP_REVISION:
      self->revision = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_render_document_class_init (CrmRenderDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_render_document_finalize;
  object_class->get_property = crm_render_document_get_property;
  object_class->set_property = crm_render_document_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      CRM_RENDER_DOCUMENT_QUOTE, CRM_RENDER_DOCUMENT_COMPLAINT_FILE, CRM_RENDER_DOCUMENT_QUOTE,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_render_document_init (CrmRenderDocument *self)
{
  self->infos = g_array_new (FALSE, TRUE, sizeof (CrmRenderInfo));
  g_array_set_clear_func (self->infos, info_clear);
  self->lines = g_array_new (FALSE, TRUE, sizeof (CrmRenderLine));
  g_array_set_clear_func (self->lines, line_clear);
  self->tax_rows = g_array_new (FALSE, TRUE, sizeof (CrmRenderTaxRow));
  g_array_set_clear_func (self->tax_rows, tax_row_clear);
  self->approvals = g_array_new (FALSE, TRUE, sizeof (CrmRenderApproval));
  g_array_set_clear_func (self->approvals, approval_clear);

  self->currency_decimals = 2;
  self->customer_address = g_new0 (char *, 1);
}

/**
 * crm_render_document_new:
 * @kind: quote, sales order, contract or a complaint's file; decides the title
 * @number: the document number, such as "Q-2026-00001"
 * @revision: the revision, from 1
 *
 * Returns: (transfer full): an empty document to fill with the setters
 */
CrmRenderDocument *
crm_render_document_new (CrmRenderDocumentKind  kind,
                         const char            *number,
                         guint                  revision)
{
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (revision >= 1, NULL);

  return g_object_new (CRM_TYPE_RENDER_DOCUMENT,
                       "kind", kind,
                       "number", number,
                       "revision", revision,
                       NULL);
}

/* Replaces a copied string; @value may be @field's own */
void
crm_render_document_replace_string (char       **field,
                                    const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

CrmRenderDocumentKind
crm_render_document_get_kind (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), CRM_RENDER_DOCUMENT_QUOTE);
  return self->kind;
}

const char *
crm_render_document_get_number (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->number;
}

guint
crm_render_document_get_revision (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), 0);
  return self->revision;
}

/**
 * crm_render_document_get_title:
 * @self: a document
 * @language: "en" or "zh_CN"
 *
 * Returns: (transfer none): the document's title in @language, such as "报价单"
 */
const char *
crm_render_document_get_title (CrmRenderDocument *self,
                               const char        *language)
{
  static const CrmRenderLabel titles[] = {
    [CRM_RENDER_DOCUMENT_QUOTE]       = CRM_RENDER_LABEL_QUOTE,
    [CRM_RENDER_DOCUMENT_SALES_ORDER] = CRM_RENDER_LABEL_SALES_ORDER,
    [CRM_RENDER_DOCUMENT_CONTRACT]    = CRM_RENDER_LABEL_CONTRACT,
    [CRM_RENDER_DOCUMENT_COMPLAINT_FILE] = CRM_RENDER_LABEL_COMPLAINT_FILE,
  };

  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return crm_render_label (language, titles[self->kind]);
}

/**
 * crm_render_document_set_superseded:
 * @self: a document
 * @superseded: whether this is a reprint of a revision that a later one replaced
 * @detail: (nullable): added to the notice, e.g. which revision replaced it and when
 *
 * A superseded reprint carries a notice on every page, in the template's
 * language, so that nobody signs an outdated revision by mistake.
 */
void
crm_render_document_set_superseded (CrmRenderDocument *self,
                                    gboolean           superseded,
                                    const char        *detail)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  self->superseded = superseded;
  crm_render_document_replace_string (&self->superseded_detail, superseded ? detail : NULL);
}

/**
 * crm_render_document_get_superseded:
 * @self: a document
 * @detail: (out) (optional) (transfer none) (nullable): the notice's detail
 *
 * Returns: whether the document is a reprint of a superseded revision
 */
gboolean
crm_render_document_get_superseded (CrmRenderDocument  *self,
                                    const char        **detail)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), FALSE);
  if (detail != NULL)
    *detail = self->superseded_detail;
  return self->superseded;
}

/**
 * crm_render_document_set_draft:
 * @self: a document
 * @draft: whether it is a draft, not yet approved
 *
 * A draft carries a diagonal watermark ("DRAFT", "草稿") on every page, in
 * the template's language.
 */
void
crm_render_document_set_draft (CrmRenderDocument *self,
                               gboolean           draft)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  self->draft = !!draft;
}

/**
 * crm_render_document_get_draft:
 * @self: a document
 *
 * Returns: whether the document prints as a draft
 */
gboolean
crm_render_document_get_draft (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), FALSE);
  return self->draft;
}

/**
 * crm_render_document_set_subject:
 * @self: a document
 * @subject: (nullable): what the document is about, printed under the parties
 */
void
crm_render_document_set_subject (CrmRenderDocument *self,
                                 const char        *subject)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  crm_render_document_replace_string (&self->subject, subject);
}

/**
 * crm_render_document_get_subject:
 * @self: a document
 *
 * Returns: (nullable): the subject, or %NULL
 */
const char *
crm_render_document_get_subject (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->subject;
}

/**
 * crm_render_document_set_issued_at:
 * @self: a document
 * @issued_at: (nullable): when the document was issued
 *
 * Recorded as the PDF's creation date. Without it the PDF carries the time
 * it was written; with it, the same document renders to the same bytes.
 */
void
crm_render_document_set_issued_at (CrmRenderDocument *self,
                                   GDateTime         *issued_at)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  g_clear_pointer (&self->issued_at, g_date_time_unref);
  if (issued_at != NULL)
    self->issued_at = g_date_time_to_utc (issued_at);
}

/**
 * crm_render_document_get_issued_at:
 * @self: a document
 *
 * Returns: (transfer none) (nullable): when the document was issued, in UTC
 */
GDateTime *
crm_render_document_get_issued_at (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->issued_at;
}

void
crm_render_document_set_issue_date (CrmRenderDocument *self,
                                    const char        *date)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  crm_render_document_replace_string (&self->issue_date, date);
}

const char *
crm_render_document_get_issue_date (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->issue_date;
}

void
crm_render_document_set_valid_until (CrmRenderDocument *self,
                                     const char        *date)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  crm_render_document_replace_string (&self->valid_until, date);
}

const char *
crm_render_document_get_valid_until (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->valid_until;
}

/**
 * crm_render_document_add_info:
 * @self: a document
 * @label: what the value is, such as %CRM_RENDER_LABEL_DELIVERY_DATE
 * @value: the formatted value
 *
 * Adds an entry to the information strip of page 1, after the number,
 * revision, dates and currency.
 */
void
crm_render_document_add_info (CrmRenderDocument *self,
                              CrmRenderLabel     label,
                              const char        *value)
{
  CrmRenderInfo info;

  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  g_return_if_fail ((guint) label < CRM_RENDER_N_LABELS);
  g_return_if_fail (value != NULL);

  info.label = label;
  info.value = g_strdup (value);
  g_array_append_val (self->infos, info);
}

guint
crm_render_document_get_n_infos (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), 0);
  return self->infos->len;
}

/**
 * crm_render_document_get_info:
 * @self: a document
 * @index: which entry
 * @label: (out): what the value is
 *
 * Returns: (transfer none): the value
 */
const char *
crm_render_document_get_info (CrmRenderDocument *self,
                              guint              index,
                              CrmRenderLabel    *label)
{
  const CrmRenderInfo *info;

  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->infos->len, NULL);

  info = &g_array_index (self->infos, CrmRenderInfo, index);
  *label = info->label;
  return info->value;
}

/**
 * crm_render_document_set_currency:
 * @self: a document
 * @code: the ISO 4217 code of the document's amounts, such as "CNY"
 * @decimals: decimals its amounts are printed with (2 for CNY, 0 for JPY);
 *   the page subtotals use them
 */
void
crm_render_document_set_currency (CrmRenderDocument *self,
                                  const char        *code,
                                  guint              decimals)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  g_return_if_fail (decimals <= CRM_MONEY_MAX_SCALE);
  crm_render_document_replace_string (&self->currency, code);
  self->currency_decimals = decimals;
}

/**
 * crm_render_document_get_currency:
 * @self: a document
 * @decimals: (out) (optional): decimals its amounts are printed with
 *
 * Returns: (transfer none) (nullable): the currency code
 */
const char *
crm_render_document_get_currency (CrmRenderDocument *self,
                                  guint             *decimals)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  if (decimals != NULL)
    *decimals = self->currency_decimals;
  return self->currency;
}

/**
 * crm_render_document_set_customer:
 * @self: a document
 * @name: the customer's name
 * @address: (nullable) (array zero-terminated=1): address lines
 * @contact: (nullable): contact person, phone or e-mail, as one line
 * @tax_id: (nullable): the customer's tax identification number
 */
void
crm_render_document_set_customer (CrmRenderDocument  *self,
                                  const char         *name,
                                  const char * const *address,
                                  const char         *contact,
                                  const char         *tax_id)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));

  crm_render_document_replace_string (&self->customer_name, name);
  g_strfreev (self->customer_address);
  self->customer_address = address != NULL ? g_strdupv ((char **) address) : g_new0 (char *, 1);
  crm_render_document_replace_string (&self->customer_contact, contact);
  crm_render_document_replace_string (&self->customer_tax_id, tax_id);
}

const char *
crm_render_document_get_customer_name (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->customer_name;
}

/**
 * crm_render_document_get_customer_address:
 * @self: a document
 *
 * Returns: (transfer none): the customer's address lines, never %NULL
 */
const char * const *
crm_render_document_get_customer_address (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return (const char * const *) self->customer_address;
}

const char *
crm_render_document_get_customer_contact (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->customer_contact;
}

const char *
crm_render_document_get_customer_tax_id (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->customer_tax_id;
}
