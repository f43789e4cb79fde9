/* rapport-window.h: RapportWindow, sign-in, then the sections sidebar and the current page */
#pragma once

#include <adwaita.h>

#include "rapport-application.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_WINDOW (rapport_window_get_type ())

G_DECLARE_FINAL_TYPE (RapportWindow, rapport_window, RAPPORT, WINDOW, AdwApplicationWindow)

RapportWindow *rapport_window_new          (RapportApplication *application);
void           rapport_window_add_toast    (RapportWindow      *self,
                                            AdwToast           *toast);
void           rapport_window_open_record  (RapportWindow      *self,
                                            const char         *collection,
                                            gint64              id,
                                            GVariant           *preset);
void           rapport_window_show_section (RapportWindow      *self,
                                            const char         *collection);
void           rapport_window_toast_for    (GtkWidget          *widget,
                                            const char         *message);
GtkListBoxRow *rapport_window_get_section_row (RapportWindow   *self,
                                               const char      *collection);

G_END_DECLS
