package io.cameliothub.emulator.ws;

import io.vertx.core.http.ServerWebSocket;

/** Takes over an accepted {@code /$iothub/websocket} connection for one protocol (MQTT or AMQP). */
@FunctionalInterface
public interface WebSocketBridge {

    void bridge(ServerWebSocket webSocket);
}
