/* rapportd-http-thread.h: RapportdHttpThread, a thread that runs its own main context for one share of the HTTP connections */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportdHttpThread RapportdHttpThread;

typedef void (*RapportdHttpThreadFunc) (gpointer data);

RapportdHttpThread *rapportd_http_thread_new         (guint                   index);
guint               rapportd_http_thread_get_index   (RapportdHttpThread     *thread);
void                rapportd_http_thread_run         (RapportdHttpThread     *thread,
                                                      RapportdHttpThreadFunc  func,
                                                      gpointer                data);
void                rapportd_http_thread_free        (RapportdHttpThread     *thread);

G_END_DECLS
