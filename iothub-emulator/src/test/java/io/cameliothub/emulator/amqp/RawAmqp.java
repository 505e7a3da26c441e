package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLSocket;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.security.SaslInit;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.message.Message;

/**
 * A hand-written AMQP 1.0 client over TLS that writes frames itself, so it can send what no AMQP library would (a
 * transfer on a link the hub sends on, garbage after the header, unknown SASL mechanisms). proton-j's codec encodes
 * and decodes the performatives.
 */
final class RawAmqp implements AutoCloseable {

    private final SSLSocket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);
    /** The payload after the last performative read (a transfer's message bytes). */
    byte[] payload = new byte[0];

    RawAmqp(IotHubEmulatorExtension hub) throws IOException {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        socket = (SSLSocket) hub.sslContext().getSocketFactory().createSocket("127.0.0.1", hub.amqpPort());
        socket.setSoTimeout(15_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void header(int protocolId) throws IOException {
        write(new byte[] {'A', 'M', 'Q', 'P', (byte) protocolId, 1, 0, 0});
    }

    byte[] readHeader() throws IOException {
        byte[] h = new byte[8];
        in.readFully(h);
        return h;
    }

    /** Writes one frame: type 0 AMQP, 1 SASL. */
    void frame(int type, int channel, Object performative, byte[] payload) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(64 * 1024);
        encoder.setByteBuffer(body);
        encoder.writeObject(performative);
        int size = 8 + body.position() + payload.length;
        ByteBuffer frame = ByteBuffer.allocate(size);
        frame.putInt(size).put((byte) 2).put((byte) type).putShort((short) channel);
        frame.put(body.array(), 0, body.position()).put(payload);
        write(frame.array());
    }

    /** The next performative (heartbeats skipped); null when the hub closed the socket or stayed silent. */
    Object read() throws IOException {
        try {
            while (true) {
                int size = in.readInt();
                int doff = in.readUnsignedByte();
                in.readUnsignedByte();
                in.readUnsignedShort();
                in.skipBytes(doff * 4 - 8);
                byte[] rest = new byte[size - doff * 4];
                in.readFully(rest);
                if (rest.length == 0) {
                    continue;
                }
                ByteBuffer buffer = ByteBuffer.wrap(rest);
                decoder.setByteBuffer(buffer);
                Object performative = decoder.readObject();
                payload = Arrays.copyOfRange(rest, buffer.position(), rest.length);
                return performative;
            }
        } catch (EOFException | SocketException | SocketTimeoutException e) {
            return null;
        }
    }

    /** Reads until a performative of {@code type} (returned) or the end (null). */
    <T> T readUntil(Class<T> type) throws IOException {
        for (Object o = read(); o != null; o = read()) {
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
        return null;
    }

    /** SASL ANONYMOUS, then the AMQP header, open and begin on channel 0. */
    void openSession(String hostName) throws IOException {
        header(3);
        readHeader();
        read(); // sasl-mechanisms
        SaslInit init = new SaslInit();
        init.setMechanism(Symbol.valueOf("ANONYMOUS"));
        frame(1, 0, init, new byte[0]);
        read(); // sasl-outcome
        header(0);
        readHeader();
        Open open = new Open();
        open.setContainerId("raw-client");
        open.setHostname(hostName);
        frame(0, 0, open, new byte[0]);
        readUntil(Open.class);
        Begin begin = new Begin();
        begin.setNextOutgoingId(UnsignedInteger.ZERO);
        begin.setIncomingWindow(UnsignedInteger.valueOf(1000));
        begin.setOutgoingWindow(UnsignedInteger.valueOf(1000));
        frame(0, 0, begin, new byte[0]);
        readUntil(Begin.class);
    }

    /** Attaches handle 0 as a sender to $cbs and handle 1 as a receiver from $cbs, as a CBS client does. */
    void attachCbs() throws IOException {
        Attach sender = new Attach();
        sender.setName("cbs-sender");
        sender.setHandle(UnsignedInteger.ZERO);
        sender.setRole(Role.SENDER);
        sender.setInitialDeliveryCount(UnsignedInteger.ZERO);
        sender.setSource(new Source());
        Target target = new Target();
        target.setAddress("$cbs");
        sender.setTarget(target);
        frame(0, 0, sender, new byte[0]);
        readUntil(Attach.class);
        Attach receiver = new Attach();
        receiver.setName("cbs-receiver");
        receiver.setHandle(UnsignedInteger.ONE);
        receiver.setRole(Role.RECEIVER);
        Source source = new Source();
        source.setAddress("$cbs");
        receiver.setSource(source);
        Target replyTo = new Target();
        replyTo.setAddress("cbs");
        receiver.setTarget(replyTo);
        frame(0, 0, receiver, new byte[0]);
        readUntil(Attach.class);
        Flow flow = new Flow();
        flow.setHandle(UnsignedInteger.ONE);
        flow.setDeliveryCount(UnsignedInteger.ZERO);
        flow.setLinkCredit(UnsignedInteger.valueOf(10));
        flow.setNextIncomingId(UnsignedInteger.ZERO);
        flow.setIncomingWindow(UnsignedInteger.valueOf(1000));
        flow.setNextOutgoingId(UnsignedInteger.ZERO);
        flow.setOutgoingWindow(UnsignedInteger.valueOf(1000));
        frame(0, 0, flow, new byte[0]);
    }

    /** A transfer of {@code message} on {@code handle}, delivery {@code id}. */
    void transfer(int handle, int id, Message message) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n = message.encode(buf, 0, buf.length);
        transfer(handle, id, Arrays.copyOf(buf, n));
    }

    void transfer(int handle, int id, byte[] payload) throws IOException {
        Transfer t = new Transfer();
        t.setHandle(UnsignedInteger.valueOf(handle));
        t.setDeliveryId(UnsignedInteger.valueOf(id));
        t.setDeliveryTag(new Binary(new byte[] {(byte) id}));
        t.setMessageFormat(UnsignedInteger.ZERO);
        t.setSettled(false);
        frame(0, 0, t, payload);
    }

    /** The message of the next transfer the hub sends, or null when the connection ends first. */
    Message readMessage() throws IOException {
        if (readUntil(Transfer.class) == null) {
            return null;
        }
        Message m = Message.Factory.create();
        m.decode(payload, 0, payload.length);
        return m;
    }

    /** The hub's Close, or null when it dropped the socket without one. */
    Close awaitClose() throws IOException {
        return readUntil(Close.class);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
