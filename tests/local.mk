# tests/ - unit tests (GTest) and integration tests with the real gpgsm,
# gpg-agent and dirmngr.  tests/run-tests runs them all and prints the
# closing "N passed, N failed" line.
check_PROGRAMS += tests/unit/test-verdict

tests_unit_test_verdict_SOURCES = tests/unit/test-verdict.c
tests_unit_test_verdict_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-reasons
tests_unit_test_reasons_SOURCES = tests/unit/test-reasons.c
tests_unit_test_reasons_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-header-protection
tests_unit_test_header_protection_SOURCES = \
	tests/unit/test-header-protection.c
tests_unit_test_header_protection_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-stream-write
tests_unit_test_stream_write_SOURCES = tests/unit/test-stream-write.c
tests_unit_test_stream_write_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-pkcs7-kind
tests_unit_test_pkcs7_kind_SOURCES = tests/unit/test-pkcs7-kind.c
tests_unit_test_pkcs7_kind_LDADD = common/libgsmime.la
check_PROGRAMS += tests/unit/test-engine
tests_unit_test_engine_SOURCES = tests/unit/test-engine.c
tests_unit_test_engine_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-unsupported
tests_unit_test_unsupported_SOURCES = tests/unit/test-unsupported.c
tests_unit_test_unsupported_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-revocation-plan
tests_unit_test_revocation_plan_SOURCES = tests/unit/test-revocation-plan.c
tests_unit_test_revocation_plan_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-gpgsm-validation
tests_unit_test_gpgsm_validation_SOURCES = tests/unit/test-gpgsm-validation.c
tests_unit_test_gpgsm_validation_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-homeconf
tests_unit_test_homeconf_SOURCES = tests/unit/test-homeconf.c \
	tests/unit/conf-home.h tests/unit/conf-home.c
tests_unit_test_homeconf_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-directory
tests_unit_test_directory_SOURCES = tests/unit/test-directory.c \
	tests/unit/conf-home.h tests/unit/conf-home.c
tests_unit_test_directory_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-trustlist
tests_unit_test_trustlist_SOURCES = tests/unit/test-trustlist.c
tests_unit_test_trustlist_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-pem
tests_unit_test_pem_SOURCES = tests/unit/test-pem.c
tests_unit_test_pem_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-cert-bundle
tests_unit_test_cert_bundle_SOURCES = tests/unit/test-cert-bundle.c
tests_unit_test_cert_bundle_LDADD = common/libgsmime.la $(GNUTLS_LIBS)

check_PROGRAMS += tests/unit/test-pkcs12 tests/unit/pkcs12-tool
tests_unit_test_pkcs12_SOURCES = tests/unit/test-pkcs12.c
tests_unit_test_pkcs12_LDADD = common/libgsmime.la $(GNUTLS_LIBS)
tests_unit_pkcs12_tool_SOURCES = tests/unit/pkcs12-tool.c
tests_unit_pkcs12_tool_LDADD = common/libgsmime.la

# Prints what common/cms-shape.c reads of CMS objects, for
# tests/integration/cms-outline.sh.
check_PROGRAMS += tests/unit/cms-outline-tool
tests_unit_cms_outline_tool_SOURCES = tests/unit/cms-outline-tool.c
tests_unit_cms_outline_tool_LDADD = common/libgsmime.la

# Scripts, data and the harness travel with the tarball.
dist_files = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/integration/*.sh $(srcdir)/tests/lib/*.sh \
	$(srcdir)/tests/lib/*.py $(srcdir)/tests/lib/fake-pinentry \
	$(srcdir)/tests/pki/* $(srcdir)/tests/data/*.md $(srcdir)/tests/data/bad/* \
	$(srcdir)/tests/bench/* $(srcdir)/scripts/*.sh $(srcdir)/doc/*.md))
EXTRA_DIST += tests/run-tests tests/valgrind.supp tests/lsan.supp $(dist_files)

check-local: $(check_PROGRAMS) $(bin_PROGRAMS)
	$(SHELL) $(srcdir)/tests/run-tests --srcdir $(srcdir) --builddir $(builddir) \
		$(RUN_TESTS_FLAGS)

# Builds the test programs without running them (the sanitizer build).
check-programs: $(check_PROGRAMS)
.PHONY: check-programs

# make check-asan: the whole suite against a second build made with
# -fsanitize=address,undefined in asan/ under this build tree.  A leak,
# an overflow or undefined behaviour in any gsmime program a test runs
# ends that run with an error, which fails the test.  scripts/check.sh
# (CI) runs it in the same pass as make check.
ASAN_BUILDDIR = $(abs_top_builddir)/asan
asan-build:
	$(SHELL) $(top_srcdir)/scripts/build.sh $(ASAN_BUILDDIR) \
		--enable-sanitizers >/dev/null
	$(MAKE) -C $(ASAN_BUILDDIR) check-programs >/dev/null
check-asan: asan-build
	$(SHELL) $(srcdir)/tests/run-tests --srcdir $(srcdir) \
		--builddir $(ASAN_BUILDDIR) $(RUN_TESTS_FLAGS)
.PHONY: asan-build check-asan

# make check-valgrind: integration tests that drive the gsmime command,
# with every gsmime and gsmime-mutt under memcheck.  Run by hand (it
# takes long).  Only tests whose outcome survives memcheck's thirty-fold
# slowdown are listed: under it, revocation checks run out their budget
# and PKCS#12 key derivation outlasts the tests' timeouts, which changes
# what the other tests see.  Add VALGRIND_TESTS=... to run more.
VALGRIND_TESTS = verdicts
check-valgrind: $(check_PROGRAMS) $(bin_PROGRAMS)
	$(SHELL) $(srcdir)/tests/run-tests --srcdir $(srcdir) \
		--builddir $(builddir) --valgrind \
		$(patsubst %,integration/%.sh,$(VALGRIND_TESTS))
.PHONY: check-valgrind

clean-local:
	rm -rf tests/logs

# Fuzz targets (tests/fuzz/).  Normally each is a plain program that
# replays a corpus (replay.c), run by tests/integration/fuzz-corpus.sh;
# with --enable-fuzzing (clang) they are libFuzzer programs instead, run
# by scripts/fuzz.sh.
fuzz_programs = tests/fuzz/fuzz-message tests/fuzz/fuzz-cms-certs \
	tests/fuzz/fuzz-pkcs12 tests/fuzz/fuzz-import
check_PROGRAMS += $(fuzz_programs)
fuzz_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)
if ENABLE_FUZZING
fuzz_main =
fuzz_ldflags = -fsanitize=fuzzer
else
fuzz_main = tests/fuzz/replay.c
fuzz_ldflags =
endif
fuzz_ldadd = common/libgsmime.la
tests_fuzz_fuzz_message_SOURCES = tests/fuzz/fuzz-message.c \
	tests/fuzz/fuzz-home.c tests/fuzz/fuzz.h tests/fuzz/fuzz-strict.c $(fuzz_main)
tests_fuzz_fuzz_message_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_fuzz_message_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_message_LDADD = $(fuzz_ldadd)
tests_fuzz_fuzz_cms_certs_SOURCES = tests/fuzz/fuzz-cms-certs.c \
	tests/fuzz/fuzz.h tests/fuzz/fuzz-strict.c $(fuzz_main)
tests_fuzz_fuzz_cms_certs_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_fuzz_cms_certs_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_cms_certs_LDADD = $(fuzz_ldadd)
tests_fuzz_fuzz_pkcs12_SOURCES = tests/fuzz/fuzz-pkcs12.c \
	tests/fuzz/fuzz.h tests/fuzz/fuzz-strict.c $(fuzz_main)
tests_fuzz_fuzz_pkcs12_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_fuzz_pkcs12_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_pkcs12_LDADD = $(fuzz_ldadd)
tests_fuzz_fuzz_import_SOURCES = tests/fuzz/fuzz-import.c \
	tests/fuzz/fuzz-home.c tests/fuzz/fuzz.h tests/fuzz/fuzz-strict.c $(fuzz_main)
tests_fuzz_fuzz_import_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_fuzz_import_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_import_LDADD = $(fuzz_ldadd)
fuzz_programs += tests/fuzz/fuzz-provenance
tests_fuzz_fuzz_provenance_SOURCES = tests/fuzz/fuzz-provenance.c \
	tests/fuzz/fuzz-home.c tests/fuzz/fuzz.h tests/fuzz/fuzz-strict.c $(fuzz_main)
# The target finds its keybox in the source tree, wherever it runs.
tests_fuzz_fuzz_provenance_CPPFLAGS = $(fuzz_cppflags) \
	-DFUZZ_SRCDIR='"$(abs_top_srcdir)"'
tests_fuzz_fuzz_provenance_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_provenance_LDADD = $(fuzz_ldadd)
EXTRA_DIST += tests/fuzz/provenance-keybox.pem
# The reader of a classic mutt S/MIME store and the %c/%k path mapping
# are the mutt host's (plugin/mutt/), so the target links its library.
fuzz_programs += tests/fuzz/fuzz-mutt-index
tests_fuzz_fuzz_mutt_index_SOURCES = tests/fuzz/fuzz-mutt-index.c \
	tests/fuzz/fuzz.h tests/fuzz/fuzz-strict.c $(fuzz_main)
tests_fuzz_fuzz_mutt_index_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_fuzz_mutt_index_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_fuzz_mutt_index_LDADD = plugin/mutt/libgsmime-mutt.la \
	tools/libgsmime-cli.la $(fuzz_ldadd)
EXTRA_DIST += tests/fuzz/make-corpus.sh tests/fuzz/corpus
