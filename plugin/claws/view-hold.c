/* view-hold.c - Claws' message views held busy while the plugin opens a
 * layer of a message in a thread.
 *
 * Claws shows a message in messageview_show, which asks the plugin to
 * decrypt (or, through is_signed, to unwrap opaque signed-data) on the
 * way, and goes on using the view once the plugin answers.  While the
 * plugin waits for its thread, the main loop runs (thread-wait.c), and
 * the user may pick another message or close the window.  Claws 4 has
 * one flag for a view in the middle of showing something, its
 * textview's loading, left over from when it drew text in steps, and
 * still honoured: while it is set, messageview_show on the view returns
 * at once, so no other message is drawn into a view half way through
 * showing one; closing the view's window only hides it
 * (messageview_destroy's deferred_destroy), so it is not freed while
 * messageview_show still has it; and a message picked in the list
 * (summary_selected, summary_select_node) is postponed by Claws rather
 * than dropped.  Claws' list, busy showing the first message, then
 * keeps it: what the list marks and what the view shows agree.  This file sets that flag on every view
 * (the main window's, and those of windows of their own) for the time of
 * a wait, since the plugin is not told which view is showing the
 * message, and clears it on the views it set it on.
 *
 * A window closed meanwhile stays hidden, as Claws leaves it in the same
 * case: finishing the close would free the view under the
 * messageview_show that is still running on it.
 */
#include <config.h>
#include <gtk/gtk.h>
#include "view-hold.h"

#include <mainwindow.h>
#include <messageview.h>
#include <mimeview.h>
#include <textview.h>

static TextView *
text_view_of (MessageView *view)
{
  return view && view->mimeview ? view->mimeview->textview : NULL;
}

static GSList *
hold (MessageView *view, GSList *held)
{
  TextView *text = text_view_of (view);

  if (!text || text->loading)
    return held;
  text->loading = TRUE;
  text->stop_loading = FALSE;
  return g_slist_prepend (held, view);
}

GSList *
gsmime_claws_views_hold (void)
{
  MainWindow *mainwin = mainwindow_get_mainwindow ();
  GSList *held = NULL;
  const GList *l;

  /* The main window's view, and the views of windows of their own.  */
  if (mainwin)
    held = hold (mainwin->messageview, held);
  for (l = messageview_get_msgview_list (); l; l = l->next)
    held = hold (l->data, held);
  return held;
}

void
gsmime_claws_views_release (GSList *held)
{
  GSList *l;

  for (l = held; l; l = l->next)
    {
      /* A held view is never freed (see above), so it is still there.  */
      TextView *text = text_view_of (l->data);

      if (text)
        text->loading = text->stop_loading = FALSE;
    }
  g_slist_free (held);
}
