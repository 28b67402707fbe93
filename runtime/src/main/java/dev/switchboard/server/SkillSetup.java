package dev.switchboard.server;

import dev.switchboard.agent.SkillAgent;
import dev.switchboard.config.ConfigSource;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.pipeline.ModelPipeline;
import dev.switchboard.skills.Diagnostic;
import dev.switchboard.skills.agent.ScriptLimits;
import dev.switchboard.skills.agent.ScriptRunner;
import dev.switchboard.skills.registry.SkillRegistry;
import dev.switchboard.skills.registry.UploadLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The skills part of the composition root: the registry over the configured folders, the shipped
 * library and the teams' uploads (kept in the data directory under {@code skills/uploads}), and
 * the agent that runs requests asking for skills. A configured folder that does not exist fails
 * at start-up, naming it.
 */
final class SkillSetup {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SkillSetup.class);

    private SkillSetup() {
    }

    static SkillRegistry registry(GatewayConfig.Skills config, ConfigSource source, Path dataDir) {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < config.paths().size(); i++) {
            Path path = Path.of(config.paths().get(i));
            if (!Files.isDirectory(path)) {
                throw source.error("skills.paths[" + i + "]", "the skills folder " + path + " does not exist");
            }
            paths.add(path);
        }
        UploadLimits limits = new UploadLimits(config.maxUploadBytes(), Math.max(UploadLimits.DEFAULTS.maxUnpackedBytes(),
                5 * config.maxUploadBytes()), UploadLimits.DEFAULTS.maxEntries(), UploadLimits.DEFAULTS.maxRatio());
        SkillRegistry registry = SkillRegistry.open(new SkillRegistry.Settings(paths, config.library(),
                dataDir.resolve("skills").resolve("uploads"), config.hotReload(), limits));
        report(registry);
        registry.onChange(() -> report(registry));
        return registry;
    }

    /** What a load found: each skill skipped (an error) once, and the count; tolerated faults only at debug level. */
    private static void report(SkillRegistry registry) {
        for (Diagnostic diagnostic : registry.diagnostics()) {
            if (diagnostic.isError()) {
                LOG.warn("Skill not loaded: {}", diagnostic);
            } else {
                LOG.debug("Skill loaded despite: {}", diagnostic);
            }
        }
        LOG.info("Skills: {} loaded", registry.size());
    }

    static SkillAgent agent(GatewayConfig.Skills config, ModelPipeline pipeline, SkillRegistry registry, Path dataDir) {
        Optional<ScriptRunner> scripts = config.allowScripts()
                ? Optional.of(new ScriptRunner(new ScriptLimits(config.scriptTimeout(), config.scriptOutputBytes().intValue(),
                        dataDir.resolve("skills").resolve("work"))))
                : Optional.empty();
        return new SkillAgent(pipeline, registry, new SkillAgent.Settings(config.maxTurns(), scripts));
    }
}
