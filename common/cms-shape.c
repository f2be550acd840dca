/* cms-shape.c - the outline of a CMS object, looked at before gpgsm
 * reads it. */
#include <config.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ksba.h>
#include "cms-shape.h"
#include "cms-shape-walk.h"
#include "data.h"
#include "error.h"
#include "i18n.h"

#define MAX_DEPTH GSMIME_CMS_MAX_DEPTH
#define INDEFINITE G_MAXSIZE

/* One BER element: its identifier octet and its contents, LEN bytes from
 * CONTENTS, or up to an end-of-contents mark when LEN is INDEFINITE.  */
typedef struct
{
  guchar tag;
  const guchar *contents;
  gsize len;
} Element;

/* Reads the identifier and length octets at P, before END, into E.  */
static gboolean
read_header (const guchar *p, const guchar *end, Element *e)
{
  gsize n, k;

  if (end - p < 2 || (p[0] & 0x1f) == 0x1f)
    return FALSE;
  e->tag = *p++;
  n = *p++;
  if (n == 0x80)
    n = INDEFINITE;
  else if (n & 0x80)
    {
      k = n & 0x7f;
      if (k > sizeof n - 1 || (gsize) (end - p) < k)
        return FALSE;
      for (n = 0; k; k--)
        n = n << 8 | *p++;
    }
  e->contents = p;
  e->len = n;
  return TRUE;
}

/* The end of the element at P, or NULL when it runs past END or nests
 * deeper than DEPTH.  */
static const guchar *
skip (const guchar *p, const guchar *end, guint depth)
{
  Element e;

  if (!depth || !read_header (p, end, &e))
    return NULL;
  if (e.len != INDEFINITE)
    return (gsize) (end - e.contents) >= e.len ? e.contents + e.len : NULL;
  if (!(e.tag & 0x20))
    return NULL;
  for (p = e.contents; p && end - p >= 2 && (p[0] || p[1]);)
    p = skip (p, end, depth - 1);
  return p && end - p >= 2 ? p + 2 : NULL;
}

/* Whether the elements from P to END fill it exactly, each constructed
 * one made of elements that fill it in turn, none deeper than DEPTH.  */
static gboolean
nests (const guchar *p, const guchar *end, guint depth)
{
  Element e;
  const guchar *next, *stop;

  while (p < end)
    {
      if (!depth || !read_header (p, end, &e)
          || !(next = skip (p, end, depth)))
        return FALSE;
      stop = e.len == INDEFINITE ? next - 2 : e.contents + e.len;
      if ((e.tag & 0x20) && !nests (e.contents, stop, depth - 1))
        return FALSE;
      p = next;
    }
  return TRUE;
}

/* Reads up to MAX children of the constructed element E (within END)
 * into OUT and returns how many there are, or -1 when they cannot be
 * read.  */
static gssize
children (const Element *e, const guchar *end, Element *out, gsize max)
{
  const guchar *p = e->contents, *stop;
  gssize n = 0;

  if (!(e->tag & 0x20)
      || (e->len != INDEFINITE && (gsize) (end - e->contents) < e->len))
    return -1;
  stop = e->len == INDEFINITE ? end : e->contents + e->len;
  while (p && p < stop && !(e->len == INDEFINITE && end - p >= 2
                            && !p[0] && !p[1]))
    {
      if ((gsize) n < max && !read_header (p, stop, &out[n]))
        return -1;
      p = skip (p, stop, MAX_DEPTH);
      n++;
    }
  return p ? n : -1;
}

/* Finds the content of the ContentInfo INFO: the SEQUENCE inside its
 * [0].  Once INFO begins like a ContentInfo (an OID, then a [0]), any
 * disagreement of the lengths below is damage, whatever bytes a wrong
 * length happens to land on.  */
static Shape
content_of (const Element *info, const guchar *end, Element *content)
{
  Element oid, explicit;
  const guchar *p;

  if (info->tag != 0x30 || !read_header (info->contents, end, &oid)
      || oid.tag != 0x06
      || !(p = skip (info->contents, end, MAX_DEPTH))
      || !read_header (p, end, &explicit) || explicit.tag != 0xa0)
    return SHAPE_NOT_CMS;
  if (children (info, end, NULL, 0) != 2
      || children (&explicit, end, content, 1) != 1)
    return SHAPE_LENGTHS;
  return content->tag == 0x30 ? SHAPE_OK : SHAPE_NOT_CMS;
}

/* Counts the SignerInfos of the SignedData SD.  */
static Shape
count_signers (const Element *sd, const guchar *end, gssize *signers)
{
  Element parts[6];
  gssize n = children (sd, end, parts, G_N_ELEMENTS (parts));

  /* version, digestAlgorithms, encapContentInfo, [0] certificates,
   * [1] crls, signerInfos: the last is the SET after the third.  */
  if (n < 0)
    return SHAPE_LENGTHS;
  if (n < 4 || n > 6 || parts[n - 1].tag != 0x31)
    return SHAPE_NOT_CMS;
  *signers = children (&parts[n - 1], end, NULL, 0);
  return *signers < 0 ? SHAPE_LENGTHS : SHAPE_OK;
}

/* Counts the RecipientInfos of the EnvelopedData ED.  */
static Shape
count_recipients (const Element *ed, const guchar *end, gssize *recipients)
{
  Element parts[3];
  gssize n = children (ed, end, parts, G_N_ELEMENTS (parts));
  int i;

  /* version, [0] originatorInfo if present, recipientInfos.  */
  if (n < 0)
    return SHAPE_LENGTHS;
  for (i = 1; i < MIN (n, 3) && parts[i].tag != 0x31; i++)
    ;
  if (n < 3 || i == 3)
    return SHAPE_NOT_CMS;
  *recipients = children (&parts[i], end, NULL, 0);
  return *recipients < 0 ? SHAPE_LENGTHS : SHAPE_OK;
}

gboolean
gsmime_cms_shape_truncated (gsize announced, gsize held, GError **error)
{
  gsmime_set_error (error, GPG_ERR_TRUNCATED,
                    _("The CMS object is cut off: it announces %lu "
                      "bytes but holds %lu; it was damaged on its way, "
                      "ask the sender to send it again"),
                    (unsigned long) announced, (unsigned long) held);
  return FALSE;
}

gboolean
gsmime_cms_shape_judge (Shape shape, GsmimeCmsKind kind, gssize count,
                        GError **error)
{
  if (shape == SHAPE_LENGTHS)
    gsmime_set_error (error, GPG_ERR_INV_LENGTH,
                      _("The CMS object is damaged: its parts do not nest "
                        "as their lengths say; ask the sender to send it "
                        "again"));
  else if (shape == SHAPE_OK && kind == GSMIME_CMS_SIGNED
           && count > GSMIME_MAX_SIGNERS)
    gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                      _("The signature has %ld signers, more than the %d "
                        "that are checked; it is damaged or hostile"),
                      (long) count, GSMIME_MAX_SIGNERS);
  else if (shape == SHAPE_OK && kind == GSMIME_CMS_ENVELOPED && count == 0)
    gsmime_set_error (error, GPG_ERR_NO_DATA,
                      _("The message is encrypted to nobody: it names no "
                        "recipient, so no key can open it; ask the sender to "
                        "send it again"));
  else
    return TRUE;
  return FALSE;
}

/* Reads the outline of DER, LEN bytes, as KIND.  */
static gboolean
check_outline (const guchar *der, gsize len, GsmimeCmsKind kind,
               GError **error)
{
  const guchar *end;
  Element info, content;
  gssize count = -1;
  Shape shape;

  if (!der)
    return TRUE;
  end = der + len;
  if (!read_header (der, end, &info))
    return TRUE;
  if (info.len != INDEFINITE && (gsize) (end - info.contents) < info.len)
    return gsmime_cms_shape_truncated (info.len, end - info.contents, error);
  shape = content_of (&info, end, &content);
  if (shape == SHAPE_OK && kind == GSMIME_CMS_SIGNED)
    shape = count_signers (&content, end, &count);
  else if (shape == SHAPE_OK)
    shape = count_recipients (&content, end, &count);
  return gsmime_cms_shape_judge (shape, kind, count, error);
}

/* The bytes of STREAM: a whole memory stream is read in place, since an
 * opaque signature or an encrypted message may be large and a copy
 * would double it; any other stream is copied into *HOLD.  */
static const guchar *
stream_der (GMimeStream *stream, GBytes **hold, gsize *len)
{
  if (GMIME_IS_STREAM_MEM (stream) && stream->bound_start == 0
      && stream->bound_end == -1)
    {
      GByteArray *array = g_mime_stream_mem_get_byte_array (
        GMIME_STREAM_MEM (stream));
      *len = array->len;
      return array->data;
    }
  g_mime_stream_reset (stream);
  *hold = gsmime_stream_to_bytes (stream);
  g_mime_stream_reset (stream);
  return g_bytes_get_data (*hold, len);
}

/* --- What the object is made of -------------------------------------- */

/* More recipients than this are not read one by one: the outline is for
 * telling the user about their own, and no mail names thousands.  */
#define MAX_RECIPIENTS 1024

static const struct
{
  const char *oid;
  GsmimeCmsContent content;
} content_types[] = {
  { "1.2.840.113549.1.7.1", GSMIME_CMS_CONTENT_DATA },
  { "1.2.840.113549.1.7.2", GSMIME_CMS_CONTENT_SIGNED },
  { "1.2.840.113549.1.7.3", GSMIME_CMS_CONTENT_ENVELOPED },
  { "1.2.840.113549.1.9.16.1.23", GSMIME_CMS_CONTENT_AUTH_ENVELOPED },
  { "1.2.840.113549.1.9.16.1.9", GSMIME_CMS_CONTENT_COMPRESSED },
};

static const struct
{
  const char *oid;
  GsmimeCipher cipher;
  guint bits;
} ciphers[] = {
  { "2.16.840.1.101.3.4.1.2", GSMIME_CIPHER_AES_CBC, 128 },
  { "2.16.840.1.101.3.4.1.22", GSMIME_CIPHER_AES_CBC, 192 },
  { "2.16.840.1.101.3.4.1.42", GSMIME_CIPHER_AES_CBC, 256 },
  { "2.16.840.1.101.3.4.1.6", GSMIME_CIPHER_AES_GCM, 128 },
  { "2.16.840.1.101.3.4.1.26", GSMIME_CIPHER_AES_GCM, 192 },
  { "2.16.840.1.101.3.4.1.46", GSMIME_CIPHER_AES_GCM, 256 },
  { "1.2.840.113549.3.7", GSMIME_CIPHER_3DES, 192 },
};

static const struct
{
  const char *oid;
  const char *name;
} digests[] = {
  { "1.3.14.3.2.26", "sha1" },
  { "2.16.840.1.101.3.4.2.4", "sha224" },
  { "2.16.840.1.101.3.4.2.1", "sha256" },
  { "2.16.840.1.101.3.4.2.2", "sha384" },
  { "2.16.840.1.101.3.4.2.3", "sha512" },
  { "2.16.840.1.101.3.4.2.12", "shake256" },
  { "2.16.840.1.101.3.4.2.18", "shake256" },
};

/* Key transport algorithms that libksba names no scheme for.  */
#define OID_RSA_ENCRYPTION "1.2.840.113549.1.1.1"
#define OID_RSAES_OAEP "1.2.840.113549.1.1.7"

const char *
gsmime_digest_name (const char *oid)
{
  guint i;

  for (i = 0; oid && i < G_N_ELEMENTS (digests); i++)
    if (!strcmp (oid, digests[i].oid))
      return digests[i].name;
  return NULL;
}

const char *
gsmime_cms_content_name (GsmimeCmsContent content)
{
  static const char *const names[] = {
    "unknown", "data", "signed-data", "enveloped-data",
    "auth-enveloped-data", "compressed-data", "other"
  };
  return content < G_N_ELEMENTS (names) ? names[content] : "unknown";
}

const char *
gsmime_signature_algorithm_name (GsmimeSignatureAlgorithm a)
{
  static const char *const names[] = {
    "unknown", "rsa-pkcs1", "rsassa-pss", "ecdsa", "ed25519", "ed448", "dsa"
  };
  return a < G_N_ELEMENTS (names) ? names[a] : "unknown";
}

const char *
gsmime_cipher_name (GsmimeCipher cipher)
{
  static const char *const names[] = {
    "none", "unknown", "aes-cbc", "aes-gcm", "3des"
  };
  return cipher < G_N_ELEMENTS (names) ? names[cipher] : "unknown";
}

const char *
gsmime_recipient_kind_name (GsmimeRecipientKind kind)
{
  static const char *const names[] = {
    "unknown", "key-transport", "key-agreement", "kek", "password", "other"
  };
  return kind < G_N_ELEMENTS (names) ? names[kind] : "unknown";
}

const char *
gsmime_key_wrap_name (GsmimeKeyWrap wrap)
{
  static const char *const names[] = {
    "unknown", "rsaes-pkcs1-v1_5", "rsaes-oaep", "ecdh"
  };
  return wrap < G_N_ELEMENTS (names) ? names[wrap] : "unknown";
}

static void
cert_id_clear (GsmimeCmsCertId *id)
{
  g_free (id->issuer);
  g_free (id->serial);
}

static void
signer_free (gpointer data)
{
  GsmimeCmsSigner *s = data;

  g_free (s->signature_oid);
  g_free (s->digest_oid);
  g_free (s->pss_hash_oid);
  cert_id_clear (&s->cert);
  g_free (s);
}

static void
recipient_free (gpointer data)
{
  GsmimeCmsRecipient *r = data;

  g_free (r->key_algorithm_oid);
  cert_id_clear (&r->cert);
  g_free (r);
}

void
gsmime_cms_outline_free (GsmimeCmsOutline *outline)
{
  if (!outline)
    return;
  g_free (outline->content_oid);
  g_free (outline->cipher_oid);
  g_ptr_array_unref (outline->signers);
  g_ptr_array_unref (outline->recipients);
  g_free (outline);
}

/* The dotted form of the OBJECT IDENTIFIER element E, or NULL.  */
static char *
oid_string (const Element *e)
{
  char *ksba, *copy;

  if (e->tag != 0x06 || e->len == INDEFINITE || !e->len)
    return NULL;
  ksba = ksba_oid_to_str ((const char *) e->contents, e->len);
  copy = g_strdup (ksba);
  ksba_free (ksba);
  return copy;
}

/* The algorithm OID of the AlgorithmIdentifier E, or NULL.  */
static char *
algorithm_oid (const Element *e, const guchar *end)
{
  Element oid;

  if (e->tag != 0x30 || children (e, end, &oid, 1) < 1)
    return NULL;
  return oid_string (&oid);
}

/* The first SEQUENCE among the COUNT elements at PARTS from FIRST on:
 * an AlgorithmIdentifier after the optional tagged fields before it.  */
static const Element *
first_sequence (const Element *parts, gssize count, gssize first)
{
  for (; first < count; first++)
    if (parts[first].tag == 0x30)
      return &parts[first];
  return NULL;
}

/* Adds a signer for each SignerInfo in the SET SIGNERS, with the OID of
 * its signatureAlgorithm (version, sid, digestAlgorithm, [0] signed
 * attributes if present, signatureAlgorithm, ...).  */
static void
walk_signers (const Element *signers, const guchar *end,
              GsmimeCmsOutline *o)
{
  Element infos[GSMIME_MAX_SIGNERS], parts[5];
  gssize n = children (signers, end, infos, G_N_ELEMENTS (infos)), i, k;

  for (i = 0; i < MIN (n, (gssize) G_N_ELEMENTS (infos)); i++)
    {
      GsmimeCmsSigner *s = g_new0 (GsmimeCmsSigner, 1);
      const Element *alg;

      g_ptr_array_add (o->signers, s);
      k = children (&infos[i], end, parts, G_N_ELEMENTS (parts));
      alg = k >= 4 ? first_sequence (parts, MIN (k, 5), 3) : NULL;
      if (alg)
        s->signature_oid = algorithm_oid (alg, end);
    }
}

/* The kind of a RecipientInfo by its tag, and where among its parts its
 * keyEncryptionAlgorithm may be first looked for.  */
static GsmimeRecipientKind
recipient_kind (guchar tag, gssize *algorithm_from)
{
  switch (tag)
    {
    case 0x30: *algorithm_from = 2; return GSMIME_RECIPIENT_KEY_TRANSPORT;
    case 0xa1: *algorithm_from = 2; return GSMIME_RECIPIENT_KEY_AGREEMENT;
    case 0xa2: *algorithm_from = 2; return GSMIME_RECIPIENT_KEK;
    case 0xa3: *algorithm_from = 1; return GSMIME_RECIPIENT_PASSWORD;
    case 0xa4: *algorithm_from = G_MAXSSIZE; return GSMIME_RECIPIENT_OTHER;
    default: break;
    }
  *algorithm_from = G_MAXSSIZE;
  return GSMIME_RECIPIENT_UNKNOWN;
}

/* The key wrap that the keyEncryptionAlgorithm OID of a recipient of
 * KIND names.  */
static GsmimeKeyWrap
key_wrap_of (GsmimeRecipientKind kind, const char *oid)
{
  if (kind == GSMIME_RECIPIENT_KEY_AGREEMENT && oid)
    return GSMIME_KEY_WRAP_ECDH;
  if (kind != GSMIME_RECIPIENT_KEY_TRANSPORT || !oid)
    return GSMIME_KEY_WRAP_UNKNOWN;
  if (!strcmp (oid, OID_RSA_ENCRYPTION))
    return GSMIME_KEY_WRAP_RSA_PKCS1;
  if (!strcmp (oid, OID_RSAES_OAEP))
    return GSMIME_KEY_WRAP_RSA_OAEP;
  return GSMIME_KEY_WRAP_UNKNOWN;
}

/* Adds a recipient for each RecipientInfo in the SET RECIPIENTS, with
 * its kind and keyEncryptionAlgorithm.  */
static void
walk_recipients (const Element *recipients, const guchar *end,
                 GsmimeCmsOutline *o)
{
  const guchar *p = recipients->contents, *stop;
  Element info, parts[5];
  gssize k, from;

  stop = recipients->len == INDEFINITE ? end
                                       : recipients->contents + recipients->len;
  while (p && p < stop && o->recipients->len < MAX_RECIPIENTS
         && read_header (p, stop, &info) && (info.tag || info.len))
    {
      GsmimeCmsRecipient *r = g_new0 (GsmimeCmsRecipient, 1);
      const Element *alg;

      g_ptr_array_add (o->recipients, r);
      r->kind = recipient_kind (info.tag, &from);
      k = children (&info, stop, parts, G_N_ELEMENTS (parts));
      alg = first_sequence (parts, MIN (k, 5), from);
      if (alg)
        r->key_algorithm_oid = algorithm_oid (alg, stop);
      r->key_wrap = key_wrap_of (r->kind, r->key_algorithm_oid);
      p = skip (p, stop, MAX_DEPTH);
    }
}

/* The content type, signers and recipients as the outline's own walk
 * finds them.  Returns the kind of shape check that fits the content,
 * or -1 when there is none.  */
static int
walk (const guchar *der, gsize len, GsmimeCmsOutline *o)
{
  const guchar *end = der + len;
  Element info, oid, content, parts[6];
  gssize n;
  guint i;

  if (!read_header (der, end, &info) || info.tag != 0x30
      || children (&info, end, &oid, 1) < 1
      || !(o->content_oid = oid_string (&oid)))
    return -1;
  o->content = GSMIME_CMS_CONTENT_OTHER;
  for (i = 0; i < G_N_ELEMENTS (content_types); i++)
    if (!strcmp (o->content_oid, content_types[i].oid))
      o->content = content_types[i].content;
  if (content_of (&info, end, &content) != SHAPE_OK)
    return -1;
  n = children (&content, end, parts, G_N_ELEMENTS (parts));
  if (o->content == GSMIME_CMS_CONTENT_SIGNED && n >= 4 && n <= 6
      && parts[n - 1].tag == 0x31)
    walk_signers (&parts[n - 1], end, o);
  if (o->content == GSMIME_CMS_CONTENT_SIGNED)
    return GSMIME_CMS_SIGNED;
  /* version, [0] originatorInfo if present, recipientInfos.  */
  if (o->content != GSMIME_CMS_CONTENT_ENVELOPED
      && o->content != GSMIME_CMS_CONTENT_AUTH_ENVELOPED)
    return -1;
  for (i = 1; (gssize) i < MIN (n, 3); i++)
    if (parts[i].tag == 0x31)
      {
        walk_recipients (&parts[i], end, o);
        break;
      }
  return GSMIME_CMS_ENVELOPED;
}

/* --- What libksba reads -------------------------------------------------
 *
 * libksba hands its findings out as canonical S-expressions,
 * "(7:sig-val(5:ecdsa(1:r33:...)(1:s32:...))(4:hash6:sha256))".  */

/* Reads one token at *P: an atom (its bytes at *ATOM, *LEN of them) or
 * a parenthesis (*ATOM NULL, *LEN the character).  */
static gboolean
sexp_token (const guchar **p, const guchar **atom, gsize *len)
{
  gsize n = 0;

  if (**p == '(' || **p == ')')
    {
      *atom = NULL;
      *len = *(*p)++;
      return TRUE;
    }
  if (!g_ascii_isdigit (**p))
    return FALSE;
  while (g_ascii_isdigit (**p) && n < G_MAXUINT)
    n = n * 10 + (*(*p)++ - '0');
  if (*(*p)++ != ':')
    return FALSE;
  *atom = *p;
  *len = n;
  *p += n;
  return TRUE;
}

/* Finds the list "(NAME ...)" in SEXP and sets *VALUE and *LEN to the
 * atom after NAME (*VALUE NULL when a list follows).  */
static gboolean
sexp_find (const guchar *sexp, const char *name, const guchar **value,
           gsize *len)
{
  const guchar *p = sexp, *atom;
  gsize n, depth = 0;
  gboolean opened = FALSE;

  if (!p)
    return FALSE;
  do
    {
      if (!sexp_token (&p, &atom, &n))
        return FALSE;
      if (atom && opened && n == strlen (name) && !memcmp (atom, name, n))
        return sexp_token (&p, value, len);
      opened = !atom && n == '(';
      if (!atom)
        depth += n == '(' ? 1 : -1;
    }
  while (depth);
  return FALSE;
}

/* The atom after NAME in SEXP as a string, or NULL.  */
static char *
sexp_string (const guchar *sexp, const char *name)
{
  const guchar *value;
  gsize len;

  if (!sexp_find (sexp, name, &value, &len) || !value)
    return NULL;
  return g_strndup ((const char *) value, len);
}

/* The signature algorithm libksba's sig-val SIG names.  */
static void
signer_from_sig_val (GsmimeCmsSigner *s, const guchar *sig)
{
  const guchar *value;
  gsize len;
  g_autofree char *salt = NULL;

  if (sexp_find (sig, "eddsa", &value, &len) && sexp_find (sig, "r", &value,
                                                           &len))
    s->algorithm = len == 57 ? GSMIME_SIGNATURE_ED448
                             : GSMIME_SIGNATURE_ED25519;
  else if (sexp_find (sig, "ecdsa", &value, &len))
    s->algorithm = GSMIME_SIGNATURE_ECDSA;
  else if (sexp_find (sig, "dsa", &value, &len))
    s->algorithm = GSMIME_SIGNATURE_DSA;
  else if (sexp_find (sig, "flags", &value, &len) && value && len == 3
           && !memcmp (value, "pss", 3))
    {
      s->algorithm = GSMIME_SIGNATURE_RSA_PSS;
      s->pss_hash_oid = sexp_string (sig, "hash-algo");
      salt = sexp_string (sig, "salt-length");
      s->pss_salt_length = salt ? (guint) strtoul (salt, NULL, 10) : 0;
    }
  else if (sexp_find (sig, "rsa", &value, &len))
    s->algorithm = GSMIME_SIGNATURE_RSA_PKCS1;
}

/* The curve of the ephemeral key in libksba's ECDH enc-val ENC: an
 * uncompressed point of a NIST curve is 1 + 2 * the field size long.  */
static const char *
curve_from_enc_val (const guchar *enc)
{
  const guchar *value;
  gsize len;

  if (!sexp_find (enc, "e", &value, &len) || !value)
    return NULL;
  switch (len)
    {
    case 65: return "P-256";
    case 97: return "P-384";
    case 133: return "P-521";
    default: return NULL;
    }
}

/* The certificate that signer or recipient I names.  */
static void
read_cert_id (ksba_cms_t cms, int i, GsmimeCmsCertId *id)
{
  char *name = NULL;
  ksba_sexp_t number = NULL;
  const guchar *p, *value = NULL;
  gsize len = 0;

  if (ksba_cms_get_issuer_serial (cms, i, &name, &number))
    return;
  id->issuer = g_strdup (name);
  /* The serial is "(N:bytes)", a list without a name.  */
  p = number;
  if (p && *p++ == '(' && sexp_token (&p, &value, &len) && value)
    {
      GString *hex = g_string_sized_new (2 * len);
      gsize k;

      for (k = 0; k < len; k++)
        g_string_append_printf (hex, "%02X", value[k]);
      id->serial = g_string_free (hex, FALSE);
    }
  ksba_free (name);
  ksba_free (number);
}

/* The tag length that the GCM parameters PARAMS (LEN bytes) name when
 * libksba left them whole (SEQUENCE { nonce, tag length }): it strips
 * them to the nonce only when they name none, which means 12.  */
static guint
gcm_tag_length (const guchar *params, gsize len)
{
  const guchar *end = params + len;
  Element seq, parts[2];

  if (len <= 16 || !read_header (params, end, &seq) || seq.tag != 0x30
      || children (&seq, end, parts, 2) != 2 || parts[1].tag != 0x02
      || parts[1].len != 1)
    return len <= 16 ? 12 : 0;
  return parts[1].contents[0];
}

/* The content cipher of an enveloped object.  */
static void
read_cipher (ksba_cms_t cms, GsmimeCmsOutline *o)
{
  const char *oid = ksba_cms_get_content_oid (cms, 2);
  guchar params[64];
  size_t len = 0;
  guint i;

  if (!oid)
    return;
  o->cipher_oid = g_strdup (oid);
  o->cipher = GSMIME_CIPHER_UNKNOWN;
  for (i = 0; i < G_N_ELEMENTS (ciphers); i++)
    if (!strcmp (oid, ciphers[i].oid))
      {
        o->cipher = ciphers[i].cipher;
        o->cipher_bits = ciphers[i].bits;
      }
  if (o->cipher == GSMIME_CIPHER_AES_GCM
      && !ksba_cms_get_content_enc_iv (cms, params, sizeof params, &len))
    o->gcm_tag_length = gcm_tag_length (params, len);
}

/* What libksba says of each signer the walk found.  */
static void
read_signers (ksba_cms_t cms, GsmimeCmsOutline *o)
{
  guint i;

  for (i = 0; i < o->signers->len; i++)
    {
      GsmimeCmsSigner *s = g_ptr_array_index (o->signers, i);
      ksba_sexp_t sig = ksba_cms_get_sig_val (cms, i);
      const char *digest = ksba_cms_get_digest_algo (cms, i);

      signer_from_sig_val (s, sig);
      ksba_free (sig);
      s->digest_oid = g_strdup (digest);
      read_cert_id (cms, i, &s->cert);
    }
}

/* What libksba says of each recipient the walk found.  */
static void
read_recipients (ksba_cms_t cms, GsmimeCmsOutline *o)
{
  guint i;

  for (i = 0; i < o->recipients->len; i++)
    {
      GsmimeCmsRecipient *r = g_ptr_array_index (o->recipients, i);
      ksba_sexp_t enc = NULL;

      if (r->kind == GSMIME_RECIPIENT_KEY_AGREEMENT)
        enc = ksba_cms_get_enc_val (cms, i);
      r->curve = curve_from_enc_val (enc);
      ksba_free (enc);
      read_cert_id (cms, i, &r->cert);
    }
}

static int
discard (void *unused, const void *buffer, size_t length)
{
  return 0;
}

/* Appends what libksba writes to the GMimeStream OUT.  */
static int
to_stream (void *out, const void *buffer, size_t length)
{
  return g_mime_stream_write (out, buffer, length) == (gssize) length
         ? 0 : -1;
}

/* libksba reports damage with fprintf on standard error and has no hook
 * to take those lines; they would land on the user's terminal or in
 * mutt's pager.  While it reads, standard error points at /dev/null.
 * The descriptor is the process's, so one reading at a time, and another
 * thread's words on standard error meanwhile are lost with libksba's.  */
static GMutex quiet_lock;

static int
quiet_begin (void)
{
  int saved, null;

  g_mutex_lock (&quiet_lock);
  fflush (stderr);
  saved = dup (STDERR_FILENO);
  null = open ("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved >= 0 && null >= 0)
    dup2 (null, STDERR_FILENO);
  if (null >= 0)
    close (null);
  return saved;
}

static void
quiet_end (int saved)
{
  fflush (stderr);
  if (saved >= 0)
    {
      dup2 (saved, STDERR_FILENO);
      close (saved);
    }
  g_mutex_unlock (&quiet_lock);
}

static void
discard_hash (void *unused, const void *buffer, size_t length)
{
}

/* Lets libksba parse the LEN bytes at DER as far as the facts of O go:
 * to the end of a signed-data (the signer infos follow the content),
 * to the content of an enveloped one (the recipients precede it).
 * Returns whether it got there.  */
static gboolean
ksba_parse (ksba_cms_t cms, const GsmimeCmsOutline *o)
{
  ksba_stop_reason_t stop = KSBA_SR_NONE;
  int steps;

  /* A signed-data stops at most at its content, its hash and its end;
   * the bound guards against a parser that keeps finding more.  */
  for (steps = 0; steps < 16; steps++)
    {
      if (ksba_cms_parse (cms, &stop))
        return FALSE;
      if (stop == KSBA_SR_READY)
        return TRUE;
      if (stop == KSBA_SR_BEGIN_DATA && o->content != GSMIME_CMS_CONTENT_SIGNED)
        return TRUE;
    }
  return FALSE;
}

/* The facts libksba reads from the LEN bytes at DER into O; the content
 * of a signed-data that carries its content goes to CONTENT, when that is
 * not NULL.  */
static void
read_with_ksba (const guchar *der, gsize len, GsmimeCmsOutline *o,
                GMimeStream *content)
{
  ksba_reader_t reader = NULL;
  ksba_writer_t writer = NULL;
  ksba_cms_t cms = NULL;
  int quiet = quiet_begin ();

  if (ksba_reader_new (&reader) || ksba_reader_set_mem (reader, der, len)
      || ksba_writer_new (&writer)
      || ksba_writer_set_cb (writer, content ? to_stream : discard, content)
      || ksba_cms_new (&cms)
      || ksba_cms_set_reader_writer (cms, reader, writer))
    goto leave;
  ksba_cms_set_hash_function (cms, discard_hash, NULL);
  o->complete = ksba_parse (cms, o);
  read_cipher (cms, o);
  read_signers (cms, o);
  read_recipients (cms, o);
leave:
  ksba_cms_release (cms);
  ksba_writer_release (writer);
  ksba_reader_release (reader);
  quiet_end (quiet);
}

/* The outline of the LEN bytes at DER, the content of a signed-data
 * written to CONTENT when that is not NULL.  */
static GsmimeCmsOutline *
outline_read (const guchar *der, gsize len, GMimeStream *content)
{
  GsmimeCmsOutline *o = g_new0 (GsmimeCmsOutline, 1);
  const guchar *end;
  int kind;

  o->signers = g_ptr_array_new_with_free_func (signer_free);
  o->recipients = g_ptr_array_new_with_free_func (recipient_free);
  if (!der)
    return o;
  kind = walk (der, len, o);
  /* libksba reads only an object whose every part nests as its lengths
   * say: it reports what does not on standard error, which is the
   * host's.  */
  end = skip (der, der + len, MAX_DEPTH);
  if (kind >= 0 && end && nests (der, end, MAX_DEPTH)
      && check_outline (der, len, kind, NULL))
    read_with_ksba (der, end - der, o, content);
  return o;
}

GsmimeCmsOutline *
gsmime_cms_outline_read_der (const guchar *der, gsize len)
{
  return outline_read (der, len, NULL);
}

GsmimeCmsOutline *
gsmime_cms_outline_read (GMimeStream *stream)
{
  g_autoptr (GBytes) hold = NULL;
  gsize len = 0;
  const guchar *der = stream_der (stream, &hold, &len);

  return gsmime_cms_outline_read_der (der, len);
}

gboolean
gsmime_cms_signed_content (GMimeStream *stream, GMimeStream *out)
{
  g_autoptr (GBytes) hold = NULL;
  gsize len = 0;
  const guchar *der = stream_der (stream, &hold, &len);
  g_autoptr (GsmimeCmsOutline) o = outline_read (der, len, out);

  return o->content == GSMIME_CMS_CONTENT_SIGNED && o->complete;
}
