package io.jitgate.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small TCP proxy for fault tests, in front of a real server (OpenBao or moto) on a 196xx port.
 * It forwards, forwards after a delay (a slow dependency), answers every HTTP request with a canned
 * response (throttling), or is stopped (the dependency is gone: connections are refused and open ones
 * are cut) and started again. It counts the bytes clients sent towards the real server, so a test can
 * show that nothing reached it. Test code: plain blocking sockets, one thread per connection.
 */
final class FaultProxy implements AutoCloseable {
    private final int port;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesToTarget = new AtomicLong();
    private final AtomicLong cannedAnswers = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket server;
    private volatile Duration delay = Duration.ZERO;
    private volatile String canned;
    private final ByteArrayOutputStream tapped = new ByteArrayOutputStream();
    private volatile boolean tapping;

    FaultProxy(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Bytes clients sent on to the real server since the proxy was made. */
    long bytesToTarget() {
        return bytesToTarget.get();
    }

    /** Connections accepted since the proxy was made. */
    long accepted() {
        return accepted.get();
    }

    /** From now on, keep a copy of every byte clients send on to the real server (in memory only). */
    void tap() {
        tapping = true;
    }

    /** What clients sent on to the real server since {@link #tap()}, as ISO-8859-1 text. */
    String tapped() {
        synchronized (tapped) {
            return tapped.toString(StandardCharsets.ISO_8859_1);
        }
    }

    long cannedAnswers() {
        return cannedAnswers.get();
    }

    /** A loopback port free right now, for a proxy that must keep its port across restarts. */
    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no free loopback port for a fault proxy", e);
        }
    }

    synchronized FaultProxy start() throws IOException {
        if (server != null) {
            return this;
        }
        ServerSocket s = bind();
        server = s;
        Thread acceptor = new Thread(() -> accept(s), "fault-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    /**
     * Binds the port, waiting (at most 10 s) for connections of an earlier incarnation to go away:
     * Linux refuses the bind while one of them is still closing.
     */
    private ServerSocket bind() throws IOException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (true) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return s;
            } catch (java.net.BindException e) {
                s.close();
                if (System.nanoTime() > end) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The dependency is gone: refuse new connections and cut the open ones. */
    synchronized void stop() {
        ServerSocket s = server;
        server = null;
        closeQuietly(s);
        open.forEach(FaultProxy::reset);
        open.clear();
    }

    void forward() {
        delay = Duration.ZERO;
        canned = null;
    }

    void delay(Duration d) {
        delay = d;
    }

    /** Answers every request with {@code status} and {@code body} (content type {@code type}), then closes. */
    void answer(int status, String reason, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        canned = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length
                + "\r\nx-amzn-RequestId: fault-proxy\r\nConnection: close\r\n\r\n" + body;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                accepted.incrementAndGet();
                open.add(client);
                Thread t = new Thread(() -> handle(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try {
            if (canned != null) {
                readRequest(client.getInputStream());
                cannedAnswers.incrementAndGet();
                client.getOutputStream().write(canned.getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().flush();
                closeQuietly(client);
                return;
            }
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            open.add(upstream);
            Thread back = new Thread(() -> pump(upstream, client, null), "fault-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream, bytesToTarget);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (counter != null && !delay.isZero()) {
                    // Slow on every request, also on connections opened before the delay was set.
                    Thread.sleep(delay.toMillis());
                }
                out.write(buffer, 0, n);
                out.flush();
                if (counter != null) {
                    counter.addAndGet(n);
                    if (tapping) {
                        synchronized (tapped) {
                            tapped.write(buffer, 0, n);
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /** Reads one HTTP request (headers and a Content-Length body) so the canned answer follows it. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        in.readNBytes((int) length);
    }

    /** Closes with a reset, so no half-closed socket keeps the port busy. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        stop();
    }
}
