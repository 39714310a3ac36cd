package io.jitgate.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one rotated attribution log. The active file is {@code NAME.jsonl}; rotation renames
 * it to {@code NAME.000001.jsonl}, {@code NAME.000002.jsonl}, ... (the number grows by one per
 * rotation), so the chain runs through the numbered files in order and ends in the active file.
 * Files set aside after a crash ({@code NAME.jsonl.torn-...}) are not members.
 */
public final class AuditFileSet {
    private static final Pattern ROTATED = Pattern.compile("(.+)\\.(\\d{6,})\\.jsonl");
    private static final String EXT = ".jsonl";

    /** One member: its path, and its number ({@link Long#MAX_VALUE} for the active file). */
    public record Member(Path path, String stem, long number) {
    }

    private AuditFileSet() {
    }

    /** The name a file gets when it is rotated out as number {@code number}. */
    public static Path rotatedName(Path active, long number) {
        return active.resolveSibling(stem(active) + "." + String.format("%06d", number) + EXT);
    }

    /** The members of the set whose active file is {@code active}, oldest first (active last, if it exists). */
    public static List<Member> members(Path active) throws IOException {
        Path dir = active.toAbsolutePath().getParent();
        String stem = stem(active);
        List<Member> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).map(AuditFileSet::member).flatMap(Optional::stream)
                        .filter(m -> m.stem().equals(stem) && m.number() != Long.MAX_VALUE).forEach(out::add);
            }
        }
        if (Files.isRegularFile(active)) {
            out.add(new Member(active, stem, Long.MAX_VALUE));
        }
        out.sort(Comparator.comparingLong(Member::number));
        return out;
    }

    /**
     * Groups paths (files, or folders standing for the {@code *.jsonl} files in them) into sets, each
     * in chain order. A shell glob such as {@code audit/attribution*.jsonl} gives the same sets as the folder.
     */
    public static Map<String, List<Member>> sets(List<Path> paths) throws IOException {
        List<Member> all = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(Files::isRegularFile).map(AuditFileSet::member).flatMap(Optional::stream).forEach(all::add);
                }
            } else if (Files.isRegularFile(p)) {
                all.add(member(p).orElse(new Member(p, p.getFileName().toString(), Long.MAX_VALUE)));
            } else {
                throw new IOException("no attribution log at " + p);
            }
        }
        Map<String, List<Member>> sets = new LinkedHashMap<>();
        all.stream().sorted(Comparator.comparing((Member m) -> m.path().toAbsolutePath().getParent().resolve(m.stem()).toString())
                        .thenComparingLong(Member::number))
                .forEach(m -> sets.computeIfAbsent(m.path().toAbsolutePath().getParent().resolve(m.stem()) + EXT,
                        k -> new ArrayList<>()).add(m));
        return sets;
    }

    /** The next free rotation number for {@code active}. */
    public static long nextNumber(Path active) throws IOException {
        return members(active).stream().filter(m -> m.number() != Long.MAX_VALUE)
                .mapToLong(Member::number).max().orElse(0) + 1;
    }

    private static Optional<Member> member(Path file) {
        String name = file.getFileName().toString();
        Matcher m = ROTATED.matcher(name);
        if (m.matches()) {
            return Optional.of(new Member(file, m.group(1), Long.parseLong(m.group(2))));
        }
        if (name.endsWith(EXT)) {
            return Optional.of(new Member(file, name.substring(0, name.length() - EXT.length()), Long.MAX_VALUE));
        }
        return Optional.empty();
    }

    static String stem(Path active) {
        String name = active.getFileName().toString();
        return name.endsWith(EXT) ? name.substring(0, name.length() - EXT.length()) : name;
    }
}
