/* test-intake-limit.c: the request limits of intake keys and client addresses: a minute's worth at once, refilled over the minute, and buckets full again forgotten, so an address seen once does not stay in memory */
#include "rapportd-intake-limit.h"

#define SECOND G_GINT64_CONSTANT (1000000)
#define MINUTE (60 * SECOND)

/* a bucket holds a minute's worth and refills over the minute */
static void
test_bucket (void)
{
  gint64 now = 1000 * SECOND;
  guint retry = 0;

  rapportd_intake_limit_reset ();
  for (guint i = 0; i < 6; i++)
    g_assert_true (rapportd_intake_limit_take (7, 6, now, &retry));
  g_assert_false (rapportd_intake_limit_take (7, 6, now, &retry));
  g_assert_cmpuint (retry, ==, 11);
  /* another key, another bucket */
  g_assert_true (rapportd_intake_limit_take (8, 6, now, &retry));
  /* ten seconds give one more */
  g_assert_true (rapportd_intake_limit_take (7, 6, now + 10 * SECOND, &retry));
  g_assert_false (rapportd_intake_limit_take (7, 6, now + 10 * SECOND, &retry));
  g_assert_true (rapportd_intake_limit_take_address ("192.0.2.1", 1, now, &retry));
  g_assert_false (rapportd_intake_limit_take_address ("192.0.2.1", 1, now, &retry));
  g_assert_true (rapportd_intake_limit_take_address ("192.0.2.2", 1, now, &retry));
}

/* many addresses seen once: their buckets are forgotten once full again,
 * while one still short of tokens is kept and still refuses */
static void
test_forgotten (void)
{
  gint64 now = 5000 * SECOND;
  guint retry = 0;
  guint kept;

  rapportd_intake_limit_reset ();
  g_assert_true (rapportd_intake_limit_take_address ("198.51.100.1", 1, now + MINUTE / 2, &retry));
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *address = g_strdup_printf ("10.%u.%u.%u", i >> 16, (i >> 8) & 255, i & 255);

      g_assert_true (rapportd_intake_limit_take_address (address, 10, now, &retry));
    }
  g_assert_cmpuint (rapportd_intake_limit_size (), >=, 20000);
  /* a minute later the others are full again and go at the next request */
  g_assert_true (rapportd_intake_limit_take (1, 10, now + MINUTE + SECOND, &retry));
  g_assert_cmpuint (rapportd_intake_limit_size (), <=, 3);
  g_assert_false (rapportd_intake_limit_take_address ("198.51.100.1", 1, now + MINUTE + SECOND, &retry));
  g_assert_cmpuint (retry, >, 0);
  /* below the threshold nothing is swept: a bucket lives out its minute */
  kept = rapportd_intake_limit_size ();
  g_assert_true (rapportd_intake_limit_take (2, 10, now + 3 * MINUTE, &retry));
  g_assert_cmpuint (rapportd_intake_limit_size (), ==, kept + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/intake-limit/bucket", test_bucket);
  g_test_add_func ("/intake-limit/forgotten", test_forgotten);
  return g_test_run ();
}
