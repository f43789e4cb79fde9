/* fuzz-vcard.c: vCard import, as POST /:collection/import reads a text/vcard file */
#include "fuzz-common.h"
#include "crm-import-read.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  CrmImportInfo info = { 0 };

  fuzz_set_up ();
  /* the encoding detected, the file converted, then read */
  rows = crm_import_read ((const char *) data, size, CRM_IMPORT_VCARD, NULL, NULL, &info, &error);
  g_assert ((rows == NULL) == (error != NULL));
  for (guint r = 1; rows != NULL && r < rows->len; r++)
    g_assert (g_strv_length (rows->pdata[r]) == g_strv_length (rows->pdata[0]));
  return 0;
}
