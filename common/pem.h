/* pem.h - the PEM blocks of a certificate file as authorities and tools
 * write it.
 *
 * `openssl ca`, `openssl x509 -text` and many CA web pages put a text
 * dump of the certificate before its PEM block; files copied through
 * Windows have CRLF line ends; a bundle may have a line of text between
 * its certificates; OpenSSL's `-trustout` writes a TRUSTED CERTIFICATE
 * block, the certificate followed by its trust settings; and a file may
 * hold a private key or a CRL beside the certificate.  gpgsm and OpenSSL
 * read the certificates of all these; so does this reader, which finds
 * every block wherever it stands and says what each one is.
 */
#ifndef GSMIME_PEM_H
#define GSMIME_PEM_H

#include <glib.h>

typedef enum
{
  GSMIME_PEM_CERTIFICATE,  /* CERTIFICATE, X509 CERTIFICATE, TRUSTED ... */
  GSMIME_PEM_PKCS7,        /* PKCS7, PKCS #7 SIGNED DATA, CMS */
  GSMIME_PEM_OTHER         /* a key, a CRL, a request: not a certificate */
} GsmimePemKind;

typedef struct
{
  guint number;        /* the block's place in the file, from 1 */
  guint line;          /* the line of its BEGIN, from 1 */
  char *label;         /* what its BEGIN line names, printable ASCII */
  GsmimePemKind kind;
  /* The decoded contents of a certificate (the certificate alone, without
   * the trust settings that follow it in a TRUSTED CERTIFICATE) or of a
   * PKCS#7 block; NULL for any other block, which is never decoded: it
   * may be a private key.  */
  GBytes *der;
} GsmimePemBlock;

void gsmime_pem_block_free (GsmimePemBlock *block);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimePemBlock, gsmime_pem_block_free)

/* Whether the LEN bytes at DATA hold a PEM BEGIN line anywhere, at the
 * start of a line (after blanks, as pasted from a web page).  */
gboolean gsmime_pem_find (const guchar *data, gsize len);

/* The PEM blocks of the LEN bytes at DATA (GsmimePemBlock*, in the
 * order of the file), with the text around them passed over.  Lines with
 * a colon inside a block are RFC 1421 header fields and are skipped.
 * Returns NULL with ERROR in GSMIME_ERROR when the file was damaged on
 * the way: GPG_ERR_BAD_DATA when a certificate or PKCS#7 block holds
 * text that is not base64, or base64 that is not one DER object, or when
 * the last block has no END line.  gpgsm would skip what it cannot decode
 * and fail with an error that names neither the file nor the fault, so a
 * damaged copy is refused here, saying which block is damaged.  */
GPtrArray *gsmime_pem_read (const guchar *data, gsize len, GError **error);

#endif
