/* cms-shape.h - the outline of a CMS object, looked at before gpgsm
 * reads it.
 *
 * gpgsm 2.2 loops for ever, its log growing without bound, on an
 * enveloped-data that names no recipient (sm/decrypt.c asks libksba for
 * one recipient after another and never hears that there are no more);
 * it takes a signed-data whose lengths disagree (the outer one promising
 * far more bytes than there are, an inner one fewer than its part holds)
 * for good; and it checks every one of any number of
 * signers, a few milliseconds each.  The outline (tags and lengths, no
 * cryptography) is enough to refuse these.  An outline that cannot be
 * read at all is left to gpgsm, which then says what is wrong.
 *
 * The outline also says what the object is made of: its content type,
 * the algorithm of each signature, the content cipher, and how each
 * recipient's key is transported and to which certificate.  Whoever
 * tells the user why gpgsm failed needs these facts to say whether the
 * sender, the message or the engine (engine.h) is at fault.  libksba,
 * gpgsm's own parser, reads them; where it hands out nothing (an
 * algorithm it does not know, such as RSAES-OAEP, has no public
 * accessor), the outline's own walk over tags and lengths finds the
 * algorithm's identifier and libksba decodes it.  libksba is given only
 * an object whose every part nests as its lengths say, since it reports
 * damage on standard error (the host's own), which then stays rare;
 * whatever it cannot read is left unknown while the facts read before it
 * stopped are kept.
 */
#ifndef GSMIME_CMS_SHAPE_H
#define GSMIME_CMS_SHAPE_H

#include <gmime/gmime.h>

/* More signers than this in one signature are refused: mail has one,
 * rarely two.  */
#define GSMIME_MAX_SIGNERS 16

typedef enum
{
  GSMIME_CMS_SIGNED,
  GSMIME_CMS_ENVELOPED
} GsmimeCmsKind;

/* Checks the outline of the CMS object (DER or BER) that STREAM holds,
 * which is read from its start and left at its start again, as a
 * signed-data or an enveloped-data by KIND.  Returns FALSE with ERROR
 * set in GSMIME_ERROR to GPG_ERR_TRUNCATED when the object announces
 * more bytes than there are, GPG_ERR_INV_LENGTH when a part of it does
 * not fit the part around it (gpgsm reads on regardless),
 * GPG_ERR_TOO_LARGE when a signed-data has
 * more than GSMIME_MAX_SIGNERS signers, GPG_ERR_NO_DATA when an
 * enveloped-data names no recipient.  */
gboolean gsmime_cms_check_shape (GMimeStream *stream, GsmimeCmsKind kind,
                                 GError **error);

typedef enum
{
  GSMIME_CMS_CONTENT_UNKNOWN,         /* not even a ContentInfo */
  GSMIME_CMS_CONTENT_DATA,
  GSMIME_CMS_CONTENT_SIGNED,
  GSMIME_CMS_CONTENT_ENVELOPED,
  GSMIME_CMS_CONTENT_AUTH_ENVELOPED,  /* RFC 5083, AES-GCM */
  GSMIME_CMS_CONTENT_COMPRESSED,      /* RFC 3274 */
  GSMIME_CMS_CONTENT_OTHER
} GsmimeCmsContent;

typedef enum
{
  GSMIME_SIGNATURE_UNKNOWN,
  GSMIME_SIGNATURE_RSA_PKCS1,         /* RSA PKCS#1 v1.5 */
  GSMIME_SIGNATURE_RSA_PSS,           /* RSASSA-PSS */
  GSMIME_SIGNATURE_ECDSA,
  GSMIME_SIGNATURE_ED25519,
  GSMIME_SIGNATURE_ED448,
  GSMIME_SIGNATURE_DSA
} GsmimeSignatureAlgorithm;

typedef enum
{
  GSMIME_CIPHER_NONE,                 /* not encrypted */
  GSMIME_CIPHER_UNKNOWN,
  GSMIME_CIPHER_AES_CBC,
  GSMIME_CIPHER_AES_GCM,
  GSMIME_CIPHER_3DES
} GsmimeCipher;

typedef enum
{
  GSMIME_RECIPIENT_UNKNOWN,
  GSMIME_RECIPIENT_KEY_TRANSPORT,     /* KeyTransRecipientInfo */
  GSMIME_RECIPIENT_KEY_AGREEMENT,     /* KeyAgreeRecipientInfo */
  GSMIME_RECIPIENT_KEK,               /* KEKRecipientInfo */
  GSMIME_RECIPIENT_PASSWORD,          /* PasswordRecipientInfo */
  GSMIME_RECIPIENT_OTHER              /* OtherRecipientInfo */
} GsmimeRecipientKind;

typedef enum
{
  GSMIME_KEY_WRAP_UNKNOWN,
  GSMIME_KEY_WRAP_RSA_PKCS1,          /* RSAES-PKCS1-v1_5 */
  GSMIME_KEY_WRAP_RSA_OAEP,           /* RSAES-OAEP */
  GSMIME_KEY_WRAP_ECDH                /* an ECDH key agreement scheme */
} GsmimeKeyWrap;

/* The certificate a signer or recipient names: ISSUER is the RFC 2253
 * string gpgsm prints for a certificate's issuer, SERIAL the serial
 * number in upper-case hex, as GPGME's issuer_serial; either is NULL
 * when it cannot be read.  */
typedef struct
{
  char *issuer;
  char *serial;
} GsmimeCmsCertId;

/* One SignerInfo.  */
typedef struct
{
  GsmimeSignatureAlgorithm algorithm;
  char *signature_oid;    /* its signatureAlgorithm, or NULL */
  char *digest_oid;       /* its digestAlgorithm, or NULL */
  char *pss_hash_oid;     /* RSASSA-PSS: the hash of its parameters */
  guint pss_salt_length;  /* RSASSA-PSS: the salt length in bytes */
  GsmimeCmsCertId cert;
} GsmimeCmsSigner;

/* One RecipientInfo.  */
typedef struct
{
  GsmimeRecipientKind kind;
  GsmimeKeyWrap key_wrap;
  char *key_algorithm_oid;  /* its keyEncryptionAlgorithm, or NULL */
  const char *curve;        /* key agreement: "P-256", "P-384", "P-521"
                               as the ephemeral key's size says, or NULL */
  GsmimeCmsCertId cert;
} GsmimeCmsRecipient;

/* What a CMS object is made of.  COMPLETE is FALSE when the reading
 * stopped early (damaged or unusual input, or an algorithm libksba does
 * not read): what is set was read, the rest is unknown.  */
typedef struct
{
  GsmimeCmsContent content;
  char *content_oid;        /* the ContentInfo's contentType, or NULL */
  GsmimeCipher cipher;
  guint cipher_bits;        /* the key size of CIPHER, 0 when unknown */
  char *cipher_oid;
  guint gcm_tag_length;     /* AES-GCM: the tag length its parameters
                               name (12 when they name none), or 0 */
  GPtrArray *signers;       /* GsmimeCmsSigner, in the object's order */
  GPtrArray *recipients;    /* GsmimeCmsRecipient, in the object's order */
  gboolean complete;
} GsmimeCmsOutline;

/* Reads what the CMS object (DER or BER) in STREAM is made of; STREAM is
 * read from its start and left at its start again.  Never fails: an
 * object that cannot be read at all gives GSMIME_CMS_CONTENT_UNKNOWN.
 * Free the result with gsmime_cms_outline_free.  */
GsmimeCmsOutline *gsmime_cms_outline_read (GMimeStream *stream);

/* The same for the LEN bytes at DER.  */
GsmimeCmsOutline *gsmime_cms_outline_read_der (const guchar *der, gsize len);

void gsmime_cms_outline_free (GsmimeCmsOutline *outline);

/* Writes the content that the signed-data in STREAM carries to OUT, as
 * libksba reads it, checking nothing: for a signature gpgsm could not get
 * through (gpgsm 2.2.40 aborts on some before it writes the content),
 * whose content is still the message.  STREAM is left at its start.
 * FALSE when STREAM is not a signed-data libksba reads to its end.  */
gboolean gsmime_cms_signed_content (GMimeStream *stream, GMimeStream *out);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeCmsOutline, gsmime_cms_outline_free)

/* Stable names for scripts and logs ("auth-enveloped-data", "ed25519",
 * "aes-gcm", "key-agreement", "rsaes-oaep").  */
const char *gsmime_cms_content_name (GsmimeCmsContent content);
const char *gsmime_signature_algorithm_name (GsmimeSignatureAlgorithm a);
const char *gsmime_cipher_name (GsmimeCipher cipher);
const char *gsmime_recipient_kind_name (GsmimeRecipientKind kind);
const char *gsmime_key_wrap_name (GsmimeKeyWrap wrap);

/* The name of the digest algorithm OID ("sha256"), or NULL.  */
const char *gsmime_digest_name (const char *oid);

#endif
