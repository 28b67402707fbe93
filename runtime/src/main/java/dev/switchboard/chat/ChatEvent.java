package dev.switchboard.chat;

import dev.switchboard.usage.TokenUsage;

/**
 * One step of a streamed answer in no vendor's format. A stream decoder turns each upstream event
 * into zero or more of these; a stream encoder turns each of these into zero or more client
 * events. A well-formed stream is: {@link Started}, any number of deltas, {@link Finished}, then
 * {@link Usage} (which may also come earlier, repeatedly: the last one counts), then the upstream's
 * end — which the decoder reports as {@link Ended}, so an encoder can tell a complete stream from
 * one that broke off.
 */
public sealed interface ChatEvent {

    /**
     * The answer began.
     *
     * @param model the model the upstream named; null (or blank) when it named none, as Gemini may
     *              not: {@link #namedOr} then names the model the gateway called
     */
    record Started(String id, String model, long created) implements ChatEvent {
        /** This start, named after {@code called} when the upstream did not name its model. */
        public Started namedOr(String called) {
            return model == null || model.isBlank() ? new Started(id, called, created) : this;
        }
    }

    /** More answer text. */
    record TextDelta(String text) implements ChatEvent {
    }

    /** More visible reasoning. */
    record ThinkingDelta(String text) implements ChatEvent {
    }

    /** The signature that seals the reasoning so far (Anthropic). */
    record ThinkingSignature(String signature) implements ChatEvent {
    }

    /**
     * A tool call began. {@code index} counts tool calls from 0 within the answer; argument deltas
     * refer to it.
     */
    record ToolCallStarted(int index, String id, String name) implements ChatEvent {
    }

    /** More of a tool call's JSON arguments, as raw text (a prefix of the final JSON). */
    record ToolArgumentsDelta(int index, String json) implements ChatEvent {
    }

    /** Generation stopped. */
    record Finished(StopReason reason, String stopSequence) implements ChatEvent {
    }

    /** Token counts so far; cumulative, so the last one is the answer's usage. */
    record Usage(TokenUsage usage) implements ChatEvent {
    }

    /** The upstream ended its stream normally. */
    record Ended() implements ChatEvent {
    }
}
