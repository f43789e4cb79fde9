/* rapport-window-sections.h: the sections of the window's sidebar, who sees each, and the counts beside them */
#pragma once

#include "pages/rapport-records-page.h"
#include "rapport-api.h"

G_BEGIN_DECLS

typedef struct
{
  const char *collection;
  const char *label;
  const char *icon;
  /* the audit trail, for auditors and administrators, rather than a collection */
  gboolean    audit;
  /* users, teams and role scopes, for administrators only */
  gboolean    admin;
  /* what waits for the user's approval, for everyone */
  gboolean    approvals;
  /* adds other views of the collection beside its list (a board) */
  void      (*add_views) (RapportRecordsPage *page,
                          RapportApi         *api);
  /* a page of its own rather than a collection's list (a report) */
  GtkWidget *(*new_page) (RapportApi *api);
  /* for managers, directors and administrators only */
  gboolean    managers;
  /* a count beside the name of what waits there: the section's page is
   * made at sign-in, keeps itself current, and has a "n-pending" property
   * (and "more" when it holds more than it counts); this says what the
   * count means, for its tooltip */
  char      *(*describe_pending) (guint    n,
                                  gboolean more);
} RapportSection;

extern const RapportSection rapport_sections[];
extern const guint          rapport_n_sections;

const RapportSection *rapport_section_find     (const char           *collection);
gboolean              rapport_section_shown_to (const RapportSection *section,
                                                const char           *role);
void                  rapport_sections_build_sidebar     (GtkListBox *list,
                                                          GPtrArray  *badges);
void                  rapport_sections_add_counted_pages (GtkStack   *stack,
                                                          GPtrArray  *badges,
                                                          RapportApi *api,
                                                          const char *role);

G_END_DECLS
