/* rapportd-repo-memo.h: what one bulk write or job run may remember of the records it only reads (names, references found good, workflows, logins) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     rapportd_repo_memo_begin  (void);
void     rapportd_repo_memo_end    (void);
gboolean rapportd_repo_memo_lookup (const char  *key,
                                    char       **value);
void     rapportd_repo_memo_store  (const char  *key,
                                    const char  *value);

G_END_DECLS
