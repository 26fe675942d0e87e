/* Names of gRPC status codes. */
#include "config.h"

#include "rpc/rpc.h"

const char *
rpc_code_name(int code)
{
	switch (code) {
#define RPC_CODE_CASE_(name, value)                                                                \
	case value:                                                                                \
		return #name;
		RPC_CODE_INFO(RPC_CODE_CASE_)
#undef RPC_CODE_CASE_
	}
	return "UNKNOWN";
}
