package dev.switchboard.cli;

import picocli.CommandLine.Command;

/** {@code switchboard skills ...}: check and list Agent Skills. */
@Command(name = "skills", mixinStandardHelpOptions = true,
        description = "Check and list Agent Skills (SKILL.md folders; see docs/skills.md).",
        subcommands = {SkillsValidateCommand.class, SkillsListCommand.class})
final class SkillsCommand {
}
