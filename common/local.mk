# common/ - the host-neutral S/MIME core, linked into every host.
noinst_LTLIBRARIES += common/libgsmime.la
pkglibexec_SCRIPTS = common/gsmime-gpgsm
EXTRA_DIST += common/gsmime-gpgsm.in

common_libgsmime_la_SOURCES = \
	common/gsmime.h common/gmime-autoptr.h common/init.c \
	common/i18n.h common/i18n.c \
	common/error.h common/error.c \
	common/wipe.h common/streams.h common/agent.h common/home.h \
	common/settings.h common/settings.c \
	common/session.h common/session.c \
	common/homeconf.h common/homeconf.c \
	common/data.h common/data.c \
	common/canonical-pipe.h common/canonical-pipe.c \
	common/der-sink.h common/der-sink.c \
	common/parking.h common/parking.c \
	common/message.h common/message.c \
	common/keys.h common/keys.c \
	common/keyselect.h common/keyselect.c \
	common/reasons.h common/reasons.c \
	common/verdict.h common/verdict.c \
	common/headline.h common/headline.c \
	common/sign.h common/sign.c \
	common/verify.h common/verify.c \
	common/encrypt.h common/encrypt.c \
	common/decrypt.h common/decrypt.c \
	common/cms-shape.h common/cms-shape.c \
	common/cms-shape-walk.h common/cms-shape-stream.c \
	common/pkcs7-kind.h common/pkcs7-kind.c \
	common/compressed.h common/compressed.c \
	common/engine.h common/engine.c \
	common/unsupported.h common/unsupported.c \
	common/reader.h common/reader.c \
	common/header-protection.h common/header-protection-read.h \
	common/header-protection-read.c common/header-protection-opened.c \
	common/header-protection-entity.h common/header-protection-entity.c \
	common/header-protection-write.h common/header-protection-write.c \
	common/hcp.h common/hcp.c \
	common/protect.h common/protect.c \
	common/call-agent.h common/call-agent.c \
	common/call-agent-trustlist.h common/call-agent-trustlist.c \
	common/call-gpgconf.h common/call-gpgconf.c \
	common/call-gpgsm.h common/call-gpgsm.c \
	common/call-gpgsm-validate.h common/call-gpgsm-validate.c \
	common/import.h common/import.c \
	common/pkcs12.h common/pkcs12.c \
	common/ec-key.h common/ec-key.c \
	common/pem.h common/pem.c \
	common/cert-bundle.h common/cert-bundle.c \
	common/pem-key.h common/pem-key.c \
	common/export.h common/export.c \
	common/trust.h common/trust.c \
	common/certs.h common/certs.c \
	common/revocation.h common/revocation.c \
	common/revocation-plan.h common/revocation-plan.c \
	common/harvest.h common/harvest.c \
	common/harvest-order.h common/harvest-order.c common/harvest-turn.h \
	common/provenance-lock.h common/provenance-lock.c \
	common/verify-harvest.h common/verify-harvest.c \
	common/bounded.h common/bounded.c \
	common/call-dirmngr.h common/call-dirmngr.c \
	common/directory.h common/directory.c \
	common/lookup.h common/lookup.c \
	common/pin.h common/pin.c \
	common/candidates.h common/candidates.c

common_libgsmime_la_LIBADD = $(GLIB_LIBS) $(GPGME_LIBS) $(ASSUAN_LIBS) \
	$(GPG_ERROR_LIBS) $(GMIME_LIBS) $(GNUTLS_LIBS) $(NETTLE_LIBS) \
	$(KSBA_LIBS) $(TASN1_LIBS) $(LTLIBINTL)

# The ASN.1 types the core decodes with libtasn1, as the C table libtasn1
# builds its tree from, made at build time by asn1-table.
noinst_PROGRAMS = common/asn1-table
common_asn1_table_SOURCES = common/asn1-table.c
common_asn1_table_LDADD = $(TASN1_LIBS)
nodist_common_libgsmime_la_SOURCES = common/compressed-asn1.c
BUILT_SOURCES = common/compressed-asn1.c
CLEANFILES += common/compressed-asn1.c
EXTRA_DIST += common/compressed.asn
common/compressed-asn1.c: common/compressed.asn common/asn1-table$(EXEEXT)
	$(AM_V_GEN)common/asn1-table$(EXEEXT) $(srcdir)/common/compressed.asn \
	  $@ gsmime_compressed_asn1
