"""Reading the Vega-Lite specs of the charts an AppTest run drew, to check what a chart shows (its fields,
titles, series) without a browser."""

from __future__ import annotations

import json

from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest


def chart_specs(app: AppTest) -> list[dict]:
    """The Vega-Lite spec of every chart in the run, in page order. Streamlit sends a chart's data apart from
    its spec (as Arrow); the rows are put back under the spec's ``datasets``, one list of dicts per dataset."""
    specs: list[dict] = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", "") in ("vega_lite_chart", "arrow_vega_lite_chart"):
                spec = json.loads(child.proto.spec)
                datasets = {dataset.name: convert_arrow_bytes_to_pandas_df(dataset.data.data).to_dict("records")
                            for dataset in child.proto.datasets}
                if child.proto.HasField("data") and child.proto.data.data:
                    datasets["_main"] = convert_arrow_bytes_to_pandas_df(child.proto.data.data).to_dict("records")
                spec["datasets"] = {**spec.get("datasets", {}), **datasets}
                specs.append(spec)
            walk(child)

    walk(app._tree)
    return specs


def layers(spec: dict) -> list[dict]:
    """The single views of a chart: the spec itself, or each layer of a layered chart (nested layers too)."""
    if "layer" not in spec:
        return [spec]
    return [view for layer in spec["layer"] for view in layers(layer)]


def encoded_fields(spec: dict, channel: str) -> set[str]:
    """Every field drawn on ``channel`` ("x", "y", "color", ...) in any layer of the chart."""
    return {view["encoding"][channel]["field"] for view in layers(spec)
            if "field" in view.get("encoding", {}).get(channel, {})}


def chart_data(spec: dict) -> list[dict]:
    """The rows of every dataset the chart carries, all together."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows]
