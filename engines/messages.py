"""Notes the engines write for people (what was left out of a log, what was sorted), in a form an app can show in
any language: a `Note` *is* its English text, so Python callers and logs read it as before, and it also names a
message `key` and the `values` it fills in; the lab's dashboard renders the key from its catalogues
(dashboard.i18n.localised). Errors do the same through `engines.errors.EngineError(key=..., **values)`."""

from __future__ import annotations

from typing import Any


class Note(str):
    """An English note that also names its catalogue entry (``key``) and the values it fills in."""

    key: str
    values: dict[str, Any]

    def __new__(cls, text: str, key: str, /, **values: Any) -> Note:
        note = super().__new__(cls, text)
        note.key, note.values = key, values
        return note

    def __getnewargs_ex__(self) -> tuple[tuple, dict]:
        return (str(self), self.key), self.values
