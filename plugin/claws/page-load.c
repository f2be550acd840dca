/* page-load.c - what a preferences page lists, read in a thread while
 * the page is already shown.
 *
 * Listing the keybox takes gpgsm a while when it holds thousands of
 * certificates, and the main loop must not wait for it: Claws would
 * stop drawing, and the page would open only when the list is there.
 * So a page shows "Loading…" where the list goes, and the list is read
 * in a thread (a GTask, with a session of its own) and shown when it
 * comes.  The page may have been closed by then, or asked for the list
 * again: each load has a GCancellable, cancelled when its widget is
 * destroyed or a newer load for the widget begins, and a cancelled
 * load's result is freed without touching the widget.  Both happen on
 * the main thread, as does the callback, so the check is exact.
 */
#include <config.h>
#include "page-load.h"

#define DATA_CANCEL "gsmime-page-load"

typedef struct
{
  GtkWidget *widget;        /* not a reference; valid until cancelled */
  GsmimeClawsPageRead read;
  gpointer data;
  GDestroyNotify data_free;
  GsmimeClawsPageShow show;
  GDestroyNotify result_free;
} Load;

static guint loads;   /* main thread only */

static void
load_free (Load *load)
{
  if (load->data_free)
    load->data_free (load->data);
  g_free (load);
}

void
gsmime_claws_task_read (GTask *task, GsmimeClawsPageRead read, gpointer data,
                        GDestroyNotify result_free)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = gsmime_session_new (NULL, &error);
  gpointer result = NULL;

  if (session)
    result = read (session, data, &error);
  if (result)
    g_task_return_pointer (task, result, result_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
read_thread (GTask *task, gpointer source, gpointer data,
             GCancellable *cancellable)
{
  Load *load = data;

  (void) source;
  (void) cancellable;
  gsmime_claws_task_read (task, load->read, load->data, load->result_free);
}

static void
read_done (GObject *source, GAsyncResult *res, gpointer data)
{
  GTask *task = G_TASK (res);
  Load *load = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gpointer result;

  (void) source;
  (void) data;
  loads--;
  result = g_task_propagate_pointer (task, &error);
  if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_object_set_data (G_OBJECT (load->widget), DATA_CANCEL, NULL);
      load->show (load->widget, result, error);
    }
  if (result && load->result_free)
    load->result_free (result);
}

/* The widget's current load ends when the widget does, or when the
 * next load replaces it.  */
static void
cancel_and_unref (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  g_object_unref (cancellable);
}

static void
widget_destroyed (GtkWidget *widget, gpointer data)
{
  (void) data;
  g_object_set_data (G_OBJECT (widget), DATA_CANCEL, NULL);
}

void
gsmime_claws_page_load (GtkWidget *widget, GsmimeClawsPageRead read,
                        gpointer data, GDestroyNotify data_free,
                        GsmimeClawsPageShow show, GDestroyNotify result_free)
{
  GCancellable *cancellable = g_cancellable_new ();
  Load *load = g_new0 (Load, 1);
  GTask *task;

  load->widget = widget;
  load->read = read;
  load->data = data;
  load->data_free = data_free;
  load->show = show;
  load->result_free = result_free;
  if (!g_object_get_data (G_OBJECT (widget), DATA_CANCEL)
      && !g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                 widget_destroyed, NULL))
    g_signal_connect (widget, "destroy", G_CALLBACK (widget_destroyed),
                      NULL);
  g_object_set_data_full (G_OBJECT (widget), DATA_CANCEL,
                          g_object_ref (cancellable), cancel_and_unref);

  task = g_task_new (NULL, cancellable, read_done, NULL);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  loads++;
  g_task_run_in_thread (task, read_thread);
  g_object_unref (task);
  g_object_unref (cancellable);
}

guint
gsmime_claws_page_loads (void)
{
  return loads;
}
