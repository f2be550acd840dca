/* commands-certs.c - certificates for mutt: smime_pk7out_command,
 * smime_get_cert_command, smime_get_signer_cert_command,
 * smime_get_cert_email_command and smime_import_cert_command, and the
 * .index files behind $smime_certificates and $smime_keys.
 *
 * mutt uses the first four to check that the signer's certificate carries
 * the sender's address ("S/MIME certificate owner does not match
 * sender") and to import certificates from a message.  They only take
 * certificates apart, which GnuTLS does in this process without gpgsm:
 * mutt starts two of them for every message it verifies.  */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <gnutls/x509.h>
#include "commands.h"
#include "index-writer.h"
#include "session-wire.h"
#include "gsmime.h"
#include "i18n.h"

typedef struct gnutls_pkcs7_int Pkcs7;
typedef struct gnutls_x509_crt_int X509Crt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pkcs7, gnutls_pkcs7_deinit)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509Crt, gnutls_x509_crt_deinit)

/* The first CMS object in OBJECT: the signature of a multipart/signed or
 * an application/pkcs7-mime part, decoded to DER.  */
static GBytes *
find_cms (GMimeObject *object, guint depth)
{
  int i, n;

  if (!object || depth > GSMIME_MAX_DEPTH)
    return NULL;
  if (gsmime_part_is_pkcs7 (object, "pkcs7-mime")
      || gsmime_part_is_pkcs7 (object, "pkcs7-signature"))
    {
      g_autoptr (GMimeStream) s = gsmime_decoded_stream (GMIME_PART (object));
      return gsmime_stream_to_bytes (s);
    }
  if (!GMIME_IS_MULTIPART (object))
    return NULL;
  n = g_mime_multipart_get_count (GMIME_MULTIPART (object));
  for (i = n - 1; i >= 0; i--)
    {
      GBytes *found = find_cms (g_mime_multipart_get_part (
                                  GMIME_MULTIPART (object), i), depth + 1);
      if (found)
        return found;
    }
  return NULL;
}

/* The signature mutt's message file NAME carries.  Errors: those of
 * reading the message, GPG_ERR_NO_DATA when it carries none.  */
static gnutls_pkcs7_t
message_signature (const char *name, GError **error)
{
  g_autoptr (GMimeStream) stream = gsmime_stream_for_input (name, error);
  g_autoptr (GMimeMessage) message = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (Pkcs7) p7 = NULL;
  gnutls_datum_t d;

  if (!stream || !(message = gsmime_message_parse (stream, error)))
    return NULL;
  der = find_cms (g_mime_message_get_mime_part (message), 0);
  d.data = der ? (unsigned char *) g_bytes_get_data (der, NULL) : NULL;
  d.size = der ? g_bytes_get_size (der) : 0;
  if (!der || gnutls_pkcs7_init (&p7) < 0
      || gnutls_pkcs7_import (p7, &d, GNUTLS_X509_FMT_DER) < 0)
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The message carries no S/MIME signature"));
      return NULL;
    }
  return g_steal_pointer (&p7);
}

static void
append_pem (MuttCall *call, const char *label, const gnutls_datum_t *der)
{
  gnutls_datum_t pem = { NULL, 0 };

  if (gnutls_pem_base64_encode2 (label, der, &pem) < 0)
    return;
  g_byte_array_append (call->out, pem.data, pem.size);
  gnutls_free (pem.data);
}

int
mutt_cmd_pk7out (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Pkcs7) p7 = message_signature (call->args[0], &error);
  gnutls_datum_t der = { NULL, 0 };

  if (!p7)
    return mutt_fail (call, error);
  if (gnutls_pkcs7_export2 (p7, GNUTLS_X509_FMT_DER, &der) >= 0)
    append_pem (call, "PKCS7", &der);
  gnutls_free (der.data);
  return EXIT_OK;
}

/* A PKCS#7 object from the file NAME, PEM (what pk7out writes) or DER. */
static gnutls_pkcs7_t
read_pkcs7 (const char *name, GError **error)
{
  g_autoptr (GBytes) data = mutt_read_file (name, error);
  gnutls_pkcs7_t p7 = NULL;
  gnutls_datum_t d;

  if (!data)
    return NULL;
  d.data = (unsigned char *) g_bytes_get_data (data, NULL);
  d.size = g_bytes_get_size (data);
  if (gnutls_pkcs7_init (&p7) >= 0
      && (gnutls_pkcs7_import (p7, &d, GNUTLS_X509_FMT_PEM) >= 0
          || gnutls_pkcs7_import (p7, &d, GNUTLS_X509_FMT_DER) >= 0))
    return p7;
  gnutls_pkcs7_deinit (p7);
  gsmime_set_error (error, GPG_ERR_INV_DATA,
                    _("\"%s\" is not a PKCS#7 object"), name);
  return NULL;
}

int
mutt_cmd_get_cert (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Pkcs7) p7 = read_pkcs7 (call->args[0], &error);
  int i, n;

  if (!p7)
    return mutt_fail (call, error);
  n = gnutls_pkcs7_get_crt_count (p7);
  for (i = 0; i < n; i++)
    {
      gnutls_datum_t crt = { NULL, 0 };
      if (gnutls_pkcs7_get_crt_raw2 (p7, i, &crt) < 0)
        continue;
      append_pem (call, "CERTIFICATE", &crt);
      gnutls_free (crt.data);
    }
  return EXIT_OK;
}

static gboolean
same_datum (const gnutls_datum_t *a, const gnutls_datum_t *b)
{
  return a->size && a->size == b->size && !memcmp (a->data, b->data, a->size);
}

/* Whether CRT is the one INFO's signer names: by issuer and serial
 * number, or by subject key identifier.  */
static gboolean
is_signer (gnutls_x509_crt_t crt, const gnutls_pkcs7_signature_info_st *info)
{
  gnutls_datum_t dn = { NULL, 0 };
  guchar serial[64], keyid[64];
  size_t serial_size = sizeof serial, keyid_size = sizeof keyid;
  gboolean match = FALSE;

  if (info->issuer_keyid.size
      && gnutls_x509_crt_get_subject_key_id (crt, keyid, &keyid_size,
                                             NULL) >= 0)
    {
      gnutls_datum_t k = { keyid, keyid_size };
      return same_datum (&k, &info->issuer_keyid);
    }
  if (gnutls_x509_crt_get_raw_issuer_dn (crt, &dn) >= 0
      && gnutls_x509_crt_get_serial (crt, serial, &serial_size) >= 0)
    {
      gnutls_datum_t s = { serial, serial_size };
      match = same_datum (&dn, &info->issuer_dn)
              && same_datum (&s, &info->signer_serial);
    }
  gnutls_free (dn.data);
  return match;
}

/* The DER certificate of the first signer among those P7 carries.  */
static gboolean
signer_certificate (gnutls_pkcs7_t p7, gnutls_datum_t *out)
{
  gnutls_pkcs7_signature_info_st info;
  int i, n = gnutls_pkcs7_get_crt_count (p7);
  gboolean found = FALSE;

  if (gnutls_pkcs7_get_signature_info (p7, 0, &info) < 0)
    return FALSE;
  for (i = 0; i < n && !found; i++)
    {
      g_autoptr (X509Crt) crt = NULL;
      gnutls_datum_t raw = { NULL, 0 };

      if (gnutls_pkcs7_get_crt_raw2 (p7, i, &raw) < 0)
        continue;
      if (gnutls_x509_crt_init (&crt) >= 0
          && gnutls_x509_crt_import (crt, &raw, GNUTLS_X509_FMT_DER) >= 0
          && is_signer (crt, &info))
        {
          *out = raw;
          found = TRUE;
        }
      else
        gnutls_free (raw.data);
    }
  gnutls_pkcs7_signature_info_deinit (&info);
  return found;
}

/* The signer's certificate from the keybox, for a signature that does
 * not carry it (S/MIME allows leaving it out for a recipient who has
 * it): gpgsm finds a certificate by "#SERIAL/ISSUER".  */
static gboolean
signer_from_keybox (MuttCall *call, gnutls_pkcs7_t p7, gnutls_datum_t *out)
{
  gnutls_pkcs7_signature_info_st info;
  gnutls_datum_t issuer = { NULL, 0 };
  g_autoptr (GString) pattern = g_string_new ("#");
  g_autoptr (GPtrArray) keys = NULL;
  g_autoptr (GBytes) cert = NULL;
  unsigned int i;

  if (!mutt_session (call, NULL)
      || gnutls_pkcs7_get_signature_info (p7, 0, &info) < 0)
    return FALSE;
  for (i = 0; i < info.signer_serial.size; i++)
    g_string_append_printf (pattern, "%02X", info.signer_serial.data[i]);
  if (info.issuer_dn.size
      && gnutls_x509_rdn_get2 (&info.issuer_dn, &issuer, 0) >= 0)
    g_string_append_printf (pattern, "/%.*s", (int) issuer.size,
                            (const char *) issuer.data);
  gnutls_free (issuer.data);
  gnutls_pkcs7_signature_info_deinit (&info);
  keys = gsmime_keys_list (call->session, pattern->str, FALSE, NULL);
  if (!keys || keys->len != 1)
    return FALSE;
  cert = gsmime_export_certificate (call->session,
                                    ((gpgme_key_t) keys->pdata[0])->fpr, NULL);
  if (!cert)
    return FALSE;
  out->size = g_bytes_get_size (cert);
  out->data = gnutls_malloc (out->size);
  memcpy (out->data, g_bytes_get_data (cert, NULL), out->size);
  return TRUE;
}

/* mutt opened the file NAME already and reads it through that handle, so
 * it is written in place, not replaced.  */
static gboolean
write_in_place (const char *name, const GByteArray *data, GError **error)
{
  int fd = open (name, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0600);
  gboolean ok = fd >= 0 && mutt_wire_write_all (fd, data->data, data->len);
  int err = errno;

  if (fd >= 0 && close (fd) < 0 && ok)
    {
      ok = FALSE;
      err = errno;
    }
  if (!ok)
    gsmime_set_error (error, gpg_err_code_from_errno (err),
                      _("Could not write \"%s\": %s"), name,
                      g_strerror (err));
  return ok;
}

int
mutt_cmd_get_signer_cert (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Pkcs7) p7 = message_signature (call->args[0], &error);
  gnutls_datum_t der = { NULL, 0 };
  GByteArray *saved;
  gboolean ok;

  if (!p7)
    return mutt_fail (call, error);
  if (!signer_certificate (p7, &der) && !signer_from_keybox (call, p7, &der))
    {
      mutt_say (call, _("The signer's certificate is neither in the "
                        "signature nor in the keybox"));
      return EXIT_KEYS;
    }
  /* append_pem writes to the output buffer; move it to the file.  */
  saved = call->out;
  call->out = g_byte_array_new ();
  append_pem (call, "CERTIFICATE", &der);
  gnutls_free (der.data);
  ok = write_in_place (call->args[1], call->out, &error);
  g_byte_array_unref (call->out);
  call->out = saved;
  return ok ? EXIT_OK : mutt_fail (call, error);
}

int
mutt_cmd_get_cert_email (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = mutt_read_file (call->args[0], &error);
  g_auto (GStrv) emails = NULL;
  char **e;

  if (!data)
    return mutt_fail (call, error);
  emails = gsmime_cert_bundle_emails (data);
  if (!emails)
    {
      mutt_say (call, _("\"%s\" is not a certificate"), call->args[0]);
      return EXIT_BAD_INPUT;
    }
  for (e = emails; *e; e++)
    {
      g_byte_array_append (call->out, (const guint8 *) *e, strlen (*e));
      g_byte_array_append (call->out, (const guint8 *) "\n", 1);
    }
  return EXIT_OK;
}

int
mutt_cmd_import_cert (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = mutt_read_file (call->args[0], &error);
  g_autoptr (GPtrArray) imported = NULL;
  guint i;

  if (!data || !mutt_session (call, &error)
      || !(imported = gsmime_import (call->session, data, NULL, &error)))
    return mutt_fail (call, error);
  for (i = 0; i < imported->len; i++)
    {
      GsmimeImported *imp = g_ptr_array_index (imported, i);
      g_autofree char *line = NULL;

      if (imp->refused)
        line = g_strdup_printf (_("not imported: %s (%s)\n"),
                                imp->subject ? imp->subject : imp->fingerprint,
                                imp->refused);
      else
        line = g_strdup_printf (_("imported: %s %s\n"), imp->fingerprint,
                                imp->email ? imp->email : "");
      g_byte_array_append (call->out, (const guint8 *) line, strlen (line));
    }
  if (!mutt_index_sync (call->session, &error))
    return mutt_fail (call, error);
  return EXIT_OK;
}

int
mutt_cmd_sync (MuttCall *call)
{
  g_autoptr (GError) error = NULL;

  if (!mutt_session (call, &error) || !mutt_index_sync (call->session, &error))
    return mutt_fail (call, error);
  return EXIT_OK;
}

/* Prints the settings that depend on the GnuPG home, for the snippet's
 * `source "gsmime mutt settings|"`, after bringing the .index files up
 * to date.  */
int
mutt_cmd_settings (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *certs = NULL, *keys = NULL, *own = NULL;
  g_autofree char *text = NULL;

  if (!mutt_session (call, &error) || !mutt_index_sync (call->session, &error))
    return mutt_fail (call, error);
  certs = mutt_index_dir (call->session, "certificates");
  keys = mutt_index_dir (call->session, "keys");
  own = mutt_index_default_key (call->session);
  text = g_strdup_printf ("set smime_certificates=\"%s\"\n"
                          "set smime_keys=\"%s\"\n%s%s%s", certs, keys,
                          own ? "set smime_default_key=\"" : "",
                          own ? own : "", own ? "\"\n" : "");
  g_byte_array_append (call->out, (const guint8 *) text, strlen (text));
  return EXIT_OK;
}
