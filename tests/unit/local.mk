# tests/unit: C unit tests printing TAP (see tests/unit/tap.h).
UNIT_TESTS = tests/unit/test_util tests/unit/test_model tests/unit/test_wire \
	tests/unit/test_textwidth tests/unit/test_theme \
	tests/unit/test_jobstore tests/unit/test_logbuf tests/unit/test_logsearch \
	tests/unit/test_jobspec_json
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit/tap.h

tests_unit_test_util_SOURCES = tests/unit/test_util.c tests/unit/tap.h
tests_unit_test_util_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_util_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)

tests_unit_test_model_SOURCES = tests/unit/test_model.c tests/unit/tap.h
tests_unit_test_model_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_model_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)

tests_unit_test_wire_SOURCES = tests/unit/test_wire.c tests/unit/tap.h
tests_unit_test_wire_CPPFLAGS = $(AM_CPPFLAGS) $(PROTOBUFC_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_wire_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)

tests_unit_test_jobstore_SOURCES = tests/unit/test_jobstore.c tests/unit/tap.h
tests_unit_test_jobstore_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_jobstore_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)

tests_unit_test_logbuf_SOURCES = tests/unit/test_logbuf.c tests/unit/tap.h
tests_unit_test_logbuf_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_logbuf_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)

tests_unit_test_jobspec_json_SOURCES = tests/unit/test_jobspec_json.c tests/unit/tap.h
tests_unit_test_jobspec_json_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_jobspec_json_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)

tests_unit_test_logsearch_SOURCES = tests/unit/test_logsearch.c tests/unit/tap.h
tests_unit_test_logsearch_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_logsearch_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)

tests_unit_test_textwidth_SOURCES = tests/unit/test_textwidth.c tests/unit/tap.h
tests_unit_test_textwidth_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_textwidth_LDADD = libdputil.a

# Includes src/ui/theme.c itself to reach its parser and colour mapping; no
# libdpui.a needed. Reads themes/ and doc/dpjobs-config.5 from the source tree.
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c tests/unit/tap.h
tests_unit_test_theme_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS) $(TERMKEY_CFLAGS) \
	$(THEME_CPPFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_theme_LDADD = libdputil.a $(NCURSES_LIBS)

UNIT_TESTS += tests/unit/test_keymap
tests_unit_test_keymap_SOURCES = tests/unit/test_keymap.c tests/unit/tap.h
tests_unit_test_keymap_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS) $(TERMKEY_CFLAGS)
tests_unit_test_keymap_LDADD = libdpui.a libdputil.a $(TERMKEY_LIBS)

# Draws into a curses window on /dev/null and reads the cells back.
UNIT_TESTS += tests/unit/test_log_render
tests_unit_test_log_render_SOURCES = tests/unit/test_log_render.c tests/unit/tap.h
tests_unit_test_log_render_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS) $(TERMKEY_CFLAGS)
tests_unit_test_log_render_LDADD = libdpui.a libdputil.a $(NCURSES_LIBS)

# The form's editing keys, on fields only (no window is drawn).
UNIT_TESTS += tests/unit/test_form
tests_unit_test_form_SOURCES = tests/unit/test_form.c tests/unit/tap.h
tests_unit_test_form_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS) $(TERMKEY_CFLAGS)
tests_unit_test_form_LDADD = $(DP_UI_LIBS) $(DP_RPC_LIBS) $(DP_RPC_LDLIBS) $(DP_UI_LDLIBS)

# The simulator's IAM (src/sim/iam.c alone, from libdpsim.a): JWTs signed here with OpenSSL.
UNIT_TESTS += tests/unit/test_sim_iam
tests_unit_test_sim_iam_SOURCES = tests/unit/test_sim_iam.c tests/unit/tap.h
tests_unit_test_sim_iam_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_sim_iam_LDADD = libdpsim.a libdputil.a $(OPENSSL_LIBS) $(JANSSON_LIBS)

# The configuration file: util/conffile's grammar, ui/settings' OPTION_INFO and
# its binds; reads doc/dpjobs-config.5 from the source tree.
UNIT_TESTS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c tests/unit/tap.h
tests_unit_test_config_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS) $(TERMKEY_CFLAGS) \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_config_LDADD = libdpui.a libdputil.a $(TERMKEY_LIBS) $(NCURSES_LIBS)

# Random and mutated configuration files through util/conffile and src/cli/config.c,
# which it includes (options.c's two functions stubbed): ~20,000 inputs, source graphs
# in a temporary directory, FIFOs and devices, and the parse time of 10 MiB.
UNIT_TESTS += tests/unit/test_config_fuzz
tests_unit_test_config_fuzz_SOURCES = tests/unit/test_config_fuzz.c tests/unit/tap.h
tests_unit_test_config_fuzz_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS) $(TERMKEY_CFLAGS) \
	$(JANSSON_CFLAGS)
tests_unit_test_config_fuzz_LDADD = libdpui.a $(DP_CORE_LIBS) $(DP_CORE_LDLIBS) \
	$(TERMKEY_LIBS) $(NCURSES_LIBS) -lm

# src/rpc/errors.c (with codes.c for the code names) over gRPC's measured failure texts;
# compiled in, so no gRPC library is linked.
UNIT_TESTS += tests/unit/test_rpc_errors
tests_unit_test_rpc_errors_SOURCES = tests/unit/test_rpc_errors.c tests/unit/tap.h \
	src/rpc/errors.c src/rpc/codes.c
tests_unit_test_rpc_errors_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_rpc_errors_LDADD = libdputil.a

# The PS256 JWT of src/rpc/auth_key.c, verified here with OpenSSL against the public key.
UNIT_TESTS += tests/unit/test_auth_jwt
tests_unit_test_auth_jwt_SOURCES = tests/unit/test_auth_jwt.c tests/unit/tap.h
tests_unit_test_auth_jwt_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_auth_jwt_LDADD = $(DP_RPC_LIBS) $(DP_RPC_LDLIBS)

# The token command runner of src/rpc/auth_command.c: output, exit status, timeout, fds.
UNIT_TESTS += tests/unit/test_auth_command
tests_unit_test_auth_command_SOURCES = tests/unit/test_auth_command.c tests/unit/tap.h
tests_unit_test_auth_command_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_auth_command_LDADD = $(DP_RPC_LIBS) $(DP_RPC_LDLIBS)
