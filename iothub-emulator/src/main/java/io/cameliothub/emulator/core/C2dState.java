package io.cameliothub.emulator.core;

/** States of a cloud-to-device message (IoT Hub C2D lifecycle). */
public enum C2dState {
    ENQUEUED, INVISIBLE, COMPLETED, DEAD_LETTERED
}
