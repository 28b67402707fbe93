#!/usr/bin/env python3
"""Prints the text of each page of a PDF (a stand-in: prints its arguments)."""
import sys

if len(sys.argv) < 2:
    print("usage: extract_text.py FILE.pdf", file=sys.stderr)
    sys.exit(2)
print(f"pages of {sys.argv[1]}: (text would follow)")
