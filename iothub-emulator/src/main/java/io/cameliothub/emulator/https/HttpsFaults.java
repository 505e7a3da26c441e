package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.AckPlan;
import io.cameliothub.emulator.core.Faults;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults as the HTTPS device API shows them: a request reset mid-flight (TCP reset, no answer, body unread), and a
 * D2C acknowledgement (204) lost (connection reset after the message was accepted) or delayed.
 */
final class HttpsFaults {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsFaults.class);

    private HttpsFaults() {
    }

    /** Resets the request's connection when the drop fault is armed; returns whether it did. */
    static boolean dropped(Faults faults, HttpServerRequest req) {
        if (!faults.takeHttpsRequestDrop()) {
            return false;
        }
        LOG.info("HTTPS {} {}: resetting the connection mid-request (fault)", req.method(), req.path());
        reset(req.connection());
        return true;
    }

    /** Answers an accepted D2C request with 204, unless the faults lose or delay that answer. */
    static void acknowledge(Faults faults, HttpServerRequest req) {
        AckPlan plan = faults.ackPlan();
        if (plan.lose()) {
            LOG.info("HTTPS {} {}: telemetry accepted, resetting the connection before the 204 (fault)", req.method(),
                    req.path());
            reset(req.connection());
        } else if (plan.delayed() && Vertx.currentContext() != null) {
            Vertx.currentContext().owner().setTimer(plan.delay().toMillis(), t -> {
                if (!req.response().closed()) {
                    req.response().setStatusCode(204).end();
                }
            });
        } else {
            req.response().setStatusCode(204).end();
        }
    }

    /** A TCP reset (SO_LINGER 0) where Vert.x lets us reach the channel, a plain close otherwise. */
    static void reset(HttpConnection connection) {
        if (connection instanceof io.vertx.core.net.impl.ConnectionBase base) {
            base.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            base.channel().close();
        } else {
            connection.close();
        }
    }
}
