/* fuzz-csv.c: CSV import, as POST /:collection/import.csv reads it */
#include "fuzz-common.h"
#include "crm-csv.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_set_up ();
  rows = crm_csv_parse ((const char *) data, size, &error);
  g_assert ((rows == NULL) == (error != NULL));
  return 0;
}
