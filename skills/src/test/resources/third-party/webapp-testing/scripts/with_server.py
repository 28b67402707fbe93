#!/usr/bin/env python3
"""Starts a server, waits for its port, runs a command, stops the server (fixture stand-in)."""
import sys
print("would start:", " ".join(sys.argv[1:]))
