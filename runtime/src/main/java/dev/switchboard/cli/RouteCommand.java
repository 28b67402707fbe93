package dev.switchboard.cli;

import picocli.CommandLine.Command;

/** {@code switchboard route ...}: train and evaluate the router's quality predictor, distil its embedder. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Train the router's quality predictor from outcome data, evaluate routers offline, distil the prompt embedder.",
        subcommands = {RouteTrainCommand.class, RouteEvalCommand.class, RouteDistillCommand.class})
final class RouteCommand {
}
