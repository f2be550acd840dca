/* page-load.h - what a preferences page lists, read in a thread while
 * the page is already shown. */
#ifndef GSMIME_CLAWS_PAGE_LOAD_H
#define GSMIME_CLAWS_PAGE_LOAD_H

#include <gtk/gtk.h>
#include "common/gsmime.h"

/* Reads what a page lists, in a thread, with a session of its own;
 * returns it, or NULL with ERROR set.  */
typedef gpointer (*GsmimeClawsPageRead) (GsmimeSession *session,
                                         gpointer data, GError **error);

/* Shows on the main thread what READ returned (RESULT, or NULL and
 * ERROR), into the page whose widget is WIDGET.  */
typedef void (*GsmimeClawsPageShow) (GtkWidget *widget, gpointer result,
                                     const GError *error);

/* Calls READ (session, DATA, error) in a thread and then SHOW (WIDGET,
 * result, error) on the main thread, unless WIDGET was destroyed
 * meanwhile (the page was closed) or another load for WIDGET began
 * since: then the result is freed unseen.  DATA is freed with
 * DATA_FREE, the result with RESULT_FREE, once SHOW has run or was left
 * out.  */
void gsmime_claws_page_load (GtkWidget *widget, GsmimeClawsPageRead read,
                             gpointer data, GDestroyNotify data_free,
                             GsmimeClawsPageShow show,
                             GDestroyNotify result_free);

/* The body of a GTask's thread function: calls READ (session, DATA,
 * error) with a session of its own and returns the result on TASK (freed
 * with RESULT_FREE if nobody takes it), or the error.  */
void gsmime_claws_task_read (GTask *task, GsmimeClawsPageRead read,
                             gpointer data, GDestroyNotify result_free);

/* How many loads have not come back yet: the plugin cannot be unloaded
 * while there are any, since their threads run its code.  */
guint gsmime_claws_page_loads (void);

#endif
