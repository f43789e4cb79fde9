/* crm-industries.h: the industries a customer company or a lead is in, shared by their descriptors */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* NULL-terminated; the labels are N_() in the values' order */
extern const char * const crm_industries[];
extern const char * const crm_industry_labels[];

G_END_DECLS
