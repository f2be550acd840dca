/* test-header-protection.c - reading protected header fields
 * (common/header-protection-read.c) on payloads and outer headers made
 * up here: what a section is trusted for, the fields and their
 * protection, the outer fields that differ, values that cannot break a
 * line, sections that cannot be used, and the Legacy Display Element
 * taken out of text and HTML.  tests/integration/header-protection.sh
 * reads real signed and encrypted messages.  */
#include <string.h>
#include "gsmime.h"
#include "header-protection-read.h"
#include "header-protection-write.h"
#include "hcp.h"

static GMimeParser *
parser_for (const char *text)
{
  g_autoptr (GMimeStream) s = g_mime_stream_mem_new_with_buffer (text,
                                                                 strlen (text));

  return g_mime_parser_new_with_stream (s);
}

static GMimeObject *
entity (const char *text)
{
  g_autoptr (GMimeParser) p = parser_for (text);

  return g_mime_parser_construct_part (p, NULL);
}

static GMimeMessage *
parse_message (const char *text)
{
  g_autoptr (GMimeParser) p = parser_for (text);

  return g_mime_parser_construct_message (p, NULL);
}

static GMimeMessage *
outer (const char *from, const char *subject)
{
  g_autofree char *text = g_strdup_printf (
    "From: %s\r\nTo: bob@example.org\r\nSubject: %s\r\n"
    "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n"
    "\r\nxx\r\n", from, subject);

  return parse_message (text);
}

/* A signer of the given colour for ADDRESS.  */
static GPtrArray *
signers (const char *address, GsmimeReasonCode code)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (
    (GDestroyNotify) gsmime_signer_free);
  GsmimeSigner *s = g_new0 (GsmimeSigner, 1);
  const char *emails[] = { address, NULL };

  s->emails = g_strdupv ((char **) emails);
  s->email = g_strdup (address);
  s->verdict = gsmime_verdict_new ();
  gsmime_verdict_add_reason (s->verdict, code, g_strdup ("made up"));
  g_ptr_array_add (a, s);
  return a;
}

static const char baseline[] =
  "Subject: Quarterly numbers\r\n"
  "From: Alice <alice@example.org>\r\n"
  "To: bob@example.org\r\n"
  "Keywords: money\r\n"
  "HP-Outer: From: Alice <alice@example.org>\r\n"
  "HP-Outer: To: bob@example.org\r\n"
  "HP-Outer: Subject: [...]\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: text/plain; charset=us-ascii; hp=\"cipher\"\r\n"
  "\r\nThe numbers.\r\n";

static GsmimeProtectedHeaders *
read_hp (const char *payload, GMimeMessage *msg, gboolean covered,
         gboolean encrypted, const GPtrArray *by, char **malformed)
{
  g_autoptr (GMimeObject) e = entity (payload);
  GsmimePayloadFacts facts = { covered, encrypted, by };

  return gsmime_hp_read (e, msg, &facts, malformed);
}

static const GsmimeHeaderField *
field (const GPtrArray *fields, const char *name)
{
  guint i;

  for (i = 0; i < fields->len; i++)
    {
      const GsmimeHeaderField *f = g_ptr_array_index (fields, i);
      if (!g_ascii_strcasecmp (f->name, name))
        return f;
    }
  return NULL;
}

/* Signed and encrypted under the baseline policy: every protected field
 * is there, structural and HP-Outer fields are not, the Subject and the
 * removed Keywords are confidential, what was left outside is signed
 * only, and the outer Subject and Keywords are the fields that differ.  */
static void
test_cipher (void)
{
  g_autoptr (GMimeMessage) msg = outer ("Alice <alice@example.org>", "[...]");
  g_autoptr (GPtrArray) by = signers ("alice@example.org", GSMIME_REASON_VALID);
  g_autoptr (GsmimeProtectedHeaders) hp = read_hp (baseline, msg, TRUE, TRUE,
                                                   by, NULL);
  const GsmimeHeaderField *f;

  g_assert_nonnull (hp);
  g_assert_cmpint (hp->level, ==, GSMIME_HP_CIPHER);
  g_assert_cmpstr (gsmime_hp_level_name (hp->level), ==, "cipher");
  g_assert_cmpuint (hp->fields->len, ==, 4);
  g_assert_null (field (hp->fields, "HP-Outer"));
  g_assert_null (field (hp->fields, "Content-Type"));
  g_assert_cmpstr (gsmime_protected_header (hp, "subject"), ==,
                   "Quarterly numbers");
  g_assert_cmpstr (gsmime_protected_header_shown (hp, "Subject"), ==,
                   "Quarterly numbers");
  g_assert_cmpuint (hp->hp_outer->len, ==, 3);
  g_assert_cmpstr (field (hp->hp_outer, "Subject")->value, ==, "[...]");
  g_assert_cmpint (field (hp->fields, "Subject")->protection, ==,
                   GSMIME_FIELD_SIGNED_AND_ENCRYPTED);
  g_assert_cmpint (field (hp->fields, "Keywords")->protection, ==,
                   GSMIME_FIELD_SIGNED_AND_ENCRYPTED);
  g_assert_cmpint (field (hp->fields, "From")->protection, ==,
                   GSMIME_FIELD_SIGNED_ONLY);
  g_assert_cmpuint (hp->differing->len, ==, 2);
  f = field (hp->differing, "Subject");
  g_assert_cmpstr (f->value, ==, "[...]");
  f = field (hp->differing, "Keywords");
  g_assert_null (f->value);
  g_assert_cmpstr (hp->from_address, ==, "alice@example.org");
  g_assert_false (hp->from_unverified);
}

/* hp="cipher" where nothing was decrypted is signed only (RFC 9788,
 * 10.2), and its HP-Outer records mean nothing; hp="clear" inside
 * encryption without a signature, and any section without a signature
 * or encryption, is not protected at all.  */
static void
test_trust (void)
{
  g_autoptr (GMimeMessage) msg = outer ("alice@example.org", "[...]");
  g_autoptr (GPtrArray) by = signers ("alice@example.org", GSMIME_REASON_VALID);
  g_autoptr (GsmimeProtectedHeaders) signed_only =
    read_hp (baseline, msg, TRUE, FALSE, by, NULL);
  g_autoptr (GsmimeProtectedHeaders) nothing =
    read_hp (baseline, msg, FALSE, FALSE, NULL, NULL);
  g_autofree char *clear = NULL;
  g_autoptr (GsmimeProtectedHeaders) unsigned_clear = NULL;
  g_autoptr (GsmimeProtectedHeaders) encrypted_only = NULL;

  g_assert_cmpint (signed_only->level, ==, GSMIME_HP_CLEAR);
  g_assert_cmpint (signed_only->claimed, ==, GSMIME_HP_CIPHER);
  g_assert_cmpuint (signed_only->hp_outer->len, ==, 0);
  g_assert_cmpint (field (signed_only->fields, "Subject")->protection, ==,
                   GSMIME_FIELD_SIGNED_ONLY);
  g_assert_null (nothing);
  clear = g_strjoin ("", "Subject: s\r\nContent-Type: text/plain; "
                     "hp=clear\r\n\r\nx\r\n", NULL);
  unsigned_clear = read_hp (clear, msg, FALSE, TRUE, NULL, NULL);
  g_assert_null (unsigned_clear);
  encrypted_only = read_hp (baseline, msg, FALSE, TRUE, NULL, NULL);
  g_assert_cmpint (encrypted_only->level, ==, GSMIME_HP_CIPHER);
  g_assert_false (encrypted_only->is_signed);
  g_assert_cmpint (field (encrypted_only->fields, "Subject")->protection, ==,
                   GSMIME_FIELD_ENCRYPTED_ONLY);
}

/* mutt's protected-headers="v1": the layers say what it is; without
 * HP-Outer, the outer header as received says what was left outside.
 * An unknown hp value is no header protection.  */
static void
test_v1 (void)
{
  g_autoptr (GMimeMessage) msg = outer ("alice@example.org", "...");
  g_autoptr (GPtrArray) by = signers ("alice@example.org", GSMIME_REASON_VALID);
  const char *v1 = "Subject: Real one\r\nContent-Type: text/plain; "
                   "protected-headers=\"v1\"\r\n\r\nx\r\n";
  g_autoptr (GsmimeProtectedHeaders) enc = read_hp (v1, msg, TRUE, TRUE, by,
                                                    NULL);
  g_autoptr (GsmimeProtectedHeaders) sig = read_hp (v1, msg, TRUE, FALSE, by,
                                                    NULL);
  g_autoptr (GsmimeProtectedHeaders) odd = read_hp (
    "Subject: x\r\nContent-Type: text/plain; hp=maybe\r\n\r\nx\r\n", msg,
    TRUE, TRUE, by, NULL);

  g_assert_cmpint (enc->form, ==, GSMIME_HP_FORM_V1);
  g_assert_cmpint (enc->level, ==, GSMIME_HP_CIPHER);
  g_assert_cmpstr (gsmime_protected_header (enc, "Subject"), ==, "Real one");
  g_assert_cmpint (field (enc->fields, "Subject")->protection, ==,
                   GSMIME_FIELD_SIGNED_AND_ENCRYPTED);
  g_assert_cmpint (sig->level, ==, GSMIME_HP_CLEAR);
  g_assert_null (odd);
}

/* No value carries a line break, a NUL or another control character:
 * an encoded CR LF, a folded line and a raw tab all become one space.  */
static void
test_one_line (void)
{
  g_autoptr (GMimeMessage) msg = outer ("alice@example.org", "[...]");
  g_autoptr (GPtrArray) by = signers ("alice@example.org", GSMIME_REASON_VALID);
  const char *payload =
    "Subject: =?utf-8?q?Real=0D=0AFrom:_mallory@example.org?=\r\n"
    "From: \"Al\r\n ice\" <alice@example.org>\r\n"
    "Keywords: a\tb =?utf-8?q?c=00d?=\r\n"
    "Comments: =?utf-8?b?bGluZQrigKhzZXA=?=\r\n"
    "Content-Type: text/plain; hp=\"cipher\"\r\n\r\nx\r\n";
  g_autoptr (GsmimeProtectedHeaders) hp = read_hp (payload, msg, TRUE, TRUE,
                                                   by, NULL);
  guint i;

  g_assert_cmpstr (gsmime_protected_header (hp, "Subject"), ==,
                   "Real From: mallory@example.org");
  g_assert_cmpstr (gsmime_protected_header (hp, "From"), ==,
                   "\"Al ice\" <alice@example.org>");
  for (i = 0; i < hp->fields->len; i++)
    {
      const GsmimeHeaderField *f = g_ptr_array_index (hp->fields, i);
      const char *p;
      for (p = f->value; *p; p = g_utf8_next_char (p))
        g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p))
                        || g_utf8_get_char (p) == 0x2028);
    }
  g_assert_cmpstr (gsmime_protected_header (hp, "Comments"), ==, "line sep");
}

/* Two Subjects, or thousands of fields: the section is not used, and
 * the reader learns why.  */
static void
test_malformed (void)
{
  g_autoptr (GMimeMessage) msg = outer ("alice@example.org", "[...]");
  g_autoptr (GPtrArray) by = signers ("alice@example.org", GSMIME_REASON_VALID);
  g_autofree char *why = NULL;
  g_autofree char *why_many = NULL;
  g_autoptr (GString) many = g_string_new (NULL);
  g_autoptr (GsmimeProtectedHeaders) twice = read_hp (
    "Subject: one\r\nSubject: two\r\nContent-Type: text/plain; "
    "hp=\"cipher\"\r\n\r\nx\r\n", msg, TRUE, TRUE, by, &why);
  g_autoptr (GsmimeProtectedHeaders) crowded = NULL;
  int i;

  g_assert_null (twice);
  g_assert_nonnull (strstr (why, "Subject occurs more than once"));
  for (i = 0; i <= GSMIME_HP_MAX_FIELDS; i++)
    g_string_append_printf (many, "X-Field-%d: %d\r\n", i, i);
  g_string_append (many, "Content-Type: text/plain; hp=clear\r\n\r\nx\r\n");
  crowded = read_hp (many->str, msg, TRUE, FALSE, by, &why_many);
  g_assert_null (crowded);
  g_assert_nonnull (strstr (why_many, "more than 200 fields"));
}

/* A protected From that differs from the outer one is shown only when a
 * good signature by that address vouches for it (RFC 9788, 4.4.3).  */
static void
test_from (void)
{
  g_autoptr (GMimeMessage) msg = outer ("mallory@example.org", "[...]");
  g_autoptr (GPtrArray) mallory = signers ("mallory@example.org",
                                           GSMIME_REASON_VALID);
  g_autoptr (GPtrArray) ceo = signers ("ceo@example.org", GSMIME_REASON_VALID);
  g_autoptr (GPtrArray) ceo_red = signers ("ceo@example.org",
                                           GSMIME_REASON_REVOKED);
  const char *payload = "From: CEO <CEO@example.org>\r\nSubject: Pay\r\n"
                        "Content-Type: text/plain; hp=\"cipher\"\r\n\r\nx\r\n";
  g_autoptr (GsmimeProtectedHeaders) forged = read_hp (payload, msg, TRUE,
                                                       TRUE, mallory, NULL);
  g_autoptr (GsmimeProtectedHeaders) vouched = read_hp (payload, msg, TRUE,
                                                        TRUE, ceo, NULL);
  g_autoptr (GsmimeProtectedHeaders) revoked = read_hp (payload, msg, TRUE,
                                                        TRUE, ceo_red, NULL);
  g_autoptr (GsmimeProtectedHeaders) unsigned_hp = read_hp (payload, msg,
                                                            FALSE, TRUE, NULL,
                                                            NULL);

  g_assert_cmpstr (forged->from_address, ==, "ceo@example.org");
  g_assert_true (forged->from_unverified);
  g_assert_null (gsmime_protected_header_shown (forged, "From"));
  g_assert_cmpstr (gsmime_protected_header_shown (forged, "Subject"), ==,
                   "Pay");
  g_assert_false (vouched->from_unverified);
  g_assert_cmpstr (gsmime_protected_header_shown (vouched, "From"), ==,
                   "CEO <CEO@example.org>");
  g_assert_true (revoked->from_unverified);
  g_assert_true (unsigned_hp->from_unverified);
}

/* The element goes with the blank line that ends it; text that does not
 * start with header field lines, or has no blank line, stays whole.  */
static void
test_legacy_text (void)
{
  struct
  {
    const char *in, *out;
  } cases[] = {
    { "Subject: Real\nCc: carol@example.org\n\nHello\n", "Hello\n" },
    { "Subject: Real\r\n\r\nHello\r\n", "Hello\r\n" },
    { "Subject: a long\n subject\n\nHello\n", "Hello\n" },
    { "Subject: Real\nHello, no blank line\n", NULL },
    { "Dear Bob, here: the numbers\n\nHello\n", NULL },
    { "Subject: only\n", NULL },
    { "\nHello\n", NULL },
    { "", NULL },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = gsmime_legacy_display_strip_text (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out ? cases[i].out : cases[i].in);
    }
}

/* The div with the class goes, with the divs inside it; HTML without
 * it, or with one that never ends, stays whole.  */
static void
test_legacy_html (void)
{
  const char *html =
    "<html><body><DIV class=\"header-protection-legacy-display\">"
    "<pre>Subject: Real</pre><div>x</div></DIV><p>Hello</p></body></html>";
  const char *open = "<body><div class=\"header-protection-legacy-display\">"
                     "<pre>Subject: x</pre>";
  const char *other = "<body><div class=\"note\">x</div></body>";
  g_autofree char *a = gsmime_legacy_display_strip_html (html);
  g_autofree char *b = gsmime_legacy_display_strip_html (open);
  g_autofree char *c = gsmime_legacy_display_strip_html (other);

  g_assert_cmpstr (a, ==, "<html><body><p>Hello</p></body></html>");
  g_assert_cmpstr (b, ==, open);
  g_assert_cmpstr (c, ==, other);
}

/* Only text/plain and text/html parts marked hp-legacy-display="1"
 * carry an element.  */
static void
test_legacy_mark (void)
{
  g_autoptr (GMimeObject) plain = entity (
    "Content-Type: text/plain; hp-legacy-display=\"1\"\r\n\r\nx\r\n");
  g_autoptr (GMimeObject) html = entity (
    "Content-Type: text/html; hp-legacy-display=1\r\n\r\nx\r\n");
  g_autoptr (GMimeObject) other = entity (
    "Content-Type: text/plain; hp-legacy-display=\"2\"\r\n\r\nx\r\n");
  g_autoptr (GMimeObject) image = entity (
    "Content-Type: image/png; hp-legacy-display=\"1\"\r\n\r\nx\r\n");

  g_assert_true (gsmime_hp_has_legacy_display (plain));
  g_assert_true (gsmime_hp_has_legacy_display (html));
  g_assert_false (gsmime_hp_has_legacy_display (other));
  g_assert_false (gsmime_hp_has_legacy_display (image));
}

/* The text of the part at INDEX (-1: OBJECT itself) of OBJECT, as
 * written, from its blank line on.  */
static char *
body_of (GMimeObject *object, int index)
{
  GMimeObject *part = index < 0 ? object
    : g_mime_multipart_get_part (GMIME_MULTIPART (object), index);
  g_autofree char *all = g_mime_object_to_string (part, NULL);
  const char *blank = strstr (all, "\n\n");

  return g_strdup (blank ? blank + 2 : all);
}

/* For hosts that see one layer: a payload read without its message, and
 * the element taken out of every marked main text part of an encrypted
 * one, never from an attachment, a signed part or a section that was
 * not encrypted.  */
static void
test_entity (void)
{
  const char *mixed =
    "Content-Type: multipart/mixed; boundary=b; hp=\"cipher\"\r\n"
    "Subject: Quarterly numbers\r\n\r\n"
    "--b\r\nContent-Type: text/plain; hp-legacy-display=\"1\"\r\n\r\n"
    "Subject: Quarterly numbers\r\n\r\nHello Bob\r\n"
    "--b\r\nContent-Type: text/plain; hp-legacy-display=\"1\"\r\n"
    "Content-Disposition: attachment\r\n\r\n"
    "Subject: kept\r\n\r\nattached\r\n"
    "--b\r\nContent-Type: multipart/signed; boundary=s; "
    "protocol=\"application/pkcs7-signature\"\r\n\r\n"
    "--s\r\nContent-Type: text/plain; hp-legacy-display=\"1\"\r\n\r\n"
    "Subject: signed\r\n\r\nsigned text\r\n--s--\r\n"
    "--b--\r\n";
  g_autoptr (GMimeObject) payload = entity (mixed);
  g_autoptr (GMimeObject) again = entity (mixed);
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;
  g_autoptr (GsmimeProtectedHeaders) clear = NULL;
  g_autoptr (GsmimeProtectedHeaders) none = NULL;
  g_autofree char *text = NULL, *attached = NULL, *signed_text = NULL;

  hp = gsmime_entity_protected_headers (payload, FALSE, TRUE, NULL, NULL);
  g_assert_nonnull (hp);
  g_assert_cmpint (hp->level, ==, GSMIME_HP_CIPHER);
  g_assert_cmpstr (gsmime_protected_header_shown (hp, "Subject"), ==,
                   "Quarterly numbers");
  /* Neither signed nor encrypted: nothing to trust.  */
  none = gsmime_entity_protected_headers (payload, FALSE, FALSE, NULL, NULL);
  g_assert_null (none);

  g_assert_cmpuint (gsmime_entity_strip_legacy_display (payload, hp), ==, 1);
  text = body_of (payload, 0);
  g_assert_null (strstr (text, "Subject:"));
  g_assert_nonnull (strstr (text, "Hello Bob"));
  attached = body_of (payload, 1);
  g_assert_nonnull (strstr (attached, "Subject: kept"));
  signed_text = body_of (payload, 2);
  g_assert_nonnull (strstr (signed_text, "Subject: signed"));
  g_assert_cmpuint (gsmime_entity_strip_legacy_display (payload, hp), ==, 0);

  /* Signed only: the element stays, as the reader leaves it.  */
  clear = gsmime_entity_protected_headers (again, TRUE, FALSE, NULL, NULL);
  g_assert_nonnull (clear);
  g_assert_cmpint (clear->level, ==, GSMIME_HP_CLEAR);
  g_assert_cmpuint (gsmime_entity_strip_legacy_display (again, clear), ==, 0);
  g_assert_cmpuint (gsmime_entity_strip_legacy_display (again, NULL), ==, 0);
}

/* A layer a host opened itself: its content is the payload, or the
 * first part of the S/MIME multipart/signed it is; the element leaves
 * the marked text only where the layer was decrypted, and an unmarked
 * part keeps its first lines; opaque signed-data inside gives nothing
 * until the host opens it too, and a section where neither a signature
 * nor decryption was is not trusted.  */
static const char legacy_payload[] =
  "Subject: Quarterly numbers\r\n"
  "From: Alice <alice@example.org>\r\n"
  "HP-Outer: Subject: [...]\r\n"
  "Content-Type: multipart/alternative; boundary=b; hp=\"cipher\"\r\n"
  "\r\n--b\r\n"
  "Content-Type: text/plain; hp-legacy-display=\"1\"\r\n\r\n"
  "Subject: Quarterly numbers\r\n\r\nThe numbers.\r\n"
  "--b\r\nContent-Type: text/plain\r\n\r\n"
  "Subject: kept\r\n\r\nUnmarked.\r\n--b--\r\n";

static void
test_opened (void)
{
  g_autoptr (GMimeMessage) msg = outer ("Alice <alice@example.org>", "[...]");
  g_autoptr (GMimeObject) alt = entity (legacy_payload);
  g_autofree char *signed_text = g_strdup_printf (
    "Content-Type: multipart/signed; boundary=s; "
    "protocol=\"application/pkcs7-signature\"\r\n\r\n--s\r\n%s\r\n--s\r\n"
    "Content-Type: application/pkcs7-signature\r\n\r\nxx\r\n--s--\r\n",
    baseline);
  g_autoptr (GMimeObject) sig = entity (signed_text);
  g_autoptr (GMimeObject) opaque = entity (
    "Content-Type: application/pkcs7-mime; smime-type=signed-data\r\n"
    "\r\nxx\r\n");
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;
  g_autoptr (GsmimeProtectedHeaders) clear = NULL;
  g_autoptr (GsmimeProtectedHeaders) inner = NULL;
  g_autoptr (GsmimeProtectedHeaders) none = NULL;
  g_autofree char *first = NULL, *second = NULL;

  clear = gsmime_protected_headers_opened (msg, alt, FALSE, TRUE);
  g_assert_nonnull (clear);
  g_assert_cmpint (clear->level, ==, GSMIME_HP_CLEAR);
  g_assert_cmpuint (gsmime_legacy_display_strip_opened (alt, clear), ==, 0);

  hp = gsmime_protected_headers_opened (msg, alt, TRUE, FALSE);
  g_assert_nonnull (hp);
  g_assert_cmpint (hp->level, ==, GSMIME_HP_CIPHER);
  g_assert_cmpstr (gsmime_protected_header_shown (hp, "Subject"), ==,
                   "Quarterly numbers");
  g_assert_cmpuint (gsmime_legacy_display_strip_opened (alt, hp), ==, 1);
  first = g_mime_text_part_get_text (GMIME_TEXT_PART (
    g_mime_multipart_get_part (GMIME_MULTIPART (alt), 0)));
  second = g_mime_text_part_get_text (GMIME_TEXT_PART (
    g_mime_multipart_get_part (GMIME_MULTIPART (alt), 1)));
  g_assert_cmpstr (first, ==, "The numbers.");
  g_assert_true (g_str_has_prefix (second, "Subject: kept"));

  inner = gsmime_protected_headers_opened (msg, sig, TRUE, FALSE);
  g_assert_nonnull (inner);
  g_assert_cmpint (inner->level, ==, GSMIME_HP_CIPHER);
  g_assert_false (inner->is_signed);
  g_assert_cmpstr (gsmime_protected_header (inner, "Keywords"), ==, "money");

  g_assert_null (gsmime_protected_headers_opened (msg, opaque, TRUE, FALSE));
  none = gsmime_protected_headers_opened (msg, alt, FALSE, FALSE);
  g_assert_null (none);
  g_assert_null (gsmime_protected_headers_opened (NULL, alt, TRUE, FALSE));
}

/* The three policies of RFC 9788, 3.2: the Subject obscured, Comments
 * and Keywords left out, and under hcp_shy addresses without names and
 * the Date in UTC; a value the policy cannot parse stays.  */
static void
test_hcp (void)
{
  struct
  {
    GsmimeHcp hcp;
    const char *name, *in, *out;
  } cases[] = {
    { GSMIME_HCP_BASELINE, "subject", "Quarterly numbers", "[...]" },
    { GSMIME_HCP_BASELINE, "Keywords", "money", NULL },
    { GSMIME_HCP_BASELINE, "Comments", "later", NULL },
    { GSMIME_HCP_BASELINE, "From", "Alice <alice@example.org>",
      "Alice <alice@example.org>" },
    { GSMIME_HCP_SHY, "From", "Alice <alice@example.org>",
      "alice@example.org" },
    { GSMIME_HCP_SHY, "To", "Bob <bob@example.org>, carol@example.org",
      "bob@example.org, carol@example.org" },
    { GSMIME_HCP_SHY, "To", "friends: bob@example.org;",
      "friends: bob@example.org;" },
    { GSMIME_HCP_SHY, "Date", "Mon, 06 Jan 2025 09:30:00 +0100",
      "Mon, 06 Jan 2025 08:30:00 +0000" },
    { GSMIME_HCP_SHY, "Date", "not a date", "not a date" },
    { GSMIME_HCP_SHY, "Subject", "x", "[...]" },
    { GSMIME_HCP_NO_CONFIDENTIALITY, "Subject", "x", "x" },
    { GSMIME_HCP_NO_CONFIDENTIALITY, "Keywords", "k", "k" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = gsmime_hcp_apply (cases[i].hcp, cases[i].name,
                                               cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
  g_assert_true (gsmime_hcp_user_facing ("subject"));
  g_assert_false (gsmime_hcp_user_facing ("Message-ID"));
}

static const char outgoing[] =
  "From: Alice <alice@example.org>\r\n"
  "To: bob@example.org\r\n"
  "Bcc: secret@example.org\r\n"
  "Subject: =?utf-8?q?Quarterly_<numbers>?=\r\n"
  "Keywords: money\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
  "--m\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
  "--a\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nHello\r\n"
  "--a\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n"
  "<html><body><p>Hello</p></body></html>\r\n--a--\r\n"
  "--m\r\nContent-Type: text/plain; charset=us-ascii\r\n"
  "Content-Disposition: attachment; filename=notes.txt\r\n\r\nnotes\r\n"
  "--m--\r\n";

static int
count (const char *text, const char *what)
{
  int n = 0;
  const char *p = text;

  while ((p = strstr (p, what)))
    {
      n++;
      p++;
    }
  return n;
}

static char *
written (GMimeObject *object)
{
  g_autoptr (GMimeStream) mem = g_mime_stream_mem_new ();
  GByteArray *bytes;

  g_mime_object_write_to_stream (object, NULL, mem);
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  return g_strndup ((const char *) bytes->data, bytes->len);
}

/* Composing an encrypted message: the copy carries every field but Bcc
 * and the structural ones, hp="cipher", HP-Outer of what stays outside,
 * and the Legacy Display Element in both alternatives, escaped in HTML,
 * never in the attachment; the message itself changes only when
 * gsmime_hp_obscure is called, and then only as the policy says.  What
 * gsmime show reads back of the copy is what was written.  */
static void
test_compose (void)
{
  g_autoptr (GMimeMessage) msg = parse_message (outgoing);
  g_autoptr (GsmimeHpOuter) outer = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMimeObject) payload = gsmime_hp_compose (
    msg, g_mime_message_get_mime_part (msg), TRUE, GSMIME_HCP_BASELINE, TRUE,
    &outer, &error);
  g_autofree char *text = written (payload);
  g_autofree char *before = written (GMIME_OBJECT (msg));
  g_autofree char *after = NULL;
  g_autoptr (GPtrArray) by = signers ("alice@example.org", GSMIME_REASON_VALID);
  GsmimePayloadFacts facts = { TRUE, TRUE, by };
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;

  g_assert_no_error (error);
  /* Line ends as GMime writes them do not matter here.  */
  g_strdelimit (text, "\r", ' ');
  g_assert_nonnull (strstr (text, "Subject: =?utf-8?q?Quarterly_<numbers>?="));
  g_assert_null (strstr (text, "secret@example.org"));
  g_assert_nonnull (strstr (text, "HP-Outer: Subject: [...]"));
  g_assert_nonnull (strstr (text, "HP-Outer: From: Alice <alice@example.org>"));
  g_assert_null (strstr (text, "HP-Outer: Keywords"));
  g_assert_nonnull (strstr (text, "Subject: Quarterly <numbers>"));
  g_assert_nonnull (strstr (text, "Keywords: money"));
  g_assert_nonnull (strstr (text, "<pre>Subject: Quarterly &lt;numbers&gt;"));
  g_assert_null (strstr (text, "numbers>\n \nnotes"));
  g_assert_cmpint (count (text, "hp-legacy-display=1"), ==, 2);
  g_assert_cmpint (count (text, "Keywords: money"), ==, 3);
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (payload, "hp"),
                   ==, "cipher");
  g_assert_null (strstr (before, "[...]"));
  hp = gsmime_hp_read (payload, msg, &facts, NULL);
  g_assert_cmpstr (gsmime_protected_header (hp, "Subject"), ==,
                   "Quarterly <numbers>");
  g_assert_cmpstr (gsmime_protected_header (hp, "Keywords"), ==, "money");
  gsmime_hp_obscure (msg, outer);
  after = written (GMIME_OBJECT (msg));
  g_assert_nonnull (strstr (after, "Subject: [...]"));
  g_assert_null (strstr (after, "Keywords"));
  g_assert_nonnull (strstr (after, "From: Alice <alice@example.org>"));
}

/* Signed only: hp="clear", every field copied, no HP-Outer and no
 * Legacy Display Element, nothing to change outside.  */
static void
test_compose_signed (void)
{
  g_autoptr (GMimeMessage) msg = parse_message (outgoing);
  g_autoptr (GsmimeHpOuter) outer = NULL;
  g_autoptr (GMimeObject) payload = gsmime_hp_compose (
    msg, g_mime_message_get_mime_part (msg), FALSE, GSMIME_HCP_BASELINE, TRUE,
    &outer, NULL);
  g_autofree char *text = written (payload);

  g_assert_null (outer);
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (payload, "hp"),
                   ==, "clear");
  g_assert_nonnull (strstr (text, "Keywords: money"));
  g_assert_null (strstr (text, "HP-Outer"));
  g_assert_null (strstr (text, "hp-legacy-display"));
}

/* The copy shares the content of the body's parts and changes none of
 * it: after the Legacy Display Element went into its text and signing
 * re-encoded it to 7-bit, the message writes out as before, and the
 * attachment's content is the very object the message holds (a big one
 * is never copied).  */
static void
test_compose_shares (void)
{
  g_autoptr (GMimeMessage) msg = parse_message (outgoing);
  g_autofree char *before = written (GMIME_OBJECT (msg));
  g_autoptr (GMimeObject) payload = gsmime_hp_compose (
    msg, g_mime_message_get_mime_part (msg), TRUE, GSMIME_HCP_BASELINE, TRUE,
    NULL, NULL);
  GMimeObject *body = g_mime_message_get_mime_part (msg);
  GMimeObject *attachment =
    g_mime_multipart_get_part (GMIME_MULTIPART (body), 1);
  GMimeObject *copied =
    g_mime_multipart_get_part (GMIME_MULTIPART (payload), 1);
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;

  g_mime_object_encode (payload, GMIME_ENCODING_CONSTRAINT_7BIT);
  g_mime_object_set_content_type_parameter (copied, "name", "changed.txt");
  text = written (payload);
  after = written (GMIME_OBJECT (msg));
  g_assert_cmpstr (after, ==, before);
  g_assert_true (copied != attachment);
  g_assert_true (g_mime_part_get_content (GMIME_PART (copied))
                 == g_mime_part_get_content (GMIME_PART (attachment)));
  g_assert_nonnull (strstr (text, "\nnotes"));
  g_assert_nonnull (strstr (text, "hp-legacy-display=1"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsmime_init ();
  g_test_add_func ("/header-protection/cipher", test_cipher);
  g_test_add_func ("/header-protection/trust", test_trust);
  g_test_add_func ("/header-protection/v1", test_v1);
  g_test_add_func ("/header-protection/one-line", test_one_line);
  g_test_add_func ("/header-protection/malformed", test_malformed);
  g_test_add_func ("/header-protection/from", test_from);
  g_test_add_func ("/header-protection/legacy-text", test_legacy_text);
  g_test_add_func ("/header-protection/legacy-html", test_legacy_html);
  g_test_add_func ("/header-protection/legacy-mark", test_legacy_mark);
  g_test_add_func ("/header-protection/entity", test_entity);
  g_test_add_func ("/header-protection/opened", test_opened);
  g_test_add_func ("/header-protection/hcp", test_hcp);
  g_test_add_func ("/header-protection/compose", test_compose);
  g_test_add_func ("/header-protection/compose-signed", test_compose_signed);
  g_test_add_func ("/header-protection/compose-shares", test_compose_shares);
  return g_test_run ();
}
