/* crm-dedup.c: the keys by which duplicate companies, mobiles and emails are found */
#include "crm-dedup.h"
#include "crm-search-text.h"

#include <string.h>

/*
 * A company name is read as a Chinese registered name is built: place,
 * trade name (字号), line of business, legal form — 上海 康泰 医疗器械 有限公司.
 * Its key keeps the trade name and the line of business:
 *   - compatibility forms folded (full-width letters, digits and brackets
 *     become ASCII), case folded;
 *   - a bracketed place dropped with its brackets ((上海), 【北京】, (Shanghai));
 *     any other bracketed text kept without its brackets;
 *   - legal forms dropped where they end the name, repeatedly (集团有限公司,
 *     "Co., Ltd."), and a place that follows a legal form before a branch's
 *     分公司 (…有限公司上海分公司);
 *   - up to two leading places dropped (广东省深圳市), Han or their pinyin
 *     as a word of a Latin name (Shanghai Kangtai …);
 *   - everything but letters and digits dropped.
 * Nothing is dropped that would leave the name empty.
 */

static const char * const places[] = {
  /* China and its provincial-level divisions */
  "中国", "中华",
  "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏",
  "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南",
  "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏",
  "宁夏", "新疆", "香港", "澳门",
  /* the major cities */
  "深圳", "广州", "杭州", "南京", "苏州", "成都", "武汉", "西安", "长沙", "郑州",
  "济南", "青岛", "大连", "沈阳", "哈尔滨", "长春", "厦门", "福州", "宁波", "无锡",
  "合肥", "南昌", "昆明", "贵阳", "南宁", "太原", "石家庄", "兰州", "西宁", "银川",
  "乌鲁木齐", "呼和浩特", "拉萨", "海口", "三亚", "珠海", "佛山", "东莞", "中山",
  "惠州", "温州", "绍兴", "嘉兴", "常州", "南通", "徐州", "烟台", "潍坊", "唐山",
  "保定", "洛阳", "泉州", "汕头", "芜湖", "扬州", "台州", "金华", "镇江", "珠海",
  NULL
};

/* what may follow a place's name */
static const char * const place_suffixes[] = {
  "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "",
  NULL
};

/* Latin names of places that are not their pinyin */
static const char * const latin_places[] = {
  "china", "prc", "hongkong", "macau", "macao", "canton", "peking", NULL
};

/* longest first: the first that ends a name is dropped */
static const char * const han_forms[] = {
  "集团股份有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "有限公司",
  "股份公司", "分公司", "总公司", "子公司", "办事处", "集团", "公司",
  NULL
};

/* words of Latin legal forms, longest first, each a NULL-terminated run */
static const char * const latin_forms[][4] = {
  { "company", "limited", NULL },
  { "co", "limited", NULL },
  { "co", "ltd", NULL },
  { "pte", "ltd", NULL },
  { "pvt", "ltd", NULL },
  { "l", "l", "c", NULL },
  { "s", "a", NULL },
  { "ltd", NULL },
  { "limited", NULL },
  { "inc", NULL },
  { "incorporated", NULL },
  { "llc", NULL },
  { "gmbh", NULL },
  { "ag", NULL },
  { "sa", NULL },
  { "plc", NULL },
  { "corp", NULL },
  { "corporation", NULL },
  { "co", NULL },
  { "company", NULL },
  { "group", NULL },
};

static const char * const opening_brackets[] = { "(", "[", "{", "【", "〔", "〖", NULL };
static const char * const closing_brackets[] = { ")", "]", "}", "】", "〕", "〗", NULL };

static gboolean
is_han (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
}

/* the letters and digits of @text, folded; @text is already folded */
static char *
compact (const char *text,
         gssize      length)
{
  GString *kept = g_string_new (NULL);
  const char *end = length < 0 ? text + strlen (text) : text + length;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      g_string_append_unichar (kept, g_utf8_get_char (p));
  return g_string_free (kept, FALSE);
}

static char *
first_pinyin_word (const char *han)
{
  g_autofree char *keys = crm_search_text_pinyin (han);
  const char *space = strchr (keys, ' ');

  return g_strndup (keys, space ? (gsize) (space - keys) : strlen (keys));
}

/* the pinyin of every place, as one word each: "shanghai" */
static GHashTable *
place_pinyin (void)
{
  static gsize done;
  static GHashTable *words;

  if (g_once_init_enter (&done))
    {
      words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; places[i]; i++)
        g_hash_table_add (words, first_pinyin_word (places[i]));
      for (guint i = 0; latin_places[i]; i++)
        g_hash_table_add (words, g_strdup (latin_places[i]));
      g_once_init_leave (&done, 1);
    }
  return words;
}

/* the length in bytes of the place that starts @s, or 0 */
static gsize
place_prefix (const char *s)
{
  gsize best = 0;

  for (guint i = 0; places[i]; i++)
    {
      gsize n = strlen (places[i]);

      if (strncmp (s, places[i], n) != 0)
        continue;
      for (guint j = 0; place_suffixes[j]; j++)
        {
          gsize m = strlen (place_suffixes[j]);

          if (strncmp (s + n, place_suffixes[j], m) == 0 && n + m > best)
            best = n + m;
        }
    }
  return best;
}

/* the length in bytes of the place that ends @s, or 0 */
static gsize
place_suffix (const char *s)
{
  gsize length = strlen (s);
  gsize best = 0;

  for (guint i = 0; places[i]; i++)
    for (guint j = 0; place_suffixes[j]; j++)
      {
        gsize n = strlen (places[i]) + strlen (place_suffixes[j]);

        if (n > best && n <= length && strncmp (s + length - n, places[i], strlen (places[i])) == 0 &&
            g_str_has_suffix (s, place_suffixes[j]))
          best = n;
      }
  return best;
}

static gboolean
is_place (const char *compacted)
{
  return (compacted[0] != '\0' && place_prefix (compacted) == strlen (compacted)) ||
         g_hash_table_contains (place_pinyin (), compacted);
}

/* the length in bytes of the Han legal form that ends @s, or 0 */
static gsize
han_form_suffix (const char *s)
{
  for (guint i = 0; han_forms[i]; i++)
    if (g_str_has_suffix (s, han_forms[i]))
      return strlen (han_forms[i]);
  return 0;
}

/* @folded with each bracketed place dropped and other brackets made spaces */
static char *
drop_bracketed_places (const char *folded)
{
  GString *out = g_string_new (NULL);
  const char *p = folded;

  while (*p)
    {
      gboolean bracket = FALSE;

      for (guint b = 0; opening_brackets[b] && !bracket; b++)
        {
          gsize n = strlen (opening_brackets[b]);
          const char *close;

          if (strncmp (p, opening_brackets[b], n) != 0)
            continue;
          bracket = TRUE;
          close = strstr (p + n, closing_brackets[b]);
          if (close != NULL)
            {
              g_autofree char *inside = compact (p + n, close - (p + n));

              if (!is_place (inside))
                g_string_append_len (out, p + n, close - (p + n));
              g_string_append_c (out, ' ');
              p = close + strlen (closing_brackets[b]);
            }
          else
            {
              g_string_append_c (out, ' ');
              p += n;
            }
        }
      if (bracket)
        continue;
      for (guint b = 0; closing_brackets[b] && !bracket; b++)
        if (g_str_has_prefix (p, closing_brackets[b]))
          {
            bracket = TRUE;
            g_string_append_c (out, ' ');
            p += strlen (closing_brackets[b]);
          }
      if (bracket)
        continue;
      g_string_append_unichar (out, g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/* runs of Han characters and runs of other letters and digits */
static GPtrArray *
tokenize (const char *text)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  GString *run = g_string_new (NULL);
  gboolean run_han = FALSE;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word = *p != '\0' && g_unichar_isalnum (c);

      if (run->len > 0 && (!word || is_han (c) != run_han))
        {
          g_ptr_array_add (tokens, g_strdup (run->str));
          g_string_truncate (run, 0);
        }
      if (*p == '\0')
        break;
      if (!word)
        continue;
      run_han = is_han (c);
      g_string_append_unichar (run, c);
    }
  g_string_free (run, TRUE);
  return tokens;
}

static gboolean
token_is_han (const char *token)
{
  return is_han (g_utf8_get_char (token));
}

/* the number of tokens a Latin legal form takes at the end of @tokens, or 0 */
static guint
latin_form_suffix (GPtrArray *tokens)
{
  for (guint f = 0; f < G_N_ELEMENTS (latin_forms); f++)
    {
      guint n = g_strv_length ((char **) latin_forms[f]);
      gboolean match = n < tokens->len;

      for (guint i = 0; match && i < n; i++)
        match = g_str_equal (g_ptr_array_index (tokens, tokens->len - n + i), latin_forms[f][i]);
      if (match)
        return n;
    }
  return 0;
}

/* drops one legal form (or a place before a branch's form) at the end; FALSE when none */
static gboolean
drop_trailing_form (GPtrArray *tokens)
{
  char *last = g_ptr_array_index (tokens, tokens->len - 1);
  gsize length = strlen (last);
  guint n;

  if (token_is_han (last))
    {
      gsize form = han_form_suffix (last);
      gsize place = form ? 0 : place_suffix (last);

      if (form > 0 && (form < length || tokens->len > 1))
        {
          last[length - form] = '\0';
        }
      else if (place > 0 && place < length)
        {
          g_autofree char *before = g_strndup (last, length - place);

          if (han_form_suffix (before) == 0)
            return FALSE;
          last[length - place] = '\0';
        }
      else
        return FALSE;
      if (last[0] == '\0')
        g_ptr_array_remove_index (tokens, tokens->len - 1);
      return TRUE;
    }
  if ((n = latin_form_suffix (tokens)) == 0)
    return FALSE;
  g_ptr_array_remove_range (tokens, tokens->len - n, n);
  return TRUE;
}

/* drops one leading place; FALSE when none */
static gboolean
drop_leading_place (GPtrArray *tokens)
{
  char *first = g_ptr_array_index (tokens, 0);

  if (token_is_han (first))
    {
      gsize place = place_prefix (first);

      if (place == 0 || (place == strlen (first) && tokens->len == 1))
        return FALSE;
      if (place == strlen (first))
        g_ptr_array_remove_index (tokens, 0);
      else
        memmove (first, first + place, strlen (first + place) + 1);
      return TRUE;
    }
  if (tokens->len == 1 || !g_hash_table_contains (place_pinyin (), first))
    return FALSE;
  g_ptr_array_remove_index (tokens, 0);
  return TRUE;
}

/* the words of @name that its key is made of */
static GPtrArray *
company_tokens (const char *name)
{
  g_autofree char *normalized = g_utf8_normalize (name, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = NULL;
  g_autofree char *unbracketed = NULL;
  GPtrArray *tokens;

  if (normalized == NULL)
    return g_ptr_array_new_with_free_func (g_free);
  folded = g_utf8_casefold (normalized, -1);
  unbracketed = drop_bracketed_places (folded);
  tokens = tokenize (unbracketed);
  if (tokens->len == 0)
    {
      g_ptr_array_unref (tokens);
      tokens = tokenize (folded);
    }
  while (tokens->len > 0 && drop_trailing_form (tokens))
    ;
  for (guint i = 0; i < 2 && tokens->len > 0 && drop_leading_place (tokens); i++)
    ;
  return tokens;
}

/**
 * crm_dedup_company_key:
 * @name: a company's name
 *
 * The key two spellings of one company share: 上海康泰医疗器械有限公司 and
 * 康泰医疗器械（上海）有限公司 both give 康泰医疗器械, "Kangtai Medical
 * Devices Co., Ltd" gives kangtaimedicaldevices.
 *
 * Returns: (transfer full): the key, empty when the name has no letter or digit
 */
char *
crm_dedup_company_key (const char *name)
{
  g_autoptr(GPtrArray) tokens = NULL;
  GString *key = g_string_new (NULL);

  g_return_val_if_fail (name != NULL, g_string_free (key, FALSE));

  tokens = company_tokens (name);
  for (guint i = 0; i < tokens->len; i++)
    g_string_append (key, g_ptr_array_index (tokens, i));
  return g_string_free (key, FALSE);
}

/* @text with each Han character spelled by its pinyin syllable */
static char *
spell (const char *text,
       guint       max_han)
{
  GString *out = g_string_new (NULL);
  guint n_han = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_han (c))
        {
          char one[8] = { 0 };
          g_autofree char *syllable = NULL;

          if (max_han > 0 && n_han++ == max_han)
            break;
          g_unichar_to_utf8 (c, one);
          syllable = crm_search_text_pinyin (one);
          g_string_append (out, syllable);
        }
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * crm_dedup_company_pinyin_key:
 * @name: a company's name
 *
 * The company key spelled in pinyin (crm_search_text_pinyin(), ICU's
 * Han-Latin), a Latin name's key as it is: 康泰医疗器械有限公司 and "Kangtai
 * Yiliao Qixie Co., Ltd." share kangtaiyiliaoqixie. Homophones share it too,
 * which is why it counts for less than the key itself.
 *
 * Returns: (transfer full): the key, empty when the name has no letter or digit
 */
char *
crm_dedup_company_pinyin_key (const char *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (name != NULL, g_strdup (""));

  key = crm_dedup_company_key (name);
  return spell (key, 0);
}

/**
 * crm_dedup_trade_name_key:
 * @name: a company's name
 *
 * The company's trade name (字号) in pinyin, as its English name writes it
 * first: the first two Han characters of the key (康泰医疗器械 → kangtai),
 * or the first word of a Latin name of at least three letters ("Kangtai
 * Medical Devices" → kangtai). Many companies share a trade name: alone it
 * proves nothing; with the same mobile it does.
 *
 * Returns: (transfer full) (nullable): the key, %NULL when the name has none
 */
char *
crm_dedup_trade_name_key (const char *name)
{
  g_autoptr(GPtrArray) tokens = NULL;
  const char *first;

  g_return_val_if_fail (name != NULL, NULL);

  tokens = company_tokens (name);
  if (tokens->len == 0)
    return NULL;
  first = g_ptr_array_index (tokens, 0);
  if (token_is_han (first))
    return g_utf8_strlen (first, -1) >= 2 ? spell (first, 2) : NULL;
  return g_utf8_strlen (first, -1) >= 3 ? g_strdup (first) : NULL;
}

/**
 * crm_dedup_mobile_key:
 * @number: a telephone number as typed
 *
 * Its digits, without the marks people put between them (spaces, `- . ( )
 * /`, a leading `+`, full-width forms too). China's country code is dropped
 * before an 11-digit mobile (`+86`, `0086`, or a bare `86` in front of 1…);
 * before any other number, written `+86` or `0086`, it becomes the trunk
 * zero, as the number is dialled inside China.
 *
 * Returns: (transfer full) (nullable): the digits, %NULL when @number holds
 *   other characters or fewer than five digits
 */
char *
crm_dedup_mobile_key (const char *number)
{
  g_autofree char *folded = NULL;
  g_autoptr(GString) digits = NULL;
  gboolean international = FALSE;
  const char *kept;
  gsize length;

  g_return_val_if_fail (number != NULL, NULL);

  if ((folded = g_utf8_normalize (number, -1, G_NORMALIZE_NFKC)) == NULL)
    return NULL;
  digits = g_string_new (NULL);
  for (const char *p = folded; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0 && !international)
        international = TRUE;
      else if (strchr (" -.()/\t", *p) == NULL)
        return NULL;
    }
  kept = digits->str;
  if (g_str_has_prefix (kept, "0086"))
    {
      kept += 4;
      international = TRUE;
    }
  else if (g_str_has_prefix (kept, "86") && (international || (strlen (kept) == 13 && kept[2] == '1')))
    {
      kept += 2;
      international = TRUE;
    }
  else
    international = FALSE;
  length = strlen (kept);
  if (length < 5)
    return NULL;
  if (international && !(length == 11 && kept[0] == '1') && kept[0] != '0')
    return g_strconcat ("0", kept, NULL);
  return g_strdup (kept);
}

/**
 * crm_dedup_email_key:
 * @email: an email address
 *
 * The address trimmed and lower-cased. The dots of a Gmail local part are
 * kept: a.b@gmail.com and ab@gmail.com are one mailbox there but two
 * anywhere else, and the key cannot tell which rules a domain follows.
 *
 * Returns: (transfer full) (nullable): the key, %NULL without an `@`
 */
char *
crm_dedup_email_key (const char *email)
{
  g_autofree char *folded = NULL;
  g_autofree char *trimmed = NULL;
  const char *at;

  g_return_val_if_fail (email != NULL, NULL);

  if ((folded = g_utf8_normalize (email, -1, G_NORMALIZE_NFKC)) == NULL)
    return NULL;
  trimmed = g_strstrip (g_utf8_strdown (folded, -1));
  at = strchr (trimmed, '@');
  if (at == NULL || at == trimmed || at[1] == '\0')
    return NULL;
  return g_steal_pointer (&trimmed);
}
