# src/wire: protoc-c output plus protobuf <-> model conversion and JSON.
# Shared by the client layer and the simulator; nothing else includes *.pb-c.h.
noinst_LIBRARIES += libdpwire.a
nodist_libdpwire_a_SOURCES = $(PROTO_GEN)
libdpwire_a_SOURCES = \
	src/wire/convert.c src/wire/convert.h \
	src/wire/pbjson.c src/wire/pbjson.h
libdpwire_a_CPPFLAGS = $(AM_CPPFLAGS) $(PROTOBUFC_CFLAGS) $(JANSSON_CFLAGS)

# Link order for programs: higher layers first.
DP_CORE_LIBS = libdpwire.a libdpmodel.a libdputil.a
DP_CORE_LDLIBS = $(JANSSON_LIBS) $(PROTOBUFC_LIBS) $(UUID_LIBS)
