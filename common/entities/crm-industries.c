/* crm-industries.c: the industries a customer company or a lead is in, shared by their descriptors */
#include "crm-industries.h"

#include <glib/gi18n-lib.h>

const char * const crm_industries[] = {
  "agriculture", "banking", "construction", "education", "energy", "finance",
  "government", "healthcare", "hospitality", "insurance", "logistics",
  "manufacturing", "media", "medical_devices", "pharma", "professional_services",
  "real_estate", "retail", "technology", "telecom", "wholesale", "other", NULL
};

const char * const crm_industry_labels[] = {
  N_("Agriculture"), N_("Banking"), N_("Construction"), N_("Education"), N_("Energy"), N_("Finance"), N_("Government"), N_("Healthcare"), N_("Hospitality"), N_("Insurance"), N_("Logistics"), N_("Manufacturing"), N_("Media"), N_("Medical devices"), N_("Pharmaceuticals"), N_("Professional services"), N_("Real estate"), N_("Retail"), N_("Technology"), N_("Telecommunications"), N_("Wholesale"), N_("Other"), NULL
};
