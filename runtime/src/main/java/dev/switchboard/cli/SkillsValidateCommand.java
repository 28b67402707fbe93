package dev.switchboard.cli;

import dev.switchboard.skills.Diagnostic;
import dev.switchboard.skills.SkillLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard skills validate DIR...}: strict validation against the specification. Each
 * DIR is a skill folder or a folder of skills. Every fault is printed as
 * {@code file:line: error: field: message}; exit code 1 when any is an error.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check skills strictly against the Agent Skills specification.",
                "Each DIR is a skill folder (holding SKILL.md) or a folder of skill folders.",
                "Prints every fault as file:line: error|warning: field: message.",
                "Exit code 0: no errors (warnings allowed); 1: at least one error."})
final class SkillsValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Skill folders, or folders of skills.")
    List<Path> dirs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int skills = 0;
        int errors = 0;
        int warnings = 0;
        for (Path dir : dirs) {
            List<Path> found;
            try {
                found = Files.isDirectory(dir) ? SkillLoader.discover(dir) : List.of();
            } catch (IOException e) {
                found = List.of();
            }
            if (found.isEmpty()) {
                out.println(dir + ": error: no skill here (no SKILL.md in it or in the folders below it)");
                errors++;
                continue;
            }
            for (Path skill : found) {
                skills++;
                List<Diagnostic> faults = SkillLoader.validate(skill);
                faults.forEach(out::println);
                long skillErrors = faults.stream().filter(Diagnostic::isError).count();
                errors += (int) skillErrors;
                warnings += faults.size() - (int) skillErrors;
                if (faults.isEmpty()) {
                    out.println(skill + ": ok");
                }
            }
        }
        out.println(skills + " skill" + (skills == 1 ? "" : "s") + " checked: " + errors + " error" + (errors == 1 ? "" : "s") + ", "
                + warnings + " warning" + (warnings == 1 ? "" : "s"));
        out.flush();
        return errors > 0 ? 1 : 0;
    }
}
