package dev.switchboard.cli;

import picocli.CommandLine.Command;

/** {@code switchboard rag ...}: index folders into collections, search them, evaluate retrieval on a BEIR benchmark. */
@Command(name = "rag", mixinStandardHelpOptions = true,
        description = "Index documents into a collection, search it, evaluate retrieval on a BEIR-format benchmark.",
        subcommands = {RagIndexCommand.class, RagSearchCommand.class, RagEvalCommand.class})
final class RagCommand {
}
