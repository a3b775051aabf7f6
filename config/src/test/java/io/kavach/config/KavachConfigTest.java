package io.kavach.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KavachConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldDefaultToDryRunAgainstUpstoxWithTheJournalUnderTheHome() throws Exception {
        final KavachConfig c = KavachConfig.load(null, Map.of());
        assertEquals("dry-run", c.orderMode());
        assertEquals("https://api.upstox.com", c.apiBaseUrl());
        assertEquals("https://api-hft.upstox.com", c.orderBaseUrl());
        assertEquals(c.home().resolve("journal"), c.journalRoot());
        assertNull(c.rulesFile(), "rules come from the store unless a file is named");
        assertNull(c.tokenSourceKind());
        assertEquals(8192, c.ringSize());
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheFileAndOptionsOverrideBoth() throws Exception {
        final Path file = dir.resolve("kavach.properties");
        Files.writeString(file, "# live host\norder.mode = paper\nuser.id=7\ntoken.file = /etc/kavach/token\nhome=" + dir + "\n");
        final KavachConfig c = KavachConfig.load(file, Map.of("KAVACH_USER_ID", "9", "KAVACH_TOKEN_ENV", "UPSTOX_TOKEN", "PATH", "/bin"));
        assertEquals("paper", c.orderMode());
        assertEquals(9, c.userId());
        assertEquals(KavachConfig.TOKEN_ENV, c.tokenSourceKind(), "the environment's token source replaces the file's");
        assertEquals("UPSTOX_TOKEN", c.tokenSourceValue());
        assertEquals(dir.resolve("journal"), c.journalRoot());
        assertEquals("live", c.with(KavachConfig.ORDER_MODE, "live").orderMode());
    }

    @Test
    void shouldRefuseATokenWrittenIntoTheFileWithoutRepeatingIt() throws Exception {
        final Path file = dir.resolve("kavach.properties");
        Files.writeString(file, "order.mode = live\naccess.token = eyJSECRET\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains(":2:"), e.getMessage());
        assertFalse(e.getMessage().contains("eyJSECRET"), e.getMessage());
    }

    @Test
    void shouldNameTheLineAndKeyOfAnUnknownKeyOrBadValue() throws Exception {
        final Path file = dir.resolve("kavach.properties");
        Files.writeString(file, "order.mode = dry-run\nring.sise = 1024\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(file, Map.of())).getMessage().contains(":2: unknown key 'ring.sise'"));
        Files.writeString(file, "ring.size = 1000\n");
        final String m = assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(file, Map.of())).getMessage();
        assertTrue(m.contains(":1: ring.size: 1000 is not a power of two"), m);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(null, Map.of("KAVACH_ORDER_MODE", "real")))
            .getMessage().contains("environment KAVACH_ORDER_MODE: order.mode: 'real'"));
    }

    @Test
    void shouldRequireATokenSourceForLiveOrders() {
        final String m = assertThrows(IllegalArgumentException.class, () -> KavachConfig.defaults().with(KavachConfig.ORDER_MODE, "live")).getMessage();
        assertTrue(m.contains("needs a token source"), m);
    }

    @Test
    void shouldNeverShowTheTokenCommandOrTheDatabaseUrlInToString() throws Exception {
        final KavachConfig c = KavachConfig.load(null, Map.of("KAVACH_TOKEN_COMMAND", "pass show upstox-s3cret",
            "KAVACH_DB_URL", "jdbc:postgresql://db/kavach?password=hunter2"));
        assertFalse(c.toString().contains("s3cret"), c.toString());
        assertFalse(c.toString().contains("hunter2"), c.toString());
        assertTrue(c.toString().contains("token=command"), c.toString());
    }

    @Test
    void shouldReadTheDailyLossLimitInRupeesAndFlattenOnHaltWithNoLimitByDefault() throws Exception {
        final KavachConfig none = KavachConfig.load(null, Map.of());
        assertEquals(0, none.riskDailyLossLimitFixed(), "no limit unless one is set");
        assertFalse(none.riskFlattenOnHalt());
        final Path file = dir.resolve("kavach.properties");
        Files.writeString(file, "risk.daily.loss.limit.rupees = 2500.75\nrisk.flatten.on.halt = TRUE\n");
        final KavachConfig c = KavachConfig.load(file, Map.of());
        assertEquals(2_500_750_000L, c.riskDailyLossLimitFixed());
        assertTrue(c.riskFlattenOnHalt());
        assertEquals(5_000_000_000L, KavachConfig.load(file, Map.of("KAVACH_RISK_DAILY_LOSS_LIMIT_RUPEES", "5000")).riskDailyLossLimitFixed(),
            "the environment overrides the file");
        assertFalse(c.with(KavachConfig.RISK_FLATTEN_ON_HALT, "false").riskFlattenOnHalt(), "an option overrides both");
        assertTrue(c.toString().contains("daily-loss-limit=2500.75 (flatten on halt)"), c.toString());
    }

    @Test
    void shouldRefuseABadDailyLossLimitOrFlattenSettingNamingTheSettingAndWhereItCameFrom() throws Exception {
        final Path file = dir.resolve("kavach.properties");
        for (String bad : new String[] {"-100", "5k", "NaN", "0.0000001", "1e13"}) {
            Files.writeString(file, "order.mode = paper\nrisk.daily.loss.limit.rupees = " + bad + "\n");
            final String m = assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(file, Map.of()), bad).getMessage();
            assertTrue(m.contains(file + ":2: risk.daily.loss.limit.rupees: "), m);
        }
        Files.writeString(file, "risk.flatten.on.halt = yes\n");
        final String m = assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(file, Map.of())).getMessage();
        assertTrue(m.contains(":1: risk.flatten.on.halt: 'yes' is not true or false"), m);
        final String opt = assertThrows(IllegalArgumentException.class,
            () -> KavachConfig.defaults().with(KavachConfig.RISK_DAILY_LOSS_LIMIT_RUPEES, "-1")).getMessage();
        assertTrue(opt.startsWith("option --risk-daily-loss-limit-rupees: risk.daily.loss.limit.rupees: -1 is negative"), opt);
    }

    @Test
    void shouldPlaceTheJournalInlineByDefaultAndTakeParallelFromTheFileTheEnvironmentOrAnOption() throws Exception {
        assertEquals("inline", KavachConfig.load(null, Map.of()).journalPlacement(), "inline unless said otherwise");
        final Path file = dir.resolve("kavach.properties");
        Files.writeString(file, "journal.placement = Parallel\n");
        final KavachConfig c = KavachConfig.load(file, Map.of());
        assertEquals("parallel", c.journalPlacement());
        assertTrue(c.toString().contains("journal-placement=parallel"), c.toString());
        assertEquals("inline", KavachConfig.load(file, Map.of("KAVACH_JOURNAL_PLACEMENT", "inline")).journalPlacement(),
            "the environment overrides the file");
        assertEquals("inline", c.with(KavachConfig.JOURNAL_PLACEMENT, "inline").journalPlacement(), "an option overrides both");
        Files.writeString(file, "order.mode = paper\njournal.placement = beside\n");
        final String m = assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(file, Map.of())).getMessage();
        assertTrue(m.contains(file + ":2: journal.placement: 'beside' is not one of inline, parallel"), m);
    }

    @Test
    void shouldPrepareAGibibyteOfTheDaysJournalByDefaultTakeZeroToTurnItOffAndRefuseANegativeSize() throws Exception {
        assertEquals(KavachConfig.JOURNAL_PREPARE_MB_DEFAULT, KavachConfig.load(null, Map.of()).journalPrepareMb());
        assertEquals(1024, KavachConfig.JOURNAL_PREPARE_MB_DEFAULT);
        final Path file = dir.resolve("kavach.properties");
        Files.writeString(file, "journal.prepare.mb = 0\n");
        final KavachConfig c = KavachConfig.load(file, Map.of());
        assertEquals(0, c.journalPrepareMb());
        assertTrue(c.toString().contains("journal-prepare-mb=0"), c.toString());
        assertEquals(4096, KavachConfig.load(file, Map.of("KAVACH_JOURNAL_PREPARE_MB", "4096")).journalPrepareMb());
        Files.writeString(file, "order.mode = paper\njournal.prepare.mb = -1\n");
        final String m = assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(file, Map.of())).getMessage();
        assertTrue(m.contains(file + ":2: journal.prepare.mb: -1 is not between 0 and 1048576 MiB"), m);
    }

    @Test
    void shouldReadTheWriterLoopTransportAndSpinWithAutoDefaultsAndRefuseBadValuesNamingTheLine() throws Exception {
        final KavachConfig none = KavachConfig.load(null, Map.of());
        assertEquals("auto", none.writerLoopTransport());
        assertEquals("auto", none.writerLoopSpinUs());
        final Path file = dir.resolve("kavach.properties");
        Files.writeString(file, "writer.loop.transport = NIO\nwriter.loop.spin.us = 0\n");
        final KavachConfig c = KavachConfig.load(file, Map.of("KAVACH_WRITER_LOOP_SPIN_US", "40"));
        assertEquals("nio", c.writerLoopTransport());
        assertEquals("40", c.writerLoopSpinUs(), "the environment overrides the file");
        Files.writeString(file, "order.mode = paper\nwriter.loop.transport = kqueue\n");
        final String t = assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(file, Map.of())).getMessage();
        assertTrue(t.contains(file + ":2: writer.loop.transport: 'kqueue' is not one of auto, epoll, nio"), t);
        Files.writeString(file, "writer.loop.spin.us = -5\n");
        final String s = assertThrows(IllegalArgumentException.class, () -> KavachConfig.load(file, Map.of())).getMessage();
        assertTrue(s.contains(file + ":1: writer.loop.spin.us: '-5' is not auto or a whole number of µs ≥ 0"), s);
    }
}
