/* rapportd-language.h: the language of one request's answer, from its Accept-Language, for the thread that serves it */
#pragma once

#include <glib.h>
#include <locale.h>

G_BEGIN_DECLS

typedef enum
{
  /* no Accept-Language: rapportd's own locale */
  RAPPORTD_LANGUAGE_SERVER,
  RAPPORTD_LANGUAGE_ENGLISH,
  RAPPORTD_LANGUAGE_CHINESE,
} RapportdLanguage;

void             rapportd_language_init    (void);
RapportdLanguage rapportd_language_resolve (const char       *accept_language);
locale_t         rapportd_language_use     (RapportdLanguage  language);
void             rapportd_language_restore (locale_t          previous);

/* what rapportd_language_use() returned, restored where it goes out of scope */
typedef locale_t RapportdLanguagePrevious;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (RapportdLanguagePrevious, rapportd_language_restore, (locale_t) 0)

/* the rest of the block speaks the language of @accept_language (nullable),
 * as rapportd_router_dispatch() does; the thread's own is back at its end */
#define RAPPORTD_LANGUAGE_SCOPE(accept_language) \
  G_GNUC_UNUSED g_auto (RapportdLanguagePrevious) rapportd_language_previous = \
    rapportd_language_use (rapportd_language_resolve (accept_language))

G_END_DECLS
