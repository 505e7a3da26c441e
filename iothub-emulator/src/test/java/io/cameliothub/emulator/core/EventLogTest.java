package io.cameliothub.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLogTest {

    @Test
    void logOrderAndSequenceNumbersAgreeUnderConcurrentAppends() throws Exception {
        EventLog log = new EventLog();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    log.append(seq -> new D2cEvent("d1", null, new byte[0], Map.of(), Map.of(), Protocol.MQTT,
                            Instant.EPOCH, seq));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        List<D2cEvent> all = log.all();
        assertThat(all).hasSize(20_000);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).sequenceNumber()).as("event %d", i).isEqualTo(i + 1L);
        }
    }
}
