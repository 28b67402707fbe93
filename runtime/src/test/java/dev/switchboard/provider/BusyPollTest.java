package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BusyPollTest {
    private ServerSocket upstream;
    private Socket upstreamSide;

    @BeforeEach
    void listen() throws Exception {
        upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        if (upstreamSide != null) {
            upstreamSide.close();
        }
        upstream.close();
    }

    @Test
    void anAnswerArrivingWhileTheReadPollsIsRead() throws Exception {
        BusyPoll busyPoll = new BusyPoll(Duration.ofSeconds(5));
        busyPoll.callStarted(false);
        InputStream in = connect(busyPoll);

        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> readSome(in));
        await(busyPoll::polling, "the read to poll");
        answer("hello");

        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
    }

    @Test
    void aReadWhosePollRunsOutBlocksUntilTheAnswerArrives() throws Exception {
        BusyPoll busyPoll = new BusyPoll(Duration.ofNanos(100_000));
        busyPoll.callStarted(false);
        InputStream in = connect(busyPoll);

        CompletableFuture<String> read = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> read.complete(readSome(in)));
        // A virtual thread blocked on a socket is parked; one polling is running.
        await(() -> reader.getState() == Thread.State.WAITING, "the read to block");
        assertThat(read).isNotDone();
        answer("late");

        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @Test
    void theEndOfTheStreamIsReadAfterAPoll() throws Exception {
        BusyPoll busyPoll = new BusyPoll(Duration.ofMillis(1));
        busyPoll.callStarted(false);
        InputStream in = connect(busyPoll);
        upstreamSide.close();

        assertThat(in.read(new byte[16])).isEqualTo(-1);
    }

    @Test
    void readsMayPollOnlyWhileAtMostOneCallIsInFlight() {
        BusyPoll busyPoll = new BusyPoll(Duration.ofNanos(200_000));
        assertThat(busyPoll.quiet()).isTrue();
        Runnable first = busyPoll.callStarted(false);
        assertThat(busyPoll.quiet()).isTrue();
        Runnable second = busyPoll.callStarted(false);
        assertThat(busyPoll.quiet()).isFalse();

        second.run();
        second.run(); // ending a call twice counts once
        assertThat(busyPoll.quiet()).isTrue();
        busyPoll.callStarted(false);
        assertThat(busyPoll.quiet()).isFalse();
        first.run();
        assertThat(busyPoll.quiet()).isTrue();
    }

    @Test
    void noReadPollsWhileAStreamIsInFlight() {
        BusyPoll busyPoll = new BusyPoll(Duration.ofNanos(200_000));
        Runnable stream = busyPoll.callStarted(true);
        assertThat(busyPoll.quiet()).isFalse();
        busyPoll.callStarted(false);
        assertThat(busyPoll.quiet()).isFalse();
        stream.run();
        assertThat(busyPoll.quiet()).isTrue();
    }

    @Test
    void aZeroPollNeverPolls() {
        BusyPoll busyPoll = new BusyPoll(Duration.ZERO);
        busyPoll.callStarted(false);
        assertThat(busyPoll.quiet()).isFalse();
    }

    @Test
    void aPollingReadParksAsSoonAsASecondCallStarts() throws Exception {
        BusyPoll busyPoll = new BusyPoll(Duration.ofMinutes(1));
        busyPoll.callStarted(false);
        InputStream in = connect(busyPoll);

        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> result.complete(readSome(in)));
        await(busyPoll::polling, "the read to poll");
        // Polling, the virtual thread keeps running; a blocked read would be parked.
        assertThat(reader.getState()).isEqualTo(Thread.State.RUNNABLE);

        busyPoll.callStarted(false);
        await(() -> reader.getState() == Thread.State.WAITING, "the read to block");
        answer("after");
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("after");
    }

    /**
     * Waits (five seconds at most) for a state of another thread that no latch can signal: whether
     * it polls or is parked on its socket.
     */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    private InputStream connect(BusyPoll busyPoll) throws Exception {
        Socket socket = busyPoll.createSocket(upstream.getInetAddress(), upstream.getLocalPort());
        upstreamSide = upstream.accept();
        return socket.getInputStream();
    }

    private void answer(String text) throws Exception {
        OutputStream out = upstreamSide.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readSome(InputStream in) {
        try {
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            return new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
