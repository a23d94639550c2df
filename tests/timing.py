"""How long tests wait on other processes and on the clock: every such bound is ``seconds(n)``,
``n`` scaled by ``TOOLSTUBS_TEST_TIMEOUT_FACTOR`` (default 1), which a loaded machine or a slow
CI raises. ``./dev loaded`` runs the suite twice with every core busy at the default factor."""

from __future__ import annotations

import os

FACTOR = float(os.environ.get("TOOLSTUBS_TEST_TIMEOUT_FACTOR", "1"))
if not FACTOR > 0:  # also refuses nan
    raise ValueError(f"TOOLSTUBS_TEST_TIMEOUT_FACTOR must be a positive number, not {FACTOR}")


def seconds(base: float) -> float:
    """``base`` seconds, scaled by the factor."""
    return base * FACTOR
