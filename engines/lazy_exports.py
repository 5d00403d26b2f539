"""Packages whose names are imported on first use, so a page that only shows saved results never pays for torch
or scikit-learn (PEP 562 module `__getattr__`). Outside `engines.core`, whose package imports torch."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, where: Mapping[str, str]) -> tuple[Callable[[str], Any], list[str]]:
    """`(__getattr__, __all__)` for `package`, exporting each name of `where` from its submodule
    (`{name: submodule}`); assign both at the package's top level."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{where[name]}"), name)

    return __getattr__, sorted(where)
