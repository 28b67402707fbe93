package dev.switchboard.skills.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The skills shipped with Switchboard: the repository's {@code skills/library/} folder, packaged
 * in the module's jar under {@code dev/switchboard/skills/library/}. From a build's classes folder
 * it is a plain folder; from a jar it is read in place through the JDK's zip file system, so
 * nothing is extracted (the library's skills are instructions and references, with no scripts to
 * run). The jar's file system stays open for the life of the process, as the JDK shares one per jar.
 */
public final class ShippedLibrary {
    static final String RESOURCE = "dev/switchboard/skills/library";

    private ShippedLibrary() {
    }

    /** The library's folder; empty when the module was packaged without it. */
    public static Optional<Path> folder() {
        URL url = ShippedLibrary.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    // Opened before, by this or another registry: the JDK hands out the same one.
                }
            }
            return Optional.of(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("the shipped skill library cannot be opened: " + url, e);
        }
    }
}
