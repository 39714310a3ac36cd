package io.jitgate.cli;

import io.jitgate.audit.AuditFileSet;
import io.jitgate.audit.AuditFilter;
import io.jitgate.audit.AuditQuery;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitgate audit query}: the records of a log (or rotated set) that match every filter given. */
@Command(name = "query", description = "Print the attribution records that match every filter given (as a table or JSON lines).")
final class AuditQueryCommand implements Callable<Integer> {
    enum Format { table, json }

    @Parameters(arity = "1..*", description = "log files, or folders holding them")
    List<Path> paths;
    @Option(names = "--agent") String agent;
    @Option(names = "--user", description = "the user the agent acted for") String user;
    @Option(names = "--tool") String tool;
    @Option(names = "--task", description = "the taskId the agent stated") String task;
    @Option(names = "--outcome", description = "served, denied, invalid or failed") String outcome;
    @Option(names = "--kind", description = "tool_call, operator_action, gateway_started, ...") String kind;
    @Option(names = "--request-id", description = "the AWS request id") String requestId;
    @Option(names = "--call-id") String callId;
    @Option(names = "--since", description = "ISO-8601 instant, inclusive") String since;
    @Option(names = "--until", description = "ISO-8601 instant, exclusive") String until;
    @Option(names = "--limit", defaultValue = "1000") int limit;
    @Option(names = "--format", defaultValue = "table", description = "table or json (one record per line)") Format format;

    @Override
    public Integer call() throws Exception {
        AuditFilter filter = new AuditFilter(agent, user, tool, task, outcome, kind, requestId, callId,
                AuditFilter.time("--since", since), AuditFilter.time("--until", until));
        List<JsonObject> found = new ArrayList<>();
        for (List<AuditFileSet.Member> set : AuditFileSet.sets(paths).values()) {
            found.addAll(AuditQuery.run(set, filter, limit - found.size() > 0 ? limit - found.size() : 1));
        }
        if (format == Format.json) {
            found.stream().limit(limit).forEach(r -> System.out.println(r.encode()));
        } else {
            System.out.print(AuditTable.render(found.stream().limit(limit).toList()));
        }
        return 0;
    }
}
