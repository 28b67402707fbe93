package dev.switchboard.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatAssembler;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.ReceiverGone;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.StreamDecoding;
import dev.switchboard.relay.Transcript;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivery to an in-process caller: the answer's neutral events go to its {@link ChatSink} as the
 * upstream produces them (a whole answer's all at once), and the whole answer is assembled on the
 * way, for {@link #result()}. The headers the stages show are kept for {@link #headers()}.
 *
 * <p>One delivery serves one call, on the caller's thread.
 */
public final class SinkDelivery implements Delivery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatSink sink;
    private final ChatAssembler assembled = new ChatAssembler();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public SinkDelivery(ChatSink sink) {
        this.sink = sink;
    }

    @Override
    public void show(Map<String, String> shown) {
        headers.putAll(shown);
    }

    @Override
    public Relayed deliver(ReadyAnswer answer, Transcript transcript) {
        try (answer) {
            Relayed relayed = switch (answer) {
                case ReadyAnswer.Neutral whole -> {
                    ChatAssembler.events(whole.result()).forEach(this::forward);
                    yield Relayed.finished(whole.usage(), whole.cost());
                }
                case ReadyAnswer.NeutralStream stream -> stream.read(new StreamDecoding.Receiver() {
                    @Override
                    public void event(ChatEvent event, BigDecimal cost) {
                        forward(event);
                    }

                    @Override
                    public void broken(GatewayException error) {
                        sink.broken(error);
                    }
                });
                // An in-process call has no wire format of its own, so no deployment answers it verbatim.
                case ReadyAnswer.Verbatim verbatim -> throw new IllegalStateException("a verbatim answer for an in-process call");
                case ReadyAnswer.Local local -> throw new IllegalStateException("a local answer for an in-process chat call");
                case ReadyAnswer.VerbatimStream verbatim -> throw new IllegalStateException("a verbatim stream for an in-process call");
            };
            if (transcript.enabled()) {
                transcript.append(json(assembled.result()));
            }
            return relayed;
        } catch (ReceiverGone gone) {
            // Closing the answer (try-with-resources) aborts generation upstream.
            return Relayed.CLIENT_DISCONNECTED;
        }
    }

    /** The answer as it reached the sink: whole once the call returned with a completed outcome. */
    public ChatResult result() {
        return assembled.result();
    }

    /** The headers the stages showed: the route, rate limits, the serving deployment and attempt count. */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    private void forward(ChatEvent event) {
        assembled.accept(event);
        sink.accept(event);
    }

    private static byte[] json(ChatResult result) {
        try {
            return JSON.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer that cannot be written as JSON", e);
        }
    }
}
