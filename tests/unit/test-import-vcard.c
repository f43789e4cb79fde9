/* test-import-vcard.c: vCard 2.1, 3.0 and 4.0 read into rows: folding, quoted-printable, charsets, types, groups, names */
#include "crm-vcard.h"
#include "crm-error.h"

#include <string.h>

static const char *
cell (GPtrArray  *rows,
      guint       row,
      const char *column)
{
  char **header = rows->pdata[0];

  for (guint c = 0; header[c]; c++)
    if (g_str_equal (header[c], column))
      return ((char **) rows->pdata[row])[c];
  return NULL;
}

static GPtrArray *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = crm_vcard_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

/* 2.1: quoted-printable with soft breaks in Shift_JIS, bare TYPE parameters, a base64 PHOTO skipped */
static void
test_21 (void)
{
  g_autoptr(GPtrArray) rows = parse ("BEGIN:VCARD\r\nVERSION:2.1\r\n"
                                     /* 山田 太郎, with a soft break inside the second character */
                                     "FN;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8E=52=93=63 =91=\r\n=BE=98=59\r\n"
                                     /* 表 (0x95 0x5C: a backslash as its second byte) */
                                     "NOTE;CHARSET=SHIFT_JIS;QUOTED-PRINTABLE:=95\\=8C=76\r\n"
                                     "TEL;CELL:090-1234-5678\r\nTEL;WORK;VOICE:03-1234-5678\r\nTEL;FAX:03-0000-0000\r\n"
                                     "TEL;CELL:080-0000-0000\r\n"
                                     "PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n /9j/4AAQSkZJRgABAQEASABIAAD/\r\n 2wBDAAMCAgMCAgMDAwMEAwMEBQgF\r\n\r\n"
                                     "END:VCARD\r\n");

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (cell (rows, 1, "FN"), ==, "山田 太郎");
  g_assert_cmpstr (cell (rows, 1, "NOTE"), ==, "表計");
  g_assert_cmpstr (cell (rows, 1, "TEL.cell"), ==, "090-1234-5678");
  g_assert_cmpstr (cell (rows, 1, "TEL.cell.2"), ==, "080-0000-0000");
  g_assert_cmpstr (cell (rows, 1, "TEL.work"), ==, "03-1234-5678");
  g_assert_cmpstr (cell (rows, 1, "TEL.fax"), ==, "03-0000-0000");
  g_assert_null (cell (rows, 1, "PHOTO"));
}

/* 3.0: CR CR LF, folding, escapes, grouped properties whose X-ABLabel gives the type */
static void
test_30 (void)
{
  g_autoptr(GPtrArray) rows = parse ("BEGIN:VCARD\r\r\nVERSION:3.0\r\r\n"
                                     "N:Chen;Mei;;;\r\r\nFN:Mei Chen\r\r\n"
                                     "ORG:Harbour Medical\\, Ltd.;Procurement\r\r\n"
                                     "item1.TEL:+852 2345 6789\r\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\r\n"
                                     "item2.TEL:+852 3456 7890\r\r\nitem2.X-ABLabel:Work\r\r\n"
                                     "item3.ADR;type=HOME:;;1 Peak Rd;Hong Kong;;;China\r\r\n"
                                     "NOTE:one\\ntwo\\; three\\, fo\r\r\n ur\r\r\n"
                                     "END:VCARD\r\r\n");

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (cell (rows, 1, "FN"), ==, "Mei Chen");
  g_assert_cmpstr (cell (rows, 1, "N.family"), ==, "Chen");
  g_assert_cmpstr (cell (rows, 1, "ORG"), ==, "Harbour Medical, Ltd.");
  g_assert_cmpstr (cell (rows, 1, "ORG.unit"), ==, "Procurement");
  g_assert_cmpstr (cell (rows, 1, "TEL.cell"), ==, "+852 2345 6789");
  g_assert_cmpstr (cell (rows, 1, "TEL.work"), ==, "+852 3456 7890");
  g_assert_cmpstr (cell (rows, 1, "ADR.home"), ==, "1 Peak Rd, Hong Kong, China");
  g_assert_cmpstr (cell (rows, 1, "NOTE"), ==, "one\ntwo; three, four");
}

/* 4.0: tel: URIs, PREF=, quoted parameters with ':' and ';', several EMAIL in preference order */
static void
test_40 (void)
{
  g_autoptr(GPtrArray) rows = parse ("BEGIN:VCARD\nVERSION:4.0\nFN:王伟\n"
                                     "TEL;VALUE=uri;TYPE=\"cell,voice\":tel:+86-138-0013-8000\n"
                                     "EMAIL;TYPE=home:home@example.cn\nEMAIL;PREF=1:work@example.cn\n"
                                     "ADR;TYPE=work;LABEL=\"a;b: c\":;;科技园南区8栋;深圳市;广东省;518057;中国\n"
                                     "END:VCARD\n");

  g_assert_cmpstr (cell (rows, 1, "TEL.cell"), ==, "+86-138-0013-8000");
  g_assert_cmpstr (cell (rows, 1, "EMAIL"), ==, "work@example.cn");
  g_assert_cmpstr (cell (rows, 1, "EMAIL.2"), ==, "home@example.cn");
  g_assert_cmpstr (cell (rows, 1, "ADR.work"), ==, "科技园南区8栋, 深圳市, 广东省, 518057, 中国");
}

/* without FN: the name from N (family first for Chinese), else ORG, else the email */
static void
test_names (void)
{
  g_autoptr(GPtrArray) rows = parse ("BEGIN:VCARD\nVERSION:3.0\nFN:\nN:Smith;Anna;B.;Dr.;\nEND:VCARD\n"
                                     "BEGIN:VCARD\nVERSION:3.0\nN:李;明;;;\nEND:VCARD\n"
                                     "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nORG:Acme;Sales\nEND:VCARD\n"
                                     "BEGIN:VCARD\nVERSION:3.0\nEMAIL:only@example.com\nEND:VCARD\n"
                                     "BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing to name it by\nEND:VCARD\n");

  g_assert_cmpuint (rows->len, ==, 6);
  g_assert_cmpstr (cell (rows, 1, "FN"), ==, "Anna B. Smith");
  g_assert_cmpstr (cell (rows, 2, "FN"), ==, "李明");
  g_assert_cmpstr (cell (rows, 3, "FN"), ==, "Acme");
  g_assert_cmpstr (cell (rows, 4, "FN"), ==, "only@example.com");
  g_assert_cmpstr (cell (rows, 5, "FN"), ==, "");
  g_assert_cmpstr (cell (rows, 5, "NOTE"), ==, "nothing to name it by");
}

/* an AGENT's card inside a card is no row; text outside cards is ignored; no card is an error */
static void
test_structure (void)
{
  g_autoptr(GPtrArray) rows = parse ("junk before\nBEGIN:VCARD\nVERSION:2.1\nFN:Boss\n"
                                     "AGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\nEND:VCARD\n"
                                     "TEL;WORK:123\nEND:VCARD\nmore junk\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = crm_vcard_parse ("FN:nobody\n", 10, &error);

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (cell (rows, 1, "FN"), ==, "Boss");
  g_assert_cmpstr (cell (rows, 1, "TEL.work"), ==, "123");
  g_assert_null (none);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
}

/* random bytes and truncations never crash, and every row has the header's cells */
static void
test_random_input (void)
{
  static const char sample[] = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8E=52=\r\n=93=63\r\n"
                               "item1.TEL;TYPE=\"cell\":1\r\nitem1.X-ABLabel:x\r\nADR:;;a\\;b;c\r\nEND:VCARD\r\n";
  GRand *rand = g_rand_new_with_seed (16);

  for (guint round = 0; round < 2000; round++)
    {
      char buffer[sizeof sample];
      gsize length = g_rand_int_range (rand, 0, sizeof sample);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      memcpy (buffer, sample, sizeof sample);
      for (guint flips = g_rand_int_range (rand, 0, 4); flips > 0; flips--)
        buffer[g_rand_int_range (rand, 0, length + 1)] = "=:;.\r\n\\\" \x80"[g_rand_int_range (rand, 0, 10)];
      rows = crm_vcard_parse (buffer, length, &error);
      g_assert_true ((rows == NULL) == (error != NULL));
      for (guint r = 1; rows && r < rows->len; r++)
        g_assert_cmpuint (g_strv_length (rows->pdata[r]), ==, g_strv_length (rows->pdata[0]));
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vcard/2.1", test_21);
  g_test_add_func ("/vcard/3.0", test_30);
  g_test_add_func ("/vcard/4.0", test_40);
  g_test_add_func ("/vcard/names", test_names);
  g_test_add_func ("/vcard/structure", test_structure);
  g_test_add_func ("/vcard/random-input", test_random_input);
  return g_test_run ();
}
