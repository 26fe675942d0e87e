# tests/unit: C unit tests printing TAP (see tests/unit/tap.h).
UNIT_TESTS = tests/unit/test_util tests/unit/test_model tests/unit/test_wire \
	tests/unit/test_textwidth
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

tests_unit_test_textwidth_SOURCES = tests/unit/test_textwidth.c tests/unit/tap.h
tests_unit_test_textwidth_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_textwidth_LDADD = libdputil.a
