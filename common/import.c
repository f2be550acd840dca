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
#include "ec-key.h"
#include "message.h"
#include "pem.h"
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

/* Hands the LEN bytes at DATA to gpgsm and adds the certificates it
 * reports to OUT; *COUNT says how many it reported.  gpgsm reports each
 * certificate as it stores it, so those before a part it cannot read
 * count even when the whole import fails.  */
static gpgme_error_t
gpgsm_import (GsmimeSession *session, const void *data, gsize len,
              GPtrArray *out, guint *count)
{
  gpgme_ctx_t ctx = gsmime_session_crypto_ctx (session);
  gpgme_data_t in = NULL;
  gpgme_import_result_t result;
  gpgme_import_status_t st;
  gpgme_error_t err;

  *count = 0;
  err = gpgme_data_new_from_mem (&in, data, len, 0);
  if (err)
    return err;
  err = gpgme_op_import (ctx, in);
  gpgme_data_release (in);
  result = gpgme_op_import_result (ctx);
  for (st = result ? result->imports : NULL; st; st = st->next)
    if (!st->result && st->fpr)
      {
        add_reported (session, out, st->fpr,
                      (st->status & GPGME_IMPORT_NEW) != 0,
                      (st->status & GPGME_IMPORT_SECRET) != 0);
        (*count)++;
      }
  /* gpgsm --server ends when it cannot read its input, and GPGME does
   * not start it again: the next file or block needs a new one.  */
  if (err)
    gsmime_session_reset (session, NULL);
  return err;
}

/* gpgsm's keybox looks through every certificate it holds for each one
 * it adds, so a bundle of 10,000 takes many minutes; a whole CA bundle
 * has a few hundred.  */
#define MAX_IMPORT_CERTS 1000
/* Parts of a file that are not certificates are named one by one up to
 * this many; a file of thousands is hostile, and one more line says how
 * many there were.  */
#define MAX_PASSED_OVER 10

/* The number of certificates in the PKCS#7 bundle at DATA (DER), counted
 * with GnuTLS; 0 for anything that is not PKCS#7.  */
static guint
pkcs7_count (const void *data, gsize len)
{
  gnutls_datum_t d = { (unsigned char *) data, (unsigned int) len };
  gnutls_pkcs7_t p7 = NULL;
  int n = 0;

  if (!len || len > G_MAXUINT || gnutls_pkcs7_init (&p7) < 0)
    return 0;
  if (gnutls_pkcs7_import (p7, &d, GNUTLS_X509_FMT_DER) >= 0)
    n = gnutls_pkcs7_get_crt_count (p7);
  gnutls_pkcs7_deinit (p7);
  return n > 0 ? (guint) n : 0;
}

/* Refuses N certificates when they are more than MAX_IMPORT_CERTS,
 * before gpgsm is asked.  */
static gboolean
check_count (guint n, GError **error)
{
  if (n <= MAX_IMPORT_CERTS)
    return TRUE;
  gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                    _("The file holds %d certificates, more than the %d that "
                      "one import takes; split it into smaller files"),
                    (int) MIN (n, G_MAXINT), MAX_IMPORT_CERTS);
  return FALSE;
}

/* A file without PEM blocks goes to gpgsm whole, as it is: a DER
 * certificate or PKCS#7 bundle, or whatever else gpgsm may read.  */
static GPtrArray *
import_whole (GsmimeSession *session, const guchar *data, gsize len,
              GError **error)
{
  GPtrArray *out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_imported_free);
  gpgme_error_t err;
  guint n;

  if (!check_count (pkcs7_count (data, len), error))
    {
      g_ptr_array_unref (out);
      return NULL;
    }
  /* What gpgsm stored before it failed is in the keybox: say so.  */
  err = gpgsm_import (session, data, len, out, &n);
  if (!err || n)
    return no_certificate (out, error);
  g_ptr_array_unref (out);
  gsmime_set_gpgme_error (error, err,
                          _("The file is not a certificate or key file that "
                            "can be read; give a PEM, DER, PKCS#7 or "
                            "PKCS#12 file"));
  return NULL;
}

/* How many certificates BLOCKS hold, for the limit: one for each
 * certificate block, and those of each PKCS#7 bundle.  */
static guint
count_certificates (GPtrArray *blocks)
{
  guint i, n = 0;

  for (i = 0; i < blocks->len; i++)
    {
      const GsmimePemBlock *b = g_ptr_array_index (blocks, i);
      if (b->kind == GSMIME_PEM_CERTIFICATE)
        n++;
      else if (b->kind == GSMIME_PEM_PKCS7)
        n += pkcs7_count (g_bytes_get_data (b->der, NULL),
                          g_bytes_get_size (b->der));
    }
  return n;
}

/* A PEM file on its way to gpgsm: its blocks, what gpgsm reported, and
 * which blocks it could not read.  */
typedef struct
{
  GsmimeSession *session;
  GPtrArray *blocks;      /* GsmimePemBlock*, in the order of the file */
  GPtrArray *out;         /* GsmimeImported* */
  gboolean *unreadable;   /* one for each block */
  guint failures;
} PemImport;

/* After this many blocks gpgsm could not read, the file is garbage and
 * the rest is not tried: each failure costs a new gpgsm.  */
#define MAX_UNREADABLE 10

static const GsmimePemBlock *
block_at (PemImport *pi, guint i)
{
  return g_ptr_array_index (pi->blocks, i);
}

static void
mark_unreadable (PemImport *pi, guint i)
{
  pi->unreadable[i] = TRUE;
  pi->failures++;
}

/* Whether OUT names the certificate DER: its fingerprint is the SHA-1
 * of the certificate.  */
static gboolean
is_reported (GPtrArray *out, GBytes *der)
{
  g_autofree char *sha1 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, der);
  guint j;

  for (j = 0; j < out->len; j++)
    if (!g_ascii_strcasecmp (
          ((GsmimeImported *) out->pdata[j])->fingerprint, sha1))
      return TRUE;
  return FALSE;
}

/* Whether gpgsm reported the certificate of block I: its fingerprint is
 * the SHA-1 of the certificate.  */
static gboolean
was_reported (PemImport *pi, guint i)
{
  return is_reported (pi->out, block_at (pi, i)->der);
}

/* The DER certificates DERS (GBytes*) as one clean PEM text: no text
 * around them, LF line ends, the plain label.  */
static GString *
pem_bundle (GPtrArray *ders)
{
  GString *pem = g_string_new (NULL);
  guint i;

  for (i = 0; i < ders->len; i++)
    {
      GBytes *der = g_ptr_array_index (ders, i);
      g_autofree char *base64 = g_base64_encode (g_bytes_get_data (der, NULL),
                                                 g_bytes_get_size (der));
      gsize j, n = strlen (base64);

      g_string_append (pem, "-----BEGIN CERTIFICATE-----\n");
      for (j = 0; j < n; j += 64)
        {
          g_string_append_len (pem, base64 + j, MIN (64, n - j));
          g_string_append_c (pem, '\n');
        }
      g_string_append (pem, "-----END CERTIFICATE-----\n");
    }
  return pem;
}

/* The blocks PENDING (indices into PI's blocks) as one PEM text.  */
static GString *
certificate_bundle (PemImport *pi, GArray *pending)
{
  g_autoptr (GPtrArray) ders = g_ptr_array_new ();
  guint i;

  for (i = 0; i < pending->len; i++)
    g_ptr_array_add (ders, block_at (pi, g_array_index (pending, guint,
                                                        i))->der);
  return pem_bundle (ders);
}

/* Drops from PENDING the blocks gpgsm reported.  */
static void
drop_reported (PemImport *pi, GArray *pending)
{
  guint i = 0;

  while (i < pending->len)
    if (was_reported (pi, g_array_index (pending, guint, i)))
      g_array_remove_index (pending, i);
    else
      i++;
}

/* The certificate blocks go to gpgsm together, in one import.  gpgsm
 * stops at the first one it cannot read, having stored those before it;
 * that one is marked and the rest go again.  */
static void
import_certificate_blocks (PemImport *pi)
{
  g_autoptr (GArray) pending = g_array_new (FALSE, FALSE, sizeof (guint));
  guint i, n;

  for (i = 0; i < pi->blocks->len; i++)
    if (block_at (pi, i)->kind == GSMIME_PEM_CERTIFICATE)
      g_array_append_val (pending, i);
  while (pending->len && pi->failures < MAX_UNREADABLE)
    {
      g_autoptr (GString) bundle = certificate_bundle (pi, pending);
      gpgme_error_t err = gpgsm_import (pi->session, bundle->str,
                                        bundle->len, pi->out, &n);

      drop_reported (pi, pending);
      if (!err || !pending->len)
        break;
      mark_unreadable (pi, g_array_index (pending, guint, 0));
      g_array_remove_index (pending, 0);
    }
  /* Blocks left are those gpgsm passed over without a word, or those
   * not tried after too many it could not read.  */
  for (i = 0; i < pending->len; i++)
    mark_unreadable (pi, g_array_index (pending, guint, i));
}

/* Each PKCS#7 block goes to gpgsm on its own: gpgsm reads one bundle per
 * import.  */
static void
import_pkcs7_blocks (PemImport *pi)
{
  guint i, n;

  for (i = 0; i < pi->blocks->len; i++)
    {
      GBytes *der = block_at (pi, i)->der;

      if (block_at (pi, i)->kind != GSMIME_PEM_PKCS7)
        continue;
      if (pi->failures >= MAX_UNREADABLE
          || gpgsm_import (pi->session, g_bytes_get_data (der, NULL),
                           g_bytes_get_size (der), pi->out, &n)
          || !n)
        mark_unreadable (pi, i);
    }
}

/* Adds to PASSED a sentence for each block that was not imported, in
 * the order of the file: up to MAX_PASSED_OVER, then one that counts
 * the rest.  */
static void
name_passed_over (PemImport *pi, GPtrArray *passed)
{
  guint i, more = 0;

  for (i = 0; i < pi->blocks->len; i++)
    {
      const GsmimePemBlock *b = block_at (pi, i);

      if (b->kind != GSMIME_PEM_OTHER && !pi->unreadable[i])
        continue;
      if (passed->len >= MAX_PASSED_OVER)
        more++;
      else if (b->kind == GSMIME_PEM_OTHER)
        g_ptr_array_add (passed, g_strdup_printf (
          _("PEM block %u at line %u (%s) is not a certificate"), b->number,
          b->line, b->label));
      else
        g_ptr_array_add (passed, g_strdup_printf (
          _("PEM block %u at line %u (%s) holds no certificate that gpgsm "
            "can read"), b->number, b->line, b->label));
    }
  if (more)
    g_ptr_array_add (passed, g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u more part of the file is not a "
                   "certificate either", "%u more parts of the file are not "
                   "certificates either", more), more));
}

/* Every PEM block of a text file, wherever it stands, goes to gpgsm;
 * PASSED gets a sentence for each that is not a certificate or that
 * gpgsm could not read.  */
static GPtrArray *
import_pem (GsmimeSession *session, const guchar *data, gsize len,
            GPtrArray *passed, GError **error)
{
  g_autoptr (GPtrArray) blocks = gsmime_pem_read (data, len, error);
  g_autofree gboolean *unreadable = NULL;
  PemImport pi = { session, blocks, NULL, NULL, 0 };

  if (!blocks || !check_count (count_certificates (blocks), error))
    return NULL;
  unreadable = g_new0 (gboolean, blocks->len + 1);
  pi.unreadable = unreadable;
  pi.out = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                           gsmime_imported_free);
  import_certificate_blocks (&pi);
  import_pkcs7_blocks (&pi);
  name_passed_over (&pi, passed);
  if (pi.out->len || !passed->len)
    return no_certificate (pi.out, error);
  g_ptr_array_unref (pi.out);
  gsmime_set_error (error, GPG_ERR_NO_DATA,
                    _("The file holds no certificate that could be "
                      "imported: %s. Give a PEM, DER, PKCS#7 or PKCS#12 "
                      "file"), (const char *) g_ptr_array_index (passed, 0));
  return NULL;
}

/* Certificates in PEM, DER or PKCS#7 go through GPGME like everything
 * else; PASSED gets a sentence for each part of the file that is not a
 * certificate (char*).  */
static GPtrArray *
import_certificates (GsmimeSession *session, const guchar *data, gsize len,
                     GPtrArray *passed, GError **error)
{
  /* DER starts with a SEQUENCE; only text holds PEM blocks.  */
  if (len && data[0] != 0x30 && gsmime_pem_find (data, len))
    return import_pem (session, data, len, passed, error);
  return import_whole (session, data, len, error);
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

/* The certificate among CERTS (gnutls_x509_crt_t) other than CRT that
 * issued CRT, or NULL.  */
static gnutls_x509_crt_t
issuer_in (GPtrArray *certs, gnutls_x509_crt_t crt)
{
  guint i;

  for (i = 0; i < certs->len; i++)
    if (certs->pdata[i] != crt
        && gnutls_x509_crt_check_issuer (crt, certs->pdata[i]))
      return certs->pdata[i];
  return NULL;
}

/* The subject of the first CA certificate above the key's certificate
 * that P12 lacks, or NULL when the chain in the file reaches a
 * self-signed root or there is no key with its certificate.  */
static char *
missing_issuer (const GsmimePkcs12 *p12)
{
  GPtrArray *certs = gsmime_pkcs12_certificates (p12);
  gnutls_x509_crt_t crt, up;
  gnutls_datum_t dn = { NULL, 0 };
  char *out = NULL;
  guint steps;

  if (!gsmime_pkcs12_key (p12) || !gsmime_pkcs12_has_key_certificate (p12))
    return NULL;
  crt = g_ptr_array_index (certs, 0);
  /* A file whose certificates issue each other in a circle ends the
   * walk after as many steps as it has certificates.  */
  for (steps = 0; steps < certs->len; steps++)
    {
      if (gnutls_x509_crt_check_issuer (crt, crt))
        return NULL;
      if (!(up = issuer_in (certs, crt)))
        break;
      crt = up;
    }
  if (gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0) >= 0)
    out = g_strndup ((char *) dn.data, dn.size);
  gnutls_free (dn.data);
  return out;
}

/* A PKCS#12 file without the certificate that issued the user's own must
 * find it in the keybox, or the key would be imported unusable.  */
static gboolean
check_chain (GsmimeSession *session, const GsmimePkcs12 *p12, GError **error)
{
  g_autofree char *issuer = missing_issuer (p12);
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

/* An RSA key goes through gpgsm's own PKCS#12 import, in the legacy
 * form gpgsm 2.2 reads (pkcs12.h) unless it reads DATA as it is.  */
static GPtrArray *
import_pkcs12_rsa (GsmimeSession *session, GBytes *data,
                   const GsmimePkcs12 *p12, const char *passphrase,
                   GError **error)
{
  g_autofree char *transit = transit_passphrase ();
  GsmimePkcs12Info info = { 0 };
  g_autoptr (GBytes) legacy = NULL;
  g_autoptr (GPtrArray) imported = NULL;
  g_autoptr (GHashTable) before = NULL;

  legacy = gsmime_pkcs12_write_legacy (p12, passphrase, transit, &info,
                                       error);
  if (!legacy)
    return NULL;
  before = secret_fingerprints (session);
  if (info.gpgsm_native)
    imported = gsmime_gpgsm_import_pkcs12 (homedir_of (session), data,
                                           passphrase ? passphrase : "", error);
  else
    imported = gsmime_gpgsm_import_pkcs12 (homedir_of (session), legacy,
                                           transit, error);
  if (!imported)
    return NULL;
  if (!info.gpgsm_native
      && !protect_keys (session, imported, before, transit, passphrase,
                        error))
    return NULL;
  return report_pkcs12 (session, imported, info.has_key, error);
}

/* The DER forms of the certificates of P12.  */
static GPtrArray *
certificates_der (const GsmimePkcs12 *p12)
{
  GPtrArray *certs = gsmime_pkcs12_certificates (p12);
  GPtrArray *ders = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_bytes_unref);
  guint i;

  for (i = 0; i < certs->len; i++)
    {
      gnutls_datum_t der = { NULL, 0 };

      if (gnutls_x509_crt_export2 (certs->pdata[i], GNUTLS_X509_FMT_DER,
                                   &der) >= 0)
        g_ptr_array_add (ders, g_bytes_new (der.data, der.size));
      gnutls_free (der.data);
    }
  return ders;
}

/* Takes out of the keybox again the certificates of OUT that an import
 * that then failed had brought in.  */
static void
undo_new (GsmimeSession *session, GPtrArray *out)
{
  guint i;

  for (i = 0; i < out->len; i++)
    if (((GsmimeImported *) out->pdata[i])->is_new)
      gsmime_key_delete (session,
                         ((GsmimeImported *) out->pdata[i])->fingerprint);
}

/* The certificates of P12 go to gpgsm as certificates, never as a
 * PKCS#12 file.  */
static GPtrArray *
import_pkcs12_certificates (GsmimeSession *session, const GsmimePkcs12 *p12,
                            GError **error)
{
  g_autoptr (GPtrArray) ders = certificates_der (p12);
  g_autoptr (GString) pem = pem_bundle (ders);
  GPtrArray *out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_imported_free);
  gpgme_error_t err;
  guint n;

  /* The key's certificate must be there; a CA certificate of the chain
   * that gpgsm passes over costs nothing worse than its RSA import.  */
  err = gpgsm_import (session, pem->str, pem->len, out, &n);
  if (!err && ders->len && is_reported (out, ders->pdata[0]))
    return out;
  undo_new (session, out);
  g_ptr_array_unref (out);
  gsmime_set_gpgme_error (error, err ? err : gpg_error (GPG_ERR_INV_DATA),
                          _("gpgsm did not take the certificates of the "
                            "PKCS#12 file; nothing was imported"));
  return NULL;
}

/* An elliptic-curve key goes to gpg-agent directly, its certificates to
 * gpgsm as certificates.  gpgsm 2.2.40 crashes on an EC key in a
 * PKCS#12 file; from 2.2.42 on (GSMIME_CAN_EC_PKCS12) it reads one, but
 * this way stays the one for every engine: it is right for all of them
 * (the agent has stored EC keys since 2.1), it reads every encryption
 * GnuTLS reads and every passphrase in Unicode as the file's writer
 * meant it, and one way is one that is tested.  The certificates come
 * first, so that a key the agent refuses leaves no certificate behind;
 * the key is protected with PASSPHRASE, as gpgsm does it for RSA keys.  */
static GPtrArray *
import_pkcs12_ec (GsmimeSession *session, const GsmimePkcs12 *p12,
                  const char *passphrase, GError **error)
{
  g_autoptr (GBytes) sexp = gsmime_ec_key_sexp (gsmime_pkcs12_key (p12),
                                                error);
  g_autoptr (GPtrArray) out = NULL;
  guint i;

  if (!sexp)
    return NULL;
  if (!gsmime_pkcs12_has_key_certificate (p12))
    {
      gsmime_set_error (error, GPG_ERR_WRONG_SECKEY,
                        _("The PKCS#12 file holds no certificate for its "
                          "key, and the key alone cannot sign; export the "
                          "key together with its certificate"));
      return NULL;
    }
  out = import_pkcs12_certificates (session, p12, error);
  if (!out)
    return NULL;
  if (!gsmime_agent_import_key (homedir_of (session), sexp, passphrase, NULL,
                                error))
    {
      undo_new (session, out);
      return NULL;
    }
  for (i = 0; i < out->len; i++)
    {
      GsmimeImported *imp = g_ptr_array_index (out, i);
      imp->has_secret = gsmime_key_has_secret (session, imp->fingerprint);
    }
  return g_steal_pointer (&out);
}

/* gpgsm signs and decrypts with RSA and ECDSA keys; anything else in a
 * PKCS#12 file (Ed25519, DSA) would be imported for nothing.  */
static gboolean
check_key_kind (gnutls_x509_privkey_t key, GError **error)
{
  int algo = gnutls_x509_privkey_get_pk_algorithm2 (key, NULL);
  const char *name;

  if (algo == GNUTLS_PK_RSA || gsmime_ec_key_is_ecdsa (key))
    return TRUE;
  name = algo > 0 ? gnutls_pk_algorithm_get_name (algo) : NULL;
  gsmime_set_error (error, GPG_ERR_UNSUPPORTED_ALGORITHM,
                    _("The key in the PKCS#12 file is a %s key, which gpgsm "
                      "cannot sign or decrypt with; ask for a file with an "
                      "RSA key or an elliptic-curve key on P-256, P-384 or "
                      "P-521"), name ? name : "?");
  return FALSE;
}

static GPtrArray *
import_pkcs12 (GsmimeSession *session, GBytes *data, const char *passphrase,
               GError **error)
{
  gsize len;
  const guchar *bytes = g_bytes_get_data (data, &len);
  g_autoptr (GsmimePkcs12) p12 = NULL;
  gnutls_x509_privkey_t key;

  /* Reading the file first checks the passphrase, the keys and the chain
   * before anything reaches the keybox.  */
  p12 = gsmime_pkcs12_open (bytes, len, passphrase, error);
  if (!p12 || !check_chain (session, p12, error))
    return NULL;
  key = gsmime_pkcs12_key (p12);
  if (key && !check_key_kind (key, error))
    return NULL;
  /* gpgsm must never see an EC key in a PKCS#12 file: 2.2.40 crashes.  */
  if (key && gsmime_ec_key_is_ecdsa (key))
    return import_pkcs12_ec (session, p12, passphrase, error);
  return import_pkcs12_rsa (session, data, p12, passphrase, error);
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
  /* A part that is not a certificate is no news in mail: it is
   * passed over without a word.  */
  g_autoptr (GPtrArray) passed = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_imported_free);
  guint i, j;

  g_mime_message_foreach (message, collect_certificate_parts, blobs);
  for (i = 0; i < blobs->len; i++)
    {
      GBytes *blob = g_ptr_array_index (blobs, i);
      g_autoptr (GPtrArray) got = import_certificates (
        session, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob),
        passed, NULL);
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

/* Whether the line from P to END is a header field, "Name: value" (a
 * name of visible ASCII, then a colon); sets *MIME when it is one of
 * MIME's own.  */
static gboolean
is_field (const char *p, const char *end, gboolean *mime)
{
  const char *colon = p;
  gsize n;

  while (colon < end && *colon != ':' && *colon > ' ' && *colon < 0x7f)
    colon++;
  if (colon == p || colon == end || *colon != ':')
    return FALSE;
  n = colon - p;
  if (n == 12 && (!g_ascii_strncasecmp (p, "Content-Type", n)
                  || !g_ascii_strncasecmp (p, "MIME-Version", n)))
    *mime = TRUE;
  return TRUE;
}

/* Whether the LEN bytes at P are a mail message: a header section of
 * fields and the lines that continue them, up to an empty line or the
 * end, with MIME structure (Content-Type or MIME-Version).  The text
 * dump that `openssl ca` and `openssl x509 -text` put before a
 * certificate begins "Certificate:" like a header field, but then comes
 * a BEGIN line, which is no field, and it names no MIME field.  */
static gboolean
is_mail (const char *p, gsize len)
{
  const char *end = p + len;
  gboolean mime = FALSE, first = TRUE;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *stop = eol ? eol : end;
      gboolean continued = *p == ' ' || *p == '\t';

      if (stop > p && stop[-1] == '\r')
        stop--;
      if (stop == p)
        break;
      if (continued ? first : !is_field (p, stop, &mime))
        return FALSE;
      first = FALSE;
      p = eol ? eol + 1 : end;
    }
  return !first && mime;
}

/* DATA as a mail message when it is one (see is_mail), with *IS_MAIL
 * set; a message that then cannot be read (a header line over the
 * limit, a NUL byte) is an error of its own, not a certificate file that
 * gpgsm should try.  */
static GMimeMessage *
as_message (GBytes *data, gboolean *is_mail_out, GError **error)
{
  gsize len;
  const char *p = g_bytes_get_data (data, &len);
  g_autoptr (GMimeStream) stream = NULL;

  *is_mail_out = len && is_mail (p, len);
  if (!*is_mail_out)
    return NULL;
  stream = g_mime_stream_mem_new_with_buffer (p, len);
  return gsmime_message_parse (stream, error);
}

/* The passphrase of a PKCS#12 file, asked through gpg-agent's
 * pinentry; free with gsmime_agent_passphrase_free.  */
static char *
ask_pkcs12_passphrase (GsmimeSession *session, GError **error)
{
  return gsmime_agent_get_passphrase (
    gsmime_session_get_homedir (session),
    _("Enter the passphrase of the PKCS#12 file. It also protects the "
      "imported key."), error);
}

GPtrArray *
gsmime_import_full (GsmimeSession *session, GBytes *data,
                    const char *passphrase, char ***passed_over,
                    GError **error)
{
  gboolean mail;
  g_autoptr (GMimeMessage) message = as_message (data, &mail, error);
  g_autoptr (GPtrArray) passed = g_ptr_array_new_with_free_func (g_free);
  gsize len;
  const guchar *bytes = g_bytes_get_data (data, &len);
  char *asked = NULL;
  GPtrArray *out = NULL;

  if (message)
    out = import_from_message (session, message, error);
  else if (mail)
    out = NULL;
  else if (!gsmime_pkcs12_probe (bytes, len))
    out = import_certificates (session, bytes, len, passed, error);
  else if (passphrase || (asked = ask_pkcs12_passphrase (session, error)))
    out = import_pkcs12 (session, data, passphrase ? passphrase : asked,
                         error);
  gsmime_agent_passphrase_free (asked);
  if (passed_over)
    {
      g_ptr_array_add (passed, NULL);
      *passed_over = out ? (char **) g_ptr_array_steal (passed, NULL) : NULL;
    }
  return out;
}

GPtrArray *
gsmime_import (GsmimeSession *session, GBytes *data, const char *passphrase,
               GError **error)
{
  return gsmime_import_full (session, data, passphrase, NULL, error);
}
