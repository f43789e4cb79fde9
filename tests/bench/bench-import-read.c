/* bench-import-read.c: the import's readers alone, without the database: a GBK CSV
 * with Chinese headers (detected, converted, separator sniffed, parsed) and a vCard
 * 3.0 file, each read into rows and mapped to a lead's fields; prints rows/s by the
 * clock on the wall and by the process's CPU time (which a loaded machine does not skew).
 * Usage: bench-import-read [ROWS]   (100000 unless given) */
#include "crm-import-mapping.h"
#include "crm-import-read.h"
#include "crm-entities.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
read_and_map (const char      *label,
              const char      *data,
              gsize            length,
              CrmImportFormat  format,
              guint            expected_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CrmImportMapping) mapping = NULL;
  CrmEntityClass *klass = g_type_class_ref (crm_entities_lookup_collection ("leads"));
  CrmImportInfo info = { 0 };
  gint64 start = g_get_monotonic_time ();
  clock_t cpu_start = clock ();
  double cpu;
  gint64 read_done;
  gsize cells = 0;
  double seconds;

  rows = crm_import_read (data, length, format, NULL, NULL, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len - 1, ==, expected_rows);
  read_done = g_get_monotonic_time ();
  mapping = crm_import_mapping_new (klass, (const char *const *) rows->pdata[0]);
  for (guint r = 1; r < rows->len; r++)
    for (guint f = 0; f < crm_import_mapping_get_n_fields (mapping); f++)
      {
        g_autofree char *cell = crm_import_mapping_dup_cell (mapping, f, (const char *const *) rows->pdata[r]);

        cells += *cell != '\0';
      }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  cpu = (double) (clock () - cpu_start) / CLOCKS_PER_SEC;
  g_print ("%-6s %u rows, %.1f MiB (%s): read %.3f s, mapped %.3f s (wall), %.0f rows/s; CPU %.3f s, %.0f rows/s; %zu cells\n",
           label, expected_rows, length / 1048576.0, info.encoding,
           (read_done - start) / 1e6, (g_get_monotonic_time () - read_done) / 1e6,
           expected_rows / seconds, cpu, expected_rows / cpu, cells);
  g_type_class_unref (klass);
  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  g_autoptr(GString) csv = g_string_new ("名称,姓名,手机,邮箱,职务,地址,备注\r\n");
  g_autoptr(GString) vcf = g_string_new (NULL);
  g_autofree char *gbk = NULL;
  gsize gbk_length = 0;

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (csv, "上海华信贸易有限公司%u,李明%u,138%08u,li%u@huaxin.example.cn,采购经理,"
                              "上海市浦东新区张江路%u号,\"老客户，年采购额约%u万\r\n备注第二行\"\r\n",
                              i, i, i, i, i % 1000, i % 500);
      g_string_append_printf (vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Chen;Mei%u;;;\r\nFN:Mei Chen %u\r\n"
                              "ORG:Harbour Medical\\, Ltd. %u;Procurement\r\nTITLE:Head of Purchasing\r\n"
                              "item1.TEL:+852 2345 %04u\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\n"
                              "TEL;TYPE=WORK,VOICE:+852 3456 7890\r\nEMAIL;TYPE=INTERNET:mei%u@harbour.example.hk\r\n"
                              "NOTE:Met at Medica\\; wants a quote for 40 monitors\\nCall after 3 pm\\, Monday to Thurs\r\n day.\r\n"
                              "END:VCARD\r\n", i, i, i, i % 10000, i);
    }
  gbk = g_convert (csv->str, csv->len, "GB18030", "UTF-8", NULL, &gbk_length, NULL);
  g_assert_nonnull (gbk);

  read_and_map ("csv", gbk, gbk_length, CRM_IMPORT_CSV, n);
  read_and_map ("vcard", vcf->str, vcf->len, CRM_IMPORT_VCARD, n);
  return 0;
}
