package dev.switchboard.cli;

import dev.switchboard.logging.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command line. Each subcommand lives in its own class. */
@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Switchboard: an OpenAI-compatible AI gateway and agent runtime.",
        subcommands = {ServeCommand.class, CatalogCommand.class, AuditCommand.class, RouteCommand.class, SkillsCommand.class,
                RagCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        int exit = new CommandLine(new Main()).execute(args);
        Logging.stop();
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
