package io.jitgate.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a large Cedar policy set ({@code bench.cedar}) over the tools of a catalogue, for the
 * policy-heavy load scenario: the same mix of policies as {@code loadtest policy}.
 */
@Command(name = "policy-set", description = "Write a large Cedar policy set over a catalogue's tools (for the policy-heavy scenario).")
final class PolicySetCommand implements Callable<Integer> {
    @Option(names = "--catalogue", required = true) Path catalogue;
    @Option(names = "--policies", defaultValue = "200") int policies;
    @Option(names = "--out", required = true, description = "folder to write bench.cedar into") Path out;

    @Override
    public Integer call() throws Exception {
        List<String> names;
        try (Stream<Path> files = Files.list(catalogue)) {
            names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(catalogue + " has no tool definitions (*.json)");
        }
        Files.createDirectories(out);
        PolicyBench.writePolicies(out, names, policies);
        System.out.println("wrote " + policies + " policies over " + names.size() + " tools to " + out.resolve("bench.cedar"));
        return 0;
    }
}
