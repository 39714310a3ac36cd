package io.jitgate.policy;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The policies of a folder's {@code *.cedar} files, each with its id (its {@code @id("...")}, or
 * {@code <file>#<n>}) and where it starts, so any problem — a syntax error, a duplicate id, a schema
 * violation Cedar reports as an offset into one policy — is named as {@code file:line}.
 */
final class PolicyFiles {
    /** One policy and where its text starts. */
    record Located(Policy policy, Path file, String fileText, int offset) {
        /** The {@code file:line} of a character offset into this policy's text. */
        String at(int offsetInPolicy) {
            return file + ":" + lineOf(fileText, offset + Math.max(0, offsetInPolicy));
        }
    }

    private final Map<String, Located> byId;

    private PolicyFiles(Map<String, Located> byId) {
        this.byId = byId;
    }

    static PolicyFiles read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PolicyLoadException("policies folder " + dir + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".cedar")).sorted().toList();
        } catch (IOException e) {
            throw new PolicyLoadException("cannot list policies folder " + dir + ": " + e.getMessage());
        }
        Map<String, Located> byId = new LinkedHashMap<>();
        for (Path file : files) {
            for (Located located : parse(file)) {
                Located earlier = byId.putIfAbsent(located.policy().getID(), located);
                if (earlier != null) {
                    throw new PolicyLoadException(located.at(0) + ": policy id '" + located.policy().getID()
                            + "' is already used at " + earlier.at(0));
                }
            }
        }
        return new PolicyFiles(byId);
    }

    Map<String, Located> byId() {
        return byId;
    }

    Located find(String id) {
        return byId.get(id);
    }

    PolicySet set() {
        return new PolicySet(new java.util.HashSet<>(byId.values().stream().map(Located::policy).toList()));
    }

    private static List<Located> parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyLoadException(file + ": cannot read: " + e.getMessage());
        }
        PolicySet parsed;
        try {
            parsed = PolicySet.parsePolicies(text);
        } catch (Exception e) {
            throw new PolicyLoadException(syntaxError(file, text, reason(e)));
        }
        if (parsed.getNumTemplates() > 0) {
            throw new PolicyLoadException(file + ": policy templates are not supported");
        }
        List<Policy> inFileOrder = new ArrayList<>(parsed.policies);
        int from = 0;
        inFileOrder.sort(Comparator.comparingInt(p -> text.indexOf(p.getSource())));
        List<Located> out = new ArrayList<>();
        String base = file.getFileName().toString();
        int n = 0;
        for (Policy policy : inFileOrder) {
            n++;
            int offset = text.indexOf(policy.getSource(), from);
            if (offset < 0) {
                offset = Math.max(0, text.indexOf(policy.getSource()));
            } else {
                from = offset + 1;
            }
            String id;
            try {
                id = policy.getAnnotation("id");
            } catch (Exception e) {
                throw new PolicyLoadException(file + ":" + lineOf(text, offset) + ": " + reason(e));
            }
            out.add(new Located(new Policy(policy.getSource(), id == null || id.isBlank() ? base + "#" + n : id), file, text, offset));
        }
        return out;
    }

    /**
     * Cedar's parser names no position, so the file is cut into statements (at each {@code ;} outside
     * strings and comments) and the first statement that does not parse on its own is the one named.
     */
    static String syntaxError(Path file, String text, String reason) {
        int start = 0;
        for (int end : statementEnds(text)) {
            String statement = text.substring(start, end + 1);
            if (!statement.isBlank()) {
                try {
                    PolicySet.parsePolicies(statement);
                } catch (Exception e) {
                    return file + ":" + lineOf(text, start + firstCodeOffset(statement)) + ": syntax error in this policy: " + reason(e);
                }
            }
            start = end + 1;
        }
        String rest = text.substring(start);
        int at = rest.isBlank() ? text.length() : start + firstCodeOffset(rest);
        return file + ":" + lineOf(text, at) + ": syntax error in this policy: " + reason;
    }

    private static List<Integer> statementEnds(String text) {
        List<Integer> ends = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                int eol = text.indexOf('\n', i);
                i = eol < 0 ? text.length() : eol;
            } else if (c == ';') {
                ends.add(i);
            }
        }
        return ends;
    }

    /** The offset of the first character of a statement that is neither blank nor in a comment. */
    private static int firstCodeOffset(String statement) {
        int i = 0;
        while (i < statement.length()) {
            char c = statement.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < statement.length() && statement.charAt(i + 1) == '/') {
                int eol = statement.indexOf('\n', i);
                i = eol < 0 ? statement.length() : eol + 1;
            } else {
                return i;
            }
        }
        return 0;
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Cedar's message without the JNI wrapper's prefix. */
    static String reason(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.replaceFirst("^Internal error: ", "").replaceFirst("^Internal JNI Error: ", "");
    }
}
