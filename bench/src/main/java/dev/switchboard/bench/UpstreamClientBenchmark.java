package dev.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * Which HTTP client should the gateway use to call upstream providers?
 *
 * Measures one OpenAI chat-completions round trip to a local Jetty server on 127.0.0.1
 * (MockUpstream: precomputed ~600-byte chat.completion JSON, or 12 SSE events ending in
 * "data: [DONE]") through:
 *   - jdk*   java.net.http.HttpClient, HTTP/1.1 forced, blocking send(); ofByteArray() for the
 *            JSON answer, ofInputStream() read to EOF for the event stream;
 *   - jetty* org.eclipse.jetty.client.HttpClient (the Jetty version Javalin 7.2.3 brings),
 *            blocking send() -> ContentResponse for JSON, InputStreamResponseListener read to EOF
 *            for the event stream; jettyInputStream_nonStreaming shows whether one
 *            InputStream-based code path for both kinds of answer would cost anything;
 *   - jdkVtExecutor* the JDK client given a virtual-thread-per-task executor instead of its
 *            default cached pool: the executor is where the JDK client hands work between threads;
 *   - okhttp* OkHttp 4.12, synchronous execute() (socket I/O on the calling thread, no selector or
 *            executor hand-off), body read as a stream for both kinds of answer.
 * Both clients keep pooled keep-alive connections; each request (headers, 1 KB body) is built per
 * call as a gateway handler would. Streams are read in 8 KB reads, like a relay copying to the
 * client.
 *
 *   *_c1  : average time of one request on the benchmark thread (latency, us/op).
 *   *_c64 : throughput with 64 virtual threads each issuing 8 requests back to back, 512 requests
 *           per invocation (ops/s = requests/s). A virtual thread blocked in send() is what a
 *           Javalin handler on virtual threads does. The join at the end of each invocation costs
 *           a little tail, identical for both clients.
 *
 * Caveat: client, server and JMH share the machine's cores, so the numbers rank the clients on
 * this machine; they are not the gateway's capacity.
 *
 * Warm-up is long because on 2 cores the C2 compiler competes with client and server for CPU:
 * with 6 s of warm-up the scores were still climbing through the measurement.
 *
 * Run (about 6 minutes on 2 cores; any JDK 21+; the flags repeat the annotations below):
 *   mvn -B -q -f bench/pom.xml package
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar bench/target/benchmarks.jar UpstreamClientBenchmark \
 *       -f 1 -wi 7 -w 2s -i 5 -r 2s
 */

/**
 * JMH benchmark comparing the JDK, Jetty and OkHttp HTTP clients for upstream calls; see the block comment
 * above the class for what is measured and how to run it.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 7, time = 2)
@Measurement(iterations = 5, time = 2)
public class UpstreamClientBenchmark {

    private static final int VIRTUAL_THREADS = 64;
    private static final int REQUESTS_PER_THREAD = 8;
    private static final int CONTENDED_REQUESTS = VIRTUAL_THREADS * REQUESTS_PER_THREAD;
    // Generous: a request that takes this long on loopback means the benchmark is broken.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private MockUpstream upstream;
    private URI chatUri;
    private URI streamUri;
    private java.net.http.HttpClient jdk;
    private java.net.http.HttpClient jdkVtExecutor;
    private org.eclipse.jetty.client.HttpClient jetty;
    private okhttp3.OkHttpClient okhttp;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        upstream = MockUpstream.start();
        chatUri = upstream.uri(MockUpstream.CHAT_PATH);
        streamUri = upstream.uri(MockUpstream.STREAM_PATH);

        // The JDK client's HTTP/1.1 pool is unbounded and keeps connections alive by default.
        jdk = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
        jdkVtExecutor = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();

        jetty = new org.eclipse.jetty.client.HttpClient();
        // Default is 64 per destination; headroom so the c64 run never queues on the pool.
        jetty.setMaxConnectionsPerDestination(2 * VIRTUAL_THREADS);
        jetty.setConnectTimeout(TIMEOUT.toMillis());
        jetty.start();

        // OkHttp keeps only 5 idle connections by default; the c64 run needs 64 warm ones.
        okhttp = new okhttp3.OkHttpClient.Builder()
                .connectionPool(new okhttp3.ConnectionPool(2 * VIRTUAL_THREADS, 5, TimeUnit.MINUTES))
                .connectTimeout(TIMEOUT).readTimeout(TIMEOUT)
                .build();

        verifyEveryVariantReadsTheWholeAnswer();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        jetty.stop();
        okhttp.connectionPool().evictAll();
        jdk.close();
        jdkVtExecutor.close();
        upstream.close();
    }

    // ---- single caller: latency ----

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int jdk_nonStreaming_c1() throws Exception {
        return jdkNonStreaming(jdk);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int jdkVtExecutor_nonStreaming_c1() throws Exception {
        return jdkNonStreaming(jdkVtExecutor);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int jetty_nonStreaming_c1() throws Exception {
        return jettyNonStreaming();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int jettyInputStream_nonStreaming_c1() throws Exception {
        return jettyInputStream(chatUri);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int jdk_streaming_c1() throws Exception {
        return jdkInputStream(streamUri);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int jetty_streaming_c1() throws Exception {
        return jettyInputStream(streamUri);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int okhttp_nonStreaming_c1() throws Exception {
        return okhttpStream(chatUri);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int okhttp_streaming_c1() throws Exception {
        return okhttpStream(streamUri);
    }

    // ---- 64 virtual threads: throughput ----

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTENDED_REQUESTS)
    public int jdk_nonStreaming_c64() throws Exception {
        return onVirtualThreads(() -> jdkNonStreaming(jdk));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTENDED_REQUESTS)
    public int jdkVtExecutor_nonStreaming_c64() throws Exception {
        return onVirtualThreads(() -> jdkNonStreaming(jdkVtExecutor));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTENDED_REQUESTS)
    public int jetty_nonStreaming_c64() throws Exception {
        return onVirtualThreads(this::jettyNonStreaming);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTENDED_REQUESTS)
    public int jettyInputStream_nonStreaming_c64() throws Exception {
        return onVirtualThreads(() -> jettyInputStream(chatUri));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTENDED_REQUESTS)
    public int jdk_streaming_c64() throws Exception {
        return onVirtualThreads(() -> jdkInputStream(streamUri));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTENDED_REQUESTS)
    public int jetty_streaming_c64() throws Exception {
        return onVirtualThreads(() -> jettyInputStream(streamUri));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTENDED_REQUESTS)
    public int okhttp_nonStreaming_c64() throws Exception {
        return onVirtualThreads(() -> okhttpStream(chatUri));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTENDED_REQUESTS)
    public int okhttp_streaming_c64() throws Exception {
        return onVirtualThreads(() -> okhttpStream(streamUri));
    }

    // ---- one upstream call per client style; each returns the body bytes read ----

    private int okhttpStream(URI uri) throws IOException {
        okhttp3.Request request = new okhttp3.Request.Builder().url(uri.toString())
                .header("Authorization", "Bearer sk-bench")
                .post(okhttp3.RequestBody.create(Payloads.CHAT_REQUEST, okhttp3.MediaType.get("application/json")))
                .build();
        try (okhttp3.Response response = okhttp.newCall(request).execute()) {
            expectOk(response.code());
            return drain(response.body().byteStream());
        }
    }

    private int jdkNonStreaming(java.net.http.HttpClient client) throws IOException, InterruptedException {
        var response = client.send(jdkRequest(chatUri), BodyHandlers.ofByteArray());
        expectOk(response.statusCode());
        return response.body().length;
    }

    private int jdkInputStream(URI uri) throws IOException, InterruptedException {
        var response = jdk.send(jdkRequest(uri), BodyHandlers.ofInputStream());
        expectOk(response.statusCode());
        try (InputStream body = response.body()) {
            return drain(body);
        }
    }

    private int jettyNonStreaming() throws InterruptedException, TimeoutException, ExecutionException {
        ContentResponse response = jettyRequest(chatUri).send();
        expectOk(response.getStatus());
        return response.getContent().length;
    }

    private int jettyInputStream(URI uri)
            throws IOException, InterruptedException, TimeoutException, ExecutionException {
        var listener = new InputStreamResponseListener();
        jettyRequest(uri).send(listener);
        var response = listener.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        expectOk(response.getStatus());
        try (InputStream body = listener.getInputStream()) {
            return drain(body);
        }
    }

    private HttpRequest jdkRequest(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-bench")
                .POST(BodyPublishers.ofByteArray(Payloads.CHAT_REQUEST))
                .build();
    }

    private Request jettyRequest(URI uri) {
        return jetty.newRequest(uri)
                .method(HttpMethod.POST)
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer sk-bench"))
                .body(new BytesRequestContent("application/json", Payloads.CHAT_REQUEST));
    }

    private static int drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
        }
        return total;
    }

    private static void expectOk(int status) {
        if (status != 200) {
            throw new IllegalStateException("mock upstream answered " + status);
        }
    }

    /** Runs {@code call} {@value REQUESTS_PER_THREAD} times on each of 64 new virtual threads. */
    private static int onVirtualThreads(Callable<Integer> call) throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Integer>>(VIRTUAL_THREADS);
            for (int t = 0; t < VIRTUAL_THREADS; t++) {
                futures.add(executor.submit(() -> {
                    int bytes = 0;
                    for (int r = 0; r < REQUESTS_PER_THREAD; r++) {
                        bytes += call.call();
                    }
                    return bytes;
                }));
            }
            int total = 0;
            for (var future : futures) {
                total += future.get();
            }
            return total;
        }
    }

    /** Fails the trial at once if a variant would be timing a short or failed read. */
    private void verifyEveryVariantReadsTheWholeAnswer() throws Exception {
        int json = Payloads.COMPLETION.length;
        int sse = Payloads.sseBytes();
        check("jdk JSON", jdkNonStreaming(jdk), json);
        check("jdk (virtual-thread executor) JSON", jdkNonStreaming(jdkVtExecutor), json);
        check("jetty JSON", jettyNonStreaming(), json);
        check("jetty InputStream JSON", jettyInputStream(chatUri), json);
        check("jdk SSE", jdkInputStream(streamUri), sse);
        check("jetty SSE", jettyInputStream(streamUri), sse);
        check("okhttp JSON", okhttpStream(chatUri), json);
        check("okhttp SSE", okhttpStream(streamUri), sse);
        check("jetty SSE on virtual threads", onVirtualThreads(() -> jettyInputStream(streamUri)),
                sse * CONTENDED_REQUESTS);
    }

    private static void check(String variant, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException(variant + " read " + actual + " bytes, expected " + expected);
        }
    }
}
