# src/sim: dpjobs-sim, a local Data Proc over the gRPC core server API.
