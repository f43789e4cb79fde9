/* rapport-test-raw.h: HTTP/1.1 by hand over a raw socket, for tests of how rapportd frames requests and answers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint  status;
  char  *head;
  char  *body;
} RapportTestAnswer;

void     rapport_test_send_all       (GSocket           *socket,
                                      const char        *data);
gboolean rapport_test_read_answer    (GSocket           *socket,
                                      GString           *pending,
                                      RapportTestAnswer *answer);
void     rapport_test_answer_clear   (RapportTestAnswer *answer);
char    *rapport_test_header_value   (const char        *head,
                                      const char        *name);
gboolean rapport_test_closed_within  (GSocket           *socket,
                                      guint              seconds);

G_END_DECLS
