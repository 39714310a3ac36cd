package io.jitgate.mcp;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Phase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MCP over stdio for one local agent: newline-delimited JSON-RPC on stdin and stdout, nothing else
 * on stdout. Frames are split on bytes before they are decoded, so a multi-byte character split
 * across reads arrives intact. The agent's identity is given (configuration or environment), not
 * proven by a token. When stdin closes, the transport waits for calls in flight and completes.
 */
public final class StdioTransport {
    private final McpMethods methods;
    private final SessionRegistry sessions;
    private final AgentPrincipal principal;
    private final Context context;
    private final OutputStream out;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Promise<Void> finished = Promise.promise();
    private volatile SessionState session;
    private volatile boolean inputClosed;

    public StdioTransport(McpMethods methods, SessionRegistry sessions, AgentPrincipal principal, Context context, OutputStream out) {
        this.methods = methods;
        this.sessions = sessions;
        this.principal = principal;
        this.context = context;
        this.out = out;
    }

    /** Reads {@code in} on a thread of its own until it closes; the future completes when all answers are written. */
    public Future<Void> serve(InputStream in) {
        Thread reader = new Thread(() -> read(in), "jitgate-stdio-reader");
        reader.setDaemon(true);
        reader.start();
        return finished.future();
    }

    private void read(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        byte[] frame = line.toByteArray();
                        line.reset();
                        if (frame.length > 0) {
                            context.runOnContext(v -> handle(frame));
                        }
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // stdin failed: treat as closed
        }
        context.runOnContext(v -> {
            inputClosed = true;
            finishIfIdle();
        });
    }

    private void handle(byte[] frame) {
        long decodeStart = System.nanoTime();
        Object decoded;
        try {
            decoded = Json.decodeValue(new String(frame, StandardCharsets.UTF_8).trim());
        } catch (DecodeException e) {
            write(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the line is not valid JSON"));
            return;
        }
        McpMessage message;
        try {
            message = McpMessage.parse(decoded);
        } catch (McpMessage.Invalid invalid) {
            write(invalid.toResponse());
            return;
        }
        if ("initialize".equals(message.method()) && message.isRequest()) {
            String requested = message.params().getValue("protocolVersion") instanceof String s ? s : ProtocolVersions.LATEST;
            String agreed = ProtocolVersions.negotiate(requested);
            session = sessions.open(principal.agentId(), agreed);
            session.clientCapabilities(message.params().getValue("capabilities") instanceof JsonObject c ? c : null);
            write(JsonRpc.result(message.id(), methods.initialize(agreed)));
            return;
        }
        SessionState current = session;
        if (StatelessRevision.requested(message)) {
            String problem = StatelessRevision.problem(message, null);
            if (problem != null) {
                if (message.isRequest()) {
                    write(JsonRpc.error(message.id(), JsonRpc.INVALID_REQUEST, problem));
                }
                return;
            }
            current = sessions.ephemeral(principal.agentId());
        }
        if (current == null) {
            if (message.isRequest()) {
                write(JsonRpc.error(message.id(), JsonRpc.INVALID_REQUEST, "initialize first"));
            }
            return;
        }
        if (!message.isRequest()) {
            if (message.kind() == McpMessage.Kind.NOTIFICATION) {
                methods.notification(message, current);
            } else if (message.kind() == McpMessage.Kind.RESPONSE) {
                methods.response(message, current);
            }
            return;
        }
        Map<Phase, Long> transport = new EnumMap<>(Phase.class);
        transport.put(Phase.DECODE, System.nanoTime() - decodeStart);
        transport.put(Phase.AUTHENTICATE, 0L);
        inFlight.incrementAndGet();
        Notifier notifier = new Notifier() {
            @Override
            public boolean canNotify() {
                return true;
            }

            @Override
            public void notify(JsonObject notification) {
                write(notification);
            }
        };
        McpMethods.Caller caller = new McpMethods.Caller(principal, current, notifier, transport, Instant.now(), "stdio");
        (StatelessRevision.requested(message) ? methods.statelessRequest(message, caller) : methods.request(message, caller))
                .onComplete(done -> {
                    write(done.result());
                    inFlight.decrementAndGet();
                    finishIfIdle();
                });
    }

    private void finishIfIdle() {
        if (inputClosed && inFlight.get() == 0) {
            finished.tryComplete();
        }
    }

    private synchronized void write(JsonObject message) {
        try {
            out.write((message.encode() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            finished.tryFail(e);
        }
    }
}
