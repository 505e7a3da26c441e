package io.cameliothub.examples.quarkus;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.enterprise.context.ApplicationScoped;

/** What the device does with a command: here, remembers it. */
@ApplicationScoped
public class Vents {

    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();

    public void command(String command) {
        commands.add(command);
    }

    /** Commands received, oldest first. */
    public BlockingQueue<String> commands() {
        return commands;
    }
}
