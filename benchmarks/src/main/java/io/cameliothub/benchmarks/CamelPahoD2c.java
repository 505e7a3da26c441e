package io.cameliothub.benchmarks;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * What a Camel user does today without this component: camel-paho publishing to the IoT Hub topic with a SAS token
 * as password. Its producer waits for each PUBACK before the next message.
 */
final class CamelPahoD2c implements D2cClient {

    private CamelContext context;
    private ProducerTemplate template;
    private String uri;

    @Override
    public String name() {
        return "camel-paho 4.17";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId) throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("hubSockets", hub.sslContext().getSocketFactory());
        context.start();
        uri = "paho:devices/" + deviceId + "/messages/events/?brokerUrl=ssl://" + Hub.HOST + ":8883&clientId=" + deviceId
              + "&qos=1&cleanSession=false&socketFactory=#hubSockets&userName=RAW(" + SasTokens.userName(deviceId)
              + ")&password=RAW(" + SasTokens.forDevice(connectionString) + ")";
        template = context.createProducerTemplate();
        template.sendBody(uri, new byte[0]); // connects
    }

    @Override
    public void send(int count, byte[] payload) {
        for (int i = 0; i < count; i++) {
            template.sendBody(uri, payload);
        }
    }

    @Override
    public void close() {
        if (context != null) {
            context.stop();
        }
    }
}
