package io.jitgate.resources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URI template with simple variables only ({@code test://template/{id}/data}, RFC 6570 level 1).
 * A variable matches one or more characters other than {@code /}, {@code ?} and {@code #}.
 */
public final class UriTemplate {
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String text;
    private final Pattern pattern;
    private final List<String> variables;

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming what is wrong. */
    public UriTemplate(String text) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = VARIABLE.matcher(text);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(text.substring(at, m.start())));
            if (names.contains(m.group(1))) {
                throw new IllegalArgumentException("variable {" + m.group(1) + "} appears twice");
            }
            names.add(m.group(1));
            regex.append("([^/?#]+)");
            at = m.end();
        }
        String rest = text.substring(at);
        String literal = VARIABLE.matcher(text).replaceAll("");
        if (literal.contains("{") || literal.contains("}")) {
            throw new IllegalArgumentException("only simple variables like {id} are supported, but the template is " + text);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a template needs at least one variable like {id}, but was " + text);
        }
        regex.append(Pattern.quote(rest));
        this.text = text;
        this.pattern = Pattern.compile(regex.toString());
        this.variables = List.copyOf(names);
    }

    public String text() {
        return text;
    }

    public List<String> variables() {
        return variables;
    }

    /** The variables' values if {@code uri} matches this template. */
    public Optional<Map<String, String>> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            values.put(variables.get(i), m.group(i + 1));
        }
        return Optional.of(values);
    }
}
