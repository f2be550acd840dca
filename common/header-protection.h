/* header-protection.h - the header fields a signed or encrypted message
 * carries inside its protection (RFC 9788), as a reader finds them.
 *
 * A message with header protection copies its header section into the
 * root of the cryptographic payload (the part the signature and
 * encryption layers wrap), marked hp="clear" (signed) or hp="cipher"
 * (encrypted); an encrypted one may obscure the outer copy ("[...]" for
 * the Subject) and records what it left outside in HP-Outer fields.  The
 * reader (reader.c) finds that section, decides what it may be trusted
 * for, and reports it here; hosts render it: they show the protected
 * value where they show a header field, and never decide on their own
 * which copy is right (gsmime_protected_header_shown does).
 * doc/header-protection.md says what users see.
 */
#ifndef GSMIME_HEADER_PROTECTION_H
#define GSMIME_HEADER_PROTECTION_H

#include <glib.h>
#include "gmime-autoptr.h"

/* What the protected header section gives, as RFC 9788's hp parameter
 * names it.  */
typedef enum
{
  GSMIME_HP_NONE = 0,   /* no protected header section that can be
                           trusted */
  GSMIME_HP_CLEAR,      /* signed: authentic, not confidential */
  GSMIME_HP_CIPHER      /* encrypted by its composer: fields the outer
                           header does not repeat are confidential */
} GsmimeHpLevel;

/* How the message marks its protected header section.  */
typedef enum
{
  GSMIME_HP_FORM_RFC9788 = 0,  /* hp="clear" or hp="cipher" */
  GSMIME_HP_FORM_V1            /* protected-headers="v1": the draft form
                                  mutt writes (Subject only) */
} GsmimeHpForm;

/* Which header fields an encrypted message hides from its outer header
 * (RFC 9788's Header Confidentiality Policies, section 3.2).  */
typedef enum
{
  GSMIME_HCP_BASELINE = 0,        /* hcp_baseline, the default: Subject
                                     "[...]", Comments and Keywords left
                                     out */
  GSMIME_HCP_SHY,                 /* hcp_shy: also From, To and Cc without
                                     display names, Date in UTC */
  GSMIME_HCP_NO_CONFIDENTIALITY   /* hcp_no_confidentiality: nothing
                                     hidden, all still signed */
} GsmimeHcp;

/* The protection of one protected field (RFC 9788, 4.3).  */
typedef enum
{
  GSMIME_FIELD_UNPROTECTED = 0,
  GSMIME_FIELD_SIGNED_ONLY,          /* signed, and also visible outside */
  GSMIME_FIELD_ENCRYPTED_ONLY,       /* hidden outside, no valid signature */
  GSMIME_FIELD_SIGNED_AND_ENCRYPTED  /* hidden outside, and signed */
} GsmimeFieldProtection;

typedef struct
{
  char *name;     /* the field name as written */
  char *value;    /* decoded and unfolded, valid UTF-8, one line: control
                     characters (CR, LF, NUL, ...) are spaces, so no value
                     can render as a header line of its own; NULL for an
                     outer field that is absent */
  GsmimeFieldProtection protection;  /* of a protected field */
} GsmimeHeaderField;

typedef struct
{
  GsmimeHpLevel level;      /* what the reader may rely on: CIPHER only
                               when a layer was really decrypted, CLEAR
                               only under a signature */
  GsmimeHpLevel claimed;    /* what the composer wrote (for the v1 form,
                               what the layers imply) */
  GsmimeHpForm form;
  gboolean is_signed;       /* a signature that is not red covers it */
  gboolean encrypted;       /* a decrypted layer covers it */
  char *from_address;       /* the address of the protected From, lower
                               case, or NULL */
  gboolean from_unverified; /* its From differs from the outer From and no
                               good signature by that address covers it:
                               hosts show the outer From (RFC 9788,
                               4.4.3) */
  GPtrArray *fields;        /* GsmimeHeaderField*: the protected fields in
                               their order, without structural (Content-*,
                               MIME-Version) and HP-Outer fields */
  GPtrArray *hp_outer;      /* GsmimeHeaderField*: what the composer says
                               it left in the outer header (HP-Outer), in
                               order; empty unless level is CIPHER */
  GPtrArray *differing;     /* GsmimeHeaderField*: the fields of the outer
                               header, as received, that are absent there
                               or differ from the protected ones (value
                               NULL when absent), in the order of FIELDS */
} GsmimeProtectedHeaders;

void gsmime_protected_headers_free (GsmimeProtectedHeaders *headers);

/* "none", "clear" or "cipher".  */
const char *gsmime_hp_level_name (GsmimeHpLevel level);

/* The value of the first protected field NAME (any case), or NULL.  */
const char *gsmime_protected_header (const GsmimeProtectedHeaders *headers,
                                     const char *name);

/* The value a host shows for the header field NAME: the protected one,
 * or NULL where the host shows the outer header's own value (no
 * protected field NAME, no protected section, or a From that no
 * signature vouches for).  */
const char *gsmime_protected_header_shown (
  const GsmimeProtectedHeaders *headers, const char *name);

/* TEXT (a text/plain part decoded to UTF-8, plain newlines) without the
 * Legacy Display Element at its start (RFC 9788, 4.5.3.2): the lines up
 * to and including the first blank one, when each of them is a header
 * field line.  Text that does not start so is returned whole, so that a
 * malformed element hides nothing.  */
char *gsmime_legacy_display_strip_text (const char *text);

/* HTML without the first <div class="header-protection-legacy-display">
 * element and what it holds (RFC 9788, 4.5.3.3); returned whole when it
 * has none, or when the element does not end.  */
char *gsmime_legacy_display_strip_html (const char *html);

/* For hosts that open the layers of a message themselves, as the Claws
 * plugin decrypts a part and hands Claws its content: the protected
 * header section of OPENED, the content of a layer that wrapped the
 * whole body of OUTER.  DECRYPTED: that layer was enveloped-data;
 * SIGNED_LAYER: it was signed-data, whose signature the host verified.
 * The payload is OPENED, or the first part of an S/MIME multipart/signed
 * that OPENED is; a pkcs7-mime part gives NULL, and the host asks again
 * with its content once it has opened that too.  No signer is known
 * here, so no protected From counts as vouched for (from_unverified
 * when it differs from the outer one), and fields are never
 * "signed"; what is shown of the Subject does not depend on that.  NULL
 * when OPENED carries no section a reader may trust, or an unusable one
 * (header-protection-read.c decides, as for gsmime_read_message).  */
GsmimeProtectedHeaders *gsmime_protected_headers_opened (
  GMimeMessage *outer, GMimeObject *opened, gboolean decrypted,
  gboolean signed_layer);

/* Removes the Legacy Display Element from each text/plain and text/html
 * part under OPENED that is marked as carrying one (hp-legacy-display),
 * in place, when HEADERS (from gsmime_protected_headers_opened on
 * OPENED) come from an encrypted layer: only encryption makes a composer
 * add it (RFC 9788, 4.5.3.1).  Attached messages are not entered.
 * Returns how many parts changed.  */
guint gsmime_legacy_display_strip_opened (
  GMimeObject *opened, const GsmimeProtectedHeaders *headers);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeProtectedHeaders,
                               gsmime_protected_headers_free)

#endif
