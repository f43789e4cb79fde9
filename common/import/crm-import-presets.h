/* crm-import-presets.h: the common exports (Outlook, Google, LinkedIn, Salesforce…), recognised by their header and mapped as they mean */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* a header's name, compared as the mapping compares names */
  const char *column;
  /* a field's JSON key; a meaning ("@person", "@company", "@given",
   * "@middle", "@family"); "collection:key" in that collection only; or
   * NULL: the column is ignored, whatever its name would match */
  const char *target;
} CrmImportPresetColumn;

typedef struct
{
  /* stable, for ?preset= and answers: "outlook", "linkedin" */
  const char                  *name;
  /* N_() marked, shown translated */
  const char                  *label;
  /* the columns that identify the exporter's files */
  const char * const          *signature;
  /* how many of them a header has for the file to be recognised */
  guint                        min_signature;
  /* what its columns mean, first row first; NULL-terminated */
  const CrmImportPresetColumn *columns;
} CrmImportPreset;

const CrmImportPreset *crm_import_presets_get      (guint                  *n_presets);
const CrmImportPreset *crm_import_preset_lookup    (const char             *name);
const CrmImportPreset *crm_import_preset_recognise (const char * const     *header);
const char            *crm_import_preset_get_label (const CrmImportPreset  *preset);
gboolean               crm_import_preset_ignores   (const CrmImportPreset  *preset,
                                                    const char             *column);
char                  *crm_import_column_normalise (const char             *column) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
