/* crm-kb-article.c: CrmKbArticle, an article of the knowledge base, published through an approval */
#include "crm-kb-article.h"

#include <glib/gi18n-lib.h>

struct _CrmKbArticle
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmKbArticle, crm_kb_article, CRM_TYPE_ENTITY)

static const char * const visibilities[] = { "internal", "customer", NULL };

/* in context "kb visibility": who an article is written for */
static const char * const visibility_labels[] = {
  NC_("kb visibility", "Internal"), NC_("kb visibility", "Customer-facing"), NULL
};

static const char * const statuses[] = { "draft", "pending_approval", "published", "archived", NULL };

static const char * const status_labels[] = {
  NC_("kb article", "Draft"), NC_("kb article", "Pending approval"), NC_("kb article", "Published"),
  NC_("kb article", "Archived"), NULL
};

/* A draft is published only by its approval (POST /kb-articles/:id/submit,
 * server/db/rapportd-kb-publish.c); a published article is retired and
 * brought back by its status. */
static const CrmStatusTransition transitions[] = {
  { NULL,        "draft" },
  { "published", "archived" },
  { "archived",  "published" },
  { NULL,        NULL },
};

/* The text of a published article changes through a new draft of it
 * (draft_of names the article it will replace once approved), so that
 * the published text stays what readers see until then. The body is plain
 * text: paragraphs separated by an empty line, a line starting "# " a
 * heading, "- " an item of a list. */
static const CrmFieldSpec article_fields[] = {
  { "title",             CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_FROZEN, .label = NC_("kb article", "Title"), .context = "kb article" },
  { "summary",           CRM_FIELD_TEXT,      .max_len = 1000, .flags = CRM_FIELD_SEARCHABLE | CRM_FIELD_FROZEN, .label = N_("Summary") },
  { "keywords",          CRM_FIELD_TEXT,      .max_len = 500, .flags = CRM_FIELD_SEARCHABLE | CRM_FIELD_FROZEN, .label = N_("Keywords") },
  /* found by its words, not by their pinyin: the index keeps a body's grams only */
  { "body",              CRM_FIELD_LONG_TEXT, .max_len = CRM_KB_ARTICLE_MAX_BODY_BYTES, .flags = CRM_FIELD_SEARCHABLE | CRM_FIELD_SEARCH_WORDS_ONLY | CRM_FIELD_FROZEN, .label = N_("Body") },
  { "category",          CRM_FIELD_REFERENCE, .column = "category_id", .json_key = "category_id", .reference = "kb_category", .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_FROZEN, .label = N_("Category") },
  { "visibility",        CRM_FIELD_ENUM,      .enum_values = visibilities, .enum_labels = visibility_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_FROZEN, .label = NC_("kb visibility", "Visibility"), .context = "kb visibility", .default_value = "internal" },
  { "status",            CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("kb article", "Status"), .context = "kb article", .default_value = "draft" },
  { "language",          CRM_FIELD_TEXT,      .max_len = 16, .flags = CRM_FIELD_FILTERABLE | CRM_FIELD_FROZEN, .label = N_("Language"), .default_value = "zh_CN" },
  /* the number of the version published; 0: never published */
  { "published_version", CRM_FIELD_INT,       .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE, .label = N_("Published version"), .default_value = "0" },
  { "published_at",      CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Published at") },
  { "draft_of",          CRM_FIELD_REFERENCE, .column = "draft_of", .json_key = "draft_of", .reference = "kb_article", .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("New version of") },
  { "useful_count",      CRM_FIELD_INT,       .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Found useful"), .default_value = "0" },
  { "not_useful_count",  CRM_FIELD_INT,       .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Found not useful"), .default_value = "0" },
  { "owner",             CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_FILTERABLE, .label = N_("Owner") },
};

static const char * const drafts[] = { "draft", NULL };
static const char * const published[] = { "published", NULL };

/* a draft goes to its approval from its page; a published article's text
 * changes through the draft of its next version, which its page opens */
static const CrmRecordAction actions[] = {
  { "submit", N_("Submit for approval"), drafts },
  { "draft", N_("New version"), published, .opens = "kb_article" },
  { NULL },
};

/* service staff and their managers write articles; managers and directors approve them */
static const char * const writers[] = { "service", "manager", "director", NULL };
static const char * const editable[] = { "draft", "published", "archived", NULL };
/* the text readers see changes only through the draft of a new version */
static const char * const frozen[] = { "published", "archived", NULL };

static void
crm_kb_article_class_init (CrmKbArticleClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "kb_article", "kb-articles",
                                   article_fields, G_N_ELEMENTS (article_fields));
  crm_entity_class_set_labels (entity_class, N_("Knowledge-base article"), N_("Knowledge-base articles"));
  entity_class->status_transitions = transitions;
  entity_class->write_roles = writers;
  entity_class->editable_statuses = editable;
  entity_class->frozen_statuses = frozen;
  entity_class->readers_status = "published";
  entity_class->actions = actions;
}

static void
crm_kb_article_init (CrmKbArticle *self)
{
}
