/* protected-view.c - the protected Subject (RFC 9788) where Claws shows
 * the open message's Subject.
 *
 * Claws draws a message from its file: the header lines at the top of
 * the text, the header pane and a message window's title all come from
 * the outer header, which for an encrypted message with header
 * protection says "[...]".  The plugin learns the real Subject only
 * when it opens the layer that carries it (privacy-system.c keeps it on
 * that layer), and Claws offers no way to hand it back.  So once Claws
 * has drawn the message (its "message_view_show_done" hook), the plugin
 * puts the protected Subject into what was drawn:
 *
 *   - the Subject line among the header lines at the top of the text;
 *   - the header pane, when it is shown;
 *   - the title of a message window of its own;
 *   - the message's row in the message list, as mutt's index shows it
 *     once the message was read.
 *
 * Only the drawing changes, never Claws' MsgInfo: the folder's cache
 * would then write the hidden Subject to disk in the clear, and a reply
 * that is not encrypted would carry it.  So the list shows "[...]"
 * again when it is drawn afresh (another folder, a new sort), until the
 * message is opened again.  Each place is read back after it was
 * changed and traced, for the tests.
 */
#include <config.h>
#include <string.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "privacy-system.h"
#include "protected-view.h"
#include "trace.h"

#include <gtk/gtk.h>
#include <headerview.h>
#include <hooks.h>
#include <mainwindow.h>
#include <messageview.h>
#include <mimeview.h>
#include <prefs_common.h>
#include <summaryview.h>
#include <textview.h>
#include <gtk/gtkcmctree.h>

static gulong hook_id = HOOK_NONE;

/* The text of the line at START, without its line end.  */
static char *
line_text (GtkTextBuffer *buffer, const GtkTextIter *start)
{
  GtkTextIter end = *start;

  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_text (buffer, start, &end, FALSE);
}

/* Among the header lines Claws put at the top of the text (each tagged
 * "header", textview.c), the Subject line's value becomes SUBJECT.
 * Returns the line as it reads now, or NULL when there is none.  */
static char *
show_in_text (TextView *textview, const char *subject)
{
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  GtkTextIter line;
  g_autofree char *prefix = NULL;

  if (!textview || !textview->text)
    return NULL;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (textview->text));
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                   "header");
  /* Claws names the field in its own language when the user asks it to
   * (textview_show_header); the plugin runs in Claws' text domain.  */
  prefix = g_strdup_printf ("%s: ", prefs_common_get_prefs ()->trans_hdr
                                      ? gettext ("Subject") : "Subject");
  gtk_text_buffer_get_start_iter (buffer, &line);
  while (tag && gtk_text_iter_has_tag (&line, tag))
    {
      g_autofree char *text = line_text (buffer, &line);
      if (g_str_has_prefix (text, prefix))
        {
          GtkTextIter from = line, to = line;
          gint at = gtk_text_iter_get_line (&line);

          gtk_text_iter_forward_chars (&from, g_utf8_strlen (prefix, -1));
          gtk_text_iter_forward_to_line_end (&to);
          gtk_text_buffer_delete (buffer, &from, &to);
          gtk_text_buffer_insert_with_tags_by_name (buffer, &from, subject,
                                                    -1, "header", NULL);
          gtk_text_buffer_get_iter_at_line (buffer, &line, at);
          return line_text (buffer, &line);
        }
      if (!gtk_text_iter_forward_line (&line))
        break;
    }
  return NULL;
}

/* The first line of text below the header lines: what the reader sees
 * first of the body, traced so that a test sees no Legacy Display
 * Element there.  */
static char *
first_body_line (TextView *textview)
{
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  GtkTextIter line;

  if (!textview || !textview->text)
    return NULL;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (textview->text));
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                   "header");
  gtk_text_buffer_get_start_iter (buffer, &line);
  do
    {
      g_autofree char *text = NULL;
      if (tag && gtk_text_iter_has_tag (&line, tag))
        continue;
      text = line_text (buffer, &line);
      if (*g_strstrip (text))
        return g_steal_pointer (&text);
    }
  while (gtk_text_iter_forward_line (&line));
  return NULL;
}

/* The header pane, when Claws shows it: drawn again from a copy of the
 * message's MsgInfo with SUBJECT, so that Claws' own one keeps the
 * outer Subject (see above).  */
static char *
show_in_pane (MessageView *view, const char *subject)
{
  MsgInfo *shown;
  char *outer;

  if (!prefs_common_get_prefs ()->display_header_pane || !view->headerview
      || !view->msginfo)
    return NULL;
  shown = view->msginfo;
  outer = shown->subject;
  shown->subject = (char *) subject;
  headerview_show (view->headerview, shown);
  shown->subject = outer;
  return g_strdup (gtk_label_get_text (
    GTK_LABEL (view->headerview->subject_body_label)));
}

/* The row of VIEW's message in the main window's message list.  */
static char *
show_in_list (MessageView *view, const char *subject)
{
  MainWindow *mainwin = view->mainwin;
  SummaryView *summary = mainwin ? mainwin->summaryview : NULL;
  GtkCMCTree *ctree;
  MsgInfo *row;
  char *text = NULL;
  guint8 spacing = 0;
  GdkPixbuf *closed = NULL, *opened = NULL;
  gboolean leaf = TRUE, expanded = FALSE;

  if (!summary || !summary->displayed || !view->msginfo)
    return NULL;
  ctree = GTK_CMCTREE (summary->ctree);
  row = gtk_cmctree_node_get_row_data (ctree, summary->displayed);
  if (!row || row->folder != view->msginfo->folder
      || row->msgnum != view->msginfo->msgnum
      || !gtk_cmctree_get_node_info (ctree, summary->displayed, &text,
                                     &spacing, &closed, &opened, &leaf,
                                     &expanded))
    return NULL;
  /* The cell lets go of its icons when it is set again.  */
  if (closed)
    g_object_ref (closed);
  if (opened)
    g_object_ref (opened);
  gtk_cmctree_set_node_info (ctree, summary->displayed, subject, spacing,
                             closed, opened, leaf, expanded);
  if (closed)
    g_object_unref (closed);
  if (opened)
    g_object_unref (opened);
  text = NULL;
  gtk_cmctree_get_node_info (ctree, summary->displayed, &text, NULL, NULL,
                             NULL, NULL, NULL);
  return g_strdup (text);
}

static char *
show_in_title (MessageView *view, const char *subject)
{
  if (!view->window)
    return NULL;
  gtk_window_set_title (GTK_WINDOW (view->window), subject);
  return g_strdup (gtk_window_get_title (GTK_WINDOW (view->window)));
}

static gboolean
view_shown (gpointer source, gpointer data)
{
  MessageView *view = source;
  MimeView *mimeview = view ? view->mimeview : NULL;
  const char *subject = mimeview && mimeview->mimeinfo
                          ? gsmime_claws_protected_subject (mimeview->mimeinfo)
                          : NULL;
  g_autofree char *text = NULL, *pane = NULL, *list = NULL;
  g_autofree char *title = NULL, *body = NULL;

  (void) data;
  if (!subject)
    return FALSE;
  text = show_in_text (mimeview->textview, subject);
  pane = show_in_pane (view, subject);
  list = show_in_list (view, subject);
  title = show_in_title (view, subject);
  body = first_body_line (mimeview->textview);
  gsmime_claws_trace ("subject-shown", "subject", subject,
                      "text", text ? text : "-", "pane", pane ? pane : "-",
                      "title", title ? title : "-",
                      "body", body ? body : "-",
                      "list", list ? list : "-", NULL);
  return FALSE;
}

void
gsmime_claws_protected_view_init (void)
{
  if (hook_id == HOOK_NONE)
    hook_id = hooks_register_hook (MESSAGE_VIEW_SHOW_DONE_HOOKLIST,
                                   view_shown, NULL);
}

void
gsmime_claws_protected_view_done (void)
{
  if (hook_id != HOOK_NONE)
    hooks_unregister_hook (MESSAGE_VIEW_SHOW_DONE_HOOKLIST, hook_id);
  hook_id = HOOK_NONE;
}
