/* test-pkcs12.c - common/pkcs12.c on PKCS#12 files that OpenSSL 3 writes
 * at test time (and two that only GnuTLS can make), checked by reading
 * the result back with GnuTLS.  That gpgsm 2.2 imports the result is shown
 * by tests/integration/pkcs12-bridge.sh.
 *
 * The keys are throwaway keys made by openssl and GnuTLS in a temporary
 * folder, which is removed at the end; exit status 77 (skip) without
 * openssl.  */
#include <string.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>
#include "error.h"
#include "import.h"
#include "pkcs12.h"

/* "Grüße-€" in UTF-8: characters from Latin-1 and beyond it.  */
#define UMLAUTS "Gr\xc3\xbc\xc3\x9f" "e-\xe2\x82\xac"
/* The friendly name of the test key: "Leaf Grüße", all Latin-1.  */
#define LEAF_NAME "Leaf Gr\xc3\xbc\xc3\x9f" "e"
#define TRANSIT "Tr4nsit-0123456789"

static char *tmpdir;

/* Runs openssl with ARGS (a GPtrArray that begins with "openssl") in the
 * temporary folder and fails the test when it does not succeed.  */
static void
run_openssl (GPtrArray *args)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (args, NULL);
  g_spawn_sync (tmpdir, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH
                | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl %s failed: %s", (char *) args->pdata[1], err);
}

/* Appends the NULL-terminated arguments AP to ARGS.  */
static void
add_args (GPtrArray *args, const char *first, va_list ap)
{
  const char *arg;

  for (arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
}

/* Runs openssl with the NULL-terminated arguments.  */
static void
openssl (const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (char *) "openssl");
  va_start (ap, first);
  add_args (args, first, ap);
  va_end (ap);
  run_openssl (args);
}

static GBytes *
read_file (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr (GError) error = NULL;
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* Makes the file NAME from the leaf key and certificate, protected by
 * PASSOUT, with the extra openssl pkcs12 arguments that follow
 * (NULL-terminated), and returns its contents.  */
static GBytes *
make_p12 (const char *name, const char *passout, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *pass = g_strconcat ("pass:", passout, NULL);
  const char *fixed[] = { "openssl", "pkcs12", "-export", "-inkey",
                          /* NOLINTNEXTLINE(bugprone-suspicious-missing-comma): LEAF_NAME is one literal in parts */
                          "leaf.key", "-in", "leaf.pem", "-name", LEAF_NAME,
                          "-passout", pass, "-out", name };
  va_list ap;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (args, (char *) fixed[i]);
  va_start (ap, passout);
  add_args (args, va_arg (ap, const char *), ap);
  va_end (ap);
  run_openssl (args);
  return read_file (name);
}

/* Writes chain.pem, the intermediate and the root, and many.pem, forty
 * copies of the chain: more than one GnuTLS bag holds.  */
static void
write_chain_files (void)
{
  g_autoptr (GBytes) inter = read_file ("inter.pem");
  g_autoptr (GBytes) root = read_file ("root.pem");
  g_autoptr (GByteArray) chain = g_byte_array_new ();
  g_autoptr (GByteArray) many = g_byte_array_new ();
  g_autofree char *chain_path = g_build_filename (tmpdir, "chain.pem", NULL);
  g_autofree char *many_path = g_build_filename (tmpdir, "many.pem", NULL);
  int i;

  g_byte_array_append (chain, g_bytes_get_data (inter, NULL),
                       g_bytes_get_size (inter));
  g_byte_array_append (chain, g_bytes_get_data (root, NULL),
                       g_bytes_get_size (root));
  for (i = 0; i < 40; i++)
    g_byte_array_append (many, chain->data, chain->len);
  g_assert_true (g_file_set_contents (chain_path, (char *) chain->data,
                                      chain->len, NULL));
  g_assert_true (g_file_set_contents (many_path, (char *) many->data,
                                      many->len, NULL));
}

/* The test PKI: root -> inter -> leaf, RSA 2048, root.der, and the files
 * of write_chain_files.  */
static void
make_pki (void)
{
  openssl ("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
           "root.key", "-out", "root.pem", "-subj", "/CN=Test Root",
           "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
           NULL);
  openssl ("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "inter.key",
           "-out", "inter.csr", "-subj", "/CN=Test Inter", NULL);
  openssl ("x509", "-req", "-in", "inter.csr", "-CA", "root.pem", "-CAkey",
           "root.key", "-set_serial", "2", "-days", "30", "-out",
           "inter.pem", NULL);
  openssl ("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key",
           "-out", "leaf.csr", "-subj", "/CN=Leaf", NULL);
  openssl ("x509", "-req", "-in", "leaf.csr", "-CA", "inter.pem", "-CAkey",
           "inter.key", "-set_serial", "3", "-days", "30", "-out",
           "leaf.pem", NULL);
  openssl ("x509", "-in", "root.pem", "-outform", "DER", "-out", "root.der",
           NULL);
  write_chain_files ();
}

/* Converts P12 with PASS; returns the result or NULL, with *ERROR set.  */
static GBytes *
convert (GBytes *p12, const char *pass, GsmimePkcs12Info *info,
         GError **error)
{
  return gsmime_pkcs12_to_legacy (g_bytes_get_data (p12, NULL),
                                  g_bytes_get_size (p12), pass, TRANSIT, info,
                                  error);
}

static void
assert_fails (GBytes *p12, const char *pass, gpg_err_code_t code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = convert (p12, pass, NULL, &error);

  g_assert_null (out);
  g_assert_error (error, GSMIME_ERROR, (gint) code);
  g_test_message ("%s", error->message);
}

/* The SHA-1 public key id of CRT.  */
static void
crt_key_id (gnutls_x509_crt_t crt, guchar id[20])
{
  size_t len = 20;
  g_assert_cmpint (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA1,
                                               id, &len), ==, 0);
}

/* What check_legacy found in a converted file.  */
typedef struct
{
  guint n_certs;
  guchar cert_id[20];       /* public key id of the first certificate */
  guchar cert_label[20];    /* and its localKeyId */
  gboolean has_key;
  gboolean key_cert_first;  /* the first certificate is the key's */
  gboolean labels_match;    /* key and certificate share a localKeyId */
  char *key_name;
} Found;

static void
check_cert (const gnutls_datum_t *d, const gnutls_datum_t *label, Found *f)
{
  gnutls_x509_crt_t crt;

  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_import (crt, d, GNUTLS_X509_FMT_DER),
                   ==, 0);
  if (!f->n_certs++)
    {
      crt_key_id (crt, f->cert_id);
      if (label->size == sizeof f->cert_label)
        memcpy (f->cert_label, label->data, label->size);
    }
  gnutls_x509_crt_deinit (crt);
}

/* Element I of BAG is the key: it must be shrouded with 3DES, alone in a
 * plain SafeContents (gpgsm reads a shrouded key from nowhere else), open
 * with TRANSIT, and be labelled like its certificate.  */
static void
check_key (gnutls_pkcs12_bag_t bag, int i, const gnutls_datum_t *d,
           const gnutls_datum_t *label, Found *f)
{
  gnutls_x509_privkey_t key;
  unsigned int schema = 0;
  guchar id[20];
  size_t len = sizeof id;
  char *name = NULL;

  g_assert_cmpint (gnutls_pkcs12_bag_get_count (bag), ==, 1);
  g_assert_cmpint (gnutls_pkcs8_info (d, GNUTLS_X509_FMT_DER, &schema, NULL,
                                      NULL, NULL, NULL, NULL), ==, 0);
  g_assert_cmpuint (schema, ==, GNUTLS_PKCS_PKCS12_3DES);
  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_import_pkcs8 (
                     key, d, GNUTLS_X509_FMT_DER, TRANSIT, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_get_key_id (
                     key, GNUTLS_KEYID_USE_SHA1, id, &len), ==, 0);
  gnutls_x509_privkey_deinit (key);
  f->has_key = TRUE;
  f->key_cert_first = f->n_certs && !memcmp (id, f->cert_id, 20);
  f->labels_match = label->size == 20
                    && !memcmp (label->data, f->cert_label, 20);
  if (gnutls_pkcs12_bag_get_friendly_name (bag, i, &name) == 0 && name)
    f->key_name = g_strdup (name);
}

static void
check_element (gnutls_pkcs12_bag_t bag, int i, gboolean in_encrypted,
               Found *f)
{
  gnutls_datum_t d, label = { NULL, 0 };

  g_assert_cmpint (gnutls_pkcs12_bag_get_data (bag, i, &d), ==, 0);
  gnutls_pkcs12_bag_get_key_id (bag, i, &label);
  switch (gnutls_pkcs12_bag_get_type (bag, i))
    {
    case GNUTLS_BAG_CERTIFICATE:
      g_assert_true (in_encrypted);
      check_cert (&d, &label, f);
      break;
    case GNUTLS_BAG_PKCS8_ENCRYPTED_KEY:
      g_assert_false (in_encrypted);
      check_key (bag, i, &d, &label, f);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Reads OUT back with GnuTLS and checks that it is in the form gpgsm 2.2
 * reads: SHA-1 MAC under TRANSIT; certificates in encrypted data with
 * pbeWithSHAAnd3-KeyTripleDES-CBC; then the key, shrouded with the same
 * scheme, alone in a plain SafeContents.  */
static void
check_legacy (GBytes *out, Found *f)
{
  gnutls_datum_t der = { (guchar *) g_bytes_get_data (out, NULL),
                         g_bytes_get_size (out) };
  gnutls_pkcs12_t p12;
  unsigned int mac = 0, schema = 0;
  int i, rc;

  memset (f, 0, sizeof *f);
  g_assert_cmpint (gnutls_pkcs12_init (&p12), ==, 0);
  g_assert_cmpint (gnutls_pkcs12_import (p12, &der, GNUTLS_X509_FMT_DER, 0),
                   ==, 0);
  g_assert_cmpint (gnutls_pkcs12_mac_info (p12, &mac, NULL, NULL, NULL, NULL),
                   ==, 0);
  g_assert_cmpuint (mac, ==, GNUTLS_MAC_SHA1);
  g_assert_cmpint (gnutls_pkcs12_verify_mac (p12, TRANSIT), ==, 0);
  for (i = 0;; i++)
    {
      gnutls_pkcs12_bag_t bag;
      gboolean encrypted;
      int j;

      g_assert_cmpint (gnutls_pkcs12_bag_init (&bag), ==, 0);
      rc = gnutls_pkcs12_get_bag (p12, i, bag);
      if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        {
          gnutls_pkcs12_bag_deinit (bag);
          break;
        }
      g_assert_cmpint (rc, ==, 0);
      encrypted = gnutls_pkcs12_bag_get_type (bag, 0) == GNUTLS_BAG_ENCRYPTED;
      if (encrypted)
        {
          g_assert_cmpint (gnutls_pkcs12_bag_enc_info (bag, &schema, NULL,
                                                       NULL, NULL, NULL,
                                                       NULL), ==, 0);
          g_assert_cmpuint (schema, ==, GNUTLS_PKCS_PKCS12_3DES);
          g_assert_cmpint (gnutls_pkcs12_bag_decrypt (bag, TRANSIT), ==, 0);
        }
      for (j = 0; j < gnutls_pkcs12_bag_get_count (bag); j++)
        check_element (bag, j, encrypted, f);
      gnutls_pkcs12_bag_deinit (bag);
    }
  gnutls_pkcs12_deinit (p12);
}

static void
found_clear (Found *f)
{
  g_free (f->key_name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Found, found_clear)

/* Converts P12 with PASS, expecting a key and N_CERTS certificates, and
 * checks the result; returns the info.  */
static GsmimePkcs12Info
convert_ok (GBytes *p12, const char *pass, guint n_certs)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = NULL;
  g_auto (Found) f = { 0 };
  GsmimePkcs12Info info = { 0 };

  out = convert (p12, pass, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_true (info.has_key);
  g_assert_cmpuint (info.n_certs, ==, n_certs);
  check_legacy (out, &f);
  g_assert_true (f.has_key);
  g_assert_cmpuint (f.n_certs, ==, n_certs);
  g_assert_true (f.key_cert_first);
  g_assert_true (f.labels_match);
  g_assert_cmpstr (f.key_name, ==, LEAF_NAME);
  return info;
}

/* Makes a -legacy file NAME protected by PASS and converts it; returns
 * the info, which must say the file is fit for gpgsm's own import.  About
 * one OpenSSL export in 128 is not, because of the flaw in gpgsm's key
 * derivation (gpgsm_derives_key in common/pkcs12.c), so a file is made
 * up to three times; a bridge that never said "fit" still fails.  */
static GsmimePkcs12Info
convert_native (const char *name, const char *pass)
{
  GsmimePkcs12Info info = { 0 };
  int i;

  for (i = 0; i < 3 && !info.gpgsm_native; i++)
    {
      g_autoptr (GBytes) p12 = make_p12 (name, pass, "-legacy", NULL);

      info = convert_ok (p12, pass, 1);
      g_assert_true (info.legacy);
    }
  g_assert_true (info.gpgsm_native);
  return info;
}

static void
test_probe (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("probe.p12", "secret", NULL);
  g_autoptr (GBytes) pem = read_file ("root.pem");
  g_autoptr (GBytes) cert = read_file ("root.der");
  const guchar *d = g_bytes_get_data (p12, NULL);
  guchar noise[256];
  guint i;

  for (i = 0; i < sizeof noise; i++)
    noise[i] = g_random_int_range (0, 256);
  noise[0] = 0x42;
  g_assert_true (gsmime_pkcs12_probe (d, g_bytes_get_size (p12)));
  /* Truncated files still look like PKCS#12: they are damaged ones.  */
  g_assert_true (gsmime_pkcs12_probe (d, 40));
  g_assert_false (gsmime_pkcs12_probe (d, 10));
  g_assert_false (gsmime_pkcs12_probe (d, 0));
  g_assert_false (gsmime_pkcs12_probe (NULL, 0));
  g_assert_false (gsmime_pkcs12_probe (noise, sizeof noise));
  g_assert_false (gsmime_pkcs12_probe (g_bytes_get_data (pem, NULL),
                                       g_bytes_get_size (pem)));
  g_assert_false (gsmime_pkcs12_probe (g_bytes_get_data (cert, NULL),
                                       g_bytes_get_size (cert)));
}

/* OpenSSL 3's default: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC, SHA-256
 * MAC; gpgsm 2.2 cannot read it.  */
static void
test_openssl3_default (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("aes.p12", "secret", NULL);
  GsmimePkcs12Info info = convert_ok (p12, "secret", 1);

  g_assert_false (info.legacy);
  g_assert_false (info.gpgsm_native);
}

static void
test_legacy (void)
{
  convert_native ("legacy.p12", "secret");
}

static void
test_chain (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("chain.p12", "secret", "-certfile",
                                     "chain.pem", NULL);
  convert_ok (p12, "secret", 3);
}

/* The PEM certificate or key in the file NAME, for GnuTLS.  */
static gnutls_x509_crt_t
load_crt (const char *name)
{
  g_autoptr (GBytes) pem = read_file (name);
  gnutls_datum_t d = { (guchar *) g_bytes_get_data (pem, NULL),
                       g_bytes_get_size (pem) };
  gnutls_x509_crt_t crt;

  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_import (crt, &d, GNUTLS_X509_FMT_PEM),
                   ==, 0);
  return crt;
}

static gnutls_x509_privkey_t
load_key (const char *name)
{
  g_autoptr (GBytes) pem = read_file (name);
  gnutls_datum_t d = { (guchar *) g_bytes_get_data (pem, NULL),
                       g_bytes_get_size (pem) };
  gnutls_x509_privkey_t key;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_import2 (key, &d, GNUTLS_X509_FMT_PEM,
                                                NULL, 0), ==, 0);
  return key;
}

/* Adds a bag to P12 with FIRST (if not NULL) and N copies of CRT,
 * encrypted with AES-256 under "secret".  */
static void
add_cert_bag (gnutls_pkcs12_t p12, gnutls_x509_crt_t first,
              gnutls_x509_crt_t crt, int n)
{
  gnutls_pkcs12_bag_t bag;
  int i;

  g_assert_cmpint (gnutls_pkcs12_bag_init (&bag), ==, 0);
  if (first)
    g_assert_cmpint (gnutls_pkcs12_bag_set_crt (bag, first), >=, 0);
  for (i = 0; i < n; i++)
    g_assert_cmpint (gnutls_pkcs12_bag_set_crt (bag, crt), >=, 0);
  g_assert_cmpint (gnutls_pkcs12_bag_encrypt (bag, "secret",
                                              GNUTLS_PKCS_PBES2_AES_256),
                   ==, 0);
  g_assert_cmpint (gnutls_pkcs12_set_bag (p12, bag), ==, 0);
  gnutls_pkcs12_bag_deinit (bag);
}

static GBytes *
export_p12 (gnutls_pkcs12_t p12)
{
  gnutls_datum_t der;
  GBytes *bytes;

  g_assert_cmpint (gnutls_pkcs12_generate_mac2 (p12, GNUTLS_MAC_SHA256,
                                                "secret"), ==, 0);
  g_assert_cmpint (gnutls_pkcs12_export2 (p12, GNUTLS_X509_FMT_DER, &der),
                   ==, 0);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  return bytes;
}

/* 61 certificates in three bags of the input (OpenSSL would put them in
 * one, see test_too_many_in_one_part) come out in three bags of 31 at
 * most, none lost.  */
static void
test_many_certs (void)
{
  gnutls_x509_crt_t leaf = load_crt ("leaf.pem");
  gnutls_x509_crt_t inter = load_crt ("inter.pem");
  gnutls_x509_crt_t root = load_crt ("root.pem");
  gnutls_x509_privkey_t key = load_key ("leaf.key");
  gnutls_pkcs12_bag_t bag;
  gnutls_pkcs12_t p12;
  g_autoptr (GBytes) bytes = NULL;

  g_assert_cmpint (gnutls_pkcs12_init (&p12), ==, 0);
  add_cert_bag (p12, NULL, inter, 30);
  add_cert_bag (p12, leaf, root, 20);
  add_cert_bag (p12, NULL, inter, 10);
  g_assert_cmpint (gnutls_pkcs12_bag_init (&bag), ==, 0);
  g_assert_cmpint (gnutls_pkcs12_bag_set_privkey (bag, key, "secret",
                                                  GNUTLS_PKCS_PBES2_AES_256),
                   ==, 0);
  /* LEAF_NAME in Latin-1, which is how GnuTLS wants friendly names.  */
  g_assert_cmpint (gnutls_pkcs12_bag_set_friendly_name (
                     bag, 0, "Leaf Gr\xfc\xdf" "e"), ==, 0);
  g_assert_cmpint (gnutls_pkcs12_set_bag (p12, bag), ==, 0);
  gnutls_pkcs12_bag_deinit (bag);
  bytes = export_p12 (p12);
  gnutls_pkcs12_deinit (p12);
  gnutls_x509_privkey_deinit (key);
  gnutls_x509_crt_deinit (leaf);
  gnutls_x509_crt_deinit (inter);
  gnutls_x509_crt_deinit (root);
  convert_ok (bytes, "secret", 61);
}

/* 81 certificates in one encrypted part: GnuTLS would read 32 of them
 * and drop the rest, so the file is refused.  */
static void
test_too_many_in_one_part (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("many.p12", "secret", "-certfile",
                                     "many.pem", NULL);

  assert_fails (p12, "secret", GPG_ERR_NOT_SUPPORTED);
}

/* An empty passphrase, given as NULL or "", for both encodings OpenSSL
 * writes.  */
static void
test_no_passphrase (void)
{
  g_autoptr (GBytes) aes = make_p12 ("empty.p12", "", NULL);
  g_autoptr (GBytes) legacy = make_p12 ("empty-legacy.p12", "", "-legacy",
                                        NULL);

  convert_ok (aes, NULL, 1);
  convert_ok (aes, "", 1);
  convert_ok (legacy, NULL, 1);
  convert_ok (legacy, "", 1);
  assert_fails (aes, "secret", GPG_ERR_BAD_PASSPHRASE);
}

/* No encryption at all, and no MAC: the key is in the clear in the file.  */
static void
test_unencrypted (void)
{
  g_autoptr (GBytes) none = make_p12 ("none.p12", "secret", "-keypbe",
                                      "NONE", "-certpbe", "NONE", NULL);
  g_autoptr (GBytes) nomac = make_p12 ("nomac.p12", "secret", "-nomac",
                                       NULL);

  g_assert_false (convert_ok (none, "secret", 1).legacy);
  assert_fails (none, "wrong", GPG_ERR_BAD_PASSPHRASE);
  convert_ok (nomac, "secret", 1);
  assert_fails (nomac, "wrong", GPG_ERR_BAD_PASSPHRASE);
}

static void
test_certs_only (void)
{
  g_autoptr (GBytes) p12 = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Found) f = { 0 };
  GsmimePkcs12Info info = { 0 };

  openssl ("pkcs12", "-export", "-nokeys", "-in", "chain.pem", "-passout",
           "pass:secret", "-out", "certs.p12", NULL);
  p12 = read_file ("certs.p12");
  out = convert (p12, "secret", &info, &error);
  g_assert_no_error (error);
  g_assert_false (info.has_key);
  g_assert_cmpuint (info.n_certs, ==, 2);
  check_legacy (out, &f);
  g_assert_false (f.has_key);
  g_assert_cmpuint (f.n_certs, ==, 2);
}

static void
test_wrong_passphrase (void)
{
  g_autoptr (GBytes) aes = make_p12 ("wrong.p12", "secret", NULL);
  g_autoptr (GBytes) legacy = make_p12 ("wrong-legacy.p12", "secret",
                                        "-legacy", NULL);

  assert_fails (aes, "Secret", GPG_ERR_BAD_PASSPHRASE);
  assert_fails (aes, "", GPG_ERR_BAD_PASSPHRASE);
  assert_fails (aes, NULL, GPG_ERR_BAD_PASSPHRASE);
  assert_fails (legacy, "secret ", GPG_ERR_BAD_PASSPHRASE);
}

/* "Grüße-€": OpenSSL encodes it as UTF-16 for the PKCS#12 key derivation
 * and as UTF-8 bytes for PBKDF2; gpgsm would encode it byte by byte.  */
static void
test_non_ascii (void)
{
  g_autoptr (GBytes) aes = make_p12 ("utf8.p12", UMLAUTS, NULL);
  g_autoptr (GBytes) legacy = make_p12 ("utf8-legacy.p12", UMLAUTS,
                                        "-legacy", NULL);
  GsmimePkcs12Info info;

  convert_ok (aes, UMLAUTS, 1);
  info = convert_ok (legacy, UMLAUTS, 1);
  g_assert_true (info.legacy);
  g_assert_false (info.gpgsm_native);
  /* The same text in Latin-1 bytes is not UTF-8.  */
  assert_fails (aes, "Gr\xfc\xdf" "e", GPG_ERR_INV_ARG);
  assert_fails (aes, "Grusse-EUR", GPG_ERR_BAD_PASSPHRASE);
}

/* gpgsm 2.2 retries a passphrase in ISO-8859-1, which matches OpenSSL
 * for Latin-1 text; it takes at most 31 characters.  */
static void
test_gpgsm_native (void)
{
  const char *long_pass = "0123456789012345678901234567890123";
  g_autoptr (GBytes) lp = make_p12 ("long.p12", long_pass, "-legacy", NULL);

  convert_native ("latin1.p12", LEAF_NAME);  /* "Leaf Grüße" */
  convert_native ("native-nopass.p12", "");
  g_assert_false (convert_ok (lp, long_pass, 1).gpgsm_native);
}

static void
test_truncated (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("trunc.p12", "secret", NULL);
  gsize len = g_bytes_get_size (p12);
  gsize cuts[] = { 40, len / 2, len - 1 };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr (GBytes) cut = g_bytes_new_from_bytes (p12, 0, cuts[i]);
      assert_fails (cut, "secret", GPG_ERR_INV_DATA);
    }
}

/* The right passphrase, but a MAC that does not match: damaged.  */
static void
test_bad_mac (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("badmac.p12", "secret", NULL);
  g_autoptr (GByteArray) a = g_bytes_unref_to_array (g_bytes_ref (p12));
  g_autoptr (GBytes) bad = NULL;

  /* The MAC ends the file: digest, 8-byte salt, iteration count 2048.  */
  g_assert_cmpmem (a->data + a->len - 14, 2, "\x04\x08", 2);
  a->data[a->len - 15] ^= 1;
  bad = g_bytes_new (a->data, a->len);
  assert_fails (bad, "secret", GPG_ERR_INV_DATA);
  assert_fails (bad, "wrong", GPG_ERR_BAD_PASSPHRASE);
}

static void
test_not_pkcs12 (void)
{
  g_autoptr (GBytes) cert = read_file ("root.der");
  g_autoptr (GBytes) pem = read_file ("root.pem");
  guchar noise[4096];
  g_autoptr (GBytes) random = NULL;
  guint i;

  for (i = 0; i < sizeof noise; i++)
    noise[i] = g_random_int_range (0, 256);
  /* Make sure the noise does not start like a SEQUENCE.  */
  noise[0] = 0x42;
  random = g_bytes_new (noise, sizeof noise);
  assert_fails (random, "secret", GPG_ERR_BAD_DATA);
  assert_fails (cert, "secret", GPG_ERR_BAD_DATA);
  assert_fails (pem, "secret", GPG_ERR_BAD_DATA);
}

/* Adds a fresh P-256 key, encrypted with PASS, to P12 in a bag of its
 * own.  */
static void
add_new_key (gnutls_pkcs12_t p12, const char *pass)
{
  gnutls_x509_privkey_t key;
  gnutls_pkcs12_bag_t bag;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (
                     key, GNUTLS_PK_ECDSA,
                     GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0),
                   ==, 0);
  g_assert_cmpint (gnutls_pkcs12_bag_init (&bag), ==, 0);
  g_assert_cmpint (gnutls_pkcs12_bag_set_privkey (bag, key, pass,
                                                  GNUTLS_PKCS_PBES2_AES_256),
                   >=, 0);
  g_assert_cmpint (gnutls_pkcs12_set_bag (p12, bag), ==, 0);
  gnutls_pkcs12_bag_deinit (bag);
  gnutls_x509_privkey_deinit (key);
}

/* OpenSSL writes one key a file; GnuTLS writes what it is told.  */
static void
test_two_keys (void)
{
  gnutls_pkcs12_t p12;
  g_autoptr (GBytes) bytes = NULL;

  g_assert_cmpint (gnutls_pkcs12_init (&p12), ==, 0);
  add_new_key (p12, "secret");
  add_new_key (p12, "secret");
  bytes = export_p12 (p12);
  gnutls_pkcs12_deinit (p12);
  assert_fails (bytes, "secret", GPG_ERR_AMBIGUOUS);
}

/* gpgsm 2.2 crashes on EC keys in PKCS#12 files: refused.  */
static void
test_ec_key (void)
{
  g_autoptr (GBytes) p12 = NULL;

  openssl ("req", "-x509", "-newkey", "ec", "-pkeyopt",
           "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key", "-out",
           "ec.pem", "-subj", "/CN=EC", "-days", "30", NULL);
  openssl ("pkcs12", "-export", "-inkey", "ec.key", "-in", "ec.pem",
           "-passout", "pass:secret", "-out", "ec.p12", NULL);
  p12 = read_file ("ec.p12");
  assert_fails (p12, "secret", GPG_ERR_UNSUPPORTED_ALGORITHM);
}

static void
test_unsupported_cipher (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("camellia.p12", "secret", "-keypbe",
                                     "CAMELLIA-256-CBC", "-certpbe",
                                     "CAMELLIA-256-CBC", NULL);

  assert_fails (p12, "secret", GPG_ERR_NOT_SUPPORTED);
}

/* Rewrites the first "OCTET STRING salt, INTEGER 2048" at or after FROM
 * as a salt two bytes shorter and the INTEGER 2^31-1, which keeps every
 * length of the file.  */
static GBytes *
raise_iterations (GBytes *p12, gsize from)
{
  g_autoptr (GByteArray) a = g_bytes_unref_to_array (g_bytes_ref (p12));
  static const guchar iter_2048[] = { 0x02, 0x02, 0x08, 0x00 };
  static const guchar iter_max[] = { 0x02, 0x04, 0x7f, 0xff, 0xff, 0xff };
  gsize i;

  for (i = from; i + 14 <= a->len; i++)
    if (a->data[i] == 0x04 && a->data[i + 1] == 8
        && !memcmp (a->data + i + 10, iter_2048, sizeof iter_2048))
      {
        a->data[i + 1] = 6;
        memcpy (a->data + i + 8, iter_max, sizeof iter_max);
        return g_bytes_new (a->data, a->len);
      }
  g_assert_not_reached ();
}

/* A hostile iteration count is refused at once, for the MAC (which
 * GnuTLS would grind through) and for a bag (which GnuTLS refuses).  */
static void
test_too_many_iterations (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("iter.p12", "secret", NULL);
  g_autoptr (GBytes) nomac = make_p12 ("iter-nomac.p12", "secret", "-nomac",
                                       NULL);
  g_autoptr (GBytes) mac = raise_iterations (p12, g_bytes_get_size (p12) - 14);
  g_autoptr (GBytes) bag = raise_iterations (nomac, 0);
  gint64 start = g_get_monotonic_time ();

  assert_fails (mac, "secret", GPG_ERR_NOT_SUPPORTED);
  assert_fails (bag, "secret", GPG_ERR_NOT_SUPPORTED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

/* 1,000,000 iterations (PBKDF2 for the bags, the PKCS#12 derivation with
 * SHA-256 for the MAC) are read; the time is reported.  */
static void
test_million_iterations (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("million.p12", "secret", "-iter",
                                     "1000000", NULL);
  gint64 start = g_get_monotonic_time ();

  convert_ok (p12, "secret", 1);
  g_test_message ("1,000,000 iterations: %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);
}

/* The bridge's own output is legacy, and converts again.  */
static void
test_round_trip (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("trip.p12", UMLAUTS, "-certfile",
                                     "chain.pem", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = convert (p12, UMLAUTS, NULL, &error);
  GsmimePkcs12Info info;

  g_assert_no_error (error);
  info = convert_ok (out, TRANSIT, 3);
  g_assert_true (info.legacy);
  g_assert_true (info.gpgsm_native);
}

/* A friendly name beyond Latin-1 is transliterated (see
 * gnutls_friendly_name in common/pkcs12.c).  */
static void
test_friendly_name (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("name.p12", "secret", "-name",
                                     "Leaf " UMLAUTS, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = convert (p12, "secret", NULL, &error);
  g_auto (Found) f = { 0 };

  g_assert_no_error (error);
  check_legacy (out, &f);
  g_assert_cmpstr (f.key_name, ==, "Leaf Grusse-EUR");
}

static void
test_bad_arguments (void)
{
  g_autoptr (GBytes) p12 = make_p12 ("args.p12", "secret", NULL);
  const guchar *d = g_bytes_get_data (p12, NULL);
  gsize len = g_bytes_get_size (p12);
  const char *transits[] = { NULL, "caf\xc3\xa9", "new\nline",
                             "0123456789012345678901234567890123" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (transits); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (gsmime_pkcs12_to_legacy (d, len, "secret", transits[i],
                                              NULL, &error));
      g_assert_error (error, GSMIME_ERROR, GPG_ERR_INV_ARG);
    }
  /* 31 characters is gpgsm's longest passphrase, and fine.  */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) out = gsmime_pkcs12_to_legacy (
      d, len, "secret", "0123456789012345678901234567890", NULL, &error);
    g_assert_no_error (error);
  }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *openssl_path = g_find_program_in_path ("openssl");
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!openssl_path)
    {
      g_print ("1..0 # SKIP openssl not found\n");
      return 77;
    }
  tmpdir = g_dir_make_tmp ("test-pkcs12.XXXXXX", &error);
  g_assert_no_error (error);
  make_pki ();

  g_test_add_func ("/pkcs12/probe", test_probe);
  g_test_add_func ("/pkcs12/openssl3-default", test_openssl3_default);
  g_test_add_func ("/pkcs12/legacy", test_legacy);
  g_test_add_func ("/pkcs12/chain", test_chain);
  g_test_add_func ("/pkcs12/many-certs", test_many_certs);
  g_test_add_func ("/pkcs12/too-many-in-one-part",
                   test_too_many_in_one_part);
  g_test_add_func ("/pkcs12/no-passphrase", test_no_passphrase);
  g_test_add_func ("/pkcs12/unencrypted", test_unencrypted);
  g_test_add_func ("/pkcs12/certs-only", test_certs_only);
  g_test_add_func ("/pkcs12/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/pkcs12/non-ascii", test_non_ascii);
  g_test_add_func ("/pkcs12/gpgsm-native", test_gpgsm_native);
  g_test_add_func ("/pkcs12/truncated", test_truncated);
  g_test_add_func ("/pkcs12/bad-mac", test_bad_mac);
  g_test_add_func ("/pkcs12/not-pkcs12", test_not_pkcs12);
  g_test_add_func ("/pkcs12/two-keys", test_two_keys);
  g_test_add_func ("/pkcs12/ec-key", test_ec_key);
  g_test_add_func ("/pkcs12/unsupported-cipher", test_unsupported_cipher);
  g_test_add_func ("/pkcs12/too-many-iterations", test_too_many_iterations);
  g_test_add_func ("/pkcs12/million-iterations", test_million_iterations);
  g_test_add_func ("/pkcs12/round-trip", test_round_trip);
  g_test_add_func ("/pkcs12/friendly-name", test_friendly_name);
  g_test_add_func ("/pkcs12/bad-arguments", test_bad_arguments);
  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
  }
  g_free (tmpdir);
  return status;
}
