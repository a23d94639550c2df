"""Benchmarks (``./dev bench``): each figure against a baseline measured in the same run, as a ratio.

Nothing here gates CI: machines are noisy, so goals are reported, never asserted.
"""
