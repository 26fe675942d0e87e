# tests: unit tests in C (tests/unit) and end-to-end tests in shell (tests/*.sh)
# against dpjobs-sim. Every test prints TAP.
EXTRA_DIST += tests/lib.sh tests/tui_lib.sh
include tests/unit/local.mk
include tests/e2e.mk
# A hostile loopback metadata service and hostile HTTP clients for tests/auth_hostile.sh.
check_PROGRAMS += tests/hostile_http
tests_hostile_http_SOURCES = tests/hostile_http.c
