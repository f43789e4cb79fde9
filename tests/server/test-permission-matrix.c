/* test-permission-matrix.c: every role × endpoint × record relation, generated from one table, no leaks */
#include "rapport-test-server.h"

#include <string.h>

/* how a record relates to the user who asks */
typedef enum
{
  REL_OWN,
  REL_SUBORDINATE,
  REL_PEER,
  REL_SHARED_READ,
  REL_SHARED_WRITE,
  REL_SHARE_EXPIRED,
  N_RELATIONS
} Relation;

static const char * const relation_names[N_RELATIONS] = {
  "own", "subordinate", "peer", "shared-read", "shared-write", "share-expired",
};

typedef enum
{
  ACCESS_NONE,
  ACCESS_READ,
  ACCESS_WRITE,
} Access;

typedef enum
{
  SCOPE_NONE,
  SCOPE_OWN,
  SCOPE_TEAM,
  SCOPE_COMPANY,
  N_SCOPES
} Scope;

/* The one table: what a data scope grants on each relation. A role that
 * changes nothing (the auditor) has every WRITE read as READ. */
static const Access access_table[N_SCOPES][N_RELATIONS] = {
  /*               own           subordinate   peer          shared-read   shared-write  share-expired */
  [SCOPE_NONE]    = { ACCESS_NONE,  ACCESS_NONE,  ACCESS_NONE,  ACCESS_READ,  ACCESS_WRITE, ACCESS_NONE },
  [SCOPE_OWN]     = { ACCESS_WRITE, ACCESS_NONE,  ACCESS_NONE,  ACCESS_READ,  ACCESS_WRITE, ACCESS_NONE },
  [SCOPE_TEAM]    = { ACCESS_WRITE, ACCESS_WRITE, ACCESS_NONE,  ACCESS_READ,  ACCESS_WRITE, ACCESS_NONE },
  [SCOPE_COMPANY] = { ACCESS_WRITE, ACCESS_WRITE, ACCESS_WRITE, ACCESS_WRITE, ACCESS_WRITE, ACCESS_WRITE },
};

/* the roles and their default scope on accounts */
typedef struct
{
  const char *role;
  Scope       scope;
  gboolean    read_only;
  /* filled in by the set-up */
  char       *token;
  gint64      user_id;
  gint64      records[N_RELATIONS];
} Role;

static Role roles[] = {
  { "admin",    SCOPE_NONE,    FALSE },
  { "director", SCOPE_COMPANY, FALSE },
  { "manager",  SCOPE_TEAM,    FALSE },
  { "sales",    SCOPE_OWN,     FALSE },
  { "service",  SCOPE_OWN,     FALSE },
  { "finance",  SCOPE_COMPANY, FALSE },
  { "auditor",  SCOPE_COMPANY, TRUE },
};

static RapportTestServer *server;
static char *peer;
static guint n_checks;

static Access
expected_access (const Role *role,
                 Relation    relation)
{
  Access access = access_table[role->scope][relation];

  return role->read_only && access == ACCESS_WRITE ? ACCESS_READ : access;
}

/* every matrix record relates to exactly one role; to every other role it is a peer's */
static Access
expected_access_to (const Role *role,
                    gint64      record)
{
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    for (guint rel = 0; rel < N_RELATIONS; rel++)
      if (roles[r].records[rel] == record)
        return expected_access (role, &roles[r] == role ? rel : REL_PEER);
  g_assert_not_reached ();
}

static guint
status_of (const char *token,
           const char *method,
           const char *path,
           const char *body)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, method, path, token, body);

  n_checks++;
  return reply->status;
}

static gint64
user_id (const char *token)
{
  g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);

  return rapport_test_reply_int (me, "id");
}

static char *
add_user (const char *login,
          const char *role,
          const char *team)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;

  g_file_set_contents (password_path, "correct horse battery", -1, NULL);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role, "--team", team,
                                 "--password-file", password_path, NULL) != 0)
    g_error ("user add %s: %s", login, output);
  return rapport_test_login (server, login, "correct horse battery");
}

static void
add_team (const char *name,
          const char *parent)
{
  g_autofree char *output = NULL;
  int status = parent ? rapport_test_server_admin (server, &output, "team", "add", name, "--parent", parent, NULL)
                      : rapport_test_server_admin (server, &output, "team", "add", name, NULL);

  if (status != 0)
    g_error ("team add %s: %s", name, output);
}

static void
transfer (gint64 record,
          gint64 owner)
{
  g_autofree char *body = g_strdup_printf ("{\"ids\":[%" G_GINT64_FORMAT "],\"owner_id\":%" G_GINT64_FORMAT
                                           ",\"reason\":\"permission matrix\"}", record, owner);

  g_assert_cmpuint (status_of (server->admin_token, "POST", "/api/v1/accounts/transfer", body), ==, 200);
}

static void
share (gint64      record,
       gint64      with,
       const char *access)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/shares", record);
  g_autofree char *body = g_strdup_printf ("{\"user_id\":%" G_GINT64_FORMAT ",\"access\":\"%s\"}", with, access);

  g_assert_cmpuint (status_of (peer, "POST", path, body), ==, 201);
}

/* Each role's user sits in a team of their own with one sub-team below it,
 * whose one member is their subordinate; everyone else is a peer. All
 * records start as the peer's and are handed over by transfer or share. */
static void
set_up (void)
{
  gint64 peer_id;

  add_team ("Peers", NULL);
  peer = add_user ("peer", "sales", "Peers");
  peer_id = user_id (peer);

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      Role *role = &roles[r];
      g_autofree char *team = g_strdup_printf ("Team %s", role->role);
      g_autofree char *sub_team = g_strdup_printf ("Team %s below", role->role);
      g_autofree char *login = g_strdup_printf ("m-%s", role->role);
      g_autofree char *sub_login = g_strdup_printf ("m-%s-sub", role->role);
      g_autofree char *sub = NULL;

      add_team (team, NULL);
      add_team (sub_team, team);
      role->token = add_user (login, role->role, team);
      role->user_id = user_id (role->token);
      sub = add_user (sub_login, "sales", sub_team);

      for (guint rel = 0; rel < N_RELATIONS; rel++)
        {
          g_autofree char *body = g_strdup_printf ("{\"name\":\"Mxrec %s %s\",\"region\":\"Matrix\"}",
                                                   role->role, relation_names[rel]);

          role->records[rel] = rapport_test_create (server, peer, "accounts", body);
        }
      transfer (role->records[REL_OWN], role->user_id);
      transfer (role->records[REL_SUBORDINATE], user_id (sub));
      share (role->records[REL_SHARED_READ], role->user_id, "read");
      share (role->records[REL_SHARED_WRITE], role->user_id, "write");
      share (role->records[REL_SHARE_EXPIRED], role->user_id, "write");
    }
  /* a share that was given and has run out */
  g_free (rapport_test_server_sql (server, "UPDATE shares SET until = '2001-01-01 00:00:00' "
                                           "WHERE record_id IN (SELECT id FROM accounts WHERE name LIKE '% share-expired')"));
  /* administrators see no business data until given a scope; the fixture gave one for the set-up */
  g_free (rapport_test_server_sql (server, "UPDATE role_scopes SET scope = 'none' WHERE role = 'admin'"));
  g_assert_cmpuint (peer_id, >, 0);
}

static GHashTable *
expected_visible (const Role *role)
{
  GHashTable *ids = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    for (guint rel = 0; rel < N_RELATIONS; rel++)
      if (expected_access_to (role, roles[r].records[rel]) != ACCESS_NONE)
        g_hash_table_add (ids, &roles[r].records[rel]);
  return ids;
}

/* every id of a list, page after page; the cursor never brings back a row twice */
static GHashTable *
listed (const Role *role,
        const char *query,
        gint64     *total)
{
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *after = NULL;

  *total = -1;
  do
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/accounts?%s&limit=4&count=true%s%s", query,
                                               after ? "&after=" : "", after ? after : "");
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, role->token, NULL);
      JsonObject *page;
      JsonArray *items;

      n_checks++;
      g_assert_cmpuint (reply->status, ==, 200);
      page = rapport_test_reply_object (reply);
      items = json_object_get_array_member (page, "items");
      if (*total < 0 && json_object_has_member (page, "total"))
        *total = json_object_get_int_member (page, "total");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");

          g_assert_true (g_hash_table_add (ids, g_memdup2 (&id, sizeof id)));
        }
      g_clear_pointer (&after, g_free);
      if (json_object_has_member (page, "next") && !JSON_NODE_HOLDS_NULL (json_object_get_member (page, "next")))
        after = g_uri_escape_string (json_object_get_string_member (page, "next"), NULL, TRUE);
    }
  while (after != NULL);
  return ids;
}

static void
assert_same_ids (const Role *role,
                 const char *endpoint,
                 GHashTable *expected,
                 GHashTable *got)
{
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, got);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!g_hash_table_contains (expected, id))
      g_error ("LEAK: %s sees account %" G_GINT64_FORMAT " through %s", role->role, *(gint64 *) id, endpoint);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!g_hash_table_contains (got, id))
      g_error ("%s misses account %" G_GINT64_FORMAT " in %s", role->role, *(gint64 *) id, endpoint);
}

static void
test_lists (gconstpointer data)
{
  const Role *role = data;
  g_autoptr(GHashTable) expected = expected_visible (role);
  const char *queries[] = { "region=Matrix", "q=Mxrec", "q=Mxrec&sort=-name", "sort=name" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      gint64 total;
      g_autoptr(GHashTable) got = listed (role, queries[i], &total);

      assert_same_ids (role, queries[i], expected, got);
      g_assert_cmpint (total, ==, g_hash_table_size (expected));
    }
}

/* the CSV export holds the names of exactly what the role may see */
static void
test_export (gconstpointer data)
{
  const Role *role = data;
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/accounts/export.csv?q=Mxrec",
                                                            role->token, NULL);

  n_checks++;
  g_assert_cmpuint (reply->status, ==, 200);
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    for (guint rel = 0; rel < N_RELATIONS; rel++)
      {
        g_autofree char *name = g_strdup_printf ("\"Mxrec %s %s\"", roles[r].role, relation_names[rel]);
        gboolean exported = strstr (reply->body, name) != NULL;

        if (exported != (expected_access_to (role, roles[r].records[rel]) != ACCESS_NONE))
          g_error ("%s export: \"%s\" %s in\n%s", role->role, name, exported ? "LEAKED" : "missing", reply->body);
      }
}

static gint64
version_of (gint64 id)
{
  g_autofree char *query = g_strdup_printf ("SELECT version FROM accounts WHERE id = %" G_GINT64_FORMAT, id);
  g_autofree char *version = rapport_test_server_sql (server, query);

  return g_ascii_strtoll (version, NULL, 10);
}

static guint
status_for (Access access,
            gboolean write)
{
  if (access == ACCESS_NONE)
    return 404;
  if (!write)
    return 200;
  return access == ACCESS_WRITE ? 200 : 403;
}

/* by id: read, change, archive — on the role's own six records and on a peer's of another role */
static void
test_by_id (gconstpointer data)
{
  const Role *role = data;
  g_autofree char *created = g_strdup_printf ("{\"name\":\"Mxnew %s\"}", role->role);
  guint create_status = role->read_only || role->scope == SCOPE_NONE ? 403 : 201;

  for (guint rel = 0; rel < N_RELATIONS; rel++)
    {
      gint64 id = role->records[rel];
      Access access = expected_access (role, rel);
      g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
      g_autofree char *patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"tier\":\"key\"}", version_of (id));
      gint64 version = version_of (id);
      guint status;

      if ((status = status_of (role->token, "GET", path, NULL)) != status_for (access, FALSE))
        g_error ("%s GET %s: %u", role->role, relation_names[rel], status);
      if ((status = status_of (role->token, "PATCH", path, patch)) != status_for (access, TRUE))
        g_error ("%s PATCH %s: %u", role->role, relation_names[rel], status);
      /* a refused change changed nothing */
      g_assert_cmpint (version_of (id), ==, version + (status == 200 ? 1 : 0));
      if ((status = status_of (role->token, "DELETE", path, NULL)) != status_for (access, TRUE))
        g_error ("%s archive %s: %u", role->role, relation_names[rel], status);
    }
  g_assert_cmpuint (status_of (role->token, "POST", "/api/v1/accounts", created), ==, create_status);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  set_up ();

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autofree char *lists = g_strdup_printf ("/matrix/lists-search-count-paging/%s", roles[r].role);
      g_autofree char *export = g_strdup_printf ("/matrix/export/%s", roles[r].role);

      g_test_add_data_func (lists, &roles[r], test_lists);
      g_test_add_data_func (export, &roles[r], test_export);
    }
  /* archiving changes what lists show: by-id checks come after every list check */
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autofree char *by_id = g_strdup_printf ("/matrix/get-patch-archive-create/%s", roles[r].role);

      g_test_add_data_func (by_id, &roles[r], test_by_id);
    }
  status = g_test_run ();
  g_test_message ("%u requests checked against the table", n_checks);
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    g_free (roles[r].token);
  g_free (peer);
  rapport_test_server_stop (server);
  return status;
}
