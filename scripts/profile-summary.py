"""Summarises async-profiler collapsed stacks of the gateway: the busiest frames, and the share of
CPU under the parts of a call (a frame counts once per stack, so shares overlap where parts nest)."""
import collections
import sys

PARTS = [
    ("Cedar decision (CedarPolicyEngine.decide)", "io/jitgate/policy/CedarPolicyEngine.decide"),
    ("  of which Cedar's JNI call", "com/cedarpolicy/BasicAuthorizationEngine.callCedarJNI"),
    ("  of which building the request (CedarRequests)", "io/jitgate/policy/CedarRequests."),
    ("JSON Schema validation (ValidateStage)", "io/jitgate/stages/ValidateStage.apply"),
    ("attribution record built (AuditRecords.toolCall)", "io/jitgate/pipeline/AuditRecords.toolCall"),
    ("attribution record encoded and queued (FileAuditLog.append)", "io/jitgate/audit/FileAuditLog.append"),
    ("audit writer thread (FileAuditLog.writeBatch)", "io/jitgate/audit/FileAuditLog.writeBatch"),
    ("  of which fsync (force0)", "FileDispatcherImpl.force0"),
    ("chain head writer thread", "io/jitgate/audit/ChainHeadWriter"),
    ("answer encoded and sent (McpHttpEndpoint.replyJson)", "io/jitgate/mcp/McpHttpEndpoint.replyJson"),
    ("request body decoded (Json.decodeValue)", "io/vertx/core/json/Json.decodeValue"),
    ("metrics (GatewayMetrics)", "io/jitgate/metrics/GatewayMetrics"),
    ("exceptions filled in (Throwable.fillInStackTrace)", "java/lang/Throwable.fillInStackTrace"),
    ("JIT compiler threads", "CompileBroker"),
    ("garbage collector threads", "GCTaskThread"),
]


def main(path):
    stacks = []
    for line in open(path):
        frames, _, count = line.rstrip("\n").rpartition(" ")
        if frames:
            stacks.append((frames.split(";"), int(count)))
    total = sum(n for _, n in stacks) or 1
    print(f"samples: {total}")
    print("share of CPU under each part of a call:")
    for label, needle in PARTS:
        share = sum(n for frames, n in stacks if any(needle in f for f in frames))
        print(f"  {100 * share / total:5.1f}%  {label}")
    own = collections.Counter()
    for frames, n in stacks:
        own[frames[-1]] += n
    print("busiest frames (own time):")
    for frame, n in own.most_common(12):
        print(f"  {100 * n / total:5.1f}%  {frame[:110]}")


if __name__ == "__main__":
    main(sys.argv[1])
