"""Per-browser-session state: the session's own database and the table the person is working on. Everything
lives in ``st.session_state`` (never in module globals), so sessions cannot see each other's data and all of
it is released when the session ends."""

from __future__ import annotations

import streamlit as st

from dashboard.data import SessionDatabase, TableProfile, profile_table
from dashboard.recent_work import WorkStore

_DATABASE_KEY = "session_database"
_ACTIVE_TABLE_KEY = "active_table"
_ACTIVE_SERIAL_KEY = "active_table_serial"
_PROFILES_KEY = "table_profiles"
_WORK_TOKEN_KEY = "work_token"
WORK_QUERY_PARAMETER = "work"


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


@st.cache_resource(show_spinner=False)
def work_store() -> WorkStore:
    """The server's store of kept work (see dashboard.recent_work); expired work is purged when it opens."""
    store = WorkStore()
    store.purge_expired()
    return store


def work_token() -> str:
    """This session's private work token, kept in the page address (`?work=...`) so that a reload, or the same
    link opened later, finds the session's kept work again. A token from the address is used only when it has
    a token's shape; otherwise a new one is made."""
    token = st.session_state.get(_WORK_TOKEN_KEY)
    if token is None:
        candidate = st.query_params.get(WORK_QUERY_PARAMETER)
        token = candidate if WorkStore.is_valid_token(candidate) else WorkStore.new_token()
        st.session_state[_WORK_TOKEN_KEY] = token
        work_store().touch(token)
    if st.query_params.get(WORK_QUERY_PARAMETER) != token:
        # Page links drop the address's parameters: put the token back on every page.
        st.query_params[WORK_QUERY_PARAMETER] = token
    return token
