/**
 * The one way the node service runs host programs: argument lists (never a shell), a timeout sized
 * from the caller's gRPC deadline, captured output, and a failure that names the command, its exit
 * code and its stderr. Depends on nothing else of ours but gRPC's {@code Context}.
 */
package io.linstorcsi.node.exec;
