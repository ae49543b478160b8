package example.mcpauth.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A settings file of the stack (config/stack.env, config/test.env, docker/.env) as its lines are
 * read by scripts/lib/common.sh: {@code KEY=VALUE} lines, leading blanks allowed, the value taken
 * to the end of the line as written (no quotes, no comments); every other line is ignored.
 */
public final class SettingsFile {

    /** One {@code KEY=VALUE} line, the value unresolved. */
    public record Assignment(String key, String value) { }

    /** common.sh's {@code ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$} (the value may hold a CR). */
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$", Pattern.DOTALL);

    private SettingsFile() { }

    /** Every assignment of the file, in file order (a key that repeats appears each time). */
    public static List<Assignment> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read settings file " + file, e);
        }
        return parse(text);
    }

    /** The assignments of a file's text (see {@link #read(Path)}). */
    public static List<Assignment> parse(String text) {
        List<Assignment> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.matches()) {
                out.add(new Assignment(m.group(1), m.group(2)));
            }
        }
        return out;
    }

    /** KEY to raw VALUE, in the order keys first appear; a repeated key keeps its last value. */
    public static Map<String, String> rawValues(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Assignment a : read(file)) {
            out.put(a.key(), a.value());
        }
        return out;
    }

    /** The keys the file defines, in the order they first appear. */
    public static Set<String> keys(Path file) {
        Set<String> out = new LinkedHashSet<>();
        for (Assignment a : read(file)) {
            out.add(a.key());
        }
        return out;
    }
}
