/* cert-bundle.h - the certificates of a file, read with GnuTLS: PEM
 * blocks wherever they stand in it (as pem.h finds them), or one DER
 * certificate.
 *
 * Every place that takes certificates apart without gpgsm (the key
 * migration from OpenSSL's files, mutt's questions about a certificate,
 * the revocation points of one from the keybox) reads them here, so a
 * file that one of them accepts the others accept too.
 */
#ifndef GSMIME_CERT_BUNDLE_H
#define GSMIME_CERT_BUNDLE_H

#include <glib.h>

/* An empty bundle: an array of gnutls_x509_crt_t, each freed with it.  */
GPtrArray *gsmime_cert_bundle_new (void);

/* Adds the certificates in DATA (may be NULL) to BUNDLE, in the order of
 * the file; what is not a certificate (a key, a CRL, a damaged block) is
 * passed over.  */
void gsmime_cert_bundle_add (GPtrArray *bundle, GBytes *data);

/* A new bundle with the certificates in DATA: never NULL, empty when
 * DATA holds none.  */
GPtrArray *gsmime_cert_bundle_read (GBytes *data);

/* The SHA-1 fingerprints, as gpgsm writes them (40 upper-case hex
 * digits), of the certificates in DATA.  Never NULL: an empty list when
 * DATA holds no certificate.  Free with g_strfreev.  */
char **gsmime_cert_bundle_fingerprints (GBytes *data);

/* The e-mail addresses the certificates in DATA are for (rfc822Name
 * alternative names and the older emailAddress attribute of the
 * subject), lower case, each once, in the order found; NULL when DATA
 * holds no certificate.  Free with g_strfreev.  */
char **gsmime_cert_bundle_emails (GBytes *data);

#endif
