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

G_END_DECLS
