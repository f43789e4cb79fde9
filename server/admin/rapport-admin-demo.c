/* rapport-admin-demo.c: realistic demo data (users, accounts, contacts), Chinese and English */
#include "rapport-admin-demo.h"
#include "rapport-admin-org.h"
#include "rapportd-repo.h"
#include "rapportd-setup.h"
#include "crm-account.h"
#include "crm-contact.h"
#include "crm-error.h"
#include "crm-user.h"

#include <mysql.h>

#define BATCH 500

static const char * const cn_cities[] = { "北京", "上海", "深圳", "广州", "杭州", "苏州", "成都", "武汉", "南京", "天津", "西安", "重庆" };
static const char * const cn_cores[] = { "华信", "中科", "博远", "康泰", "瑞达", "恒通", "安达", "新元", "金桥", "海纳", "泰和", "同仁", "永康", "宏图" };
static const char * const cn_kinds[] = { "医疗器械", "制药", "生物科技", "医药物流", "商业银行", "保险", "信息技术", "精密仪器" };
static const char * const en_cores[] = { "Alder", "Birchwood", "Cedar", "Harbor", "Summit", "Meridian", "Pioneer", "Granite", "Silverline", "Bluewater", "Northgate", "Lakeside" };
static const char * const en_kinds[] = { "Medical", "Pharma", "Diagnostics", "Bank", "Logistics", "Insurance", "Devices", "Labs" };
static const char * const en_forms[] = { "Ltd", "GmbH", "Inc.", "AG", "LLC", "S.A." };
static const char * const cn_surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙" };
static const char * const cn_given[] = { "伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "杰", "婷", "军", "晓明", "丽华" };
static const char * const en_first[] = { "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Henry", "Iris", "Jonas", "Laura", "Marco" };
static const char * const en_last[] = { "Müller", "Smith", "Schmidt", "Brown", "Wilson", "Taylor", "Meyer", "Clark", "O'Neill", "Rossi" };
static const char * const industries[] = { "medical_devices", "pharma", "healthcare", "logistics", "banking", "insurance", "technology", "manufacturing" };
static const char * const cn_regions[] = { "华北", "华东", "华南", "西南", "华中", "西北" };
static const char * const en_regions[] = { "DACH", "Benelux", "Nordics", "UK", "Iberia", "North America" };
static const char * const tiers[] = { "strategic", "key", "standard", "standard", "small" };
static const char * const stages[] = { "prospect", "qualified", "customer", "customer", "repeat_customer", "dormant" };
static const char * const sources[] = { "website", "referral", "trade_show", "cold_call", "partner" };
static const char * const cn_titles[] = { "采购经理", "总经理", "技术总监", "财务总监", "质量经理", "设备科主任" };
static const char * const en_titles[] = { "Purchasing Manager", "CEO", "Head of Engineering", "CFO", "QA Manager", "Procurement Lead" };
static const char * const departments[] = { "Procurement", "Management", "Engineering", "Finance", "Quality" };
static const char * const roles[] = { "decision_maker", "champion", "influencer", "evaluator", "user" };

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

typedef struct
{
  const char *login;
  const char *name;
  const char *role;
  const char *team;
  const char *manager;
} DemoUser;

/* the first three own the demo accounts */
static const DemoUser demo_users[] = {
  { "wang.wei",   "王伟",        "manager",  "Sales",            NULL },
  { "li.na",      "李娜",        "sales",    "East China Sales", "wang.wei" },
  { "john.smith", "John Smith",  "sales",    "Europe Sales",     "wang.wei" },
  { "zhao.min",   "赵敏",        "director", NULL,               NULL },
};

static const struct
{
  const char *name;
  const char *parent;
} demo_teams[] = {
  { "Sales",            NULL },
  { "East China Sales", "Sales" },
  { "Europe Sales",     "Sales" },
};

#define N_OWNERS 3

static gint64
find (RapportdDb  *db,
      const char  *sql_text,
      const char  *value,
      GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (sql_text);
  g_autoptr(RapportdDbResult) found = NULL;

  rapportd_sql_add_text (sql, value);
  found = rapportd_db_query (db, sql, error);
  if (found == NULL)
    return -1;
  return found->n_rows == 1 ? g_ascii_strtoll (rapportd_db_result_get (found, 0, 0), NULL, 10) : 0;
}

/* the demo organisation, once: teams under Sales, a manager, two sales people, a director */
static gboolean
ensure_organisation (RapportdDb  *db,
                     gint64      *owners,
                     GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_teams); i++)
    {
      gint64 id = find (db, "SELECT id FROM teams WHERE name = ?", demo_teams[i].name, error);

      if (id < 0 || (id == 0 && !rapport_admin_team_add (db, demo_teams[i].name, demo_teams[i].parent, error)))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      const DemoUser *user = &demo_users[i];
      gint64 id = find (db, "SELECT id FROM users WHERE login = ?", user->login, error);

      if (id < 0)
        return FALSE;
      if (id == 0 &&
          (!rapport_admin_user_add (db, user->login, user->name, user->role, user->team, user->manager,
                                    RAPPORT_DEMO_PASSWORD, error) ||
           (id = find (db, "SELECT id FROM users WHERE login = ?", user->login, error)) <= 0))
        return FALSE;
      if (i < N_OWNERS)
        owners[i] = id;
    }
  return TRUE;
}

static CrmEntity *
demo_account (GRand  *rand,
              guint   serial,
              gint64  owner)
{
  CrmEntity *account = crm_entity_new (CRM_TYPE_ACCOUNT);
  gboolean chinese = g_rand_boolean (rand);
  g_autofree char *name = NULL;
  g_autofree char *code = g_strdup_printf ("D%07u", serial);
  g_autofree char *phone = NULL;
  const char *tags[3] = { NULL, NULL, NULL };

  if (chinese)
    name = g_strdup_printf ("%s%s%s有限公司", PICK (rand, cn_cities), PICK (rand, cn_cores), PICK (rand, cn_kinds));
  else
    name = g_strdup_printf ("%s %s %s", PICK (rand, en_cores), PICK (rand, en_kinds), PICK (rand, en_forms));
  phone = chinese ? g_strdup_printf ("+86 %u %08u", g_rand_int_range (rand, 10, 99), g_rand_int_range (rand, 10000000, 99999999))
                  : g_strdup_printf ("+49 %u %07u", g_rand_int_range (rand, 30, 89), g_rand_int_range (rand, 1000000, 9999999));

  crm_entity_set_text (account, "name", name);
  crm_entity_set_text (account, "code", code);
  crm_entity_set_text (account, "industry", PICK (rand, industries));
  crm_entity_set_text (account, "region", chinese ? PICK (rand, cn_regions) : PICK (rand, en_regions));
  crm_entity_set_text (account, "source", PICK (rand, sources));
  crm_entity_set_text (account, "tier", PICK (rand, tiers));
  crm_entity_set_text (account, "lifecycle_stage", PICK (rand, stages));
  crm_entity_set_int (account, "owner", owner);
  crm_entity_set_text (account, "phone", phone);
  if (g_rand_int_range (rand, 0, 3) == 0)
    tags[0] = chinese ? "重点客户" : "key-account";
  if (g_rand_int_range (rand, 0, 4) == 0)
    tags[tags[0] ? 1 : 0] = "GMP";
  crm_entity_set_tags (account, "tags", tags);
  return account;
}

static CrmEntity *
demo_contact (GRand     *rand,
              CrmEntity *account,
              gboolean   primary)
{
  CrmEntity *contact = crm_entity_new (CRM_TYPE_CONTACT);
  gboolean chinese = g_utf8_get_char (crm_entity_get_text (account, "name")) > 0x2E80;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *mobile = NULL;

  if (chinese)
    {
      name = g_strdup_printf ("%s%s", PICK (rand, cn_surnames), PICK (rand, cn_given));
      mobile = g_strdup_printf ("+86 1%02u %04u %04u", g_rand_int_range (rand, 30, 99),
                                g_rand_int_range (rand, 0, 9999), g_rand_int_range (rand, 0, 9999));
      email = g_strdup_printf ("contact%u@example.cn", g_rand_int (rand) % 1000000);
    }
  else
    {
      const char *first = PICK (rand, en_first);
      const char *last = PICK (rand, en_last);

      name = g_strdup_printf ("%s %s", first, last);
      mobile = g_strdup_printf ("+49 15%u %07u", g_rand_int_range (rand, 1, 9), g_rand_int_range (rand, 1000000, 9999999));
      email = g_strdup_printf ("%c.%u@example.com", g_ascii_tolower (first[0]), g_rand_int (rand) % 1000000);
    }
  crm_entity_set_int (contact, "account", crm_entity_get_id (account));
  crm_entity_set_text (contact, "name", name);
  crm_entity_set_text (contact, "title", chinese ? PICK (rand, cn_titles) : PICK (rand, en_titles));
  crm_entity_set_text (contact, "department", PICK (rand, departments));
  crm_entity_set_text (contact, "mobile", mobile);
  crm_entity_set_text (contact, "email", email);
  crm_entity_set_bool (contact, "primary", primary);
  crm_entity_set_text (contact, "decision_role", PICK (rand, roles));
  crm_entity_set_int (contact, "owner", crm_entity_get_int (account, "owner"));
  return contact;
}

static guint
next_serial (RapportdDb  *db,
             GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COALESCE(MAX(id), 0) FROM accounts");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);

  return result ? (guint) g_ascii_strtoull (rapportd_db_result_get (result, 0, 0), NULL, 10) + 1 : 0;
}

/* one loader: every n_jobs-th batch of accounts, from batch job on, in its own transaction */
typedef struct
{
  const RapportdDbParams *params;
  RapportdDb             *db;
  const RapportdActor    *admin;
  const gint64           *owners;
  GRand                  *rand;
  guint                   serial;
  guint                   n_accounts;
  guint                   job;
  guint                   n_jobs;
  gboolean                contacts;
  GArray                 *quoted;
  GArray                 *quoted_owners;
  guint                  *loaded;
  GError                 *error;
} Loader;

static gboolean
load_batch (Loader  *loader,
            guint    first,
            GError **error)
{
  if (!rapportd_db_begin (loader->db, error))
    return FALSE;
  for (guint i = first; i < MIN (first + BATCH, loader->n_accounts); i++)
    {
      gint64 owner = loader->owners[g_rand_int_range (loader->rand, 0, N_OWNERS)];
      g_autoptr(CrmEntity) account = demo_account (loader->rand, loader->serial + i, owner);
      g_autoptr(CrmEntity) stored = rapportd_repo_create (loader->db, loader->admin, account, error);
      guint n_contacts = g_rand_int_range (loader->rand, 1, 4);

      if (stored == NULL)
        goto fail;
      /* the first accounts get a quote each */
      if (loader->quoted != NULL && loader->quoted->len < 30)
        {
          gint64 id = crm_entity_get_id (stored), stored_owner = crm_entity_get_int (stored, "owner");

          g_array_append_val (loader->quoted, id);
          g_array_append_val (loader->quoted_owners, stored_owner);
        }
      for (guint c = 0; loader->contacts && c < n_contacts; c++)
        {
          g_autoptr(CrmEntity) contact = demo_contact (loader->rand, stored, c == 0);
          g_autoptr(CrmEntity) stored_contact = rapportd_repo_create (loader->db, loader->admin, contact, error);

          if (stored_contact == NULL)
            goto fail;
        }
    }
  if (!rapportd_db_commit (loader->db, error))
    goto fail;
  return TRUE;

fail:
  rapportd_db_rollback (loader->db);
  return FALSE;
}

static gboolean
load_accounts (Loader *loader)
{
  for (guint first = loader->job * BATCH; first < loader->n_accounts; first += loader->n_jobs * BATCH)
    {
      guint n_quoted = loader->quoted ? loader->quoted->len : 0;
      guint loaded;

      /* a deadlock with another job's batch rolls it back whole: it runs again */
      for (guint attempt = 0; !load_batch (loader, first, &loader->error); attempt++)
        {
          if (attempt == 5 || !rapportd_db_take_retryable (loader->db))
            return FALSE;
          g_clear_error (&loader->error);
          if (loader->quoted != NULL)
            {
              g_array_set_size (loader->quoted, n_quoted);
              g_array_set_size (loader->quoted_owners, n_quoted);
            }
        }
      loaded = (guint) g_atomic_int_add ((gint *) loader->loaded, MIN (BATCH, loader->n_accounts - first)) +
               MIN (BATCH, loader->n_accounts - first);
      if (loader->job == 0 && loader->n_accounts >= 10 * BATCH)
        g_printerr ("\r%u / %u accounts", loaded, loader->n_accounts);
    }
  return TRUE;
}

/* a loader thread of its own, with its own connection and generator */
static gpointer
load_accounts_thread (gpointer data)
{
  Loader *loader = data;

  loader->db = rapportd_db_open (loader->params, &loader->error);
  if (loader->db != NULL)
    load_accounts (loader);
  g_clear_pointer (&loader->db, rapportd_db_close);
  mysql_thread_end ();
  return NULL;
}

/**
 * rapport_admin_demo:
 * @db: a connection to a migrated database
 * @params: where @db connects, for the connections of further jobs
 * @options: how many accounts, the seed, the jobs, with contacts or not
 * @error: return location for a #GError
 *
 * Adds demo users (password %RAPPORT_DEMO_PASSWORD) and accounts spread
 * over them, each with one to three contacts unless @options says not,
 * through the repository, so every row is validated, indexed and audited.
 * With several jobs, each loads every jobs-th batch of accounts on a
 * connection and thread of its own; the data then depends on the number of
 * jobs as well as on the seed.
 */
gboolean
rapport_admin_demo (RapportdDb                     *db,
                    const RapportdDbParams         *params,
                    const RapportAdminDemoOptions  *options,
                    GError                        **error)
{
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GArray) quoted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) quoted_owners = g_array_new (FALSE, FALSE, sizeof (gint64));
  RapportdActor admin = { 1, (char *) "admin", (char *) "Administrator", (char *) "admin" };
  guint n_jobs;
  g_autofree Loader *loaders = NULL;
  g_autofree GThread **threads = NULL;
  gint64 owners[N_OWNERS];
  guint loaded = 0;
  gboolean failed = FALSE;
  guint serial;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autoptr(RapportdSql) find_admin = rapportd_sql_new ("SELECT MIN(id) FROM users WHERE role = 'admin' AND active = 1");
  g_autoptr(RapportdDbResult) found = rapportd_db_query (db, find_admin, error);

  if (found == NULL)
    return FALSE;
  if (rapportd_db_result_get (found, 0, 0) == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, "no active administrator; start rapportd once first");
      return FALSE;
    }
  admin.user_id = g_ascii_strtoll (rapportd_db_result_get (found, 0, 0), NULL, 10);
  if (!ensure_organisation (db, owners, error))
    return FALSE;

  serial = next_serial (db, error);
  if (serial == 0)
    return FALSE;

  /* one job: the accounts of the seed alone, on this connection, as ever */
  rand = g_rand_new_with_seed (options->seed);
  n_jobs = CLAMP (options->jobs, 1, 64);
  loaders = g_new0 (Loader, n_jobs);
  threads = g_new0 (GThread *, n_jobs);
  for (guint job = 0; job < n_jobs; job++)
    loaders[job] = (Loader) {
      .params = params, .db = n_jobs == 1 ? db : NULL, .admin = &admin, .owners = owners,
      .rand = n_jobs == 1 ? g_rand_copy (rand) : g_rand_new_with_seed (options->seed + 1 + job),
      .serial = serial, .n_accounts = options->n_accounts, .job = job, .n_jobs = n_jobs,
      .contacts = options->contacts, .quoted = job == 0 ? quoted : NULL,
      .quoted_owners = job == 0 ? quoted_owners : NULL, .loaded = &loaded,
    };

  if (n_jobs == 1)
    {
      load_accounts (&loaders[0]);
      /* the sales documents go on with the same generator */
      g_clear_pointer (&rand, g_rand_free);
      rand = g_steal_pointer (&loaders[0].rand);
      loaders[0].db = NULL;
    }
  else
    for (guint job = 0; job < n_jobs; job++)
      threads[job] = g_thread_new ("demo-loader", load_accounts_thread, &loaders[job]);

  for (guint job = 0; job < n_jobs; job++)
    {
      if (threads[job] != NULL)
        g_thread_join (threads[job]);
      g_clear_pointer (&loaders[job].rand, g_rand_free);
      if (loaders[job].error != NULL && !failed)
        {
          g_propagate_error (error, g_steal_pointer (&loaders[job].error));
          failed = TRUE;
        }
      g_clear_error (&loaders[job].error);
    }
  if (options->n_accounts >= 10 * BATCH)
    g_printerr ("\n");
  if (failed)
    return FALSE;

  if (!rapportd_db_begin (db, error))
    return FALSE;
  if (!rapport_admin_demo_sales (db, &admin, rand, quoted, quoted_owners, error) || !rapportd_db_commit (db, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
