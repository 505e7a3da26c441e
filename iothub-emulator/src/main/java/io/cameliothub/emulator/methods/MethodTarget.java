package io.cameliothub.emulator.methods;

/** A device head's connection that takes method requests for one identity. Called from any thread; must not block. */
@FunctionalInterface
public interface MethodTarget {

    void deliver(MethodRequest request);
}
