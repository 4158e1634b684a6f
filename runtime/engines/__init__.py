"""The rule engines behind one protocol: durable-rules and the compiled pure-Python oracle."""
