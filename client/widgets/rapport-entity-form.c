/* rapport-entity-form.c: RapportEntityForm, the editable rows of a record, generated from its descriptors */
#include "rapport-entity-form-private.h"
#include "rapport-choice-row.h"
#include "rapport-date-row.h"
#include "rapport-fields-row.h"
#include "rapport-questions-row.h"
#include "rapport-reference-row.h"
#include "rapport-time-row.h"
#include "crm-currency.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (RapportEntityForm, rapport_entity_form, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
field_row_clear (FieldRow *row)
{
  g_clear_pointer (&row->original, g_free);
}

/* an amount as typed: "1234.5" is "1234.50", and "7.12345678" keeps its decimals */
static char *
money_text (CrmMoney m)
{
  char *text = crm_money_to_string (m);
  char *point = strchr (text, '.');

  if (point != NULL)
    {
      char *end = text + strlen (text) - 1;

      while (end > point + 2 && *end == '0')
        *end-- = '\0';
    }
  return text;
}

/* a value as the row shows it: text, an enum value, "true"/"false", tags joined, an id */
static char *
value_text (const CrmFieldSpec *spec,
            const CrmValue     *value)
{
  if (!value->set || value->is_null)
    return g_strdup (spec->type == CRM_FIELD_BOOL ? "false" : spec->type == CRM_FIELD_REFERENCE ? "0" : "");
  switch (spec->type)
    {
    case CRM_FIELD_BOOL:
      return g_strdup (value->i ? "true" : "false");
    case CRM_FIELD_TAGS:
      return value->tags ? g_strjoinv (", ", value->tags) : g_strdup ("");
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
    case CRM_FIELD_MONEY:
      return money_text (crm_money_new (value->i, spec->scale));
    case CRM_FIELD_TIMESTAMP:
      return crm_json_format_timestamp (value->i);
    default:
      return g_strdup (value->s ? value->s : "");
    }
}

char *
rapport_entity_form_row_text (FieldRow *row)
{
  switch (row->spec->type)
    {
    case CRM_FIELD_REFERENCE:
      return g_strdup_printf ("%" G_GINT64_FORMAT, rapport_reference_row_get_id (RAPPORT_REFERENCE_ROW (row->row)));
    case CRM_FIELD_BOOL:
      return g_strdup (gtk_switch_get_active (g_object_get_data (G_OBJECT (row->row), "switch")) ? "true" : "false");
    case CRM_FIELD_DATE:
      return rapport_date_row_dup_date (RAPPORT_DATE_ROW (row->row));
    case CRM_FIELD_TIMESTAMP:
      return rapport_time_row_dup_value (row->row);
    default:
      if (RAPPORT_IS_CHOICE_ROW (row->row))
        return g_strdup (rapport_choice_row_get_value (RAPPORT_CHOICE_ROW (row->row)));
      if (RAPPORT_IS_FIELDS_ROW (row->row))
        return rapport_fields_row_dup_value (RAPPORT_FIELDS_ROW (row->row));
      if (RAPPORT_IS_QUESTIONS_ROW (row->row))
        return rapport_questions_row_dup_value (RAPPORT_QUESTIONS_ROW (row->row));
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->row)));
    }
}

static void
set_row_text (FieldRow   *row,
              const char *text)
{
  switch (row->spec->type)
    {
    case CRM_FIELD_REFERENCE:
      rapport_reference_row_set_id (RAPPORT_REFERENCE_ROW (row->row), g_ascii_strtoll (text, NULL, 10));
      break;
    case CRM_FIELD_BOOL:
      gtk_switch_set_active (g_object_get_data (G_OBJECT (row->row), "switch"), g_str_equal (text, "true"));
      break;
    case CRM_FIELD_TIMESTAMP:
      rapport_time_row_set_value (row->row, text);
      break;
    default:
      if (RAPPORT_IS_CHOICE_ROW (row->row))
        rapport_choice_row_set_value (RAPPORT_CHOICE_ROW (row->row), text);
      else if (RAPPORT_IS_FIELDS_ROW (row->row))
        rapport_fields_row_set_value (RAPPORT_FIELDS_ROW (row->row), text);
      else if (RAPPORT_IS_QUESTIONS_ROW (row->row))
        rapport_questions_row_set_value (RAPPORT_QUESTIONS_ROW (row->row), text);
      else
        gtk_editable_set_text (GTK_EDITABLE (row->row), text);
      break;
    }
}

/* the text a new record's row starts with: the field's default, or empty */
static char *
initial_text (const CrmFieldSpec *spec)
{
  CrmValue unset = { 0 };

  if (spec->default_value != NULL)
    return g_strdup (spec->default_value);
  return value_text (spec, &unset);
}

/* a field holding a currency chooses among the ISO 4217 codes, found by
 * code or by name, named in the interface's language by ICU */
static GtkWidget *
create_currency_row (const char *label)
{
  GtkWidget *row = rapport_choice_row_new (label);
  guint n_currencies = 0;
  const CrmCurrency *currencies = crm_currency_get_all (&n_currencies);

  for (guint i = 0; i < n_currencies; i++)
    {
      g_autofree char *name = crm_currency_dup_name (currencies[i].code, g_get_language_names ());
      /* TRANSLATORS: a currency in a list: its ISO code, then its name */
      g_autofree char *text = g_strdup_printf (_("%s — %s"), currencies[i].code, name);

      rapport_choice_row_add_named (RAPPORT_CHOICE_ROW (row), currencies[i].code, text, name);
    }
  return row;
}

static GtkWidget *
create_row (const CrmFieldSpec *spec,
            RapportApi         *api)
{
  const char *label = crm_field_spec_get_label (spec);
  GtkWidget *row;

  switch (spec->type)
    {
    case CRM_FIELD_REFERENCE:
      {
        CrmEntityClass *target = g_type_class_peek (crm_entities_lookup_name (spec->reference));

        row = GTK_WIDGET (rapport_reference_row_new (api, target->collection));
      }
      break;
    case CRM_FIELD_BOOL:
      {
        GtkWidget *toggle = gtk_switch_new ();

        row = adw_action_row_new ();
        gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
        g_object_set_data (G_OBJECT (row), "switch", toggle);
        gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      }
      break;
    case CRM_FIELD_ENUM:
      row = rapport_choice_row_new (label);
      for (guint i = 0; spec->enum_values[i]; i++)
        rapport_choice_row_add (RAPPORT_CHOICE_ROW (row), spec->enum_values[i],
                                crm_field_spec_enum_label (spec, spec->enum_values[i]));
      break;
    case CRM_FIELD_DATE:
      row = rapport_date_row_new ();
      break;
    case CRM_FIELD_TIMESTAMP:
      row = rapport_time_row_new (label);
      break;
    case CRM_FIELD_TEXT:
      if (spec->flags & CRM_FIELD_CURRENCY)
        {
          row = create_currency_row (label);
          break;
        }
      /* a text naming another record (a document's template) chooses among those that exist */
      if (spec->reference != NULL && api != NULL)
        {
          CrmEntityClass *target = g_type_class_ref (crm_entities_lookup_name (spec->reference));

          row = rapport_choice_row_new (label);
          rapport_choice_row_load_names (RAPPORT_CHOICE_ROW (row), api, target->collection);
          g_type_class_unref (target);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case CRM_FIELD_LONG_TEXT:
      /* a survey's questions, one by one */
      if (g_strcmp0 (spec->text_format, "survey-questions") == 0)
        {
          row = rapport_questions_row_new (label);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case CRM_FIELD_TAGS:
      /* tags naming fields of a kind of record (a stage's required fields) are chosen by label */
      if (spec->type == CRM_FIELD_TAGS && spec->reference != NULL)
        {
          row = rapport_fields_row_new (spec->reference);
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      row = adw_entry_row_new ();
      if (spec->type == CRM_FIELD_EMAIL)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
      else if (spec->type == CRM_FIELD_PHONE)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
      else if (spec->type == CRM_FIELD_URL)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_URL);
      else if (spec->type == CRM_FIELD_MONEY)
        {
          adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
          gtk_widget_set_tooltip_text (row, _("A decimal number such as 1234.50"));
        }
      else if (spec->type == CRM_FIELD_INT)
        {
          g_autofree char *tip = NULL;

          adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
          if (spec->max_value > spec->min_value)
            /* TRANSLATORS: the tooltip of a field holding a whole number */
            tip = g_strdup_printf (_("A whole number from %lld to %lld"), (long long) spec->min_value, (long long) spec->max_value);
          gtk_widget_set_tooltip_text (row, tip ? tip : _("A whole number"));
        }
      if (spec->type == CRM_FIELD_TAGS)
        gtk_widget_set_tooltip_text (row, _("Tags separated by commas"));
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  /* the text typed in is named by its field, for screen readers and AT-SPI */
  if (GTK_IS_EDITABLE (row))
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (row))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (spec->flags & CRM_FIELD_REQUIRED)
    {
      /* TRANSLATORS: the title of a field that must be filled in */
      g_autofree char *title = g_strdup_printf (_("%s (required)"), label);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  return row;
}

static void
rapport_entity_form_dispose (GObject *object)
{
  RapportEntityForm *self = RAPPORT_ENTITY_FORM (object);

  g_clear_pointer (&self->group, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_array_unref);
  G_OBJECT_CLASS (rapport_entity_form_parent_class)->dispose (object);
}

static void
rapport_entity_form_class_init (RapportEntityFormClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_entity_form_dispose;

  /**
   * RapportEntityForm::changed:
   *
   * A row was edited.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_entity_form_init (RapportEntityForm *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (FieldRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) field_row_clear);
  self->group = adw_preferences_group_new ();
  gtk_widget_set_parent (self->group, GTK_WIDGET (self));
}

/* an amount that does not parse is marked as it is typed */
static gboolean
money_row_valid (FieldRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row->row));
  CrmMoney money;

  return text[0] == '\0' || crm_money_parse (text, row->spec->scale, &money, NULL);
}

/* a whole number within the field's bounds, or nothing */
static gboolean
int_row_valid (FieldRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->row))));
  gboolean bounded = row->spec->max_value > row->spec->min_value;

  return text[0] == '\0' ||
         g_ascii_string_to_signed (text, 10, bounded ? row->spec->min_value : G_MININT64,
                                   bounded ? row->spec->max_value : G_MAXINT64, NULL, NULL);
}

/* a moment in local time (or with its zone), or nothing */
static gboolean
time_row_valid (FieldRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row->row));
  gint64 usec;

  return text[strspn (text, " ")] == '\0' || rapport_time_row_parse (text, &usec);
}

gboolean
rapport_entity_form_row_valid (FieldRow *row)
{
  if (row->spec->type == CRM_FIELD_MONEY)
    return money_row_valid (row);
  if (row->spec->type == CRM_FIELD_TIMESTAMP)
    return time_row_valid (row);
  if (row->spec->type == CRM_FIELD_INT)
    return int_row_valid (row);
  return TRUE;
}

static void
on_row_changed (GtkWidget         *widget,
                GParamSpec        *pspec,
                RapportEntityForm *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);

      if (row->row == widget && (row->spec->type == CRM_FIELD_MONEY || row->spec->type == CRM_FIELD_INT ||
                                 row->spec->type == CRM_FIELD_TIMESTAMP))
        {
          if (rapport_entity_form_row_valid (row))
            gtk_widget_remove_css_class (widget, "error");
          else
            gtk_widget_add_css_class (widget, "error");
        }
    }
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* a switch tells its row, which tells the form */
static void
on_switch_changed (GtkWidget *row)
{
  RapportEntityForm *self = RAPPORT_ENTITY_FORM (gtk_widget_get_ancestor (row, RAPPORT_TYPE_ENTITY_FORM));

  if (self)
    on_row_changed (row, NULL, self);
}

static void
watch_row (RapportEntityForm *self,
           FieldRow          *row)
{
  switch (row->spec->type)
    {
    case CRM_FIELD_REFERENCE:
      g_signal_connect (row->row, "notify::id", G_CALLBACK (on_row_changed), self);
      break;
    case CRM_FIELD_BOOL:
      g_signal_connect_swapped (g_object_get_data (G_OBJECT (row->row), "switch"), "notify::active",
                                G_CALLBACK (on_switch_changed), row->row);
      break;
    default:
      if (RAPPORT_IS_CHOICE_ROW (row->row) || RAPPORT_IS_FIELDS_ROW (row->row) || RAPPORT_IS_QUESTIONS_ROW (row->row))
        g_signal_connect (row->row, "notify::value", G_CALLBACK (on_row_changed), self);
      else
        g_signal_connect (row->row, "notify::text", G_CALLBACK (on_row_changed), self);
      break;
    }
}

/* the reference rows whose choices depend on another: a contact among the
 * chosen account's, an order among its orders */
static void
on_reference_changed (RapportReferenceRow *parent,
                      GParamSpec          *pspec,
                      RapportReferenceRow *dependent)
{
  const char *key = g_object_get_data (G_OBJECT (dependent), "filter-key");
  gint64 id = rapport_reference_row_get_id (parent);
  g_autofree char *query = id ? g_strdup_printf ("%s=%" G_GINT64_FORMAT, key, id) : NULL;

  rapport_reference_row_set_filter (dependent, query);
}

static void
link_references (RapportEntityForm *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *dependent = &g_array_index (self->rows, FieldRow, i);
      CrmEntityClass *target;

      if (dependent->spec->type != CRM_FIELD_REFERENCE)
        continue;
      target = g_type_class_peek (crm_entities_lookup_name (dependent->spec->reference));
      for (guint j = 0; j < self->rows->len; j++)
        {
          FieldRow *parent = &g_array_index (self->rows, FieldRow, j);

          if (j == i || parent->spec->type != CRM_FIELD_REFERENCE)
            continue;
          for (guint f = CRM_ENTITY_N_SYSTEM_FIELDS; f < target->n_fields; f++)
            {
              const CrmFieldSpec *link = &target->fields[f];

              if (link->type != CRM_FIELD_REFERENCE || !(link->flags & CRM_FIELD_FILTERABLE) ||
                  (link->flags & CRM_FIELD_OWNER) || g_strcmp0 (link->reference, parent->spec->reference) != 0)
                continue;
              g_object_set_data (G_OBJECT (dependent->row), "filter-key", (gpointer) crm_field_spec_get_json_key (link));
              g_signal_connect_object (parent->row, "notify::id", G_CALLBACK (on_reference_changed), dependent->row, 0);
            }
        }
    }
}

/* a guarded status offers only itself and where it may go from @from
 * (%NULL: where a new record may start) */
static void
offer_statuses (FieldRow       *row,
                CrmEntityClass *klass,
                const char     *from)
{
  g_auto(GStrv) next = NULL;

  if (!g_str_equal (row->spec->name, "status") || !RAPPORT_IS_CHOICE_ROW (row->row))
    return;
  next = crm_entity_class_next_statuses (klass, from);
  rapport_choice_row_offer_only (RAPPORT_CHOICE_ROW (row->row), (const char * const *) next);
}

/**
 * rapport_entity_form_new_with_api:
 * @entity_type: a #CrmEntity subtype
 * @api: (nullable): the signed-in client; with it, fields that point at
 *   other records get a row to search and choose them
 * @preset: (nullable): initial values as an a{sv} of JSON keys, shown as
 *   the new record's starting point (the caller sends them with it)
 *
 * One row for each field a user may edit, in descriptor order. The owner
 * is not edited here, and references only with @api.
 *
 * Returns: (transfer floating): the form
 */
RapportEntityForm *
rapport_entity_form_new_with_api (GType       entity_type,
                                  RapportApi *api,
                                  GVariant   *preset)
{
  RapportEntityForm *self = g_object_new (RAPPORT_TYPE_ENTITY_FORM, NULL);
  CrmEntityClass *klass = g_type_class_ref (entity_type);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];
      FieldRow row = { spec, i, NULL, NULL };

      /* a number a person types is never an id: a stage or a pool is chosen elsewhere */
      if (spec->flags & (CRM_FIELD_READONLY | CRM_FIELD_HIDDEN | CRM_FIELD_OWNER) ||
          (spec->type == CRM_FIELD_REFERENCE && api == NULL) ||
          (spec->type == CRM_FIELD_INT && g_str_has_suffix (crm_field_spec_get_json_key (spec), "_id")))
        continue;
      row.original = initial_text (spec);
      row.row = create_row (spec, api);
      set_row_text (&row, row.original);
      offer_statuses (&row, klass, NULL);
      gtk_widget_set_name (row.row, crm_field_spec_get_json_key (spec));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), row.row);
      g_array_append_val (self->rows, row);
    }
  for (guint i = 0; i < self->rows->len; i++)
    watch_row (self, &g_array_index (self->rows, FieldRow, i));
  link_references (self);
  g_type_class_unref (klass);

  if (preset)
    {
      g_autoptr(JsonNode) node = json_gvariant_serialize (preset);
      g_autoptr(CrmEntity) values = crm_entity_new (entity_type);

      if (crm_json_read_entity (values, json_node_get_object (node), NULL))
        for (guint i = 0; i < self->rows->len; i++)
          {
            FieldRow *row = &g_array_index (self->rows, FieldRow, i);
            g_autofree char *text = NULL;

            if (!crm_entity_has_value (values, row->index))
              continue;
            text = value_text (row->spec, crm_entity_value (values, row->index));
            set_row_text (row, text);
            g_free (row->original);
            row->original = g_steal_pointer (&text);
          }
    }
  return self;
}

/**
 * rapport_entity_form_new:
 * @entity_type: a #CrmEntity subtype
 *
 * One row for each field a user may edit, in descriptor order. References
 * and the owner are not edited here.
 *
 * Returns: (transfer floating): the form
 */
RapportEntityForm *
rapport_entity_form_new (GType entity_type)
{
  return rapport_entity_form_new_with_api (entity_type, NULL, NULL);
}

static void
load (RapportEntityForm *self,
      CrmEntity         *entity,
      gboolean           keep_edits)
{
  self->loading = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);
      g_autofree char *text = value_text (row->spec, crm_entity_value (entity, row->index));
      g_autofree char *shown = rapport_entity_form_row_text (row);

      /* a row the user left alone takes the new value; an edited one keeps the edit */
      if (!keep_edits || g_strcmp0 (shown, row->original) == 0)
        set_row_text (row, text);
      offer_statuses (row, CRM_ENTITY_GET_CLASS (entity), text);
      g_free (row->original);
      row->original = g_steal_pointer (&text);
    }
  self->loading = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
rapport_entity_form_set_entity (RapportEntityForm *self,
                                CrmEntity         *entity)
{
  rapport_entity_form_clear_errors (self);
  load (self, entity, FALSE);
}

/**
 * rapport_entity_form_rebase:
 * @self: the form
 * @entity: a newer version of the record
 *
 * Takes @entity as the version edits apply to: fields the user edited keep
 * the edit, the others show the new version. After someone else saved first,
 * neither the user's edits nor the other person's changes are lost.
 */
void
rapport_entity_form_rebase (RapportEntityForm *self,
                            CrmEntity         *entity)
{
  load (self, entity, TRUE);
}

GtkWidget *
rapport_entity_form_get_row (RapportEntityForm *self,
                             const char        *json_key)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);

      if (g_strcmp0 (crm_field_spec_get_json_key (row->spec), json_key) == 0)
        return row->row;
    }
  return NULL;
}

/* marks the row of the field an error names, and moves there; a part of
 * a field's value ("questions[2].type", a survey's JSON text) is its field's */
void
rapport_entity_form_show_error (RapportEntityForm *self,
                                const char        *json_key)
{
  g_autofree char *field = json_key ? g_strndup (json_key, strcspn (json_key, "[.")) : NULL;
  GtkWidget *row = field ? rapport_entity_form_get_row (self, field) : NULL;

  if (row == NULL)
    return;
  gtk_widget_add_css_class (row, "error");
  gtk_widget_grab_focus (row);
}

void
rapport_entity_form_clear_errors (RapportEntityForm *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_remove_css_class (g_array_index (self->rows, FieldRow, i).row, "error");
}

/**
 * rapport_entity_form_check:
 * @self: the form
 * @error: return location for a #GError naming the field
 *
 * Returns: whether every amount typed is a decimal number the field holds
 */
gboolean
rapport_entity_form_check (RapportEntityForm  *self,
                           GError            **error)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);
      g_autoptr(GError) problem = NULL;
      const char *text;
      CrmMoney money;

      if (row->spec->type != CRM_FIELD_MONEY)
        continue;
      text = gtk_editable_get_text (GTK_EDITABLE (row->row));
      if (text[0] && !crm_money_parse (text, row->spec->scale, &money, &problem))
        {
          /* TRANSLATORS: a field's label, then what is wrong with it */
          crm_error_set_field_error (error, problem->code, crm_field_spec_get_json_key (row->spec), _("%s: %s"),
                                     crm_field_spec_get_label (row->spec), problem->message);
          rapport_entity_form_show_error (self, crm_field_spec_get_json_key (row->spec));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rapport_entity_form_get_text:
 * @self: the form
 * @json_key: a field with a row
 *
 * Returns: (transfer full) (nullable): the row's value as typed: text, an
 *   enum value, a decimal string, an id; %NULL without such a row
 */
char *
rapport_entity_form_get_text (RapportEntityForm *self,
                              const char        *json_key)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);

      if (g_str_equal (crm_field_spec_get_json_key (row->spec), json_key))
        return rapport_entity_form_row_text (row);
    }
  return NULL;
}

static void
set_row_editable (FieldRow *row,
                  gboolean  editable)
{
  switch (row->spec->type)
    {
    case CRM_FIELD_REFERENCE:
      rapport_reference_row_set_editable (RAPPORT_REFERENCE_ROW (row->row), editable);
      break;
    case CRM_FIELD_BOOL:
      gtk_widget_set_sensitive (row->row, editable);
      break;
    case CRM_FIELD_DATE:
      gtk_editable_set_editable (GTK_EDITABLE (row->row), editable);
      gtk_widget_set_visible (GTK_WIDGET (rapport_date_row_get_button (RAPPORT_DATE_ROW (row->row))), editable);
      break;
    default:
      if (RAPPORT_IS_QUESTIONS_ROW (row->row))
        rapport_questions_row_set_editable (RAPPORT_QUESTIONS_ROW (row->row), editable);
      else if (RAPPORT_IS_CHOICE_ROW (row->row) || RAPPORT_IS_FIELDS_ROW (row->row))
        gtk_widget_set_sensitive (row->row, editable);
      else
        gtk_editable_set_editable (GTK_EDITABLE (row->row), editable);
      break;
    }
}

/* rows of a record that cannot be changed show its values, unchangeable */
void
rapport_entity_form_set_editable (RapportEntityForm *self,
                                  gboolean           editable)
{
  for (guint i = 0; i < self->rows->len; i++)
    set_row_editable (&g_array_index (self->rows, FieldRow, i), editable);
}

/**
 * rapport_entity_form_freeze:
 * @self: the form
 * @record: the record it shows, as stored
 *
 * The rows of the fields @record keeps in its status (a published
 * article's text: crm_entity_field_is_frozen()) show their values,
 * unchangeable; in another status they can be changed again.
 */
void
rapport_entity_form_freeze (RapportEntityForm *self,
                            CrmEntity         *record)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);

      if (row->spec->flags & CRM_FIELD_FROZEN)
        set_row_editable (row, !crm_entity_field_is_frozen (record, row->index));
    }
}

/**
 * rapport_entity_form_focus_first:
 * @self: the form
 *
 * Moves the focus to the first row, where typing a record begins.
 *
 * Returns: whether a row took the focus
 */
gboolean
rapport_entity_form_focus_first (RapportEntityForm *self)
{
  g_return_val_if_fail (RAPPORT_IS_ENTITY_FORM (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_array_index (self->rows, FieldRow, i).row;

      if (gtk_widget_get_mapped (row) && gtk_widget_grab_focus (row))
        return TRUE;
    }
  return FALSE;
}
