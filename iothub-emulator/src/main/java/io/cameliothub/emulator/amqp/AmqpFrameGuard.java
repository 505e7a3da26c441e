package io.cameliothub.emulator.amqp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.End;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.FrameBody;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.engine.impl.ProtocolTracer;
import org.apache.qpid.proton.framing.TransportFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at each incoming AMQP frame before proton-j handles it and catches the ones its engine cannot survive (a
 * transfer on a link the hub sends on, frames for a channel never begun or a handle never attached). Such a frame
 * makes the engine throw, and vertx-proton then drops the socket with no close frame and no log line; the guard first
 * logs it and writes a {@code close} with an AMQP error condition, so the client learns why.
 */
final class AmqpFrameGuard implements ProtocolTracer {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpFrameGuard.class);

    private final NetSocket socket;
    private final String remote;
    /** Remote channel -> (remote handle -> the remote end's role). */
    private final Map<Integer, Map<UnsignedInteger, Role>> channels = new HashMap<>();
    private boolean closed;

    AmqpFrameGuard(NetSocket socket) {
        this.socket = socket;
        this.remote = String.valueOf(socket.remoteAddress());
    }

    @Override
    public void receivedFrame(TransportFrame frame) {
        if (closed) {
            return;
        }
        String problem = check(frame.getChannel(), frame.getBody());
        if (problem != null) {
            int colon = problem.indexOf(": ");
            refuse(problem.substring(0, colon), problem.substring(colon + 2));
        }
    }

    @Override
    public void sentFrame(TransportFrame frame) {
    }

    /** Null, or {@code "condition: description"}. */
    private String check(int channel, FrameBody body) {
        if (body instanceof Begin) {
            channels.put(channel, new HashMap<>());
            return null;
        }
        if (body instanceof org.apache.qpid.proton.amqp.transport.Open || body instanceof Close
                || body instanceof org.apache.qpid.proton.amqp.transport.EmptyFrame) {
            return null;
        }
        Map<UnsignedInteger, Role> handles = channels.get(channel);
        if (handles == null) {
            return "amqp:connection:framing-error: " + body.getClass().getSimpleName().toLowerCase() + " on channel "
                    + channel + ", which was never begun";
        }
        if (body instanceof End) {
            channels.remove(channel);
        } else if (body instanceof Attach a) {
            handles.put(a.getHandle(), a.getRole());
        } else if (body instanceof Detach d) {
            handles.remove(d.getHandle());
        } else if (body instanceof Transfer t) {
            Role role = handles.get(t.getHandle());
            if (role == null) {
                return "amqp:session:unattached-handle: transfer on handle " + t.getHandle() + ", which is not attached";
            }
            if (role == Role.RECEIVER) {
                return "amqp:not-allowed: transfer on handle " + t.getHandle() + ", a link the hub sends on";
            }
        } else if (body instanceof Flow f && f.getHandle() != null && !handles.containsKey(f.getHandle())) {
            return "amqp:session:unattached-handle: flow for handle " + f.getHandle() + ", which is not attached";
        }
        return null;
    }

    private void refuse(String condition, String description) {
        closed = true;
        LOG.warn("closing the AMQP connection from {} with {}: {}", remote, condition, description);
        Close close = new Close();
        close.setError(new ErrorCondition(Symbol.valueOf(condition), description));
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer body = ByteBuffer.allocate(1024);
        encoder.setByteBuffer(body);
        encoder.writeObject(close);
        Buffer frame = Buffer.buffer(8 + body.position()).appendInt(8 + body.position()).appendByte((byte) 2)
                .appendByte((byte) 0).appendShort((short) 0).appendBytes(body.array(), 0, body.position());
        socket.write(frame);
    }
}
