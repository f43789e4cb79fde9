/* test-permission-matrix.c: every role × endpoint × record relation, generated from one table, no leaks */
#include "rapport-test-server.h"
#include "test-permission-routes.h"

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
  gboolean    no_quotes;  /* no data scope on quotes (quality): a quote's creation is refused first */
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
  { "quality",  SCOPE_COMPANY, FALSE, TRUE },  /* complaint.assess; no scope but on cases, accounts, contacts */
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
  peer_id = rapport_test_user_id (server, peer);

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
      role->user_id = rapport_test_user_id (server, role->token);
      sub = add_user (sub_login, "sales", sub_team);

      for (guint rel = 0; rel < N_RELATIONS; rel++)
        {
          g_autofree char *body = g_strdup_printf ("{\"name\":\"Mxrec %s %s\",\"region\":\"Matrix\"}",
                                                   role->role, relation_names[rel]);

          role->records[rel] = rapport_test_create (server, peer, "accounts", body);
        }
      transfer (role->records[REL_OWN], role->user_id);
      transfer (role->records[REL_SUBORDINATE], rapport_test_user_id (server, sub));
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

/* A record under an account (a contact, a quote) needs write access to the
 * account: a read share shows it and adds nothing to it (403 on
 * account_id); one that cannot be seen is named as missing (422). A role
 * without a data scope, or one that changes nothing, is refused first. */
static guint
child_status_for (const Role *role,
                  Access      access)
{
  if (role->read_only || role->scope == SCOPE_NONE)
    return 403;
  return access == ACCESS_NONE ? 422 : access == ACCESS_READ ? 403 : 201;
}

static void
check_children (const Role *role,
                Relation    rel)
{
  gint64 id = role->records[rel];
  guint expected_child = child_status_for (role, expected_access (role, rel));
  g_autofree char *contact = g_strdup_printf ("{\"name\":\"Mxchild %s %s\",\"account_id\":%" G_GINT64_FORMAT "}",
                                              role->role, relation_names[rel], id);
  g_autofree char *quote = g_strdup_printf ("{\"title\":\"Mxchild %s %s\",\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\"}",
                                            role->role, relation_names[rel], id);
  const char *bodies[] = { contact, quote };
  const char *collections[] = { "contacts", "quotes" };

  for (guint c = 0; c < G_N_ELEMENTS (collections); c++)
    {
      gboolean no_scope = role->no_quotes && g_str_equal (collections[c], "quotes");
      guint expected = no_scope ? 403 : expected_child;
      g_autofree char *path = g_strdup_printf ("/api/v1/%s", collections[c]);
      g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM %s WHERE account_id = %" G_GINT64_FORMAT,
                                                collections[c], id);
      g_autofree char *before = rapport_test_server_sql (server, query);
      g_autofree char *after = NULL;
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, role->token, bodies[c]);

      n_checks++;
      if (reply->status != expected)
        g_error ("%s adds to %s account, %s: %u %s", role->role, relation_names[rel], collections[c],
                 reply->status, reply->body);
      after = rapport_test_server_sql (server, query);
      g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, g_ascii_strtoll (before, NULL, 10) + (expected == 201 ? 1 : 0));
      if (expected != 201 && !role->read_only && role->scope != SCOPE_NONE && !no_scope)
        g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "account_id");
    }
}

/* by id: read, change, add to, archive — on the role's own six records and on a peer's of another role */
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
      check_children (role, rel);
      if ((status = status_of (role->token, "DELETE", path, NULL)) != status_for (access, TRUE))
        g_error ("%s archive %s: %u", role->role, relation_names[rel], status);
    }
  g_assert_cmpuint (status_of (role->token, "POST", "/api/v1/accounts", created), ==, create_status);
}

#define MISSING_ID "987654321"

static const RouteRule *
rule_for (const char *route)
{
  for (guint i = 0; i < n_route_rules; i++)
    if (g_str_equal (route_rules[i].route, route))
      return &route_rules[i];
  return NULL;
}

static gboolean
may_call (const Role *role,
          Who         who)
{
  switch (who)
    {
    case WHO_PUBLIC:
    case WHO_ANYONE:
      return TRUE;
    case WHO_CHANGERS:
      return !role->read_only;
    case WHO_ADMIN:
      return g_str_equal (role->role, "admin");
    case WHO_ADMIN_AUDITOR:
      return g_str_equal (role->role, "admin") || role->read_only;
    case WHO_DATA_OFFICERS:
      return g_str_equal (role->role, "admin") || g_str_equal (role->role, "director");
    case WHO_OVERSEERS:
      return g_str_equal (role->role, "admin") || g_str_equal (role->role, "director") ||
             g_str_equal (role->role, "manager") || role->read_only;
    default:
      g_assert_not_reached ();
    }
}

/* whether a route's segments ("*" for any one) match a path's */
static gboolean
segments_match (char **pattern,
                char **path)
{
  guint i;

  for (i = 0; pattern[i] != NULL; i++)
    if (path[i] == NULL || (!g_str_equal (pattern[i], "*") && !g_str_equal (pattern[i], path[i])))
      return FALSE;
  return path[i] == NULL;
}

/* the route that serves a method and path, as the router chooses: literal
 * routes own their path, otherwise the first in the table's order */
static const char *
serving_route (JsonArray  *routes,
               const char *method,
               char      **path)
{
  gboolean literal_path = FALSE;

  for (guint i = 0; i < json_array_get_length (routes); i++)
    {
      const char *route = json_array_get_string_element (routes, i);
      const char *space = strchr (route, ' ');
      g_autofree char *route_method = g_strndup (route, space - route);
      g_auto(GStrv) pattern = g_strsplit (space + 2, "/", -1);
      gboolean literal = !g_str_equal (pattern[0], "*");

      if (!segments_match (pattern, path) || (literal_path && !literal))
        continue;
      literal_path |= literal;
      if (g_str_equal (route_method, method))
        return route;
    }
  return NULL;
}

static char *
probe_path (const char *documented)
{
  g_autoptr(GString) path = g_string_new ("/api/v1");
  g_auto(GStrv) segments = g_strsplit (documented + 1, "/", -1);

  for (guint i = 0; segments[i]; i++)
    g_string_append_printf (path, "/%s", segments[i][0] == '{' ? MISSING_ID : segments[i]);
  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* route -> the paths it is tried on */
static GHashTable *
route_probes (JsonObject *openapi,
              JsonArray  *routes)
{
  GHashTable *probes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  JsonObject *paths = json_object_get_object_member (openapi, "paths");
  g_autoptr(GList) documented = json_object_get_members (paths);

  for (guint i = 0; i < json_array_get_length (routes); i++)
    g_hash_table_insert (probes, (gpointer) json_array_get_string_element (routes, i),
                         g_ptr_array_new_with_free_func (g_free));
  for (GList *l = documented; l; l = l->next)
    {
      g_autoptr(GList) methods = json_object_get_members (json_object_get_object_member (paths, l->data));
      g_auto(GStrv) segments = g_strsplit ((const char *) l->data + 1, "/", -1);

      for (GList *m = methods; m; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          const char *route = serving_route (routes, method, segments);

          if (route == NULL)
            g_error ("openapi.json documents %s %s, which no route serves", method, (const char *) l->data);
          g_ptr_array_add (g_hash_table_lookup (probes, route), probe_path (l->data));
        }
    }
  return probes;
}

static guint
call_route (const Role *role,
            const char *method,
            const char *path)
{
  const char *body = g_str_equal (method, "GET") || g_str_equal (method, "DELETE") ? NULL : "{}";
  g_autofree char *fresh = NULL;
  const char *token = role ? role->token : NULL;

  /* signing out ends the session: a session of its own */
  if (role != NULL && g_str_equal (method, "DELETE") && g_str_equal (path, "/api/v1/session"))
    {
      g_autofree char *login = g_strdup_printf ("m-%s", role->role);

      token = fresh = rapport_test_login (server, login, "correct horse battery");
    }
  return status_of (token, method, path, body);
}

/* kinds of record that only some roles change: a change to one by id is
 * refused to the others before the record is looked up (a create checks its
 * body first), but for the steps every reader takes (an article's feedback) */
static const struct
{
  const char *collection;
  const char *writers[4];
  const char *readers_steps[2];
} kind_writers[] = {
  { "users",     { "admin" } },
  { "teams",     { "admin" } },
  { "templates", { "admin" } },
  { "workflows", { "admin" } },
  { "assignment-rules", { "admin" } },
  { "pools",     { "admin" } },
  { "reminder-settings", { "admin" } },
  { "pipelines", { "admin" } },
  { "business-calendars", { "admin" } },
  { "sla-policies", { "admin" } },
  { "case-categories", { "admin" } },
  { "complaint-types", { "admin" } },
  { "kb-categories", { "admin", "director", "manager" } },
  { "kb-articles", { "director", "manager", "service" }, { "feedback" } },
  { "surveys",   { "admin", "manager" } },
  { "products",  { "admin", "director", "manager" } },
};

static gboolean
may_change_kind (const Role *role,
                 const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path + strlen ("/api/v1/"), "/", -1);

  if (g_strv_length (segments) < 2 || !g_str_equal (segments[1], MISSING_ID))
    return TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (kind_writers); k++)
    if (g_str_equal (kind_writers[k].collection, segments[0]))
      return g_strv_contains (kind_writers[k].writers, role->role) ||
             (segments[2] != NULL && g_strv_contains (kind_writers[k].readers_steps, segments[2]));
  return TRUE;
}

static void
check_route (const char *route,
             const char *method,
             const char *path,
             Who         who)
{
  if (who == WHO_PUBLIC)
    {
      guint status = call_route (NULL, method, path);

      if (status == 401 || status >= 500)
        g_error ("%s without a session, on %s: %u", route, path, status);
      return;
    }
  if (call_route (NULL, method, path) != 401)
    g_error ("%s without a session, on %s: not 401", route, path);
  for (guint r = 0; who == WHO_INTAKE_KEY && r < G_N_ELEMENTS (roles); r++)
    if (call_route (&roles[r], method, path) != 401)
      g_error ("%s with %s's session for a key, on %s: not 401", route, roles[r].role, path);
  if (who == WHO_INTAKE_KEY)
    return;
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      guint status = call_route (&roles[r], method, path);
      gboolean may = may_call (&roles[r], who) && (who != WHO_CHANGERS || may_change_kind (&roles[r], path));

      if (status == 401 || status == 405 || status >= 500 || (may ? status == 403 : status != 403))
        g_error ("%s %s %s: %u, but the table says it %s", roles[r].role, method, path, status,
                 may ? "may" : "is refused (403)");
    }
}

static void
test_routes (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/openapi.json", NULL, NULL);
  JsonObject *openapi;
  JsonArray *routes;
  g_autoptr(GHashTable) probes = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  openapi = rapport_test_reply_object (reply);
  routes = json_object_get_array_member (openapi, "x-routes");
  g_assert_cmpuint (json_array_get_length (routes), >, 0);
  probes = route_probes (openapi, routes);

  /* the table and the router list the same routes */
  for (guint i = 0; i < n_route_rules; i++)
    {
      gboolean listed = FALSE;

      for (guint j = 0; j < json_array_get_length (routes) && !listed; j++)
        listed = g_str_equal (json_array_get_string_element (routes, j), route_rules[i].route);
      if (!listed)
        g_error ("the permission table has %s, which the router no longer has", route_rules[i].route);
    }
  for (guint i = 0; i < json_array_get_length (routes); i++)
    {
      const char *route = json_array_get_string_element (routes, i);
      const RouteRule *rule = rule_for (route);
      GPtrArray *paths = g_hash_table_lookup (probes, route);
      g_autofree char *method = NULL;

      if (rule == NULL)
        g_error ("%s is not in the permission table: say who may call it", route);
      method = g_strndup (route, strchr (route, ' ') - route);
      if (rule->probe != NULL)
        g_ptr_array_add (paths, probe_path (rule->probe));
      if (paths->len == 0)
        g_error ("%s serves no documented path: give it a probe in the permission table", route);
      for (guint p = 0; p < paths->len; p++)
        check_route (route, method, paths->pdata[p], rule->who);
    }
}

static Role *
role_named (const char *name)
{
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    if (g_str_equal (roles[r].role, name))
      return &roles[r];
  g_assert_not_reached ();
}

/* the read-only role tries a document's step: refused, and the document
 * is as it was (status, version, who changed it last) */
static void
refused_step (const char *collection,
              gint64      id,
              const char *verb)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/%s", collection, id, verb);
  g_autofree char *query = g_strdup_printf ("SELECT CONCAT(status, ' ', version, ' ', IFNULL(updated_by, 0)) FROM `%s` "
                                            "WHERE id = %" G_GINT64_FORMAT, collection, id);
  g_autofree char *before = rapport_test_server_sql (server, query);
  g_autofree char *after = NULL;
  guint status = status_of (role_named ("auditor")->token, "POST", path, NULL);

  if (status != 403)
    g_error ("auditor POST %s: %u", path, status);
  after = rapport_test_server_sql (server, query);
  g_assert_cmpstr (after, ==, before);
}

static gint64
step (const char *token,
      const char *collection,
      gint64      id,
      const char *verb,
      guint       expected)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/%s", collection, id, verb);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, token, NULL);

  n_checks++;
  if (reply->status != expected)
    g_error ("POST %s: %u %s", path, reply->status, reply->body);
  return rapport_test_reply_int (reply, "id");
}

/* a quote submitted, an order confirmed, a contract activated: steps that
 * go through the approval engine are changes like any other */
static void
test_document_steps (void)
{
  const char *director = role_named ("director")->token;
  gint64 account = rapport_test_create (server, director, "accounts", "{\"name\":\"Mxdoc steps\"}");
  gint64 product = rapport_test_create (server, director, "products",
                                        "{\"code\":\"MX-1\",\"name\":\"Matrix pump\",\"currency\":\"CNY\"}");
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":[{\"product_id\":%"
                                           G_GINT64_FORMAT ",\"description\":\"pump\",\"quantity\":\"1\",\"unit_price\":\"100\",\"tax_rate\":\"13\"}]}",
                                           account, product);
  gint64 quote = rapport_test_create (server, director, "quotes", body);
  gint64 order, contract;

  refused_step ("quotes", quote, "submit");
  step (director, "quotes", quote, "submit", 200);
  order = step (director, "quotes", quote, "order", 201);
  refused_step ("orders", order, "confirm");
  step (director, "orders", order, "confirm", 200);
  contract = step (director, "orders", order, "contract", 201);
  refused_step ("contracts", contract, "activate");
  step (director, "contracts", contract, "activate", 200);
}

/* A peer's complaint: each role reads it as its case scope (that on accounts) says; only
 * complaint.assess (quality) passes the assessment's gate, to 422 for an empty one, nothing
 * assessed. Service staff, managers and directors write knowledge-base articles. */
static void
test_service (void)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"Mxsvc\",\"account_id\":%" G_GINT64_FORMAT ",\"is_complaint\":true}",
                                           rapport_test_create (server, peer, "accounts", "{\"name\":\"Mxsvc\"}"));
  gint64 id = rapport_test_create (server, peer, "cases", body);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autofree char *assess = g_strdup_printf ("%s/complaint/assess", path);
  const char *state = "SELECT version * 2 + (assessed_at IS NOT NULL) FROM cases WHERE id = %" G_GINT64_FORMAT;
  gint64 before = rapport_test_sql_int (server, state, id);

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      Access access = expected_access (&roles[r], REL_PEER);
      g_autofree char *article = g_strdup_printf ("{\"title\":\"Mxsvc %s\",\"body\":\"Reset it\"}", roles[r].role);
      guint assessed = access == ACCESS_NONE ? 404 : access == ACCESS_WRITE && g_str_equal (roles[r].role, "quality") ? 422 : 403;
      guint status;

      if ((status = status_of (roles[r].token, "GET", path, NULL)) != status_for (access, FALSE) ||
          (status = status_of (roles[r].token, "POST", assess, "{}")) != assessed ||
          (status = status_of (roles[r].token, "POST", "/api/v1/kb-articles", article)) !=
            (may_change_kind (&roles[r], "/api/v1/kb-articles/" MISSING_ID) ? 201 : 403))
        g_error ("%s on a peer's complaint or an article: %u", roles[r].role, status);
    }
  g_assert_cmpint (rapport_test_sql_int (server, state, id), ==, before);
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
      g_autofree char *by_id = g_strdup_printf ("/matrix/get-patch-add-child-archive-create/%s", roles[r].role);

      g_test_add_data_func (by_id, &roles[r], test_by_id);
    }
  /* in suites of their own, so that they run after the list checks: the
   * steps add an account that a list sorted by name would show */
  g_test_add_func ("/matrix/routes/every-route-every-role", test_routes);
  g_test_add_func ("/matrix/steps/read-only-role-refused", test_document_steps);
  g_test_add_func ("/matrix/service/case-complaint-kb", test_service);
  status = g_test_run ();
  g_test_message ("%u requests checked against the table", n_checks);
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    g_free (roles[r].token);
  g_free (peer);
  rapport_test_server_stop (server);
  return status;
}
