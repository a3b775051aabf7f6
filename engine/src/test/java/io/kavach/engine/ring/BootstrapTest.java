package io.kavach.engine.ring;

import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.event.TimerType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BootstrapTest {
    @Test
    void shouldDrainEveryPublishedEventThroughTheLogicBeforeClosing() {
        for (WaitStrategyKind wait : WaitStrategyKind.values()) {
            final LogicHandler logic = new LogicHandler(new io.kavach.engine.candle.CandleBook());
            final Bootstrap engine = Bootstrap.start(new EngineSettings(64, wait), null, logic, 1_000);
            for (int i = 0; i < 10_000; i++) {
                engine.publisher().publishTrade(1, 1_672_631_100_000L + i, 100_000_000L, 1, i, 0);
            }
            engine.publisher().publishTimer(1_672_700_000_000L, TimerType.END_OF_INPUT);
            engine.close();
            assertEquals(10_001, logic.eventsHandled(), wait.label);
            assertEquals(11_000, logic.lastInputSequence(), wait.label);
            assertEquals(0, engine.stageErrors(), wait.label);
        }
    }

    @Test
    void shouldRefuseARingSizeThatIsNotAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new EngineSettings(1000, WaitStrategyKind.BLOCKING));
        assertEquals(WaitStrategyKind.BUSY_SPIN, WaitStrategyKind.parse("busy-spin"));
        assertThrows(IllegalArgumentException.class, () -> WaitStrategyKind.parse("spin"));
    }
}
