#!/bin/sh
# The layering rules of doc/architecture.md, checked on every #include line.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
cd "$top_srcdir" || exit 1
plan 6

# breaches DIR REGEX: the #include lines of DIR that match REGEX.
breaches() {
	[ -d "$1" ] || return 0
	grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$1" || true
}
is "$(breaches src/util 'n?curses|termkey|grpc/|.*\.pb-c\.h|model/|wire/|rpc/|ui/|cli/|sim/')" "" \
	"src/util includes no curses, termkey, grpc, protobuf-c or higher layer"
is "$(breaches src/model 'n?curses|termkey|grpc/|.*\.pb-c\.h|protobuf-c|wire/|rpc/|ui/|cli/|sim/')" "" \
	"src/model includes no curses, termkey, grpc, protobuf-c or higher layer"
is "$(breaches src/wire 'n?curses|termkey|grpc/|rpc/|ui/|cli/|sim/')" "" \
	"src/wire includes no curses, termkey, grpc or higher layer"
is "$(breaches src/rpc 'n?curses|termkey|ui/|cli/|sim/')" "" \
	"src/rpc includes no curses, termkey, ui, cli or sim"
is "$(grep -nE '#[[:space:]]*include[[:space:]]*[<"](grpc/|.*\.pb-c\.h|protobuf-c|wire/)' src/rpc/rpc.h 2>/dev/null)" "" \
	"no gRPC or protobuf-c type leaves src/rpc (rpc.h)"
# dpjobs --demo embeds the simulator: src/cli/demo.c alone may include its public sim.h.
is "$(breaches src/cli 'grpc/|.*\.pb-c\.h|protobuf-c|wire/|sim/' | grep -vx 'src/cli/demo\.c:[0-9]*:#include "sim/sim\.h"'; breaches src/ui 'grpc/|.*\.pb-c\.h|protobuf-c|wire/|sim/'; breaches src/sim 'ui/|cli/|rpc/')" "" \
	"src/cli and src/ui include no grpc or protobuf-c, nor src/sim but sim.h in demo.c; src/sim nothing of ui, cli, rpc"
done_testing
