"""Benchmark harness (issue 6): large dataset generator, stock baseline, bare-Flask floor, runner."""
