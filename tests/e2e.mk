# tests/*.sh: end-to-end tests against dpjobs-sim (they need both programs built).
# Each starts its own simulators on 127.0.0.1:0 (or a unix socket) and stops
# them by pid, so they run in parallel under make -j. The tui_* screen tests run
# the TUI in a private tmux server each (tests/tui_lib.sh).
E2E_TESTS = \
	tests/layering.sh \
	tests/manpages.sh \
	tests/sim_basics.sh \
	tests/sim_semantics.sh \
	tests/sim_validation.sh \
	tests/sim_iam.sh \
	tests/cli.sh \
	tests/log_follow.sh \
	tests/auth.sh \
	tests/auth_sources.sh \
	tests/auth_hostile.sh \
	tests/config.sh \
	tests/discovery.sh \
	tests/errors.sh \
	tests/tui_basics.sh \
	tests/tui_list.sh \
	tests/tui_detail.sh \
	tests/tui_layout.sh \
	tests/tui_log.sh \
	tests/tui_create.sh \
	tests/tui_cancel.sh \
	tests/tui_config.sh \
	tests/tui_profile.sh \
	tests/tui_header.sh \
	tests/demo.sh \
	tests/valgrind.sh
dist_check_SCRIPTS += $(E2E_TESTS)
TESTS += $(E2E_TESTS)
