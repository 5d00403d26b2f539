"""Per-browser-session state: the session's own database and the table the person is working on. Everything
lives in ``st.session_state`` (never in module globals), so sessions cannot see each other's data and all of
it is released when the session ends."""

from __future__ import annotations

import streamlit as st

from dashboard.data import SessionDatabase, TableProfile, profile_table

_DATABASE_KEY = "session_database"
_ACTIVE_TABLE_KEY = "active_table"
_ACTIVE_SERIAL_KEY = "active_table_serial"
_PROFILES_KEY = "table_profiles"


def session_database() -> SessionDatabase:
    """This browser session's database, opened on first use."""
    if _DATABASE_KEY not in st.session_state:
        st.session_state[_DATABASE_KEY] = SessionDatabase()
    return st.session_state[_DATABASE_KEY]


def active_table() -> str | None:
    """The SQL name of the table the person last picked or uploaded, shared by every page of the session."""
    return st.session_state.get(_ACTIVE_TABLE_KEY)


def set_active_table(sql_name: str) -> None:
    """Make ``sql_name`` the table other pages (Studio, scenarios) start from."""
    st.session_state[_ACTIVE_TABLE_KEY] = sql_name
    st.session_state[_ACTIVE_SERIAL_KEY] = active_table_serial() + 1


def active_table_serial() -> int:
    """How many times the active table was set in this session; pickers compare it to notice a new choice."""
    return st.session_state.get(_ACTIVE_SERIAL_KEY, 0)


def table_profile(sql_name: str) -> TableProfile:
    """The profile of ``sql_name``, computed once per version of the table in this session."""
    info = session_database().table(sql_name)
    cache: dict = st.session_state.setdefault(_PROFILES_KEY, {})
    if info not in cache:
        cache[info] = profile_table(session_database(), sql_name)
    return cache[info]
