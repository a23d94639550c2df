"""A typed direct call through a generated toolkit, with a typed hook and the pinned version.

Start a sandbox, then run this against it (no network)::

    toolstubs sandbox --catalog codegen/default_catalog --port 8000 &
    COMPOSIO_API_KEY=any python examples/typed_call.py --base-url http://127.0.0.1:8000

mypy checks every argument below against the pinned schema: try ``units="kelvin"``.
"""

from __future__ import annotations

import argparse

from generated import weather
from runtime import Composio, before_tool


@before_tool(weather.GetForecastInput)
def at_least_three_days(arguments: weather.GetForecastInput) -> weather.GetForecastInput:
    """A typed hook: it gets and returns the tool's own input model."""
    return arguments.model_copy(update={"days": max(arguments.days, 3)})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    base_url = parser.parse_args().base_url
    with Composio(base_url=base_url) as composio:
        forecasts = weather.Weather(composio, user_id="user_1", modifiers=[at_least_three_days])
        result = forecasts.get_forecast(latitude=52.52, longitude=13.40, days=1, units="metric")
        if not result.successful or result.data is None:
            raise SystemExit(f"forecast failed: {result.error or result.validation_error}")
        print(f"pinned at {weather.VERSION}: {len(result.data.days)} days, first low {result.data.days[0].low}")


if __name__ == "__main__":
    main()
