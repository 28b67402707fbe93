package dev.switchboard.cli;

import picocli.CommandLine.Command;

/** {@code switchboard route ...}: train and evaluate the router's quality predictor. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Train the router's quality predictor from outcome data, and evaluate routers offline.",
        subcommands = {RouteTrainCommand.class, RouteEvalCommand.class})
final class RouteCommand {
}
