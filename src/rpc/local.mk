# src/rpc: the asynchronous gRPC client layer. No curses or termkey.
