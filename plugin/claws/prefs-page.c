/* prefs-page.c - gsmime's page under Preferences -> Plugins.
 *
 * The widgets show the preferences in force (prefs.c) when the page is
 * built, and Claws calls save_page when the user presses OK or Apply;
 * then they are stored, written to clawsrc, and the generation grows, so
 * that the next signature check takes them.  The import button and the
 * list of harvested certificates act at once, not on OK: they change the
 * keybox, not a preference.
 */
#include <config.h>
#include <gtk/gtk.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "cert-import.h"
#include "cert-list.h"
#include "prefs.h"
#include "prefs-page.h"
#include "trace.h"

#include <alertpanel.h>
#include <defs.h>
#include <log.h>
#include <prefs_gtk.h>
#include <gtk/gtkutils.h>

typedef struct
{
  PrefsPage page;
  GtkWidget *harvest;
  GtkWidget *weak_digest;       /* combo: orange, red */
  GtkWidget *revocation;        /* combo: off, crl, ocsp */
  GtkWidget *responder;
  GtkWidget *budget;            /* spin button, seconds */
  GtkWidget *detached;
  GtkWidget *opaque;
  GtkWidget *auto_encrypt;
  GtkWidget *hp_encrypted;
  GtkWidget *hp_signed;
  GtkWidget *cert_list;
} GsmimePage;

static GsmimePage gsmime_page;
static char *page_path[3];

/* A check or radio button whose label wraps instead of widening the
 * page.  */
static GtkWidget *
wrap_button (GtkWidget *button)
{
  GtkWidget *label = gtk_bin_get_child (GTK_BIN (button));

  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  return button;
}

/* LABEL and WIDGET side by side in BOX.  */
static void
pack_row (GtkWidget *box, const char *label, GtkWidget *widget,
          gboolean expand)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_box_pack_start (GTK_BOX (row), l, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (row), widget, expand, expand, 0);
  gtk_box_pack_start (GTK_BOX (box), row, FALSE, FALSE, 0);
}

static void
revocation_changed (GtkComboBox *combo, GsmimePage *page)
{
  gboolean off = gtk_combo_box_get_active (combo) == GSMIME_REVOCATION_OFF;

  gtk_widget_set_sensitive (page->responder, gtk_combo_box_get_active (combo)
                                               == GSMIME_REVOCATION_CRL_OCSP);
  gtk_widget_set_sensitive (page->budget, !off);
}

static void
refresh_cert_list (void)
{
  /* The page may have been closed while the import ran.  */
  if (gsmime_page.cert_list)
    gsmime_claws_cert_list_refresh (gsmime_page.cert_list);
}

static void
import_clicked (GtkButton *button, gpointer data)
{
  gsmime_claws_cert_import (
    GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (button))),
    refresh_cert_list);
}

static void
reading_frame (GtkWidget *vbox, GsmimePage *page, const GsmimeClawsPrefs *p)
{
  GtkWidget *frame, *inner;

  inner = gtkut_get_options_frame (vbox, &frame, _("Reading mail"));
  page->harvest = wrap_button (gtk_check_button_new_with_mnemonic (
    _("Keep the certificates that come with well-signed mail "
      "(_harvesting)")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page->harvest),
                                p->settings.harvest);
  gtk_widget_set_tooltip_text (page->harvest,
                               _("So that you can encrypt to their senders. "
                                 "Only certificates of good signatures that "
                                 "lead to a root you trust are kept."));
  gtk_box_pack_start (GTK_BOX (inner), page->harvest, FALSE, FALSE, 0);

  page->weak_digest = gtk_combo_box_text_new ();
  /* In the order of GsmimeWeakDigestPolicy.  */
  gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (page->weak_digest),
                                  _("orange: valid, but weak"));
  gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (page->weak_digest),
                                  _("red: not to be trusted"));
  gtk_combo_box_set_active (GTK_COMBO_BOX (page->weak_digest),
                            p->settings.weak_digest);
  pack_row (inner, _("Signatures made with _SHA-1 are shown"),
            page->weak_digest, FALSE);
}

static void
revocation_frame (GtkWidget *vbox, GsmimePage *page,
                  const GsmimeClawsPrefs *p)
{
  GtkWidget *frame, *inner;

  inner = gtkut_get_options_frame (vbox, &frame,
                                   _("Revocation of certificates"));
  page->revocation = gtk_combo_box_text_new ();
  /* In the order of GsmimeRevocationMode.  */
  gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (page->revocation),
                                  _("off (signatures say it was not checked)"));
  gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (page->revocation),
                                  _("with the issuers' CRLs"));
  gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (page->revocation),
                                  _("with OCSP, then CRLs"));
  gtk_combo_box_set_active (GTK_COMBO_BOX (page->revocation),
                            p->settings.revocation);
  pack_row (inner, _("Check re_vocation"), page->revocation, FALSE);

  page->responder = gtk_entry_new ();
  gtk_entry_set_text (GTK_ENTRY (page->responder),
                      p->ocsp_responder ? p->ocsp_responder : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (page->responder),
                                  "http://ocsp.example.org/");
  gtk_widget_set_tooltip_text (page->responder,
                               _("Asked about certificates that name no "
                                 "responder of their own; written to "
                                 "dirmngr.conf in your GnuPG home. Leave "
                                 "empty if your organisation has none."));
  pack_row (inner, _("OCSP res_ponder"), page->responder, TRUE);

  page->budget = gtk_spin_button_new_with_range (0.5, 120.0, 0.5);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (page->budget), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (page->budget),
                             p->settings.revocation_budget_ms / 1000.0);
  gtk_widget_set_tooltip_text (page->budget,
                               _("A server that does not answer in time "
                                 "makes the message orange, never red, and "
                                 "never holds it up longer."));
  pack_row (inner, _("_Wait at most"), page->budget, FALSE);
  gtk_box_pack_start (GTK_BOX (gtk_widget_get_parent (page->budget)),
                      gtk_label_new (_("seconds for an answer")), FALSE,
                      FALSE, 0);

  g_signal_connect (page->revocation, "changed",
                    G_CALLBACK (revocation_changed), page);
  revocation_changed (GTK_COMBO_BOX (page->revocation), page);
}

static void
writing_frame (GtkWidget *vbox, GsmimePage *page, const GsmimeClawsPrefs *p)
{
  GtkWidget *frame, *inner;

  inner = gtkut_get_options_frame (vbox, &frame, _("Writing mail"));
  page->detached = wrap_button (gtk_radio_button_new_with_mnemonic (
    NULL, _("Sign _detached (multipart/signed), readable in every mail "
            "program")));
  page->opaque = wrap_button (gtk_radio_button_new_with_mnemonic_from_widget (
    GTK_RADIO_BUTTON (page->detached),
    _("Sign opa_que (application/pkcs7-mime)")));
  gtk_widget_set_tooltip_text (page->opaque,
                               _("Survives gateways that change text, but "
                                 "only mail programs that know S/MIME can "
                                 "show the message."));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (p->opaque_signing
                                                   ? page->opaque
                                                   : page->detached), TRUE);
  gtk_box_pack_start (GTK_BOX (inner), page->detached, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (inner), page->opaque, FALSE, FALSE, 0);

  page->auto_encrypt = wrap_button (gtk_check_button_new_with_mnemonic (
    _("_Encrypt automatically when every recipient has a valid "
      "certificate")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page->auto_encrypt),
                                p->auto_encrypt);
  gtk_box_pack_start (GTK_BOX (inner), page->auto_encrypt, FALSE, FALSE, 0);

  page->hp_encrypted = wrap_button (gtk_check_button_new_with_mnemonic (
    _("Hide the Subject of encrypted mail (RFC 9788 header pro_tection)")));
  gtk_widget_set_tooltip_text (page->hp_encrypted,
                               _("The Subject travels inside the encryption "
                                 "and reads \"[...]\" outside. Recipients "
                                 "whose mail program does not know header "
                                 "protection see it at the top of the "
                                 "text."));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page->hp_encrypted),
                                p->protect_headers_encrypted);
  gtk_box_pack_start (GTK_BOX (inner), page->hp_encrypted, FALSE, FALSE, 0);
  page->hp_signed = wrap_button (gtk_check_button_new_with_mnemonic (
    _("Sign the Subject and the other header fields of signed mail too")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page->hp_signed),
                                p->protect_headers_signed);
  gtk_box_pack_start (GTK_BOX (inner), page->hp_signed, FALSE, FALSE, 0);
}

static void
certificates_frame (GtkWidget *vbox, GsmimePage *page)
{
  GtkWidget *frame, *inner, *row, *import, *label;

  inner = gtkut_get_options_frame (vbox, &frame, _("Certificates"));
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  import = gtk_button_new_with_mnemonic (
    _("_Import certificate or PKCS#12…"));
  gtk_widget_set_tooltip_text (import,
                               _("Your own certificate and key (.p12), "
                                 "someone's certificate (.pem, .crt, .cer, "
                                 "p7c), or a message that carries "
                                 "certificates. gpg-agent asks for the "
                                 "passphrase of a .p12 file."));
  g_signal_connect (import, "clicked", G_CALLBACK (import_clicked), NULL);
  gtk_box_pack_start (GTK_BOX (row), import, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (inner), row, FALSE, FALSE, 0);

  label = gtk_label_new_with_mnemonic (_("_Kept from signed mail:"));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_box_pack_start (GTK_BOX (inner), label, FALSE, FALSE, 0);
  page->cert_list = gsmime_claws_cert_list_new ();
  gtk_label_set_mnemonic_widget (
    GTK_LABEL (label), gsmime_claws_cert_list_get_view (page->cert_list));
  gtk_box_pack_start (GTK_BOX (inner), page->cert_list, TRUE, TRUE, 0);
}

static void
create_widget (PrefsPage *_page, GtkWindow *window, gpointer data)
{
  GsmimePage *page = (GsmimePage *) _page;
  GsmimeClawsPrefs prefs;
  GtkWidget *vbox;

  gsmime_claws_prefs_get (&prefs);
  vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, VSPACING);
  gtk_container_set_border_width (GTK_CONTAINER (vbox), VBOX_BORDER);
  reading_frame (vbox, page, &prefs);
  revocation_frame (vbox, page, &prefs);
  writing_frame (vbox, page, &prefs);
  certificates_frame (vbox, page);
  gtk_widget_show_all (vbox);
  /* show_all turned the responder on; it follows the mode.  */
  revocation_changed (GTK_COMBO_BOX (page->revocation), page);
  page->page.widget = vbox;
  gsmime_claws_trace ("prefs-page", "opened", "yes", NULL);
}

static void
destroy_widget (PrefsPage *_page)
{
  GsmimePage *page = (GsmimePage *) _page;

  page->cert_list = NULL;
  page->harvest = NULL;
}

static void
save_page (PrefsPage *_page)
{
  GsmimePage *page = (GsmimePage *) _page;
  g_autoptr (GError) error = NULL;
  GsmimeClawsPrefs prefs;
  gint active;

  if (!page->harvest)
    return;
  gsmime_claws_prefs_get (&prefs);
  prefs.settings.harvest =
    gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (page->harvest));
  active = gtk_combo_box_get_active (GTK_COMBO_BOX (page->weak_digest));
  prefs.settings.weak_digest = active == GSMIME_WEAK_DIGEST_RED
                                 ? GSMIME_WEAK_DIGEST_RED
                                 : GSMIME_WEAK_DIGEST_ORANGE;
  active = gtk_combo_box_get_active (GTK_COMBO_BOX (page->revocation));
  if (active >= GSMIME_REVOCATION_OFF && active <= GSMIME_REVOCATION_CRL_OCSP)
    prefs.settings.revocation = active;
  prefs.settings.revocation_budget_ms = (guint) (
    gtk_spin_button_get_value (GTK_SPIN_BUTTON (page->budget)) * 1000 + 0.5);
  prefs.opaque_signing =
    gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (page->opaque));
  prefs.auto_encrypt =
    gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (page->auto_encrypt));
  prefs.protect_headers_encrypted =
    gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (page->hp_encrypted));
  prefs.protect_headers_signed =
    gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (page->hp_signed));
  prefs.ocsp_responder = gtk_entry_get_text (GTK_ENTRY (page->responder));
  if (!gsmime_claws_prefs_store (&prefs, &error))
    {
      log_error (LOG_PROTOCOL, "gsmime: %s\n", error->message);
      alertpanel_error (_("gsmime's preferences are in force for this "
                          "session, but: %s"), error->message);
    }
}

void
gsmime_claws_prefs_page_register (void)
{
  page_path[0] = _("Plugins");
  page_path[1] = _("S/MIME (gpgsm)");
  page_path[2] = NULL;
  gsmime_page.page.path = page_path;
  gsmime_page.page.create_widget = create_widget;
  gsmime_page.page.destroy_widget = destroy_widget;
  gsmime_page.page.save_page = save_page;
  gsmime_page.page.weight = 30.0;
  prefs_gtk_register_page ((PrefsPage *) &gsmime_page);
}

void
gsmime_claws_prefs_page_unregister (void)
{
  prefs_gtk_unregister_page ((PrefsPage *) &gsmime_page);
}
