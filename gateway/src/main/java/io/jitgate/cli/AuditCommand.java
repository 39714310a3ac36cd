package io.jitgate.cli;

import io.jitgate.audit.AuditFileSet;
import io.jitgate.audit.AuditVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitgate audit verify|query}: checks and searches the attribution log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the attribution log.",
        subcommands = {AuditCommand.Verify.class, AuditQueryCommand.class, AuditVerifyPostgresCommand.class})
final class AuditCommand {
    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the hash chain of an attribution log or a rotated set "
            + "(a folder, or files such as audit/attribution*.jsonl) and its end against the head file; exit 1 at the first bad or missing record.")
    static final class Verify implements Callable<Integer> {
        @Parameters(arity = "1..*", description = "log files, or folders holding them (rotated files are ordered by number)")
        List<Path> paths;
        @Option(names = "--allow-missing-head", description = "accept a set without its head file (NAME.jsonl.head): "
                + "then records cut from the end cannot be detected")
        boolean allowMissingHead;

        @Override
        public Integer call() throws Exception {
            Map<String, List<AuditFileSet.Member>> sets = AuditFileSet.sets(paths);
            if (sets.isEmpty()) {
                throw new IllegalArgumentException("no attribution log (*.jsonl) in " + paths);
            }
            boolean allOk = true;
            for (Map.Entry<String, List<AuditFileSet.Member>> set : sets.entrySet()) {
                AuditVerifier.Result result = AuditVerifier.verifySet(set.getValue(), !allowMissingHead);
                String name = set.getValue().size() == 1 ? set.getValue().get(0).path().toString()
                        : set.getKey() + " (" + set.getValue().size() + " files)";
                (result.ok() ? System.out : System.err).println(result.describe(Path.of(name)));
                allOk &= result.ok();
            }
            return allOk ? 0 : 1;
        }
    }
}
