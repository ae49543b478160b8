package example.mcpauth.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A small parser of nginx configuration: directives and blocks; the text of *_by_lua_block
 * blocks is kept raw. Enough to check what a generated nginx.conf does.
 */
public final class NginxConf {
    public record Node(String name, List<String> args, List<Node> children, String raw) {
        public Stream<Node> all(String name) {
            return children.stream().filter(n -> n.name.equals(name));
        }

        public Optional<Node> first(String name) {
            return all(name).findFirst();
        }

        /** Every node below this one, depth first. */
        public Stream<Node> descendants() {
            return children.stream().flatMap(c -> Stream.concat(Stream.of(c), c.descendants()));
        }
    }

    private final String s;
    private int i;

    private NginxConf(String s) {
        this.s = s;
    }

    public static Node parse(String text) {
        NginxConf p = new NginxConf(text);
        return new Node("main", List.of(), p.block(false), null);
    }

    private List<Node> block(boolean nested) {
        List<Node> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (i >= s.length()) {
                if (nested) throw new IllegalArgumentException("unclosed block");
                return out;
            }
            char c = s.charAt(i);
            if (c == '}') {
                i++;
                if (!nested) throw new IllegalArgumentException("unexpected } at " + i);
                return out;
            } else if (c == ';') {
                i++;
                out.add(new Node(words.get(0), List.copyOf(words.subList(1, words.size())), List.of(), null));
                words.clear();
            } else if (c == '{') {
                i++;
                String name = words.get(0);
                if (name.endsWith("_by_lua_block")) {
                    int start = i;
                    skipLua();
                    out.add(new Node(name, List.copyOf(words.subList(1, words.size())), List.of(), s.substring(start, i - 1)));
                } else {
                    out.add(new Node(name, List.copyOf(words.subList(1, words.size())), block(true), null));
                }
                words.clear();
            } else {
                words.add(word());
            }
        }
    }

    private void skipSpaceAndComments() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) i++;
            else if (c == '#') while (i < s.length() && s.charAt(i) != '\n') i++;
            else break;
        }
    }

    private String word() {
        char c = s.charAt(i);
        StringBuilder b = new StringBuilder();
        if (c == '"' || c == '\'') {
            i++;
            while (s.charAt(i) != c) {
                if (s.charAt(i) == '\\') i++;
                b.append(s.charAt(i++));
            }
            i++;
            return b.toString();
        }
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "{};".indexOf(s.charAt(i)) < 0) {
            b.append(s.charAt(i++));
        }
        return b.toString();
    }

    /** Skips Lua code up to and including the brace closing the block. */
    private void skipLua() {
        int depth = 1;
        while (depth > 0) {
            char c = s.charAt(i++);
            if (c == '"' || c == '\'') {
                while (s.charAt(i) != c) {
                    if (s.charAt(i) == '\\') i++;
                    i++;
                }
                i++;
            } else if (c == '-' && s.charAt(i) == '-') {
                while (s.charAt(i) != '\n') i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
        }
    }
}
