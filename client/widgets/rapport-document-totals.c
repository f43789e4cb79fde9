/* rapport-document-totals.c: RapportDocumentTotals, a priced document's totals: net, tax per rate, total, base currency, in words */
#include "rapport-document-totals.h"
#include "crm-chinese-amount.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

struct _RapportDocumentTotals
{
  GtkWidget  parent_instance;

  GtkLabel  *error_label;
  GtkListBox *list;
  GtkWidget *net_row;
  GtkWidget *total_row;
  GtkWidget *base_row;
  GtkWidget *words_row;
  GtkLabel  *net_label;
  GtkLabel  *total_label;
  GtkLabel  *base_label;
  GtkLabel  *words_label;

  /* one row per tax rate, between the net and the total */
  GPtrArray *tax_rows;
};

G_DEFINE_FINAL_TYPE (RapportDocumentTotals, rapport_document_totals, GTK_TYPE_WIDGET)

typedef struct
{
  CrmMoney rate;
  CrmMoney net;
  CrmMoney tax;
} Bucket;

static char *
format_amount (CrmMoney    amount,
               const char *currency)
{
  g_autofree char *number = crm_money_format (amount, 2);

  if (currency == NULL || currency[0] == '\0')
    return g_steal_pointer (&number);
  /* TRANSLATORS: an amount and its currency code, e.g. "1,234.50 CNY" */
  return g_strdup_printf (_("%s %s"), number, currency);
}

static char *
format_rate (CrmMoney rate)
{
  char *text = crm_money_to_string (rate);
  char *point = strchr (text, '.');

  if (point != NULL)
    {
      char *end = text + strlen (text) - 1;

      while (end > point && *end == '0')
        *end-- = '\0';
      if (end == point)
        *end = '\0';
    }
  return text;
}

/* per tax rate, by ascending rate, the sums of the nets and taxes of its lines */
static GArray *
tax_buckets (CrmEntity *document)
{
  GPtrArray *lines = crm_entity_get_lines (document);
  GArray *buckets = g_array_new (FALSE, FALSE, sizeof (Bucket));

  for (guint i = 0; lines && i < lines->len; i++)
    {
      CrmEntity *line = lines->pdata[i];
      Bucket add = { crm_entity_get_money (line, "tax_rate"), crm_entity_get_money (line, "net"),
                     crm_entity_get_money (line, "tax") };
      guint b;

      for (b = 0; b < buckets->len; b++)
        {
          Bucket *bucket = &g_array_index (buckets, Bucket, b);
          int order = crm_money_compare (add.rate, bucket->rate);

          if (order == 0)
            {
              if (!crm_money_add (bucket->net, add.net, &bucket->net, NULL) ||
                  !crm_money_add (bucket->tax, add.tax, &bucket->tax, NULL))
                g_warn_if_reached ();
              break;
            }
          if (order < 0)
            {
              g_array_insert_val (buckets, b, add);
              break;
            }
        }
      if (b == buckets->len)
        g_array_append_val (buckets, add);
    }
  return buckets;
}

static void
clear_tax_rows (RapportDocumentTotals *self)
{
  for (guint i = 0; i < self->tax_rows->len; i++)
    gtk_list_box_remove (self->list, self->tax_rows->pdata[i]);
  g_ptr_array_set_size (self->tax_rows, 0);
}

/**
 * rapport_document_totals_show:
 * @self: the totals
 * @document: a priced document, its lines priced too
 * @base_currency: the company's currency
 */
void
rapport_document_totals_show (RapportDocumentTotals *self,
                              CrmEntity             *document,
                              const char            *base_currency)
{
  const char *currency = crm_entity_get_text (document, "currency");
  g_autoptr(GArray) buckets = tax_buckets (document);
  g_autofree char *net = format_amount (crm_entity_get_money (document, "net_total"), currency);
  g_autofree char *total = format_amount (crm_entity_get_money (document, "total"), currency);
  g_autofree char *base = format_amount (crm_entity_get_money (document, "total_base"), base_currency);
  gboolean foreign = currency && base_currency && g_ascii_strcasecmp (currency, base_currency) != 0;
  gboolean yuan = currency && g_ascii_strcasecmp (currency, "CNY") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->list), TRUE);
  gtk_label_set_text (self->net_label, net);
  gtk_label_set_text (self->total_label, total);
  gtk_label_set_text (self->base_label, base);
  gtk_widget_set_visible (self->base_row, foreign);
  gtk_widget_set_visible (self->words_row, yuan);
  if (yuan)
    {
      g_autofree char *words = crm_money_to_chinese_capital (crm_entity_get_money (document, "total"), NULL);

      gtk_label_set_text (self->words_label, words ? words : "");
    }

  clear_tax_rows (self);
  for (guint b = 0; b < buckets->len; b++)
    {
      Bucket *bucket = &g_array_index (buckets, Bucket, b);
      g_autofree char *rate = format_rate (bucket->rate);
      g_autofree char *on = format_amount (bucket->net, NULL);
      /* TRANSLATORS: the tax of the lines at one rate, e.g. "Tax at 13%" */
      g_autofree char *title = g_strdup_printf (_("Tax at %s%%"), rate);
      /* TRANSLATORS: the net amount a tax is computed on, e.g. "on 1,000.00" */
      g_autofree char *subtitle = g_strdup_printf (_("on %s"), on);
      g_autofree char *amount = format_amount (bucket->tax, currency);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (amount);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "rate", g_strdup (rate), g_free);
      g_object_set_data (G_OBJECT (row), "label", label);
      gtk_list_box_insert (self->list, row, 1 + b);
      g_ptr_array_add (self->tax_rows, row);
    }
}

/* when the lines cannot be priced, says why instead */
void
rapport_document_totals_show_error (RapportDocumentTotals *self,
                                    const GError          *error)
{
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
}

/**
 * rapport_document_totals_get_text:
 * @self: the totals
 * @key: "net_total", "total", "total_base", "words", or "tax:RATE" (e.g. "tax:13")
 *
 * Returns: (nullable): the text shown for it
 */
const char *
rapport_document_totals_get_text (RapportDocumentTotals *self,
                                  const char            *key)
{
  if (g_str_equal (key, "net_total"))
    return gtk_label_get_text (self->net_label);
  if (g_str_equal (key, "total"))
    return gtk_label_get_text (self->total_label);
  if (g_str_equal (key, "total_base"))
    return gtk_widget_get_visible (self->base_row) ? gtk_label_get_text (self->base_label) : NULL;
  if (g_str_equal (key, "words"))
    return gtk_widget_get_visible (self->words_row) ? gtk_label_get_text (self->words_label) : NULL;
  for (guint i = 0; g_str_has_prefix (key, "tax:") && i < self->tax_rows->len; i++)
    if (g_str_equal (g_object_get_data (self->tax_rows->pdata[i], "rate"), key + 4))
      return gtk_label_get_text (g_object_get_data (self->tax_rows->pdata[i], "label"));
  return NULL;
}

static void
rapport_document_totals_dispose (GObject *object)
{
  RapportDocumentTotals *self = RAPPORT_DOCUMENT_TOTALS (object);
  GtkWidget *child;

  g_clear_pointer (&self->tax_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_DOCUMENT_TOTALS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (rapport_document_totals_parent_class)->dispose (object);
}

static void
rapport_document_totals_class_init (RapportDocumentTotalsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_document_totals_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-document-totals.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, list);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, net_row);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, total_row);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, base_row);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, words_row);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, net_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, total_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, base_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentTotals, words_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_document_totals_init (RapportDocumentTotals *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tax_rows = g_ptr_array_new ();
}
