/* rapportd-borrowed-output.h: RapportdBorrowedOutput, a connection's output lent to the HTTP server for one request */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RAPPORTD_TYPE_BORROWED_OUTPUT (rapportd_borrowed_output_get_type ())

G_DECLARE_FINAL_TYPE (RapportdBorrowedOutput, rapportd_borrowed_output, RAPPORTD, BORROWED_OUTPUT, GOutputStream)

GOutputStream *rapportd_borrowed_output_new (GOutputStream *base);

G_END_DECLS
