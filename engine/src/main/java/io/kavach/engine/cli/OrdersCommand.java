package io.kavach.engine.cli;

import io.kavach.config.KavachConfig;
import io.kavach.engine.live.AdminServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code kavach orders --failed | retry ID | drop ID}: asks the running engine ({@code kavach run}) on
 * its loopback admin port, found in {@code <home>/run/admin.port}, and prints its answer.
 *
 * <p>Threading: the CLI's main thread.
 */
@Command(name = "orders", mixinStandardHelpOptions = true,
    description = "Failed orders of the running engine: --failed lists them, retry ID / drop ID acts on one.")
public final class OrdersCommand implements Callable<Integer> {
    static final String PORT_FILE = "admin.port";
    private static final int TIMEOUT_MS = 10_000;

    @Option(names = "--failed", description = "List the failed, rejected and retry-waiting orders.")
    boolean failed;

    @Option(names = "--home", paramLabel = "DIR", description = "Engine home of the running engine (default $KAVACH_HOME or ~/.kavach).")
    String home;

    @Parameters(arity = "0..2", paramLabel = "retry ID | drop ID")
    List<String> action = new ArrayList<>();

    Map<String, String> environment = System.getenv();

    /** Where {@code kavach run} writes its admin port. */
    static Path portFile(final Path home) {
        return home.resolve("run").resolve(PORT_FILE);
    }

    @Override
    public Integer call() throws IOException {
        final List<String> words = new ArrayList<>();
        words.add("orders");
        if (failed) {
            words.add("--failed");
        }
        words.addAll(action);
        if (words.size() == 1) {
            throw new BadInputException("orders: say --failed, retry ID or drop ID");
        }
        final String answer = ask(engineHome(), String.join(" ", words));
        final int newline = answer.indexOf('\n');
        final String head = newline < 0 ? answer : answer.substring(0, newline);
        System.out.print(newline < 0 ? "" : answer.substring(newline + 1));
        return head.startsWith("exit ") ? Integer.parseInt(head.substring(5).strip()) : KavachMain.EXIT_FAILURE;
    }

    private Path engineHome() throws IOException {
        try {
            return KavachConfig.load(null, environment).with(KavachConfig.HOME, home).home();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** Sends one request line to the engine under {@code home} and returns its whole answer. */
    static String ask(final Path home, final String request) throws IOException {
        final Path file = portFile(home);
        if (!Files.isReadable(file)) {
            throw new BadInputException("no running engine under " + home + " (" + file + " is missing; start it with 'kavach run')");
        }
        final int port;
        try {
            port = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": not a port number");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(AdminServer.LOOPBACK, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            final OutputStream out = socket.getOutputStream();
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (java.net.ConnectException e) {
            throw new BadInputException("the engine under " + home + " does not answer on 127.0.0.1:" + port + " (not running, or stopped uncleanly)");
        }
    }
}
