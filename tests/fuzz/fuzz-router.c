/* fuzz-router.c: a request line as rapportd reads it: method, path and query,
 * matched to a route and a list's parameters parsed, with no database */
#include "fuzz-common.h"
#include "rapportd-api.h"
#include "crm-entities.h"

#include <libsoup/soup.h>

static const char * const methods[] = { "GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS" };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(RapportdRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  const char *query_text;
  gboolean public = FALSE;
  GType type;

  fuzz_set_up ();
  /* the first byte picks the method, the rest is the request target */
  if (size < 1)
    return 0;
  text = fuzz_dup_text (data + 1, size - 1);
  if (strlen (text) != size - 1)
    return 0;
  target = g_strconcat ("http://localhost", text[0] == '/' ? "" : "/", text, NULL);
  /* as libsoup reads it: a target that is no URI never reaches a handler */
  uri = g_uri_parse (target, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    return 0;

  request = rapportd_request_new (methods[data[0] % G_N_ELEMENTS (methods)], g_uri_get_path (uri));
  query_text = g_uri_get_query (uri);
  if (query_text != NULL)
    request->query = soup_form_decode (query_text);
  if (!rapportd_router_match (request, &public, &error))
    {
      g_assert_nonnull (error);
      return 0;
    }
  /* a list's parameters, for its collection */
  if (request->segments[0] != NULL &&
      (type = crm_entities_lookup_collection (request->segments[0])) != G_TYPE_INVALID)
    {
      RapportdListQuery list;

      rapportd_list_query_init (&list);
      rapportd_api_records_parse_query (request, type, &list, NULL);
      rapportd_list_query_clear (&list);
    }
  return 0;
}
