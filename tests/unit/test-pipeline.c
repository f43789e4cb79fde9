/* test-pipeline.c: a pipeline's stages as the metamodel carries them: the "stages" member, ids kept, the rules of their order */
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-pipeline.h"

#include <string.h>

/* a pipeline read from a client's JSON and derived as the server stores it */
static CrmEntity *
pipeline_from (const char  *json,
               GError     **error)
{
  g_autoptr(JsonObject) object = crm_json_parse_object (json, -1, error);
  g_autoptr(CrmEntity) pipeline = crm_entity_new (CRM_TYPE_PIPELINE);

  if (object == NULL || !crm_json_to_entity (pipeline, object, CRM_VALIDATE_CREATE, error) ||
      !CRM_ENTITY_GET_CLASS (pipeline)->derive (pipeline, CRM_ROUND_HALF_UP, error))
    return NULL;
  return g_steal_pointer (&pipeline);
}

#define OPEN(name, p) "{\"name\":\"" name "\",\"probability\":" #p "}"
#define WON "{\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"}"
#define LOST "{\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}"

static const struct
{
  const char *what;
  const char *stages;
  /* NULL: stored */
  const char *refused_field;
} orders[] = {
  { "open, won, lost", "[" OPEN ("A", 10) "," WON "," LOST "]", NULL },
  { "open, lost, won", "[" OPEN ("A", 10) "," OPEN ("B", 50) "," LOST "," WON "]", NULL },
  { "too few", "[" WON "," LOST "]", "stages" },
  { "no lost stage", "[" OPEN ("A", 10) "," OPEN ("B", 50) "," WON "]", "stages" },
  { "won before an open stage", "[" WON "," OPEN ("A", 10) "," LOST "]", "stages" },
  { "two won", "[" OPEN ("A", 10) "," WON "," WON "," LOST "]", "stages" },
  { "none", "[]", "stages" },
  { "not an array", "{}", "stages" },
  { "a probability over 100", "[" OPEN ("A", 101) "," WON "," LOST "]", "stages[0].probability" },
  { "an unknown kind", "[{\"name\":\"A\",\"probability\":1,\"kind\":\"maybe\"}," WON "," LOST "]", "stages[0].kind" },
  { "a required field an opportunity lacks",
    "[{\"name\":\"A\",\"probability\":1,\"required_fields\":[\"colour\"]}," WON "," LOST "]", "stages[0].required_fields" },
  { "a required field the server sets",
    "[{\"name\":\"A\",\"probability\":1,\"required_fields\":[\"amount_base\"]}," WON "," LOST "]", "stages[0].required_fields" },
  { "a stage without a name", "[" OPEN ("A", 10) ",{\"probability\":20}," WON "," LOST "]", "stages[1].name" },
  { "two stages of one name", "[" OPEN ("Visit", 10) "," OPEN (" visit", 20) "," WON "," LOST "]", "stages[1].name" },
  { "required fields an opportunity has",
    "[{\"name\":\"A\",\"probability\":1,\"required_fields\":[\"amount\",\"expected_close\",\"contact_id\"]}," WON "," LOST "]", NULL },
};

static void
test_order (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\":\"P\",\"stages\":%s}", orders[i].stages);
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmEntity) pipeline = pipeline_from (json, &error);

      g_test_message ("%s: %s", orders[i].what, error ? error->message : "stored");
      if (orders[i].refused_field == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (pipeline);
        }
      else
        {
          g_assert_null (pipeline);
          g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
          g_assert_cmpstr (crm_error_get_field (error), ==, orders[i].refused_field);
        }
    }
}

/* stages are numbered in their order from 0, travel as "stages", and a
 * client names one it keeps by its id */
static void
test_stages_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmEntity) pipeline = pipeline_from ("{\"name\":\"P\",\"stages\":[{\"id\":41,\"name\":\"A\",\"probability\":10,"
                                                 "\"checklist\":[\"Call\",\"Visit\"]}," OPEN ("B", 30) "," WON "," LOST "]}",
                                                 &error);
  g_autoptr(CrmEntity) lines = crm_entity_new (CRM_TYPE_PIPELINE);
  g_autoptr(GError) lines_error = NULL;
  g_autoptr(JsonObject) as_lines = crm_json_parse_object ("{\"name\":\"P\",\"lines\":[]}", -1, NULL);
  g_autofree char *json = NULL;
  GPtrArray *stages;

  g_assert_no_error (error);
  stages = crm_entity_get_lines (pipeline);
  g_assert_cmpuint (stages->len, ==, 4);
  for (guint i = 0; i < stages->len; i++)
    g_assert_cmpint (crm_entity_get_int (stages->pdata[i], "position"), ==, i);
  g_assert_cmpint (crm_entity_get_id (stages->pdata[0]), ==, 41);
  g_assert_cmpint (crm_entity_get_id (stages->pdata[1]), ==, 0);
  g_assert_cmpstr (crm_entity_get_text (stages->pdata[1], "kind"), ==, "open");
  g_assert_true (crm_pipeline_find_stage (pipeline, 41) == stages->pdata[0]);
  g_assert_null (crm_pipeline_find_stage (pipeline, 42));
  g_assert_true (crm_pipeline_first_stage (pipeline) == stages->pdata[0]);

  json = crm_json_entity_to_string (pipeline);
  g_assert_nonnull (strstr (json, "\"stages\":[{"));
  g_assert_null (strstr (json, "\"lines\""));
  g_assert_nonnull (strstr (json, "\"checklist\":[\"Call\",\"Visit\"]"));

  /* a pipeline knows no "lines" */
  g_assert_false (crm_json_to_entity (lines, as_lines, CRM_VALIDATE_PATCH, &lines_error));
  g_assert_cmpstr (crm_error_get_field (lines_error), ==, "lines");
}

static void
test_bad_stage_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmEntity) pipeline = pipeline_from ("{\"name\":\"P\",\"stages\":[{\"id\":\"41\",\"name\":\"A\",\"probability\":10},"
                                                 WON "," LOST "]}", &error);

  g_assert_null (pipeline);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_cmpstr (crm_error_get_field (error), ==, "stages");
}

int
main (int    argc,
      char **argv)
{
  guint n_types;

  g_test_init (&argc, &argv, NULL);
  crm_entities_list (&n_types);
  g_test_add_func ("/pipeline/order", test_order);
  g_test_add_func ("/pipeline/stages-member", test_stages_member);
  g_test_add_func ("/pipeline/bad-stage-id", test_bad_stage_id);
  return g_test_run ();
}
