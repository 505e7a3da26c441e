package io.cameliothub.component.transport.internal.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DesiredPropertiesTrackerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void mergeAddsReplacesAndDeletesRecursively() throws Exception {
        var target = (com.fasterxml.jackson.databind.node.ObjectNode) json("{'a':1,'b':{'c':2,'d':3},'e':'x'}");
        TwinPatches.merge(target, json("{'a':null,'b':{'c':5,'d':null,'n':{'z':true}},'f':[1],'$version':9}"));
        assertThat(target).isEqualTo(json("{'b':{'c':5,'n':{'z':true}},'e':'x','f':[1]}"));
    }

    @Test
    void diffGivesChangedAddedAndRemovedMembersOnly() throws Exception {
        JsonNode from = json("{'a':1,'b':{'c':2,'d':3},'e':'x','$version':4}");
        JsonNode to = json("{'a':1,'b':{'c':2,'d':4},'f':true,'$version':7}");
        assertThat(TwinPatches.diff(from, to)).isEqualTo(json("{'b':{'d':4},'f':true,'e':null}"));
        assertThat(TwinPatches.diff(to, to)).isEmpty();
    }

    @Test
    void firstReadDeliversTheInitialStateOnlyWhenAskedFor() throws Exception {
        JsonNode desired = json("{'rate':5,'$version':3}");
        var quiet = new DesiredPropertiesTracker(DesiredPropertiesTracker.ResyncMode.DIFF, false);
        assertThat(quiet.onFullRead(desired)).isNull();
        assertThat(quiet.version()).isEqualTo(3);

        var initial = new DesiredPropertiesTracker(DesiredPropertiesTracker.ResyncMode.DIFF, true);
        DesiredUpdate first = initial.onFullRead(desired);
        assertThat(first.full()).isTrue();
        assertThat(first.version()).isEqualTo(3);
        assertThat(first.properties()).isEqualTo(json("{'rate':5}"));
    }

    @Test
    void notificationsAtOrBelowTheSeenVersionAreDropped() throws Exception {
        var tracker = new DesiredPropertiesTracker(DesiredPropertiesTracker.ResyncMode.DIFF, false);
        tracker.onFullRead(json("{'rate':5,'$version':3}"));
        assertThat(tracker.onNotification(json("{'rate':5,'$version':3}")).update()).isNull();

        DesiredPropertiesTracker.Outcome next = tracker.onNotification(json("{'rate':6,'$version':4}"));
        assertThat(next.update().properties()).isEqualTo(json("{'rate':6}"));
        assertThat(next.update().version()).isEqualTo(4);
        assertThat(next.resyncNeeded()).isFalse();
        assertThat(tracker.state()).isEqualTo(json("{'rate':6}"));
    }

    @Test
    void aSkippedVersionIsDeliveredAndAsksForAFullRead() throws Exception {
        var tracker = new DesiredPropertiesTracker(DesiredPropertiesTracker.ResyncMode.DIFF, false);
        tracker.onFullRead(json("{'rate':5,'mode':'eco','$version':3}"));
        DesiredPropertiesTracker.Outcome skipped = tracker.onNotification(json("{'rate':7,'$version':5}"));
        assertThat(skipped.update().properties()).isEqualTo(json("{'rate':7}"));
        assertThat(skipped.resyncNeeded()).isTrue();
        // version 4 had removed 'mode': the full read brings exactly that
        DesiredUpdate missed = tracker.onFullRead(json("{'rate':7,'$version':5}"));
        assertThat(missed).isNull();
        DesiredUpdate later = tracker.onFullRead(json("{'rate':7,'$version':6}"));
        assertThat(later.properties()).isEqualTo(json("{'mode':null}"));
    }

    @Test
    void aReadAfterAReconnectDeliversWhatChangedWhileAway() throws Exception {
        var diff = new DesiredPropertiesTracker(DesiredPropertiesTracker.ResyncMode.DIFF, false);
        diff.onFullRead(json("{'rate':5,'mode':'eco','$version':3}"));
        DesiredUpdate away = diff.onFullRead(json("{'rate':9,'fan':{'speed':2},'$version':6}"));
        assertThat(away.full()).isFalse();
        assertThat(away.version()).isEqualTo(6);
        assertThat(away.properties()).isEqualTo(json("{'rate':9,'fan':{'speed':2},'mode':null}"));
        assertThat(diff.onFullRead(json("{'rate':9,'fan':{'speed':2},'$version':6}"))).isNull();

        var full = new DesiredPropertiesTracker(DesiredPropertiesTracker.ResyncMode.FULL, false);
        full.onFullRead(json("{'rate':5,'$version':3}"));
        DesiredUpdate whole = full.onFullRead(json("{'rate':9,'$version':4}"));
        assertThat(whole.full()).isTrue();
        assertThat(whole.properties()).isEqualTo(json("{'rate':9}"));
    }

    @Test
    void aNotificationBeforeTheFirstReadWaitsForTheRead() throws Exception {
        var tracker = new DesiredPropertiesTracker(DesiredPropertiesTracker.ResyncMode.DIFF, false);
        DesiredPropertiesTracker.Outcome early = tracker.onNotification(json("{'rate':1,'$version':2}"));
        assertThat(early.update()).isNull();
        assertThat(early.resyncNeeded()).isTrue();
    }

    @Test
    void withoutTheInitialStateChangesNotifiedBeforeTheFirstReadAreDeliveredAfterIt() throws Exception {
        var tracker = new DesiredPropertiesTracker(DesiredPropertiesTracker.ResyncMode.DIFF, false);
        tracker.onNotification(json("{'rate':2,'fan':{'speed':1,'mode':'a'},'$version':5}"));
        tracker.onNotification(json("{'fan':{'mode':null},'$version':6}"));
        DesiredUpdate update = tracker.onFullRead(json("{'old':true,'rate':2,'fan':{'speed':1},'$version':6}"));
        assertThat(update.full()).isFalse();
        assertThat(update.version()).isEqualTo(6);
        assertThat(update.properties()).isEqualTo(json("{'rate':2,'fan':{'speed':1,'mode':null}}"));
        assertThat(tracker.onNotification(json("{'rate':2,'$version':6}")).update()).as("seen").isNull();

        var quiet = new DesiredPropertiesTracker(DesiredPropertiesTracker.ResyncMode.DIFF, false);
        assertThat(quiet.onFullRead(json("{'old':true,'$version':4}"))).isNull();
    }
}
