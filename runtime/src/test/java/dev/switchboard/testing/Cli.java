package dev.switchboard.testing;

import dev.switchboard.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code switchboard} command line in-process, as the launcher would, and keeps what it printed. */
public final class Cli {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** @return the exit code */
    public int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** Everything printed to standard output so far. */
    public String out() {
        return out.toString();
    }

    /** Everything printed to standard error so far. */
    public String err() {
        return err.toString();
    }
}
