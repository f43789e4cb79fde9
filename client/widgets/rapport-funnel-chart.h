/* rapport-funnel-chart.h: RapportFunnelChart, a pipeline's funnel as a bar a stage with its figures */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_FUNNEL_CHART (rapport_funnel_chart_get_type ())

G_DECLARE_FINAL_TYPE (RapportFunnelChart, rapport_funnel_chart, RAPPORT, FUNNEL_CHART, GtkWidget)

GtkWidget *rapport_funnel_chart_new         (void);
void       rapport_funnel_chart_set_stages  (RapportFunnelChart *self,
                                             JsonArray          *stages);
guint      rapport_funnel_chart_get_n_bars  (RapportFunnelChart *self);
gint64     rapport_funnel_chart_get_count   (RapportFunnelChart *self,
                                             guint               index);
gboolean   rapport_funnel_chart_get_areas   (RapportFunnelChart *self,
                                             guint               index,
                                             graphene_rect_t    *bar,
                                             graphene_rect_t    *figures);

G_END_DECLS
