/* rapport-search-hit.c: RapportSearchHit, one record found by the global search, and the group it heads */
#include "rapport-search-hit.h"

struct _RapportSearchHit
{
  GObject  parent_instance;

  char    *collection;
  gint64   id;
  char    *title;
  char    *subtitle;
  /* the first hit of a group carries the group's heading and count */
  char    *heading;
  char    *count;
};

G_DEFINE_FINAL_TYPE (RapportSearchHit, rapport_search_hit, G_TYPE_OBJECT)

static void
rapport_search_hit_finalize (GObject *object)
{
  RapportSearchHit *self = RAPPORT_SEARCH_HIT (object);

  g_free (self->collection);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->heading);
  g_free (self->count);
  G_OBJECT_CLASS (rapport_search_hit_parent_class)->finalize (object);
}

static void
rapport_search_hit_class_init (RapportSearchHitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_search_hit_finalize;
}

static void
rapport_search_hit_init (RapportSearchHit *self)
{
}

/**
 * rapport_search_hit_new:
 * @collection: the record's collection, e.g. "accounts"
 * @id: the record
 * @title: how people name it
 * @subtitle: (nullable): what else identifies it
 *
 * Returns: (transfer full): a hit
 */
RapportSearchHit *
rapport_search_hit_new (const char *collection,
                        gint64      id,
                        const char *title,
                        const char *subtitle)
{
  RapportSearchHit *self;

  g_return_val_if_fail (collection != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_SEARCH_HIT, NULL);
  self->collection = g_strdup (collection);
  self->id = id;
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle ? subtitle : "");
  return self;
}

const char *
rapport_search_hit_get_collection (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), NULL);
  return self->collection;
}

gint64
rapport_search_hit_get_id (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), 0);
  return self->id;
}

const char *
rapport_search_hit_get_title (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), NULL);
  return self->title;
}

const char *
rapport_search_hit_get_subtitle (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), NULL);
  return self->subtitle;
}

/**
 * rapport_search_hit_set_heading:
 * @self: the first hit of a group
 * @heading: the group's name, e.g. "Accounts"
 * @count: (nullable): how many the group has, as shown
 */
void
rapport_search_hit_set_heading (RapportSearchHit *self,
                                const char       *heading,
                                const char       *count)
{
  g_return_if_fail (RAPPORT_IS_SEARCH_HIT (self));

  g_free (self->heading);
  self->heading = g_strdup (heading);
  g_free (self->count);
  self->count = g_strdup (count);
}

/* Returns: (nullable): the heading of the group this hit starts */
const char *
rapport_search_hit_get_heading (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), NULL);
  return self->heading;
}

/* Returns: (nullable): the count shown beside the heading */
const char *
rapport_search_hit_get_count (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), NULL);
  return self->count;
}
