/* rapportd-head-stream.h: RapportdHeadStream, a connection's input with its already-read request head in front */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RAPPORTD_TYPE_HEAD_STREAM (rapportd_head_stream_get_type ())

G_DECLARE_FINAL_TYPE (RapportdHeadStream, rapportd_head_stream, RAPPORTD, HEAD_STREAM, GInputStream)

GInputStream *rapportd_head_stream_new (GInputStream       *base,
                                        GBytes             *head,
                                        gint64              unread);
gboolean      rapportd_head_stream_is_done (RapportdHeadStream *self);
void          rapportd_head_stream_cut (RapportdHeadStream *self);

G_END_DECLS
