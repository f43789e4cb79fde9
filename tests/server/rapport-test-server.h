/* rapport-test-server.h: the test fixture: a real rapportd on a throwaway embedded MariaDB */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char        *data_dir;
  GSubprocess *process;
  guint        port;
  char        *base_url;
  SoupSession *session;
  char        *admin_password;
  /* the one rapportd wrote on first start, which the fixture replaced */
  char        *initial_password;
  char        *admin_token;
  gboolean     tls;
  char        *config_path;
  /* of the running rapportd, kept to find its sanitizer report after it exits */
  char        *pid;
  /* NAME=VALUE, set for rapportd alone, at each start */
  char       **environment;
} RapportTestServer;

typedef struct
{
  guint       status;
  JsonNode   *json;
  char       *body;
  /* the body as received, binary ones too */
  GBytes     *bytes;
  char       *retry_after;
} RapportTestReply;

RapportTestServer *rapport_test_server_start   (void);
RapportTestServer *rapport_test_server_start_tls (void);
RapportTestServer *rapport_test_server_start_tls_with_config (const char *config);
guint64            rapport_test_server_status_value (RapportTestServer *server,
                                                     const char        *field);
guint              rapport_test_server_fd_count (RapportTestServer *server);
GSocket           *rapport_test_server_connect_raw (RapportTestServer *server);
RapportTestServer *rapport_test_server_start_with_config (const char *config);
RapportTestServer *rapport_test_server_start_with_environment (const char         *config,
                                                               const char * const *environment);
void               rapport_test_server_stop    (RapportTestServer *server);
char              *rapport_test_server_socket  (RapportTestServer *server);
void               rapport_test_server_assert_no_criticals (RapportTestServer *server);
int                rapport_test_server_admin   (RapportTestServer *server,
                                                char             **output,
                                                ...) G_GNUC_NULL_TERMINATED;
char              *rapport_test_server_add_managed_user (RapportTestServer *server,
                                                         const char        *login,
                                                         const char        *role,
                                                         const char        *manager_login);
char              *rapport_test_server_sql     (RapportTestServer *server,
                                                const char        *statement);
gint64             rapport_test_user_id (RapportTestServer *server,
                                         const char        *token);
gint64             rapport_test_sql_int (RapportTestServer *server,
                                         const char        *format,
                                         ...) G_GNUC_PRINTF (2, 3);
void               rapport_test_server_restart (RapportTestServer *server);
char              *rapport_test_server_add_user (RapportTestServer *server,
                                                 const char        *login,
                                                 const char        *role);

RapportTestReply  *rapport_test_request        (RapportTestServer *server,
                                                const char        *method,
                                                const char        *path,
                                                const char        *token,
                                                const char        *body);
RapportTestReply  *rapport_test_request_full   (RapportTestServer *server,
                                                const char        *method,
                                                const char        *path,
                                                const char        *token,
                                                const char        *content_type,
                                                GBytes            *body);
gint64             rapport_test_create         (RapportTestServer *server,
                                                const char        *token,
                                                const char        *collection,
                                                const char        *body);
gint64             rapport_test_create_named   (RapportTestServer *server,
                                                const char        *name);
RapportTestReply  *rapport_test_request_reason (RapportTestServer *server,
                                                const char        *method,
                                                const char        *path,
                                                const char        *token,
                                                const char        *content_type,
                                                GBytes            *body,
                                                const char        *reason);
char              *rapport_test_login          (RapportTestServer *server,
                                                const char        *login,
                                                const char        *password);
void               rapport_test_reply_free     (RapportTestReply  *reply);
guint              rapport_test_read_raw_answer (GSocket          *socket,
                                                 char            **text);

JsonObject        *rapport_test_reply_object   (RapportTestReply  *reply);
const char        *rapport_test_reply_error_code  (RapportTestReply *reply);
const char        *rapport_test_reply_error_field (RapportTestReply *reply);
gint64             rapport_test_reply_int      (RapportTestReply  *reply,
                                                const char        *member);
const char        *rapport_test_reply_string   (RapportTestReply  *reply,
                                                const char        *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportTestReply, rapport_test_reply_free)

G_END_DECLS
