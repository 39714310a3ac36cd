package io.jitgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class McpSessionTest {
    @Test
    void readsTheResponseOutOfAnEventStreamPastNotificationsAndPrimingEvents() {
        String stream = "id: 1\nretry: 500\ndata: \n\n"
                + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}\n\n"
                + "event: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\r\ndata: \"result\":{\"isError\":false}}\r\n\r\n";
        assertThat(McpSession.fromEventStream(stream).getInteger("id")).isEqualTo(7);
        assertThat(McpSession.fromEventStream(stream).getJsonObject("result").getBoolean("isError")).isFalse();
    }

    @Test
    void anEventStreamWithoutAResponseGivesNothing() {
        assertThat(McpSession.fromEventStream("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n")).isNull();
        assertThat(McpSession.fromEventStream("")).isNull();
    }
}
