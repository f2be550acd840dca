/* import.c - bringing certificates and keys into the keybox. */
#include <config.h>
#include <string.h>
#include "import.h"
#include "call-agent.h"
#include "call-gpgsm.h"
#include "error.h"
#include "i18n.h"
#include "keys.h"
#include "certs.h"
#include "data.h"
#include "message.h"
#include "pkcs12.h"
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/pkcs7.h>
#include <gnutls/x509.h>

void
gsmime_imported_free (GsmimeImported *imported)
{
  if (!imported)
    return;
  g_free (imported->fingerprint);
  g_free (imported->subject);
  g_free (imported->email);
  g_free (imported->refused);
  g_free (imported);
}

static GsmimeImported *
describe (GsmimeSession *session, const char *fpr, gboolean is_new,
          gboolean secret)
{
  GsmimeImported *imp = g_new0 (GsmimeImported, 1);
  gpgme_key_t key = gsmime_key_by_fingerprint (session, fpr, NULL);
  g_auto (GStrv) emails = key ? gsmime_key_emails (key) : NULL;

  imp->fingerprint = g_strdup (fpr);
  imp->is_new = is_new;
  imp->has_secret = secret;
  if (key)
    {
      imp->subject = g_strdup (key->uids ? key->uids->uid : NULL);
      imp->email = g_strdup (emails[0]);
      gpgme_key_unref (key);
    }
  return imp;
}

/* Adds one reported certificate; gpgsm reports a certificate and its
 * secret key in separate lines.  */
static void
add_reported (GsmimeSession *session, GPtrArray *out, const char *fpr,
              gboolean is_new, gboolean secret)
{
  guint i;

  for (i = 0; i < out->len; i++)
    {
      GsmimeImported *seen = g_ptr_array_index (out, i);
      if (!strcmp (seen->fingerprint, fpr))
        {
          seen->has_secret |= secret;
          seen->is_new |= is_new;
          return;
        }
    }
  g_ptr_array_add (out, describe (session, fpr, is_new, secret));
}

static GPtrArray *
no_certificate (GPtrArray *out, GError **error)
{
  if (!out->len)
    {
      g_ptr_array_unref (out);
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The file holds no certificate that could be "
                          "imported; give a PEM, DER, PKCS#7 or PKCS#12 "
                          "file"));
      return NULL;
    }
  return out;
}

static GPtrArray *
collect (GsmimeSession *session, gpgme_ctx_t ctx, GError **error)
{
  gpgme_import_result_t result = gpgme_op_import_result (ctx);
  GPtrArray *out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_imported_free);
  gpgme_import_status_t st;

  for (st = result ? result->imports : NULL; st; st = st->next)
    if (!st->result && st->fpr)
      add_reported (session, out, st->fpr, (st->status & GPGME_IMPORT_NEW) != 0,
                    (st->status & GPGME_IMPORT_SECRET) != 0);
  return no_certificate (out, error);
}

/* TRUE when the line from P to END begins with PREFIX.  */
static gboolean
line_starts (const char *p, const char *end, const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && !memcmp (p, prefix, n);
}

/* TRUE when the line from P to END holds base64 text only.  */
static gboolean
is_base64_line (const char *p, const char *end)
{
  for (; p < end; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("+/= \t\r", *p))
      return FALSE;
  return TRUE;
}

/* Checks the PEM blocks of DATA.  gpgsm skips every character of a block
 * that is not base64 and then fails with an error that names neither the
 * file nor the fault, or imports nothing without a word when the END
 * line is missing; a damaged copy is better refused here, saying so.
 * Lines with a colon are RFC 1421 header fields and are let through.  */
static gboolean
check_pem (const char *data, gsize len, GError **error)
{
  const char *p = data, *end = data + len;
  guint block = 0;
  gboolean inside = FALSE;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *next = eol ? eol + 1 : end;

      if (!eol)
        eol = end;
      if (!inside && line_starts (p, eol, "-----BEGIN "))
        {
          inside = TRUE;
          block++;
        }
      else if (inside && line_starts (p, eol, "-----END "))
        inside = FALSE;
      else if (inside && !is_base64_line (p, eol) && !memchr (p, ':', eol - p))
        {
          gsmime_set_error (error, GPG_ERR_BAD_DATA,
                            _("The PEM block %u of the file is damaged: the "
                              "text between its BEGIN and END lines is not "
                              "base64; copy the certificate anew from where "
                              "it came from"), block);
          return FALSE;
        }
      p = next;
    }
  if (inside)
    {
      gsmime_set_error (error, GPG_ERR_BAD_DATA,
                        _("The PEM block %u of the file has no END line; the "
                          "file was cut off; copy the certificate anew from "
                          "where it came from"), block);
      return FALSE;
    }
  return TRUE;
}

/* gpgsm's keybox looks through every certificate it holds for each one
 * it adds, so a bundle of 10,000 takes many minutes; a whole CA bundle
 * has a few hundred.  */
#define MAX_IMPORT_CERTS 1000

/* Counts the certificates of a PKCS#7 bundle in DATA (DER, or the first
 * PEM block) with GnuTLS, and refuses more than MAX_IMPORT_CERTS before
 * gpgsm is asked.  Anything that is not PKCS#7 is let through.  */
static gboolean
check_bundle_size (const void *data, gsize len, gboolean pem, GError **error)
{
  gnutls_datum_t d = { (unsigned char *) data, (unsigned int) len };
  gnutls_pkcs7_t p7 = NULL;
  int n = 0;

  if (len > G_MAXUINT || gnutls_pkcs7_init (&p7) < 0)
    return TRUE;
  if (gnutls_pkcs7_import (p7, &d, pem ? GNUTLS_X509_FMT_PEM
                                       : GNUTLS_X509_FMT_DER) >= 0)
    n = gnutls_pkcs7_get_crt_count (p7);
  gnutls_pkcs7_deinit (p7);
  if (n <= MAX_IMPORT_CERTS)
    return TRUE;
  gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                    _("The file holds %d certificates, more than the %d that "
                      "one import takes; split it into smaller files"),
                    n, MAX_IMPORT_CERTS);
  return FALSE;
}

/* Certificates in PEM, DER or PKCS#7 go through GPGME like everything
 * else.  */
static GPtrArray *
import_certificates (GsmimeSession *session, const void *data, gsize len,
                     GError **error)
{
  gpgme_ctx_t ctx = gsmime_session_crypto_ctx (session);
  gpgme_data_t in = NULL;
  gpgme_error_t err;
  GPtrArray *out = NULL;

  gboolean pem = data && len
                 && g_strstr_len (data, MIN (len, 4096), "-----BEGIN ");

  if ((pem && !check_pem (data, len, error))
      || !check_bundle_size (data, len, pem, error))
    return NULL;
  err = gpgme_data_new_from_mem (&in, data, len, 0);
  if (err)
    {
      gsmime_set_gpgme_error (error, err, _("Out of memory"));
      return NULL;
    }
  err = gpgme_op_import (ctx, in);
  gpgme_data_release (in);
  if (err)
    gsmime_set_gpgme_error (error, err,
                            _("The file is not a certificate or key file that "
                              "can be read; give a PEM, DER, PKCS#7 or "
                              "PKCS#12 file"));
  else
    out = collect (session, ctx, error);
  return out;
}

/* A passphrase known only for the way through gpgsm, never stored.  */
static char *
transit_passphrase (void)
{
  guint32 r[3];
  guint i;

  /* 96 random bits; gpgsm reads at most 31 characters.  */
  for (i = 0; i < G_N_ELEMENTS (r); i++)
    r[i] = g_random_int ();
  return g_strdup_printf ("%08x%08x%08x", r[0], r[1], r[2]);
}

/* The subject of the first CA certificate above the key's certificate
 * that the file LEGACY (opened with TRANSIT) lacks, or NULL when the
 * chain in the file reaches a self-signed root or there is no key.  */
static char *
missing_issuer (GBytes *legacy, const char *transit)
{
  gnutls_datum_t der = { (unsigned char *) g_bytes_get_data (legacy, NULL),
                         g_bytes_get_size (legacy) };
  gnutls_pkcs12_t p12 = NULL;
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t *chain = NULL;
  unsigned int n = 0, i;
  gnutls_datum_t dn = { NULL, 0 };
  char *out = NULL;

  if (gnutls_pkcs12_init (&p12) < 0)
    return NULL;
  if (gnutls_pkcs12_import (p12, &der, GNUTLS_X509_FMT_DER, 0) >= 0
      && gnutls_pkcs12_simple_parse (p12, transit, &key, &chain, &n, NULL,
                                     NULL, NULL,
                                     GNUTLS_PKCS12_SP_INCLUDE_SELF_SIGNED) >= 0
      && n > 0
      && !gnutls_x509_crt_check_issuer (chain[n - 1], chain[n - 1])
      && gnutls_x509_crt_get_issuer_dn3 (chain[n - 1], &dn, 0) >= 0)
    out = g_strndup ((char *) dn.data, dn.size);
  gnutls_free (dn.data);
  for (i = 0; i < n; i++)
    gnutls_x509_crt_deinit (chain[i]);
  gnutls_free (chain);
  gnutls_x509_privkey_deinit (key);
  gnutls_pkcs12_deinit (p12);
  return out;
}

/* A PKCS#12 file without the certificate that issued the user's own must
 * find it in the keybox, or the key would be imported unusable.  */
static gboolean
check_chain (GsmimeSession *session, GBytes *legacy, const char *transit,
             GError **error)
{
  g_autofree char *issuer = missing_issuer (legacy, transit);
  g_autofree char *pattern = NULL;
  g_autoptr (GPtrArray) keys = NULL;

  if (!issuer)
    return TRUE;
  pattern = g_strdup_printf ("/%s", issuer);
  keys = gsmime_keys_list (session, pattern, FALSE, NULL);
  if (keys && keys->len)
    return TRUE;
  gsmime_set_error (error, GPG_ERR_MISSING_ISSUER_CERT,
                    _("The file lacks the certificate of \"%s\", which issued "
                      "yours, and it is not in your keybox either; nothing "
                      "was imported. Import that CA certificate first (your "
                      "CA publishes it), or export the PKCS#12 file again "
                      "with the whole chain."), issuer);
  return FALSE;
}

static const char *
homedir_of (GsmimeSession *session)
{
  const char *home = gsmime_session_get_homedir (session);

  return home ? home : gpgme_get_dirinfo ("homedir");
}

/* The fingerprints of all certificates with a secret key.  */
static GHashTable *
secret_fingerprints (GsmimeSession *session)
{
  g_autoptr (GPtrArray) keys = gsmime_keys_list (session, NULL, TRUE, NULL);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           NULL);
  guint i;

  for (i = 0; keys && i < keys->len; i++)
    g_hash_table_add (set, g_strdup (((gpgme_key_t) keys->pdata[i])->fpr));
  return set;
}

/* A key imported under the transit passphrase gets the user's.  Keys that
 * were there before keep theirs: gpg-agent does not replace them.  */
static gboolean
protect_keys (GsmimeSession *session, GPtrArray *imported, GHashTable *before,
              const char *transit, const char *passphrase, GError **error)
{
  guint i;

  for (i = 0; i < imported->len; i++)
    {
      GsmimeGpgsmImport *imp = g_ptr_array_index (imported, i);
      g_autoptr (GPtrArray) keys = NULL;
      gpgme_key_t key;

      if (g_hash_table_contains (before, imp->fingerprint)
          || !gsmime_key_has_secret (session, imp->fingerprint))
        continue;
      keys = gsmime_keys_list (session, imp->fingerprint, TRUE, error);
      if (!keys || !keys->len)
        return FALSE;
      key = g_ptr_array_index (keys, 0);
      if (!gsmime_agent_change_passphrase (homedir_of (session),
                                           key->subkeys->keygrip, transit,
                                           passphrase ? passphrase : "", error))
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
report_pkcs12 (GsmimeSession *session, GPtrArray *imported, gboolean with_key,
               GError **error)
{
  GPtrArray *out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_imported_free);
  guint i;

  for (i = 0; i < imported->len; i++)
    {
      GsmimeGpgsmImport *imp = g_ptr_array_index (imported, i);
      add_reported (session, out, imp->fingerprint, imp->is_new,
                    imp->secret || (with_key && i == 0
                                    && gsmime_key_has_secret (session,
                                                       imp->fingerprint)));
    }
  return no_certificate (out, error);
}

static GPtrArray *
import_pkcs12 (GsmimeSession *session, GBytes *data, const char *passphrase,
               GError **error)
{
  g_autofree char *transit = transit_passphrase ();
  GsmimePkcs12Info info = { 0 };
  g_autoptr (GBytes) legacy = NULL;
  g_autoptr (GPtrArray) imported = NULL;
  g_autoptr (GHashTable) before = NULL;
  gsize len;
  const guchar *bytes = g_bytes_get_data (data, &len);
  GPtrArray *out = NULL;

  /* Reading the file first checks the passphrase, the keys and the chain
   * before anything reaches the keybox.  */
  legacy = gsmime_pkcs12_to_legacy (bytes, len, passphrase, transit, &info,
                                    error);
  if (!legacy || !check_chain (session, legacy, transit, error))
    goto leave;
  before = secret_fingerprints (session);
  if (info.gpgsm_native)
    imported = gsmime_gpgsm_import_pkcs12 (homedir_of (session), data,
                                           passphrase ? passphrase : "", error);
  else
    imported = gsmime_gpgsm_import_pkcs12 (homedir_of (session), legacy,
                                           transit, error);
  if (!imported)
    goto leave;
  if (!info.gpgsm_native
      && !protect_keys (session, imported, before, transit, passphrase,
                        error))
    goto leave;
  out = report_pkcs12 (session, imported, info.has_key, error);

leave:
  return out;
}

/* ---- certificates that arrive in mail ---- */

static gboolean
is_certificate_part (GMimeObject *part)
{
  static const char *const suffixes[] = { ".p7c", ".p7b", ".cer", ".crt",
                                          ".pem", ".der", NULL };
  GMimeContentType *ct = g_mime_object_get_content_type (part);
  const char *type = g_mime_content_type_get_parameter (ct, "smime-type");
  const char *name = GMIME_IS_PART (part)
                     ? g_mime_part_get_filename (GMIME_PART (part)) : NULL;
  g_autofree char *lower = name ? g_ascii_strdown (name, -1) : NULL;
  const char *const *s;

  if (!GMIME_IS_PART (part))
    return FALSE;
  if (type && !g_ascii_strcasecmp (type, "certs-only"))
    return TRUE;
  for (s = suffixes; lower && *s; s++)
    if (g_str_has_suffix (lower, *s))
      return TRUE;
  return g_mime_content_type_is_type (ct, "application", "pkix-cert");
}

static void
collect_certificate_parts (GMimeObject *parent, GMimeObject *part,
                           gpointer data)
{
  GPtrArray *blobs = data;
  g_autoptr (GMimeStream) stream = NULL;

  if (!is_certificate_part (part))
    return;
  stream = gsmime_decoded_stream (GMIME_PART (part));
  g_ptr_array_add (blobs, gsmime_stream_to_bytes (stream));
}

/* The verdict of harvesting for a certificate that arrived in mail.  */
static void
apply_policy (GsmimeSession *session, GsmimeImported *imp)
{
  g_autoptr (GPtrArray) certs = NULL;
  const GsmimeCertInfo *info;

  if (!imp->is_new || imp->has_secret)
    return;
  certs = gsmime_certs_list (session, imp->fingerprint, NULL);
  if (!certs || !certs->len)
    return;
  info = g_ptr_array_index (certs, 0);
  if (info->verdict->colour != GSMIME_RED)
    return;
  imp->refused = g_strdup (gsmime_verdict_main_reason (info->verdict)->code);
  gsmime_key_delete (session, imp->fingerprint);
}

static GPtrArray *
import_from_message (GsmimeSession *session, GMimeMessage *message,
                     GError **error)
{
  g_autoptr (GPtrArray) blobs =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GPtrArray *out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_imported_free);
  guint i, j;

  g_mime_message_foreach (message, collect_certificate_parts, blobs);
  for (i = 0; i < blobs->len; i++)
    {
      GBytes *blob = g_ptr_array_index (blobs, i);
      g_autoptr (GPtrArray) got = import_certificates (
        session, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob), NULL);
      for (j = 0; got && j < got->len; j++)
        apply_policy (session, g_ptr_array_index (got, j));
      if (got)
        g_ptr_array_extend_and_steal (out, g_steal_pointer (&got));
    }
  if (!out->len)
    {
      g_ptr_array_unref (out);
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The message carries no certificate (no certs-only "
                          "part, no certificate attachment)"));
      return NULL;
    }
  return out;
}

/* Mail starts with a header line, "Name: value"; certificate files never
 * do.  Sets *IS_MAIL when DATA looks like mail; a message that then
 * cannot be read (a header line over the limit, a NUL byte) is an error
 * of its own, not a certificate file that gpgsm should try.  */
static GMimeMessage *
as_message (GBytes *data, gboolean *is_mail, GError **error)
{
  gsize len;
  const char *p = g_bytes_get_data (data, &len);
  gsize i;
  g_autoptr (GMimeStream) stream = NULL;

  for (i = 0; i < len && i < 80 && (g_ascii_isalnum (p[i]) || p[i] == '-'); i++)
    ;
  *is_mail = FALSE;
  if (i == 0 || i >= len || p[i] != ':')
    return NULL;
  *is_mail = TRUE;
  stream = g_mime_stream_mem_new_with_buffer (p, len);
  return gsmime_message_parse (stream, error);
}

GPtrArray *
gsmime_import (GsmimeSession *session, GBytes *data, const char *passphrase,
               GError **error)
{
  gboolean is_mail;
  g_autoptr (GMimeMessage) message = as_message (data, &is_mail, error);
  gsize len;
  const guchar *bytes = g_bytes_get_data (data, &len);
  char *asked = NULL;
  GPtrArray *out;

  if (message)
    return import_from_message (session, message, error);
  if (is_mail)
    return NULL;
  if (!gsmime_pkcs12_probe (bytes, len))
    return import_certificates (session, bytes, len, error);
  if (!passphrase)
    {
      asked = gsmime_agent_get_passphrase (
        gsmime_session_get_homedir (session),
        _("Enter the passphrase of the PKCS#12 file. It also protects the "
          "imported key."), error);
      if (!asked)
        return NULL;
      passphrase = asked;
    }
  out = import_pkcs12 (session, data, passphrase, error);
  gsmime_agent_passphrase_free (asked);
  return out;
}
