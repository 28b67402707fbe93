package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.skills.Diagnostic;
import dev.switchboard.skills.Skill;
import dev.switchboard.skills.registry.SkillRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard skills list}: the skills a gateway started with the same config would load,
 * leniently as it does: name, source and description, then what loading reported (skills skipped
 * and faults tolerated). Exit code 0; 2 for a configuration error.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the skills the gateway loads: the shipped library, skills.paths from the config, any DIR given,",
                "and, with --team, that team's uploads from the data directory. Faults found while loading follow the list."})
final class SkillsListCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (skills.paths, skills.library).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SWITCHBOARD_DATA_DIR}",
            description = "Data directory holding uploaded skills (default: $SWITCHBOARD_DATA_DIR, else server.data_dir, else ./data).")
    Path dataDir;

    @Option(names = "--team", paramLabel = "ID", description = "Also list this team's uploaded skills, as its keys see them.")
    String team;

    @Parameters(paramLabel = "DIR", arity = "0..*", description = "More folders of skills to include.")
    List<Path> extra = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        GatewayConfig loaded;
        try {
            loaded = config == null ? GatewayConfig.EMPTY : new ConfigLoader(System::getenv).load(config).config();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("switchboard: configuration error: " + e.getMessage());
            return 2;
        }
        List<Path> paths = new ArrayList<>();
        loaded.skills().paths().forEach(p -> paths.add(Path.of(p)));
        paths.addAll(extra);
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                spec.commandLine().getErr().println("switchboard: configuration error: the skills folder " + path + " does not exist");
                return 2;
            }
        }
        Path uploads = (dataDir != null ? dataDir : Path.of(loaded.server().dataDir())).resolve("skills").resolve("uploads");
        try (SkillRegistry registry = SkillRegistry.open(new SkillRegistry.Settings(paths, loaded.skills().library(),
                team != null && Files.isDirectory(uploads) ? uploads : null, false, null))) {
            List<Skill> skills = registry.visibleTo(team);
            int width = skills.stream().mapToInt(s -> s.name().length()).max().orElse(4);
            for (Skill skill : skills) {
                String description = skill.description().replaceAll("\\s+", " ");
                out.printf("%-" + width + "s  %-10s  %s%n", skill.name(), skill.origin().kind().name().toLowerCase(java.util.Locale.ROOT),
                        description.length() > 100 ? description.substring(0, 97) + "..." : description);
            }
            out.println(skills.size() + " skill" + (skills.size() == 1 ? "" : "s"));
            List<Diagnostic> diagnostics = registry.diagnostics();
            if (!diagnostics.isEmpty()) {
                out.println();
                diagnostics.forEach(out::println);
            }
        }
        out.flush();
        return 0;
    }
}
