"""The echo tool served by FastMCP (Streamable HTTP, JSON responses), for the gateway-overhead benchmark.

    python fastmcp_echo_server.py PORT
"""
import sys

from fastmcp import FastMCP

mcp = FastMCP("fastmcp-echo")


@mcp.tool
def echo(text: str = "") -> dict:
    """Answers with its arguments."""
    return {"arguments": {"text": text}}


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 19561
    mcp.run(transport="http", host="127.0.0.1", port=port, path="/mcp", json_response=True,
            show_banner=False, log_level="warning")
