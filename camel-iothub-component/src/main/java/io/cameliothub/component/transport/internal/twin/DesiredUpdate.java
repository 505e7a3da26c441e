package io.cameliothub.component.transport.internal.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A change of the desired properties to hand to the application.
 *
 * @param properties the patch (or, when {@code full}, the whole desired section), without {@code $version}
 * @param version    the desired section's version after the change
 * @param full       true when {@code properties} is the whole desired state rather than a patch
 */
public record DesiredUpdate(ObjectNode properties, long version, boolean full) {
}
