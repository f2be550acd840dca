/* json-out.h - small helpers for the command's JSON output. */
#ifndef GSMIME_JSON_OUT_H
#define GSMIME_JSON_OUT_H

#include <stdio.h>
#include <json-glib/json-glib.h>

void json_member_string (JsonBuilder *b, const char *name, const char *value);
void json_member_bool (JsonBuilder *b, const char *name, gboolean value);
void json_member_int (JsonBuilder *b, const char *name, gint64 value);

/* Prints the builder's document and a newline to OUT.  */
void json_print (JsonBuilder *b, FILE *out);

#endif
