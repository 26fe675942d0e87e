# tests/*.sh: end-to-end tests against dpjobs-sim (they need both programs built).
dist_check_SCRIPTS += tests/layering.sh
TESTS += tests/layering.sh
