# tests/ - unit tests (GTest) and integration tests with the real gpgsm,
# gpg-agent and dirmngr.  tests/run-tests runs them all and prints the
# closing "N passed, N failed" line.
check_PROGRAMS += tests/unit/test-verdict

tests_unit_test_verdict_SOURCES = tests/unit/test-verdict.c
tests_unit_test_verdict_LDADD = common/libgsmime.la

check_PROGRAMS += tests/unit/test-pkcs12 tests/unit/pkcs12-tool
tests_unit_test_pkcs12_SOURCES = tests/unit/test-pkcs12.c
tests_unit_test_pkcs12_LDADD = common/libgsmime.la $(GNUTLS_LIBS)
tests_unit_pkcs12_tool_SOURCES = tests/unit/pkcs12-tool.c
tests_unit_pkcs12_tool_LDADD = common/libgsmime.la

# Scripts, data and the harness travel with the tarball.
dist_files = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/integration/*.sh $(srcdir)/tests/lib/*.sh \
	$(srcdir)/tests/lib/*.py $(srcdir)/tests/lib/fake-pinentry \
	$(srcdir)/tests/pki/* $(srcdir)/tests/data/*.md \
	$(srcdir)/tests/bench/* $(srcdir)/scripts/*.sh $(srcdir)/doc/*.md))
EXTRA_DIST += tests/run-tests $(dist_files)

check-local: $(check_PROGRAMS) $(bin_PROGRAMS)
	$(SHELL) $(srcdir)/tests/run-tests --srcdir $(srcdir) --builddir $(builddir) \
		$(RUN_TESTS_FLAGS)

# Builds the test programs without running them (the sanitizer build).
check-programs: $(check_PROGRAMS)
.PHONY: check-programs

clean-local:
	rm -rf tests/logs
