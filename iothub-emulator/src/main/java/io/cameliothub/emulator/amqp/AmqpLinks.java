package io.cameliothub.emulator.amqp;

import io.vertx.proton.ProtonLink;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/** Link helpers the device and service sides share. */
final class AmqpLinks {

    private AmqpLinks() {
    }

    /** Detaches an open link with {@code condition}; a null or already closed link is left alone. */
    static void close(ProtonLink<?> link, ErrorCondition condition) {
        if (link != null && link.isOpen()) {
            link.setCondition(condition);
            link.close();
        }
    }
}
