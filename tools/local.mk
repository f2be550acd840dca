# tools/ - the gsmime command, a thin front over common/.
bin_PROGRAMS += tools/gsmime

tools_gsmime_SOURCES = \
	tools/main.c tools/cli.h tools/cli.c tools/exit-codes.h \
	tools/cmd-show.c tools/cmd-protect.c tools/cmd-import.c \
	tools/cmd-trust.c tools/cmd-certs.c tools/cmd-harvest.c \
	tools/report.h tools/report-text.c tools/report-json.c \
	tools/json-out.h tools/json-out.c \
	tools/cmd-directory.h tools/cmd-directory.c tools/cmd-lookup.c \
	tools/cmd-pin.c \
	tools/mutt.h tools/cmd-mutt.c tools/mutt-call.c tools/mutt-unlock.c \
	tools/cmd-mutt-read.c tools/cmd-mutt-write.c tools/cmd-mutt-certs.c \
	tools/mutt-index.h tools/mutt-index.c \
	tools/mutt-smime-index.h tools/mutt-smime-index.c \
	tools/cmd-mutt-migrate.c \
	tools/mutt-server.h tools/mutt-server.c \
	tools/mutt-wire.h tools/mutt-wire.c
tools_gsmime_LDADD = common/libgsmime.la $(JSON_GLIB_LIBS) $(GNUTLS_LIBS)

# gsmime-mutt: what mutt runs per message.  It speaks to the session
# process with GLib alone, so that starting it costs little more than
# starting any program.
bin_PROGRAMS += tools/gsmime-mutt
tools_gsmime_mutt_SOURCES = tools/mutt-client.c \
	tools/mutt-wire.h tools/mutt-wire.c
tools_gsmime_mutt_CPPFLAGS = $(AM_CPPFLAGS) -DBINDIR=\"$(bindir)\"
tools_gsmime_mutt_LDFLAGS = -Wl,--as-needed
tools_gsmime_mutt_LDADD = $(GLIB_LIBS)

# The muttrc snippet users source: $(datadir)/gsmime/gsmime.muttrc.
muttsnippetdir = $(datadir)/gsmime
dist_muttsnippet_DATA = plugin/mutt/gsmime.muttrc
