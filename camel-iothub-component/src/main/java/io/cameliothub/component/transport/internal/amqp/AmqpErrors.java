package io.cameliothub.component.transport.internal.amqp;

import java.util.Set;

import io.cameliothub.component.transport.IotHubException;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * IoT Hub's AMQP error conditions as {@link IotHubException}s, with whether trying again can help.
 */
final class AmqpErrors {

    /** Conditions no retry can fix (the Java device SDK agrees on these). */
    private static final Set<String> PERMANENT = Set.of(
            "amqp:unauthorized-access", "amqp:not-found", "amqp:link:message-size-exceeded",
            "amqp:resource-limit-exceeded", "com.microsoft:argument-error", "amqp:not-allowed",
            "amqp:invalid-field", "amqp:decode-error", "amqp:not-implemented");

    private AmqpErrors() {
    }

    static IotHubException of(String what, ErrorCondition condition) {
        if (condition == null || condition.getCondition() == null) {
            return new IotHubException(what, null, true);
        }
        String symbol = condition.getCondition().toString();
        String description = condition.getDescription() == null ? "" : ": " + condition.getDescription();
        return new IotHubException(what + " (" + symbol + description + ")", symbol, !PERMANENT.contains(symbol));
    }
}
