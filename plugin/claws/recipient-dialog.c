/* recipient-dialog.c - asking the user what to do when a message cannot
 * be encrypted to every recipient.
 *
 * The core has said, for every address it cannot encrypt to, why and
 * what would fix it (common/keyselect.c).  Nothing is sent until the
 * user has chosen: the message is never sent in plaintext without being
 * asked.  "Encrypt anyway" exists only for the one problem a user can
 * reasonably accept, a revocation status that could not be learnt in
 * time.
 */
#include <config.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "advice.h"
#include "recipient-dialog.h"
#include "trace.h"

/* Whether every one of PROBLEMS is of the kind CODE.  */
static gboolean
all_are (GPtrArray *problems, GsmimeRecipientProblemCode code)
{
  guint i;

  for (i = 0; i < problems->len; i++)
    {
      GsmimeRecipientProblem *p = g_ptr_array_index (problems, i);
      if (p->problem != code)
        return FALSE;
    }
  return problems->len > 0;
}

/* What the user may do, below the problems.  A signed message brings a
 * missing certificate, but not a certificate of another kind of key:
 * where this engine's lack of ECDH is all that stands in the way, the
 * sentences above say what would do.  */
static const char *
closing_words (GPtrArray *problems, gboolean anyway)
{
  if (anyway)
    return _("Whether the certificates above are revoked could not be "
             "checked in time. Encrypt anyway if you accept that risk, send "
             "the message unencrypted, or cancel and try again later.");
  if (all_are (problems, GSMIME_RECIPIENT_ECDH_UNSUPPORTED))
    return _("Cancel and do what is said above first, or send the message "
             "unencrypted, readable by anyone on its way.");
  return _("Cancel and get usable certificates first (a signed message "
           "from each of these recipients brings theirs), or send the "
           "message unencrypted, readable by anyone on its way.");
}

static GtkWidget *
wrapped_label (const char *text, gboolean bold)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (bold)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
      gtk_label_set_markup (GTK_LABEL (label), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 70);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

GsmimeClawsRecipientChoice
gsmime_claws_recipient_dialog (GtkWidget *parent, GPtrArray *problems)
{
  gboolean anyway = all_are (problems, GSMIME_RECIPIENT_UNCHECKED);
  const char *closing = closing_words (problems, anyway);
  GtkWidget *dialog, *area, *box, *list, *scrolled;
  GString *shown;
  GtkWindow *owner = parent ? GTK_WINDOW (gtk_widget_get_toplevel (parent))
                            : NULL;
  gint response;
  guint i;

  dialog = gtk_dialog_new_with_buttons (
    _("Cannot encrypt to every recipient"), owner,
    GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
    _("_Cancel"), GSMIME_CLAWS_RECIPIENTS_CANCEL,
    _("Send _unencrypted"), GSMIME_CLAWS_RECIPIENTS_SEND_PLAIN,
    NULL);
  if (anyway)
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Encrypt anyway"),
                           GSMIME_CLAWS_RECIPIENTS_ENCRYPT_ANYWAY);
  /* Enter must not send anything in plaintext.  */
  gtk_dialog_set_default_response (GTK_DIALOG (dialog),
                                   GSMIME_CLAWS_RECIPIENTS_CANCEL);
  gtk_window_set_role (GTK_WINDOW (dialog), "gsmime_recipients");

  area = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  gtk_box_pack_start (GTK_BOX (area), box, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (box), wrapped_label (
    _("This message cannot be encrypted to every recipient. Nothing has "
      "been sent."), TRUE), FALSE, FALSE, 0);

  list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  shown = g_string_new (NULL);
  for (i = 0; i < problems->len; i++)
    {
      g_autofree char *text = gsmime_claws_problem_text (
        g_ptr_array_index (problems, i));
      GtkWidget *label = wrapped_label (text, FALSE);

      gtk_box_pack_start (GTK_BOX (list), label, FALSE, FALSE, 0);
      /* The trace says what the user reads, as the label holds it.  */
      g_string_append_printf (shown, "%s%s", i ? " | " : "",
                              gtk_label_get_text (GTK_LABEL (label)));
    }
  scrolled = gtk_scrolled_window_new (NULL, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (
    GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                              300);
  gtk_container_add (GTK_CONTAINER (scrolled), list);
  gtk_box_pack_start (GTK_BOX (box), scrolled, TRUE, TRUE, 0);

  gtk_box_pack_start (GTK_BOX (box), wrapped_label (closing, FALSE),
                      FALSE, FALSE, 0);

  gtk_widget_show_all (dialog);
  gsmime_claws_trace ("recipient-dialog", "buttons",
                      anyway ? "cancel,unencrypted,anyway"
                             : "cancel,unencrypted",
                      "problems", shown->str, "closing", closing, NULL);
  g_string_free (shown, TRUE);
  response = gtk_dialog_run (GTK_DIALOG (dialog));
  gtk_widget_destroy (dialog);
  switch (response)
    {
    case GSMIME_CLAWS_RECIPIENTS_SEND_PLAIN:
      return GSMIME_CLAWS_RECIPIENTS_SEND_PLAIN;
    case GSMIME_CLAWS_RECIPIENTS_ENCRYPT_ANYWAY:
      return anyway ? GSMIME_CLAWS_RECIPIENTS_ENCRYPT_ANYWAY
                    : GSMIME_CLAWS_RECIPIENTS_CANCEL;
    default:
      return GSMIME_CLAWS_RECIPIENTS_CANCEL;
    }
}

const char *
gsmime_claws_recipient_choice_name (GsmimeClawsRecipientChoice c)
{
  switch (c)
    {
    case GSMIME_CLAWS_RECIPIENTS_SEND_PLAIN: return "unencrypted";
    case GSMIME_CLAWS_RECIPIENTS_ENCRYPT_ANYWAY: return "anyway";
    default: return "cancel";
    }
}
