package dev.switchboard.governance.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchWriterTest {

    @Test
    void aFullQueueMakesSubmitWaitInsteadOfDroppingTheRecord() throws Exception {
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> written = new CopyOnWriteArrayList<>();
        BatchWriter<Integer> writer = new BatchWriter<>("test", batch -> {
            inSink.countDown();
            release.await();
            written.addAll(batch);
        }, 1, Duration.ZERO, 2, Duration.ofMillis(1));
        writer.submit(1);
        assertThat(inSink.await(5, TimeUnit.SECONDS)).as("the writer took the first record and blocks in the sink").isTrue();
        writer.submit(2);
        writer.submit(3); // the queue (capacity 2) is now full

        Thread producer = Thread.ofVirtual().start(() -> writer.submit(4));
        producer.join(Duration.ofMillis(200));
        assertThat(producer.isAlive()).as("submit waits while the queue is full").isTrue();

        release.countDown();
        producer.join();
        writer.close();
        assertThat(written).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aRecordIsWrittenWithinTheFlushIntervalWithoutWaitingForAFullBatch() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        try (BatchWriter<Integer> writer = new BatchWriter<>("test", batch -> written.countDown(), 100, Duration.ofMillis(20), 1000,
                Duration.ofMillis(1))) {
            writer.submit(1);
            assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFlushWritesEverythingSubmittedBeforeItWithoutWaitingForTheFlushInterval() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        try (BatchWriter<Integer> writer = new BatchWriter<>("test", written::addAll, 100, Duration.ofHours(1), 1000,
                Duration.ofMillis(1))) {
            writer.submit(1);
            writer.submit(2);
            writer.submit(3);

            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(written).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aFlushGivesUpAfterItsTimeoutWhileTheSinkHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (BatchWriter<Integer> writer = new BatchWriter<>("test", batch -> release.await(), 100, Duration.ofHours(1), 1000,
                Duration.ofMillis(1))) {
            writer.submit(1);

            assertThat(writer.flush(Duration.ofMillis(50))).isFalse();
            release.countDown();
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void recordsArriveInBatchesNoLargerThanTheBatchSize() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        BatchWriter<Integer> writer = new BatchWriter<>("test", batch -> {
            first.await(5, TimeUnit.SECONDS);
            sizes.add(batch.size());
        }, 10, Duration.ofMillis(5), 1000, Duration.ofMillis(1));
        for (int i = 0; i < 95; i++) {
            writer.submit(i);
        }
        first.countDown();
        writer.close();

        assertThat(sizes).allMatch(size -> size <= 10);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(95);
    }

    @Test
    void aClosedWriterRefusesNewRecordsLoudly() {
        BatchWriter<Integer> writer = new BatchWriter<>("test", batch -> { }, 10, Duration.ZERO, 10, Duration.ofMillis(1));
        writer.close();

        assertThatThrownBy(() -> writer.submit(1)).isInstanceOf(IllegalStateException.class);
    }
}
