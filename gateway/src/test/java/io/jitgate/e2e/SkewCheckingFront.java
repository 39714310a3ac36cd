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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * moto with AWS's request-time check in front of it. moto 5.2.5 does not compare a request's
 * signing time with its own clock at all (it has no RequestTimeTooSkewed), so this front does what
 * S3 does: a request whose {@code X-Amz-Date} is more than 15 minutes away from the endpoint's clock
 * is answered {@code 403 RequestTimeTooSkewed} with the endpoint's {@code Date} (which is what the
 * AWS SDK corrects its clock from) and never reaches moto; every other request is passed to moto
 * unchanged (one request per connection). The endpoint's clock is the test's choice: ahead of the
 * gateway's by as much as the test wants.
 */
final class SkewCheckingFront implements AutoCloseable {
    /** How far AWS lets a request's signing time be from its own clock. */
    static final Duration AWS_WINDOW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ServerSocket server;
    private final int targetPort;
    private final Clock endpointClock;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    SkewCheckingFront(int targetPort, Clock endpointClock) throws IOException {
        this.targetPort = targetPort;
        this.endpointClock = endpointClock;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "skew-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests answered RequestTimeTooSkewed (they never reached moto). */
    long refused() {
        return refused.get();
    }

    /** Requests passed on to moto. */
    long forwarded() {
        return forwarded.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> handle(client), "skew-front-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String headText = new String(head, StandardCharsets.ISO_8859_1);
            byte[] body = in.readNBytes((int) Long.parseLong(header(headText, "Content-Length", "0")));
            Instant now = endpointClock.instant();
            Instant signed = Instant.from(AMZ_DATE.parse(header(headText, "X-Amz-Date", AMZ_DATE.format(now))));
            if (Duration.between(signed, now).abs().compareTo(AWS_WINDOW) > 0) {
                refused.incrementAndGet();
                String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>RequestTimeTooSkewed</Code><Message>The difference "
                        + "between the request time and the current time is too large.</Message><RequestTime>" + AMZ_DATE.format(signed)
                        + "</RequestTime><ServerTime>" + now + "</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>"
                        + "<RequestId>skew-front</RequestId></Error>";
                byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
                String response = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: " + bytes.length
                        + "\r\nDate: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC))
                        + "\r\nx-amz-request-id: skew-front\r\nConnection: close\r\n\r\n";
                OutputStream out = client.getOutputStream();
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.write(bytes);
                out.flush();
                return;
            }
            forwarded.incrementAndGet();
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                OutputStream up = upstream.getOutputStream();
                up.write(withConnectionClose(headText).getBytes(StandardCharsets.ISO_8859_1));
                up.write(body);
                up.flush();
                upstream.getInputStream().transferTo(client.getOutputStream());
                client.getOutputStream().flush();
            }
        } catch (IOException | RuntimeException ignored) {
            // a connection went away
        }
    }

    /** The request head with {@code Connection: close} (an unsigned header), so moto ends the exchange by closing. */
    private static String withConnectionClose(String head) {
        StringBuilder out = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && !line.toLowerCase(java.util.Locale.ROOT).startsWith("connection:")) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                return h;
            }
        }
        return null;
    }

    private static String header(String head, String name, String otherwise) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return otherwise;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
