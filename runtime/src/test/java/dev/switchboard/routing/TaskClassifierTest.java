package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.governance.privacy.Redactor;
import dev.switchboard.routing.classify.TaskClassifier;
import dev.switchboard.routing.embed.StaticPromptEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TaskClassifierTest {
    private static TaskClassifier classifier;
    // About 1,500 tokens of a business report: material a prompt pastes in, saying nothing of the task.
    private static final String REPORT = ("Revenue grew by eleven percent while costs rose faster than expected, mainly because of new"
            + " hires in the sales team and higher cloud spending; the company expects margins to recover next year as the new pricing"
            + " takes effect, although two large customers are still negotiating their renewals. ").repeat(20);

    @BeforeAll
    static void load() {
        classifier = TaskClassifier.load(StaticPromptEmbedder.loadBundled());
    }

    private static Features features(String prompt) {
        ChatRequest request = new ChatRequest("auto", List.of(), List.of(new ChatRequest.Message(ChatRequest.Role.USER,
                List.of(ChatRequest.Text.of(prompt)))), List.of(), null, null, null, null, null, null, List.of(), null, null,
                false, null, null);
        return Features.of(request, new Redactor());
    }

    @Test
    void recognisesAtLeastSeventyPercentOfTheHeldOutPrompts() throws IOException {
        List<TaskClassifier.Labelled> heldOut;
        try (InputStream in = getClass().getResourceAsStream("/routing/tasks-heldout.tsv")) {
            heldOut = TaskClassifier.read(in);
        }
        long right = 0;
        StringBuilder wrong = new StringBuilder();
        for (TaskClassifier.Labelled example : heldOut) {
            Features f = features(example.prompt());
            Task got = classifier.classify(f).task();
            if (got == example.task()) {
                right++;
            } else {
                wrong.append(example.task()).append(" -> ").append(got).append(": ").append(example.prompt()).append('\n');
            }
        }
        double accuracy = (double) right / heldOut.size();
        System.out.printf("task classification: %d/%d = %.3f%n%s", right, heldOut.size(), accuracy, wrong);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.70);
    }

    @Test
    void anInstructionBeforeALongPastedDocumentDecidesTheTask() {
        Features f = features("Summarise the following report in three bullet points for the board.\n\n" + REPORT);

        assertThat(classifier.classify(f).task()).isEqualTo(Task.SUMMARISATION);
    }

    @Test
    void anInstructionAfterALongPastedDocumentDecidesTheTask() {
        Features f = features(REPORT + "\n\nTranslate the text above into French.");

        assertThat(classifier.classify(f).task()).isEqualTo(Task.TRANSLATION);
    }

    @Test
    void aRequestWithToolsIsToolUseWhateverItSays() {
        Features f = features("Write a poem about the sea.");
        Features withTools = new Features(f.promptTokens(), true, false, false, false, false, false, "latin", 1, f.sensitive(),
                f.ask(), null);
        assertThat(classifier.classify(withTools).task()).isEqualTo(Task.TOOL_USE);
    }

    @Test
    void aPromptBeyondSixteenThousandTokensIsLongContext() {
        String prompt = "Summarise this. " + "word ".repeat(14_000);
        Features f = features(prompt);
        assertThat(f.promptTokens()).isGreaterThan(TaskClassifier.LONG_CONTEXT_TOKENS);
        assertThat(classifier.classify(f).task()).isEqualTo(Task.LONG_CONTEXT);
    }
}
