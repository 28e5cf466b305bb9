"""Writes: each request one revision, all or nothing; tokens, import, redaction."""
