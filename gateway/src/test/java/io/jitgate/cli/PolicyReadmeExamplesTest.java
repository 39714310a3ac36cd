package io.jitgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code ./jitgate policy explain} example of the README runs and prints what its comment says
 * ({@code # ALLOW|DENY ... [policy ids]} and, where given, {@code approval tier in force: T}).
 */
class PolicyReadmeExamplesTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static final Pattern EXPECT = Pattern.compile("#\\s*(ALLOW|DENY)[^\\[]*(\\[[^\\]]*\\])?(.*approval tier in force: (\\w+))?");

    record Example(String command, List<String> args, String decision, String policies, String tier) {
        @Override
        public String toString() {
            return command;
        }
    }

    static Stream<Example> examples() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("./jitgate policy explain")) {
                continue;
            }
            StringBuilder command = new StringBuilder();
            String line = lines.get(i);
            while (line.endsWith("\\")) {
                command.append(line, 0, line.length() - 1).append(' ');
                line = lines.get(++i);
            }
            command.append(line);
            String text = command.toString();
            Matcher expect = EXPECT.matcher(text);
            assertThat(expect.find()).as("the example names its answer: " + text).isTrue();
            String shell = text.substring(0, text.indexOf('#')).trim();
            out.add(new Example(shell, split(shell.substring("./jitgate ".length())), expect.group(1), expect.group(2), expect.group(4)));
        }
        assertThat(out).as("README examples").hasSizeGreaterThanOrEqualTo(4);
        return out.stream();
    }

    /** Splits a shell command line with single-quoted words (what the examples use). */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theReadmeExampleAnswersAsItsCommentSays(Example example) {
        List<String> args = new ArrayList<>(example.args());
        args.addAll(List.of("--tools", ROOT.resolve("tools").toString(), "--policies", ROOT.resolve("policies").toString()));
        CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
        assertThat(result.out()).as(result.err()).startsWith(example.decision() + " ");
        assertThat(result.exit()).isEqualTo(example.decision().equals("ALLOW") ? 0 : 3);
        if (example.policies() != null) {
            assertThat(result.out()).contains("deciding policies: " + example.policies().replace(" ", "").replace(",", ", "));
        }
        if (example.tier() != null) {
            assertThat(result.out()).contains("approval tier in force: " + example.tier());
        }
    }

    @Test
    void explainAppliesAnOperatorsTierFromATiersFile(@TempDir Path dir) throws Exception {
        Path tiers = dir.resolve("tiers.json");
        Files.writeString(tiers, "{\"whoami\": \"confirm\"}");
        CliRunner.Result result = CliRunner.run("policy", "explain", "--tool", "whoami", "--tiers-file", tiers.toString(),
                "--tools", ROOT.resolve("tools").toString(), "--policies", ROOT.resolve("policies").toString());
        assertThat(result.out()).contains("approval tier in force: confirm (definition auto, operator confirm)");
    }

    @Test
    void theSchemaCommandPrintsTheDerivedTypes() {
        CliRunner.Result result = CliRunner.run("policy", "schema", "--tools", ROOT.resolve("tools").toString(),
                "--policies", ROOT.resolve("policies").toString());
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("entity Tool {").contains("type Arguments = {").contains("TableName?: String");
    }
}
