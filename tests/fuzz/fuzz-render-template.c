/* fuzz-render-template.c: print templates as an administrator uploads them */
#include "fuzz-common.h"
#include "crm-render-template.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_text (data, size);
  g_autoptr(CrmRenderTemplate) template = NULL;
  g_autoptr(CrmRenderTemplate) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  fuzz_set_up ();
  template = crm_render_template_new_from_json (text, &error);
  if (template == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  /* a valid template survives being saved and read again */
  saved = crm_render_template_to_json (template);
  again = crm_render_template_new_from_json (saved, &error);
  if (again == NULL)
    g_error ("a saved template does not load again: %s\n%s", error->message, saved);
  return 0;
}
