/* rapportd-import-options.h: what an import's query asks beyond the file: its columns' fields, what a row that exists does, missing references */
#pragma once

#include "rapportd-api.h"
#include "crm-import-mapping.h"

G_BEGIN_DECLS

typedef enum
{
  /* a row is created, as before these options */
  RAPPORTD_IMPORT_CREATE,
  /* a row that matches a record is left out */
  RAPPORTD_IMPORT_SKIP,
  /* a row that matches a record updates it */
  RAPPORTD_IMPORT_UPDATE,
} RapportdImportPolicy;

typedef struct
{
  /* mapping= or the saved mapping's columns: {column: key or null}, or NULL */
  JsonObject           *mapping;
  /* the mapping came from mapping_id: its columns absent from a file are let be */
  gboolean              saved;
  RapportdImportPolicy  on_duplicate;
  /* create_missing=accounts */
  gboolean              create_missing_accounts;
  /* preset=: the preset named, NULL for none ("none"); where no preset
   * is named, the one the file's header is recognised as */
  const CrmImportPreset *preset;
  gboolean              preset_named;
} RapportdImportOptions;

gboolean rapportd_import_options_check_columns (CrmEntityClass       *klass,
                                                JsonObject           *columns,
                                                const char           *field,
                                                GError              **error);
gboolean rapportd_import_options_parse         (RapportdImportOptions  *options,
                                                RapportdRequest        *request,
                                                RapportdDb             *db,
                                                CrmEntityClass         *klass,
                                                GError                **error);
gboolean rapportd_import_options_apply_mapping (RapportdImportOptions  *options,
                                                CrmImportMapping       *mapping,
                                                const char * const     *header,
                                                GError                **error);
const CrmImportPreset *
         rapportd_import_options_take_preset   (RapportdImportOptions  *options,
                                                const char * const     *header);
int      rapportd_import_options_id_column     (RapportdImportOptions  *options,
                                                const char * const     *header);
void     rapportd_import_options_clear         (RapportdImportOptions  *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportdImportOptions, rapportd_import_options_clear)

G_END_DECLS
