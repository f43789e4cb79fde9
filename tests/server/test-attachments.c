/* test-attachments.c: documents filed under records: round trip, encryption at rest, dedup, versions, access, audit, limits, types, removal and legal hold */
/* memmem () */
#define _GNU_SOURCE
#include "rapport-test-server.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* the largest file this server accepts ([attachments] max_bytes) */
#define MAX_BYTES 65536

static RapportTestServer *server;
static char *alice;   /* sales, team East */
static char *carol;   /* sales, team West */
static char *maria;   /* manager, team East */

static gint64
account_of (const char *token,
            const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);

  return rapport_test_create (server, token, "accounts", body);
}

static RapportTestReply *
upload (const char *token,
        const char *collection,
        gint64      record,
        const char *name,
        const char *content_type,
        GBytes     *content)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/attachments?name=%s",
                                           collection, record, escaped);

  return rapport_test_request_full (server, "POST", path, token, content_type, content);
}

/* uploads that must succeed: the new version's id */
static gint64
uploaded (const char *token,
          const char *collection,
          gint64      record,
          const char *name,
          const char *content_type,
          GBytes     *content)
{
  g_autoptr(RapportTestReply) reply = upload (token, collection, record, name, content_type, content);

  if (reply->status != 201)
    g_error ("upload of %s: %u %s", name, reply->status, reply->body);
  return rapport_test_reply_int (reply, "id");
}

static RapportTestReply *
list (const char *token,
      const char *collection,
      gint64      record)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/attachments", collection, record);

  return rapport_test_request (server, "GET", path, token, NULL);
}

static RapportTestReply *
attachment_request (const char *method,
                    const char *token,
                    gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/attachments/%" G_GINT64_FORMAT, id);

  return rapport_test_request (server, method, path, token, NULL);
}

/* GET /attachments/:id with its answer's headers */
static GBytes *
download (const char  *token,
          gint64       id,
          char       **content_type,
          char       **disposition)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/attachments/%" G_GINT64_FORMAT, server->base_url, id);
  g_autofree char *header = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  body = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  *content_type = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Type"));
  *disposition = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Disposition"));
  return body;
}

/* a PDF's first bytes, then @marker, then every byte value */
static GBytes *
pdf_with (const char *marker)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  g_byte_array_append (data, (const guint8 *) "%PDF-1.7\n", 9);
  g_byte_array_append (data, (const guint8 *) marker, strlen (marker));
  for (guint i = 0; i < 200 * 256; i++)
    {
      guint8 b = (guint8) (i * 7 + i / 256);

      g_byte_array_append (data, &b, 1);
    }
  g_byte_array_append (data, (const guint8 *) "\n%%EOF\n", 7);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static GBytes *
text (const char *content)
{
  return g_bytes_new (content, strlen (content));
}

/* the stored file of @sha256 */
static char *
stored_path (const char *sha256)
{
  g_autofree char *prefix = g_strndup (sha256, 2);

  return g_build_filename (server->data_dir, "attachments", prefix, sha256, NULL);
}

/* whether any file under @dir holds @needle; counts the files in @count */
static gboolean
tree_holds (const char *dir,
            const char *needle,
            guint      *count)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *entry;
  gboolean found = FALSE;

  if (handle == NULL)
    return FALSE;
  while ((entry = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          found |= tree_holds (path, needle, count);
          continue;
        }
      (*count)++;
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      found |= memmem (contents, length, needle, strlen (needle)) != NULL;
    }
  return found;
}

static gint64
audit_rows (const char *action,
            const char *entity,
            gint64      record,
            const char *token)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = '%s' AND entity = '%s' "
                               "AND entity_id = %" G_GINT64_FORMAT " AND actor_id = %" G_GINT64_FORMAT,
                               action, entity, record, rapport_test_user_id (server, token));
}

/* a PDF uploaded under a Chinese name comes back byte for byte, with its
 * type and name; on disk it is under its SHA-256, not readable as
 * plain text; the key is the owner's alone */
static void
test_round_trip (void)
{
  const char *marker = "MARKER-合同-round-trip-7c1f";
  g_autoptr(GBytes) pdf = pdf_with (marker);
  gint64 account = account_of (alice, "Round Trip Ltd");
  g_autoptr(RapportTestReply) reply = upload (alice, "accounts", account, "供货合同 2026.pdf", "application/pdf", pdf);
  g_autoptr(RapportTestReply) listed = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *content_type = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *path = stored_path (sha256);
  g_autofree char *attachments_dir = g_build_filename (server->data_dir, "attachments", NULL);
  g_autofree char *key = g_build_filename (server->data_dir, "keys", "attachments.key", NULL);
  JsonObject *item;
  GStatBuf st;
  guint files = 0;
  gint64 id;

  g_assert_cmpuint (reply->status, ==, 201);
  id = rapport_test_reply_int (reply, "id");
  g_assert_cmpstr (rapport_test_reply_string (reply, "name"), ==, "供货合同 2026.pdf");
  g_assert_cmpint (rapport_test_reply_int (reply, "version"), ==, 1);
  g_assert_cmpint (rapport_test_reply_int (reply, "size"), ==, (gint64) g_bytes_get_size (pdf));
  g_assert_cmpstr (rapport_test_reply_string (reply, "content_type"), ==, "application/pdf");
  g_assert_cmpstr (rapport_test_reply_string (reply, "sha256"), ==, sha256);
  g_assert_cmpint (rapport_test_reply_int (reply, "uploaded_by"), ==, rapport_test_user_id (server, alice));
  g_assert_nonnull (rapport_test_reply_string (reply, "uploaded_at"));

  back = download (alice, id, &content_type, &disposition);
  g_assert_true (g_bytes_equal (back, pdf));
  g_assert_cmpstr (content_type, ==, "application/pdf");
  g_assert_true (g_str_has_prefix (disposition, "attachment; "));
  g_assert_nonnull (strstr (disposition, "filename*=UTF-8''%E4%BE%9B%E8%B4%A7%E5%90%88%E5%90%8C%202026.pdf"));

  listed = list (alice, "accounts", account);
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (listed), "items")), ==, 1);
  item = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (listed), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (item, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (item, "sha256"), ==, sha256);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (tree_holds (attachments_dir, marker, &files));
  g_assert_false (tree_holds (attachments_dir, "%PDF-1.7", &files));
  g_assert_cmpuint (files, >, 0);
  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, 32);
}

/* a new upload of a name is its next version, the old one kept; the same
 * content anywhere is one stored file */
static void
test_versions_and_dedup (void)
{
  gint64 account = account_of (alice, "Versions GmbH");
  gint64 other = account_of (alice, "Versions Other GmbH");
  g_autoptr(GBytes) first = text ("Quality agreement, first draft\n");
  g_autoptr(GBytes) second = text ("Quality agreement, signed\n");
  g_autofree char *first_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, first);
  g_autofree char *second_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, second);
  g_autoptr(RapportTestReply) listed = NULL;
  g_autoptr(GBytes) old = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *first_path = stored_path (first_sha);
  g_autofree char *prefix_dir = NULL;
  JsonArray *items;
  JsonArray *versions;
  JsonObject *latest;
  gint64 v1, v2, v3, elsewhere;

  v1 = uploaded (alice, "accounts", account, "qa.txt", "text/plain", first);
  v2 = uploaded (alice, "accounts", account, "qa.txt", "text/plain", second);
  v3 = uploaded (alice, "accounts", account, "qa.txt", NULL, first);
  elsewhere = uploaded (alice, "accounts", other, "copy.txt", "text/plain", first);
  uploaded (alice, "accounts", account, "readme.txt", "text/plain", second);
  g_assert_cmpint (v1, <, v2);
  g_assert_cmpint (v2, <, v3);
  g_assert_cmpint (elsewhere, >, v3);

  listed = list (alice, "accounts", account);
  items = json_object_get_array_member (rapport_test_reply_object (listed), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  latest = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (latest, "name"), ==, "qa.txt");
  g_assert_cmpint (json_object_get_int_member (latest, "id"), ==, v3);
  g_assert_cmpint (json_object_get_int_member (latest, "version"), ==, 3);
  versions = json_object_get_array_member (latest, "versions");
  g_assert_cmpuint (json_array_get_length (versions), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (versions, 0), "version"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (versions, 2), "id"), ==, v1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (versions, 1), "sha256"), ==, second_sha);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "name"), ==, "readme.txt");

  /* the first version is still there, as it was */
  old = download (alice, v1, &content_type, &disposition);
  g_assert_true (g_bytes_equal (old, first));
  g_assert_cmpstr (content_type, ==, "text/plain");

  /* three uploads of the first content, one file and one blob */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachment_blobs WHERE sha256 = '%s'", first_sha), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachments WHERE sha256 = '%s'", first_sha), ==, 3);
  g_assert_true (g_file_test (first_path, G_FILE_TEST_IS_REGULAR));
  prefix_dir = g_path_get_dirname (first_path);
  {
    g_autoptr(GDir) dir = g_dir_open (prefix_dir, 0, NULL);
    const char *entry;
    guint same = 0;

    while ((entry = g_dir_read_name (dir)) != NULL)
      same += g_str_has_prefix (entry, first_sha);
    g_assert_cmpuint (same, ==, 1);
  }
}

/* a rep of another team gets 404 for the files as for the record, also
 * for a file's own address; a manager of the rep's team sees them; a
 * record that has no files is 404 */
static void
test_access (void)
{
  gint64 account = account_of (alice, "Private Files Ltd");
  g_autoptr(GBytes) content = text ("Only for team East\n");
  gint64 id = uploaded (alice, "accounts", account, "east.txt", "text/plain", content);
  g_autoptr(RapportTestReply) carol_list = list (carol, "accounts", account);
  g_autoptr(RapportTestReply) carol_get = attachment_request ("GET", carol, id);
  g_autoptr(RapportTestReply) carol_delete = attachment_request ("DELETE", carol, id);
  g_autoptr(RapportTestReply) carol_upload = upload (carol, "accounts", account, "mine.txt", "text/plain", content);
  g_autoptr(RapportTestReply) maria_list = list (maria, "accounts", account);
  g_autoptr(RapportTestReply) maria_get = attachment_request ("GET", maria, id);
  g_autoptr(RapportTestReply) lead_list = list (alice, "leads", 1);
  g_autoptr(RapportTestReply) nobody = attachment_request ("GET", alice, id + 100000);

  g_assert_cmpuint (carol_list->status, ==, 404);
  g_assert_cmpuint (carol_get->status, ==, 404);
  g_assert_cmpuint (carol_delete->status, ==, 404);
  g_assert_cmpuint (carol_upload->status, ==, 404);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachments WHERE name = 'mine.txt'"), ==, 0);
  g_assert_cmpuint (maria_list->status, ==, 200);
  g_assert_cmpuint (maria_get->status, ==, 200);
  g_assert_true (g_bytes_equal (maria_get->bytes, content));
  g_assert_cmpuint (lead_list->status, ==, 404);
  g_assert_cmpuint (nobody->status, ==, 404);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT removed_at IS NULL FROM attachments WHERE id = %" G_GINT64_FORMAT, id), ==, 1);
}

/* every upload, download and removal is an audit row of the record, by
 * its user; a refused download writes none */
static void
test_audit (void)
{
  gint64 account = account_of (alice, "Audited AG");
  g_autoptr(GBytes) content = text ("Audited licence\n");
  gint64 id = uploaded (alice, "accounts", account, "licence.txt", "text/plain", content);
  g_autoptr(RapportTestReply) got = attachment_request ("GET", maria, id);
  g_autoptr(RapportTestReply) refused = attachment_request ("GET", carol, id);
  g_autoptr(RapportTestReply) removed = attachment_request ("DELETE", alice, id);
  g_autofree char *after = NULL;
  g_autofree char *query = NULL;

  g_assert_cmpuint (got->status, ==, 200);
  g_assert_cmpuint (refused->status, ==, 404);
  g_assert_cmpuint (removed->status, ==, 200);
  g_assert_cmpint (audit_rows ("attachment_upload", "account", account, alice), ==, 1);
  g_assert_cmpint (audit_rows ("attachment_download", "account", account, maria), ==, 1);
  g_assert_cmpint (audit_rows ("attachment_download", "account", account, carol), ==, 0);
  g_assert_cmpint (audit_rows ("attachment_remove", "account", account, alice), ==, 1);
  query = g_strdup_printf ("SELECT after_json FROM audit_log WHERE action = 'attachment_upload' AND entity_id = %" G_GINT64_FORMAT,
                           account);
  after = rapport_test_server_sql (server, query);
  g_assert_nonnull (strstr (after, "licence.txt"));
  g_assert_nonnull (strstr (after, "\"attachment_id\""));
}

/* a file over the configured size is 413 in the error envelope; content
 * of no accepted type is 415; a declared type the content contradicts is
 * 422; images are known by their first bytes */
static void
test_limits_and_types (void)
{
  gint64 account = account_of (alice, "Limits Inc");
  g_autofree char *big_text = g_strnfill (MAX_BYTES + 1, 'a');
  g_autoptr(GBytes) big = text (big_text);
  g_autoptr(GBytes) at_limit = g_bytes_new_from_bytes (big, 0, MAX_BYTES);
  static const guint8 png_bytes[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  static const guint8 elf_bytes[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0 };
  g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_autoptr(GBytes) elf = g_bytes_new_static (elf_bytes, sizeof elf_bytes);
  g_autoptr(RapportTestReply) too_big = upload (alice, "accounts", account, "big.txt", "text/plain", big);
  g_autoptr(RapportTestReply) mismatch = upload (alice, "accounts", account, "logo.pdf", "application/pdf", png);
  g_autoptr(RapportTestReply) unknown = upload (alice, "accounts", account, "tool", NULL, elf);
  g_autoptr(RapportTestReply) no_name = upload (alice, "accounts", account, "", "image/png", png);
  g_autoptr(RapportTestReply) slash = upload (alice, "accounts", account, "../logo.png", "image/png", png);
  g_autoptr(RapportTestReply) image = upload (alice, "accounts", account, "logo", "application/octet-stream", png);

  g_assert_cmpuint (too_big->status, ==, 413);
  g_assert_cmpstr (rapport_test_reply_error_code (too_big), ==, "too_large");
  uploaded (alice, "accounts", account, "limit.txt", "text/plain", at_limit);
  g_assert_cmpuint (mismatch->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (mismatch), ==, "Content-Type");
  g_assert_cmpuint (unknown->status, ==, 415);
  g_assert_cmpstr (rapport_test_reply_error_code (unknown), ==, "unsupported_media_type");
  g_assert_cmpuint (no_name->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_name), ==, "name");
  g_assert_cmpuint (slash->status, ==, 422);
  g_assert_cmpuint (image->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (image, "content_type"), ==, "image/png");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachments a JOIN accounts r ON r.id = a.record_id "
                                         "WHERE a.entity = 'account' AND r.name = 'Limits Inc'"), ==, 2);
}

/* removal is recorded and the file leaves the list and its address; the
 * bytes go once no kept version needs them, and stay while a legal hold
 * covers the record */
static void
test_remove (void)
{
  gint64 account = account_of (alice, "Removal Partners");
  g_autoptr(GBytes) alone = text ("Certificate, to be removed\n");
  g_autoptr(GBytes) shared = text ("Certificate, kept in two places\n");
  g_autofree char *alone_path = NULL;
  g_autofree char *shared_path = NULL;
  g_autofree char *alone_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, alone);
  g_autofree char *shared_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, shared);
  gint64 alone_id = uploaded (alice, "accounts", account, "cert.txt", "text/plain", alone);
  gint64 shared_id = uploaded (alice, "accounts", account, "cert-a.txt", "text/plain", shared);
  gint64 shared_twin = uploaded (alice, "accounts", account, "cert-b.txt", "text/plain", shared);
  g_autoptr(RapportTestReply) removed = attachment_request ("DELETE", alice, alone_id);
  g_autoptr(RapportTestReply) again = attachment_request ("DELETE", alice, alone_id);
  g_autoptr(RapportTestReply) gone = attachment_request ("GET", alice, alone_id);
  g_autoptr(RapportTestReply) removed_shared = attachment_request ("DELETE", alice, shared_id);
  g_autoptr(RapportTestReply) twin = attachment_request ("GET", alice, shared_twin);
  g_autoptr(RapportTestReply) listed = list (alice, "accounts", account);
  JsonArray *items;

  alone_path = stored_path (alone_sha);
  shared_path = stored_path (shared_sha);
  g_assert_cmpuint (removed->status, ==, 200);
  g_assert_cmpuint (again->status, ==, 404);
  g_assert_cmpuint (gone->status, ==, 404);
  g_assert_false (g_file_test (alone_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachments WHERE id = %" G_GINT64_FORMAT
                                         " AND removed_at IS NOT NULL AND removed_by = %" G_GINT64_FORMAT,
                                         alone_id, rapport_test_user_id (server, alice)), ==, 1);
  g_assert_cmpuint (removed_shared->status, ==, 200);
  g_assert_true (g_file_test (shared_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (twin->status, ==, 200);
  g_assert_true (g_bytes_equal (twin->bytes, shared));
  items = json_object_get_array_member (rapport_test_reply_object (listed), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "name"), ==, "cert-b.txt");

  /* the same content uploaded again after its file went is stored anew */
  {
    gint64 back = uploaded (alice, "accounts", account, "cert.txt", "text/plain", alone);
    g_autoptr(RapportTestReply) fetched = attachment_request ("GET", alice, back);

    g_assert_cmpuint (fetched->status, ==, 200);
    g_assert_true (g_bytes_equal (fetched->bytes, alone));
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT version FROM attachments WHERE id = %" G_GINT64_FORMAT, back), ==, 2);
  }
}

static void
test_remove_under_hold (void)
{
  gint64 account = account_of (alice, "Held Account");
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"王芳\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 contact = rapport_test_create (server, alice, "contacts", contact_body);
  g_autoptr(GBytes) scan = text ("Signed consent form, scanned\n");
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, scan);
  g_autofree char *path = stored_path (sha);
  g_autofree char *hold_path = g_strdup_printf ("/api/v1/contacts/%" G_GINT64_FORMAT "/legal-hold", contact);
  gint64 id = uploaded (alice, "contacts", contact, "consent.txt", "text/plain", scan);
  g_autoptr(RapportTestReply) hold = rapport_test_request (server, "POST", hold_path, server->admin_token,
                                                           "{\"hold\":true,\"reason\":\"Dispute 2026-17\"}");
  g_autoptr(RapportTestReply) removed = NULL;
  g_autoptr(RapportTestReply) listed = NULL;
  g_autoptr(RapportTestReply) gone = NULL;

  g_assert_cmpuint (hold->status, ==, 200);
  removed = attachment_request ("DELETE", alice, id);
  g_assert_cmpuint (removed->status, ==, 200);
  listed = list (alice, "contacts", contact);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (listed), "items")), ==, 0);
  gone = attachment_request ("GET", alice, id);
  g_assert_cmpuint (gone->status, ==, 404);
  /* recorded, and the bytes kept for the hold */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT kept_for_hold FROM attachments WHERE id = %" G_GINT64_FORMAT
                                         " AND removed_at IS NOT NULL", id), ==, 1);
  g_assert_cmpint (audit_rows ("attachment_remove_held", "contact", contact, alice), ==, 1);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* rapportd stopped between a removal's setting its file aside and its
 * commit, and in the middle of writing a file: at the next start the file
 * is back in its place (its row was never marked removed) and the half
 * written one is gone */
static void
test_recover_after_stop (void)
{
  gint64 account = account_of (alice, "Stopped Midway Ltd");
  g_autoptr(GBytes) content = text ("Licence that must survive a stop\n");
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  g_autofree char *path = stored_path (sha);
  g_autofree char *aside = g_strdup_printf ("%s.0badc0de.removed", path);
  g_autofree char *part = g_strdup_printf ("%s.0badc0de.part", path);
  gint64 id = uploaded (alice, "accounts", account, "licence.txt", "text/plain", content);
  g_autoptr(RapportTestReply) back = NULL;

  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_assert_cmpint (g_rename (path, aside), ==, 0);
  g_assert_true (g_file_set_contents (part, "half", 4, NULL));
  rapport_test_server_restart (server);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  back = attachment_request ("GET", alice, id);
  g_assert_cmpuint (back->status, ==, 200);
  g_assert_true (g_bytes_equal (back->bytes, content));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *teams = NULL;
  g_autofree char *config = g_strdup_printf ("[server]\nsession_cache_seconds=0\n[attachments]\nmax_bytes=%d\n", MAX_BYTES);
  gint64 east, west;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config (config);
  alice = rapport_test_server_add_user (server, "alice", "sales");
  carol = rapport_test_server_add_user (server, "carol", "sales");
  maria = rapport_test_server_add_user (server, "maria", "manager");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'maria'); "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'carol'", east, west);
  g_free (rapport_test_server_sql (server, teams));

  g_test_add_func ("/attachments/round-trip", test_round_trip);
  g_test_add_func ("/attachments/versions-and-dedup", test_versions_and_dedup);
  g_test_add_func ("/attachments/access", test_access);
  g_test_add_func ("/attachments/audit", test_audit);
  g_test_add_func ("/attachments/limits-and-types", test_limits_and_types);
  g_test_add_func ("/attachments/remove", test_remove);
  g_test_add_func ("/attachments/remove-under-hold", test_remove_under_hold);
  g_test_add_func ("/attachments/recover-after-stop", test_recover_after_stop);
  status = g_test_run ();
  g_free (alice);
  g_free (carol);
  g_free (maria);
  rapport_test_server_stop (server);
  return status;
}
