# src/rpc: the asynchronous gRPC client layer. No curses or termkey.
# gRPC and protobuf-c types stay inside this directory; rpc.h is free of them.
noinst_LIBRARIES += libdprpc.a
libdprpc_a_SOURCES = \
	src/rpc/rpc.h src/rpc/internal.h \
	src/rpc/client.c \
	src/rpc/call.c \
	src/rpc/methods.c \
	src/rpc/result.c \
	src/rpc/errors.h src/rpc/errors.c \
	src/rpc/channel.c \
	src/rpc/backoff.c \
	src/rpc/auth.h src/rpc/auth.c src/rpc/auth_key.c \
	src/rpc/auth_fetch.h src/rpc/auth_command.c src/rpc/auth_metadata.c \
	src/rpc/codes.c
libdprpc_a_CPPFLAGS = $(AM_CPPFLAGS) $(GRPC_CFLAGS) $(PROTOBUFC_CFLAGS) $(JANSSON_CFLAGS) \
	$(OPENSSL_CFLAGS) $(CURL_CFLAGS)
# BUILT_SOURCES only applies to all/check/install: say it for `make libdprpc.a` too.
$(libdprpc_a_OBJECTS): $(PROTO_GEN_H)
EXTRA_DIST += src/rpc/grpc.supp src/rpc/lsan.supp

# Link order for programs that make calls: this layer, then the core layers.
DP_RPC_LIBS = libdprpc.a $(DP_CORE_LIBS)
DP_RPC_LDLIBS = $(GRPC_LIBS) $(CURL_LIBS) $(OPENSSL_LIBS) $(DP_CORE_LDLIBS)
