/* rapport-application.h: RapportApplication, the desktop client's AdwApplication */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPLICATION (rapport_application_get_type ())

G_DECLARE_FINAL_TYPE (RapportApplication, rapport_application, RAPPORT, APPLICATION, AdwApplication)

RapportApplication *rapport_application_new        (void);
const char         *rapport_application_get_server (RapportApplication *self);
void                rapport_application_get_sign_in (RapportApplication  *self,
                                                     const char         **login,
                                                     const char         **password_file,
                                                     const char         **fingerprint);
void                rapport_application_set_session (RapportApplication *self,
                                                     RapportApi         *api);

G_END_DECLS
