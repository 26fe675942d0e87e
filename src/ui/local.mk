# src/ui: the TUI. Curses draws, libtermkey reads keys; no grpc, no protobuf-c.
noinst_LIBRARIES += libdpui.a
libdpui_a_SOURCES = \
	src/ui/ui.h src/ui/app.h src/ui/internal.h \
	src/ui/app.c \
	src/ui/loop.c \
	src/ui/term.c \
	src/ui/keymap.c src/ui/keymap.h \
	src/ui/settings.c src/ui/settings.h \
	src/ui/layout.c \
	src/ui/view.c \
	src/ui/view_jobs.c \
	src/ui/view_detail.c src/ui/views.h \
	src/ui/view_log.c src/ui/log.h \
	src/ui/log_render.c \
	src/ui/log_search.c \
	src/ui/log_export.c \
	src/ui/prompt.c \
	src/ui/statusbar.c \
	src/ui/help.c \
	src/ui/picker.c \
	src/ui/ops.c src/ui/ops.h \
	src/ui/form.c src/ui/form.h \
	src/ui/dialog_create.c \
	src/ui/dialog_confirm.c \
	src/ui/cancel.c \
	src/ui/ops_view.c \
	src/ui/spawn.c \
	src/ui/edit.c \
	src/ui/theme.c src/ui/theme.h
libdpui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS) $(TERMKEY_CFLAGS) $(JANSSON_CFLAGS) \
	$(THEME_CPPFLAGS)

# Link order for programs that run the TUI: this layer before the rpc layer.
DP_UI_LIBS = libdpui.a
DP_UI_LDLIBS = $(NCURSES_LIBS) $(TERMKEY_LIBS)

# doc/dpjobs.1's key table is made from ACTION_INFO; this test fails when it drifted
# (src/ui/man-keys.sh --update doc/dpjobs.1 rewrites it).
TESTS += src/ui/man-keys.sh
dist_check_SCRIPTS += src/ui/man-keys.sh
