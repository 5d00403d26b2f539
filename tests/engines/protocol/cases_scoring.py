"""Protocol cases of the scoring models (see tests/engines/protocol/__init__.py)."""

from tests.engines.protocol import ProtocolCase

CASES: dict[str, ProtocolCase] = {}
