# tools/ - the gsmime command, a thin front over common/.  "gsmime mutt"
# is one line of its command table; the mutt host is plugin/mutt/.

# What every subcommand of gsmime shares (the common options, exit
# statuses, failure messages), the mutt host's commands too.
noinst_LTLIBRARIES += tools/libgsmime-cli.la
tools_libgsmime_cli_la_SOURCES = tools/cli.h tools/cli.c tools/advice.c \
	tools/exit-codes.h

bin_PROGRAMS += tools/gsmime

tools_gsmime_SOURCES = \
	tools/main.c \
	tools/cmd-show.c tools/cmd-protect.c tools/cmd-import.c \
	tools/cmd-trust.c tools/cmd-certs.c tools/cmd-harvest.c \
	tools/report.h tools/report-text.c tools/report-json.c \
	tools/json-out.h tools/json-out.c \
	tools/cmd-directory.h tools/cmd-directory.c tools/cmd-lookup.c \
	tools/cmd-pin.c tools/cmd-doctor.c
tools_gsmime_LDADD = plugin/mutt/libgsmime-mutt.la tools/libgsmime-cli.la \
	common/libgsmime.la $(JSON_GLIB_LIBS)
