package io.jitgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A stage that waits hears of a cancel once, whether it started listening before or after it. */
class CallControlTest {
    @Test
    void aListenerHearsTheCancelOnceWhenItComesAndAtOnceWhenItCameAlready() {
        CallControl control = new CallControl();
        List<String> heard = new CopyOnWriteArrayList<>();
        control.onCancel(reason -> heard.add("early: " + reason));
        assertThat(heard).isEmpty();
        control.cancel("the user left");
        control.onCancel(reason -> heard.add("late: " + reason));
        control.cancel("again");
        assertThat(heard).as("each listener once").containsExactly("early: the user left", "late: the user left");
    }

    @Test
    void theSharedNoOpControlKeepsNoListeners() {
        List<String> heard = new CopyOnWriteArrayList<>();
        CallControl.none().onCancel(heard::add);
        assertThat(CallControl.none().cancelled()).isFalse();
        assertThat(heard).isEmpty();
    }
}
