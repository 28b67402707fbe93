package dev.switchboard.cli;

import dev.switchboard.routing.data.Example;
import dev.switchboard.routing.data.OutcomeFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The examples of several outcome files, concatenated in the order given: what both route commands read. */
final class OutcomeData {
    private OutcomeData() {
    }

    static List<Example> read(List<Path> files) throws IOException {
        List<Example> examples = new ArrayList<>();
        for (Path file : files) {
            examples.addAll(OutcomeFiles.read(file));
        }
        if (examples.isEmpty()) {
            throw new IOException("no examples in " + files);
        }
        return examples;
    }
}
