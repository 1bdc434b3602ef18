"""Benchmarks (not tests): Kizuna against bare Starlette/strawberry baselines, side by side.

Run `python -m bench.run`; see bench/README.md.
"""
