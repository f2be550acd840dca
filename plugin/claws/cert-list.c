/* cert-list.c - the certificates that harvesting kept, with where each
 * came from, and a button that removes one.
 *
 * What is listed comes from the core (gsmime_harvest_list: the keybox
 * and the provenance records in harvest.ini), and removing goes through
 * it too (gsmime_harvest_forget), so that the page shows what
 * "gsmime certs" and harvest.ini say and never removes one of the user's
 * own certificates.  The list is read in a thread (page-load.c) and
 * shown when it comes, "Loading…" until then: a keybox of thousands of
 * certificates takes gpgsm seconds to list.
 */
#include <config.h>
#include <gtk/gtk.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "cert-list.h"
#include "page-load.h"
#include "trace.h"

#include <alertpanel.h>
#include <defs.h>

enum
{
  COL_EMAIL, COL_SUBJECT, COL_UNTIL, COL_CAME_WITH, COL_KEPT, COL_FPR,
  N_COLS
};

#define DATA_VIEW "gsmime-cert-list-view"
#define DATA_STATUS "gsmime-cert-list-status"

static char *
format_day (gint64 t)
{
  g_autoptr (GDateTime) dt = t ? g_date_time_new_from_unix_utc (t) : NULL;

  return dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup (_("no end"));
}

/* "From bob@example.org, Mon, 2 Nov 2026 ..." - the message the
 * certificate came with, as far as it is known.  */
static char *
came_with (const GsmimeHarvested *h)
{
  if (*h->from && *h->date)
    return g_strdup_printf (_("%s, %s"), h->from, h->date);
  if (*h->from)
    return g_strdup (h->from);
  if (*h->message_id)
    return g_strdup (h->message_id);
  return g_strdup (_("unknown message"));
}

static char *
kept_when (const GsmimeHarvested *h)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (h->harvested, NULL);
  g_autofree char *day = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M")
                            : g_strdup (h->harvested);

  if (h->revocation_unchecked)
    return g_strdup_printf (_("%s (revocation not checked)"), day);
  return g_steal_pointer (&day);
}

/* The thread's part (page-load.c): the list, from the keybox and
 * harvest.ini.  */
static gpointer
read_kept (GsmimeSession *session, gpointer data, GError **error)
{
  (void) data;
  return gsmime_harvest_list (session, error);
}

static void
show_kept (GtkWidget *list, gpointer result, const GError *error)
{
  GtkTreeView *view = g_object_get_data (G_OBJECT (list), DATA_VIEW);
  GtkLabel *status = g_object_get_data (G_OBJECT (list), DATA_STATUS);
  GtkListStore *store = GTK_LIST_STORE (gtk_tree_view_get_model (view));
  GPtrArray *kept = result;
  g_autofree char *count = NULL;
  g_autofree char *number = NULL;
  guint i;

  if (!kept)
    {
      gtk_label_set_text (status, error->message);
      gsmime_claws_trace ("cert-list-failed", "text", error->message, NULL);
      return;
    }
  /* Detached while it fills: a sorted view would sort at every row.  */
  g_object_ref (store);
  gtk_tree_view_set_model (view, NULL);
  for (i = 0; i < kept->len; i++)
    {
      const GsmimeHarvested *h = g_ptr_array_index (kept, i);
      g_autofree char *until = format_day (h->expires);
      g_autofree char *with = came_with (h);
      g_autofree char *when = kept_when (h);

      gtk_list_store_insert_with_values (
        store, NULL, -1, COL_EMAIL, h->email, COL_SUBJECT, h->subject,
        COL_UNTIL, until, COL_CAME_WITH, with, COL_KEPT, when,
        COL_FPR, h->fingerprint, -1);
    }
  gtk_tree_view_set_model (view, GTK_TREE_MODEL (store));
  g_object_unref (store);
  count = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "%u certificate kept from signed mail.",
                 "%u certificates kept from signed mail.", kept->len),
    kept->len);
  gtk_label_set_text (status, kept->len ? count
                      : _("No certificate has been kept from signed mail "
                          "yet."));
  number = g_strdup_printf ("%u", kept->len);
  gsmime_claws_trace ("cert-list", "count", number, NULL);
}

void
gsmime_claws_cert_list_refresh (GtkWidget *list)
{
  GtkTreeView *view = g_object_get_data (G_OBJECT (list), DATA_VIEW);
  GtkLabel *status = g_object_get_data (G_OBJECT (list), DATA_STATUS);

  gtk_list_store_clear (GTK_LIST_STORE (gtk_tree_view_get_model (view)));
  gtk_label_set_text (status, _("Loading…"));
  gsmime_claws_trace ("cert-list-loading", NULL);
  gsmime_claws_page_load (list, read_kept, NULL, NULL, show_kept,
                          (GDestroyNotify) g_ptr_array_unref);
}

static void
remove_clicked (GtkButton *button, GtkWidget *list)
{
  GtkTreeView *view = g_object_get_data (G_OBJECT (list), DATA_VIEW);
  GtkTreeModel *model;
  GtkTreeIter iter;
  g_autofree char *fpr = NULL;
  g_autofree char *email = NULL;
  g_autofree char *question = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;

  if (!gtk_tree_selection_get_selected (gtk_tree_view_get_selection (view),
                                        &model, &iter))
    {
      alertpanel_notice (_("Choose the certificate to remove in the list "
                           "first."));
      return;
    }
  gtk_tree_model_get (model, &iter, COL_FPR, &fpr, COL_EMAIL, &email, -1);
  question = g_strdup_printf (
    _("Remove the certificate of %s (%s) from your keybox?\n\n"
      "You can no longer encrypt to %s until a new signed message brings "
      "the certificate again, or you import it."),
    *email ? email : _("unknown address"), fpr,
    *email ? email : _("this address"));
  if (alertpanel (_("Remove certificate"), question, NULL, _("_Cancel"),
                  NULL, _("_Remove"), NULL, NULL, ALERTFOCUS_FIRST)
      != G_ALERTALTERNATE)
    return;
  session = gsmime_session_new (NULL, &error);
  if (session && gsmime_harvest_forget (session, fpr, &error))
    gsmime_claws_trace ("cert-removed", "fingerprint", fpr, NULL);
  else
    {
      gsmime_claws_trace ("cert-remove-failed", "fingerprint", fpr,
                          "text", error->message, NULL);
      alertpanel_error (_("The certificate was not removed: %s"),
                        error->message);
    }
  gsmime_claws_cert_list_refresh (list);
}

GtkWidget *
gsmime_claws_cert_list_get_view (GtkWidget *list)
{
  return g_object_get_data (G_OBJECT (list), DATA_VIEW);
}

static void
add_column (GtkTreeView *view, const char *title, int col, gboolean expand)
{
  GtkCellRenderer *cell = gtk_cell_renderer_text_new ();
  GtkTreeViewColumn *column =
    gtk_tree_view_column_new_with_attributes (title, cell, "text", col, NULL);

  if (expand)
    g_object_set (cell, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
  gtk_tree_view_column_set_resizable (column, TRUE);
  gtk_tree_view_column_set_expand (column, expand);
  gtk_tree_view_column_set_sort_column_id (column, col);
  gtk_tree_view_append_column (view, column);
}

GtkWidget *
gsmime_claws_cert_list_new (void)
{
  g_autoptr (GtkListStore) store = gtk_list_store_new (
    N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
    G_TYPE_STRING, G_TYPE_STRING);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, VSPACING_NARROW);
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
  GtkWidget *view = gtk_tree_view_new_with_model (GTK_TREE_MODEL (store));
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove"));

  add_column (GTK_TREE_VIEW (view), _("Address"), COL_EMAIL, FALSE);
  add_column (GTK_TREE_VIEW (view), _("Valid until"), COL_UNTIL, FALSE);
  add_column (GTK_TREE_VIEW (view), _("Came with"), COL_CAME_WITH, TRUE);
  add_column (GTK_TREE_VIEW (view), _("Kept on"), COL_KEPT, FALSE);
  add_column (GTK_TREE_VIEW (view), _("Certificate"), COL_SUBJECT, TRUE);
  gtk_tree_view_set_tooltip_column (GTK_TREE_VIEW (view), COL_FPR);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scrolled),
                                       GTK_SHADOW_IN);
  gtk_widget_set_size_request (scrolled, -1, 140);
  gtk_container_add (GTK_CONTAINER (scrolled), view);
  gtk_box_pack_start (GTK_BOX (box), scrolled, TRUE, TRUE, 0);

  gtk_label_set_xalign (GTK_LABEL (status), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (status), TRUE);
  gtk_box_pack_start (GTK_BOX (row), status, TRUE, TRUE, 0);
  gtk_widget_set_tooltip_text (remove,
                               _("Removes the chosen certificate from your "
                                 "keybox and forgets where it came from"));
  gtk_box_pack_end (GTK_BOX (row), remove, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), row, FALSE, FALSE, 0);

  g_object_set_data (G_OBJECT (box), DATA_VIEW, view);
  g_object_set_data (G_OBJECT (box), DATA_STATUS, status);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked), box);
  gsmime_claws_cert_list_refresh (box);
  return box;
}
