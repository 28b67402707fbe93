package dev.switchboard.cli;

import picocli.CommandLine.Command;

/** {@code switchboard catalog ...}: work with the model catalog. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Work with the bundled model catalog.",
        subcommands = {CatalogGenerateCommand.class})
final class CatalogCommand {
}
