package dev.switchboard.skills.agent;

import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillAccessException;
import dev.switchboard.skills.SkillFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script from a skill's {@code scripts/} folder, as a separate process, contained:
 * <ul>
 *   <li>its own new working directory (also its {@code HOME} and {@code TMPDIR}), deleted afterwards;</li>
 *   <li>an environment of only {@code PATH}, {@code HOME}, {@code TMPDIR}, {@code LANG} and
 *       {@code SKILL_DIR}: nothing of the gateway's environment, so no provider key or database
 *       password, reaches it;</li>
 *   <li>a time limit, past which it and its child processes are killed;</li>
 *   <li>an output limit on standard output and standard error each, past which it is killed.</li>
 * </ul>
 * This is containment against accidents and runaway scripts, not a sandbox against hostile code:
 * the process runs as the gateway's user. Scripts therefore never run unless the operator allows
 * them ({@code skills.allow_scripts}).
 */
public final class ScriptRunner {
    private static final Set<String> AREA = Set.of("scripts");
    private static final Map<String, String> INTERPRETERS = Map.of("py", "python3", "sh", "bash", "bash", "bash",
            "js", "node", "mjs", "node", "cjs", "node", "rb", "ruby", "pl", "perl");
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /**
     * How a run ended.
     *
     * @param exitCode  the process's exit code; -1 when it was killed
     * @param stdout    its standard output, at most the limit
     * @param stderr    its standard error, at most the limit
     * @param timedOut  whether it was killed for running past the time limit
     * @param truncated whether it was killed for writing past the output limit
     */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated) {
    }

    private final ScriptLimits limits;

    public ScriptRunner(ScriptLimits limits) {
        this.limits = limits;
    }

    /**
     * Runs {@code relative} (a path under {@code scripts/}) of {@code skill} with {@code args}.
     *
     * @param stdin text for the script's standard input; null for none
     * @throws SkillAccessException when the path is refused or the script cannot be started
     */
    public Result run(Skill skill, String relative, List<String> args, String stdin) {
        Path script = SkillFolder.resolve(skill, relative, AREA);
        List<String> command = new ArrayList<>();
        String name = script.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (INTERPRETERS.containsKey(extension)) {
            command.add(INTERPRETERS.get(extension));
        } else if (!Files.isExecutable(script)) {
            throw new SkillAccessException(skill.name() + "/" + relative + ": not a script this gateway can run (use .py, .sh, .js, "
                    + ".rb or .pl, or an executable file).");
        }
        command.add(script.toAbsolutePath().toString());
        command.addAll(args);
        Path work;
        try {
            Files.createDirectories(limits.workRoot());
            work = Files.createTempDirectory(limits.workRoot(), "run-");
        } catch (IOException e) {
            throw new SkillAccessException("The script cannot be given a working directory.");
        }
        try {
            return execute(command, work, skill.directory().toAbsolutePath(), stdin);
        } finally {
            deleteTree(work);
        }
    }

    private Result execute(List<String> command, Path work, Path skillDir, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", PATH);
        env.put("HOME", work.toString());
        env.put("TMPDIR", work.toString());
        env.put("LANG", "C.UTF-8");
        env.put("SKILL_DIR", skillDir.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SkillAccessException("The script could not be started: " + command.get(0) + " is not available on the gateway.");
        }
        Capture out = new Capture(process.getInputStream(), limits.maxOutputBytes(), process);
        Capture err = new Capture(process.getErrorStream(), limits.maxOutputBytes(), process);
        Thread.ofVirtual().start(out);
        Thread.ofVirtual().start(err);
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The script did not read its input (it may have ended already): what it wrote still counts.
        }
        boolean finished;
        try {
            finished = process.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            kill(process);
        }
        int exit;
        try {
            exit = process.waitFor();
            out.done.await(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            err.done.await(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        boolean truncated = out.overflowed || err.overflowed;
        return new Result(finished && !truncated ? exit : -1, out.text(), err.text(), !finished, truncated);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads one output stream of the process, keeping at most {@code max} bytes; more kills the process. */
    private static final class Capture implements Runnable {
        private final InputStream stream;
        private final int max;
        private final Process process;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        volatile boolean overflowed;

        Capture(InputStream stream, int max, Process process) {
            this.stream = stream;
            this.max = max;
            this.process = process;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(buffer)) > 0) {
                    int room = max - kept.size();
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                    if (n > room) {
                        overflowed = true;
                        kill(process);
                        break;
                    }
                }
            } catch (IOException e) {
                // The process was killed or closed its stream: what was read is kept.
            } finally {
                done.countDown();
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover working directory under the work root is harmless; the next start does not read it.
        }
    }
}
