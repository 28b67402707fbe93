package dev.switchboard.testing;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Collects what a LangChain4j streaming call hands its handler; {@link #complete} waits, bounded, for the end. */
public final class CollectedStream implements StreamingChatResponseHandler {
    private final List<String> partials = new CopyOnWriteArrayList<>();
    private final List<CompleteToolCall> toolCalls = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partialResponse) {
        partials.add(partialResponse);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
        toolCalls.add(completeToolCall);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    /** The complete response; throws (wrapped) what {@link #onError} received. */
    public ChatResponse complete(Duration timeout) throws Exception {
        return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<String> partials() {
        return partials;
    }

    public List<CompleteToolCall> toolCalls() {
        return toolCalls;
    }
}
