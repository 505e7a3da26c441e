package io.cameliothub.component.transport.internal;

/**
 * A direct-method call from the hub.
 *
 * @param name      the method's name
 * @param payload   the request payload (JSON, possibly empty)
 * @param requestId what the wire needs to route the response back ($rid or the AMQP correlation id)
 */
public record MethodInvocation(String name, byte[] payload, Object requestId) {
}
