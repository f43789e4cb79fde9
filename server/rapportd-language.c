/* rapportd-language.c: the language of one request's answer, from its Accept-Language, for the thread that serves it */
#include "config.h"

#include "rapportd-language.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* the locales of the answers' messages: LC_MESSAGES of each, the rest
 * as rapportd's own; made once, used by every thread (uselocale()) */
static locale_t english = (locale_t) 0;
static locale_t chinese = (locale_t) 0;

static gpointer
make_locales (gpointer data)
{
  locale_t base = duplocale (LC_GLOBAL_LOCALE);

  english = newlocale (LC_MESSAGES_MASK, "C", base);
  if (english == (locale_t) 0)
    freelocale (base);
  base = duplocale (LC_GLOBAL_LOCALE);
  /* a system without the zh_CN.UTF-8 locale answers in English */
  chinese = newlocale (LC_MESSAGES_MASK, "zh_CN.UTF-8", base);
  if (chinese == (locale_t) 0)
    {
      freelocale (base);
      g_message ("The zh_CN.UTF-8 locale is not installed: requests that ask for Chinese are answered in English");
      return NULL;
    }
  /* GLib decides once, at the first translation, whether to translate at
   * all: asked in a locale without a catalogue (C.UTF-8) it would say no
   * for good, so it is asked in Chinese first */
  {
    locale_t previous = uselocale (chinese);

    (void) g_dgettext (GETTEXT_PACKAGE, "");
    uselocale (previous);
  }
  return NULL;
}

/**
 * rapportd_language_init:
 *
 * Makes the locales of the answers' languages.  Call it once at start,
 * after setlocale() and textdomain(), before anything is translated.
 */
void
rapportd_language_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, make_locales, NULL);
}

/* a language tag we answer in: Simplified Chinese or English; -1: another */
static int
language_of (const char *tag)
{
  const char *const chinese_tags[] = { "zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn", "zh-hans-sg", NULL };
  g_autofree char *lower = g_ascii_strdown (tag, -1);

  g_strdelimit (lower, "_", '-');
  if (g_strv_contains (chinese_tags, lower))
    return RAPPORTD_LANGUAGE_CHINESE;
  if (g_str_equal (lower, "en") || g_str_has_prefix (lower, "en-") || g_str_equal (lower, "*"))
    return RAPPORTD_LANGUAGE_ENGLISH;
  return -1;
}

/**
 * rapportd_language_resolve:
 * @accept_language: (nullable): the request's Accept-Language
 *
 * zh, zh-CN, zh-Hans and zh-SG are Chinese, any English is English: the
 * first of these by quality wins; a header that names neither is English.
 *
 * Returns: the answer's language; %RAPPORTD_LANGUAGE_SERVER without a header
 */
RapportdLanguage
rapportd_language_resolve (const char *accept_language)
{
  g_auto(GStrv) ranges = NULL;
  int best = RAPPORTD_LANGUAGE_ENGLISH;
  double best_q = 0.0;

  if (accept_language == NULL || *accept_language == '\0')
    return RAPPORTD_LANGUAGE_SERVER;
  ranges = g_strsplit (accept_language, ",", 32);
  for (guint i = 0; ranges[i]; i++)
    {
      char *semicolon = strchr (ranges[i], ';');
      const char *q_text = semicolon ? strstr (semicolon, "q=") : NULL;
      double q = q_text ? g_ascii_strtod (q_text + 2, NULL) : 1.0;
      int language;

      if (semicolon)
        *semicolon = '\0';
      language = language_of (g_strstrip (ranges[i]));
      if (language >= 0 && q > best_q)
        {
          best = language;
          best_q = q;
        }
    }
  return best;
}

/**
 * rapportd_language_use:
 * @language: the request's language
 *
 * Makes gettext in the calling thread answer in @language, until
 * rapportd_language_restore().
 *
 * Returns: the thread's locale before, for rapportd_language_restore()
 */
locale_t
rapportd_language_use (RapportdLanguage language)
{
  locale_t wanted = (locale_t) 0;

  rapportd_language_init ();
  if (language == RAPPORTD_LANGUAGE_CHINESE)
    wanted = chinese ? chinese : english;
  else if (language == RAPPORTD_LANGUAGE_ENGLISH)
    wanted = english;
  /* 0 leaves the thread's locale as it is */
  return uselocale (wanted);
}

/**
 * rapportd_language_restore:
 * @previous: what rapportd_language_use() returned
 */
void
rapportd_language_restore (locale_t previous)
{
  uselocale (previous);
}
