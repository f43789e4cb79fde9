/* rapport-sign-in-page.h: RapportSignInPage, server, login and password, with trust on first use */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SIGN_IN_PAGE (rapport_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportSignInPage, rapport_sign_in_page, RAPPORT, SIGN_IN_PAGE, GtkWidget)

void rapport_sign_in_page_set_server (RapportSignInPage *self,
                                      const char        *server);
void rapport_sign_in_page_reset      (RapportSignInPage *self);
void rapport_sign_in_page_sign_in    (RapportSignInPage *self,
                                      const char        *login,
                                      const char        *password,
                                      const char        *fingerprint);

G_END_DECLS
