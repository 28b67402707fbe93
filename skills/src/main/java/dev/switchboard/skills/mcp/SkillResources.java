package dev.switchboard.skills.mcp;

import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillAccessException;
import dev.switchboard.skills.SkillFolder;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A skill's files as MCP resources, in plain records the MCP hub maps onto its SDK's types. Every
 * file of a skill is {@code skill://<name>/<path>}, its {@code SKILL.md} included, so a client can
 * list ({@code resources/list}), template ({@code resources/templates/list}) and read
 * ({@code resources/read}) them. Reading checks the path as the agent tools do: nothing outside
 * the skill's folder, no symbolic link out of it.
 */
public final class SkillResources {
    public static final String SCHEME = "skill";
    /** The resource template covering every skill file (RFC 6570, reserved expansion for the path). */
    public static final String TEMPLATE = "skill://{name}/{+path}";
    /** The largest file served over MCP. */
    public static final long MAX_BYTES = 1024 * 1024;
    // A client listing resources wants an index, not every file of every skill.
    private static final int MAX_FILES_PER_SKILL = 200;

    /** An entry of {@code resources/list}. */
    public record Resource(String uri, String name, String title, String description, String mimeType, long size) {
    }

    /** A resource template, for {@code resources/templates/list}. */
    public record Template(String uriTemplate, String name, String title, String description) {
    }

    /**
     * The content of {@code resources/read}: text for UTF-8 files, else the bytes in base64.
     *
     * @param text null for binary content
     * @param blob base64 of the bytes; null for text
     */
    public record Contents(String uri, String mimeType, String text, String blob) {
    }

    private SkillResources() {
    }

    /** {@code resources/list} of the skills a client sees: each skill's SKILL.md, then its files. */
    public static List<Resource> list(List<Skill> visible) {
        List<Resource> resources = new ArrayList<>();
        for (Skill skill : visible) {
            resources.add(new Resource(uri(skill.name(), Skill.FILE), skill.name() + "/" + Skill.FILE,
                    SkillPrompts.title(skill.name()), skill.description(), "text/markdown", size(skill)));
            for (SkillFolder.Entry file : SkillFolder.files(skill, MAX_FILES_PER_SKILL)) {
                resources.add(new Resource(uri(skill.name(), file.path()), skill.name() + "/" + file.path(), null,
                        "A file of the skill " + skill.name() + ".", file.mediaType(), file.size()));
            }
        }
        return resources;
    }

    /** The one template that names every skill file. */
    public static Template template() {
        return new Template(TEMPLATE, "skill-file", "Skill file", "A file of an Agent Skill: skill://<name>/SKILL.md, "
                + "skill://<name>/references/..., skill://<name>/assets/..., skill://<name>/scripts/...");
    }

    /**
     * {@code resources/read} of a {@code skill://} URI.
     *
     * @throws SkillAccessException for a URI that is not a skill's, names a skill the client does not
     *                              see, or a path that is refused or missing (the hub answers with
     *                              MCP's resource-not-found error, -32002)
     */
    public static Contents read(List<Skill> visible, String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new SkillAccessException("Not a skill resource URI: " + uri);
        }
        if (!SCHEME.equals(parsed.getScheme()) || parsed.getRawAuthority() == null || parsed.getRawPath() == null
                || parsed.getRawPath().length() < 2) {
            throw new SkillAccessException("Not a skill resource URI (expected skill://<name>/<path>): " + uri);
        }
        String name = parsed.getRawAuthority();
        String path = URLDecoder.decode(parsed.getRawPath().substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        Skill skill = visible.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new SkillAccessException("There is no skill named '" + name + "'."));
        SkillFolder.FileContent file = SkillFolder.read(skill, path, Set.of(), MAX_BYTES);
        return file.text() != null
                ? new Contents(uri, file.mediaType(), file.text(), null)
                : new Contents(uri, file.mediaType(), null, Base64.getEncoder().encodeToString(file.bytes()));
    }

    /** {@code skill://<name>/<path>}, each path segment percent-encoded. */
    public static String uri(String name, String path) {
        StringBuilder uri = new StringBuilder(SCHEME).append("://").append(name).append('/');
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                uri.append('/');
            }
            uri.append(URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return uri.toString();
    }

    private static long size(Skill skill) {
        try {
            return java.nio.file.Files.size(skill.file());
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
