"""Benchmarks for Companion, run by `make bench`. Numbers, never asserts."""
