package dev.switchboard.cli;

import picocli.CommandLine.Command;

/** {@code switchboard audit ...}: work with the governance audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Work with the audit log of admin actions and failed sign-ins.",
        subcommands = {AuditVerifyCommand.class})
final class AuditCommand {
}
