package example.mcpauth.gateway.support;

import example.mcpauth.testsupport.Command;
import example.mcpauth.testsupport.StackSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's root and its scripts, run the way ./stack runs them, for the gateway tests: always
 * with STACK_CONFIG=config/test.env unless the overrides say otherwise (settings from config/,
 * resolved by test-support's {@link StackSettings}).
 */
public final class Stack {
    private Stack() {}

    public static Path root() {
        return example.mcpauth.testsupport.Stack.root();
    }

    /** Runs a script of scripts/ with STACK_CONFIG=config/test.env plus the overrides; returns its output. */
    public static String run(Map<String, String> env, String... command) {
        Command.Result r = Command.in(root()).env("STACK_CONFIG", "config/test.env").env(env)
                .timeout(Duration.ofSeconds(120)).run(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exitCode() + "):\n" + r.output());
        }
        return r.output();
    }

    /** The resolved settings for STACK_CONFIG=config/test.env and the given overrides. */
    public static Map<String, String> settings(Map<String, String> env) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("STACK_CONFIG", "config/test.env");
        environment.putAll(env);
        return StackSettings.resolve(root(), environment).asMap();
    }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
