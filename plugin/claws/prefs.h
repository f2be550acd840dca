/* prefs.h - the plugin's preferences, as the rest of the plugin sees
 * them.  They are stored in Claws' own rc files through its PrefParam
 * machinery and edited on a page under Preferences -> Plugins; per
 * account, which of the user's own certificates signs and which one
 * others encrypt to.  */
#ifndef GSMIME_CLAWS_PREFS_H
#define GSMIME_CLAWS_PREFS_H

#include <glib.h>
#include "common/gsmime.h"

struct _PrefsAccount;

/* Loads the stored preferences and registers the pages; undone by
 * gsmime_claws_prefs_done.  */
void gsmime_claws_prefs_init (void);
void gsmime_claws_prefs_done (void);

/* The core's settings as the user chose them: harvesting, revocation
 * mode and budget, the weak-digest colour.  */
void gsmime_claws_prefs_settings (GsmimeSettings *settings);

/* Grows by one each time the user saves the page, so that a session made
 * earlier knows to take the settings again.  */
guint gsmime_claws_prefs_generation (void);

/* Signed-data (application/pkcs7-mime) instead of multipart/signed.  */
gboolean gsmime_claws_prefs_opaque_signing (void);

/* Encrypt without being asked when every recipient has a valid
 * certificate.  */
gboolean gsmime_claws_prefs_auto_encrypt (void);

/* Whether the header section of mail that is ENCRYPTED (or else signed
 * only) goes into its protected body (RFC 9788), and, when encrypted,
 * the outer Subject becomes "[...]".  */
gboolean gsmime_claws_prefs_protect_headers (gboolean encrypted);

/* The OCSP responder to ask instead of the one a certificate names, or
 * NULL.  It is written to dirmngr.conf (ocsp-responder), where dirmngr
 * uses it for the certificates that name no responder of their own.  */
const char *gsmime_claws_prefs_ocsp_responder (void);

/* Everything the page under Preferences -> Plugins edits.  */
typedef struct
{
  GsmimeSettings settings;      /* harvest, revocation, budget, weak digest */
  gboolean opaque_signing;
  gboolean auto_encrypt;
  gboolean protect_headers_encrypted;
  gboolean protect_headers_signed;
  const char *ocsp_responder;   /* NULL or "" for none */
} GsmimeClawsPrefs;

/* Fills PREFS with the preferences in force; ocsp_responder is borrowed
 * and valid until the next gsmime_claws_prefs_store.  */
void gsmime_claws_prefs_get (GsmimeClawsPrefs *prefs);

/* Makes PREFS the preferences in force, writes them to the [gsmime] block
 * of clawsrc and the responder to dirmngr.conf, and bumps the generation.
 * Returns FALSE with ERROR when a file could not be written (the
 * preferences are in force for this session all the same):
 * GPG_ERR_EIO for clawsrc or dirmngr.conf, GPG_ERR_CONFLICT when
 * dirmngr.conf names a responder of its own, GPG_ERR_INV_VALUE for a
 * responder that is not an http(s) URL.  */
gboolean gsmime_claws_prefs_store (const GsmimeClawsPrefs *prefs,
                                   GError **error);

/* The fingerprint of the certificate ACCOUNT signs with, or NULL for the
 * core's choice for the account's address.  Like the one below, call it
 * from the main thread; the string stays valid until the account's
 * choice changes (prefs-account.c).  */
const char *gsmime_claws_account_signing_cert (struct _PrefsAccount *account);

/* The fingerprint of the certificate others encrypt to for ACCOUNT (and
 * that the sent copy is encrypted to), or NULL for the core's choice.  */
const char *gsmime_claws_account_encryption_cert (struct _PrefsAccount *account);

#endif
