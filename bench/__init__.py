"""Benchmarks, run by hand (`make bench-export`), never by `make test`."""
