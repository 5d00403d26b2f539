"""SQL for the E-commerce page: store KPIs, trends, the funnel, cohorts, categories, RFM features, customer
histories, and the column mapping of an uploaded interaction log. Every function takes the session's database
and returns a DataFrame (or a small dict); the shipped store lives in the `ecommerce` schema."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from dashboard.data.database import SessionDatabase, qualified, quote_identifier
from dashboard.data.errors import QueryError

STORE = "ecommerce"
MAX_LOG_ROWS = 5_000_000


def store_kpis(db: SessionDatabase) -> dict[str, float]:
    """GMV (sum of order values), orders, buyers, average order value, sessions, conversion (sessions ending
    in an order / all sessions) and the first and last event time."""
    row = db.query_frame(f"""
        WITH o AS (SELECT sum(order_value) AS gmv, count(*) AS orders, count(DISTINCT customer_id) AS buyers
                   FROM {STORE}.orders),
             e AS (SELECT count(DISTINCT session_id) AS sessions, min(event_time) AS first_event,
                          max(event_time) AS last_event FROM {STORE}.events)
        SELECT o.*, e.*, o.gmv / nullif(o.orders, 0) AS average_order_value,
               o.orders / nullif(e.sessions, 0) AS conversion
        FROM o, e""").iloc[0]
    return row.to_dict()


def monthly_trend(db: SessionDatabase) -> pd.DataFrame:
    """Per calendar month: `month`, `gmv`, `orders`, `sessions`, `conversion` (orders / sessions)."""
    return db.query_frame(f"""
        WITH s AS (SELECT date_trunc('month', min(event_time)) AS month, session_id
                   FROM {STORE}.events GROUP BY session_id),
             sm AS (SELECT month, count(*) AS sessions FROM s GROUP BY month),
             om AS (SELECT date_trunc('month', order_time) AS month, sum(order_value) AS gmv,
                           count(*) AS orders
                    FROM {STORE}.orders GROUP BY 1)
        SELECT sm.month, coalesce(om.gmv, 0) AS gmv, coalesce(om.orders, 0) AS orders, sm.sessions,
               coalesce(om.orders, 0) / sm.sessions AS conversion
        FROM sm LEFT JOIN om USING (month) ORDER BY sm.month""")


def funnel(db: SessionDatabase) -> pd.DataFrame:
    """Sessions that reached each stage: `stage` (view, cart, purchase), `sessions`, `share_of_views` and
    `step_rate` (share of the previous stage)."""
    frame = db.query_frame(f"""
        WITH s AS (SELECT session_id, bool_or(event_type = 'view') AS viewed,
                          bool_or(event_type = 'cart') AS carted,
                          bool_or(event_type = 'purchase') AS bought
                   FROM {STORE}.events GROUP BY session_id)
        SELECT 'view' AS stage, count(*) FILTER (WHERE viewed) AS sessions FROM s
        UNION ALL SELECT 'cart', count(*) FILTER (WHERE carted) FROM s
        UNION ALL SELECT 'purchase', count(*) FILTER (WHERE bought) FROM s""")
    frame["sessions"] = frame["sessions"].astype(int)
    first = max(int(frame["sessions"].iloc[0]), 1)
    frame["share_of_views"] = frame["sessions"] / first
    previous = frame["sessions"].shift(1).fillna(frame["sessions"].iloc[0]).clip(lower=1)
    frame["step_rate"] = frame["sessions"] / previous
    return frame


def cohort_retention(db: SessionDatabase, activity: Literal["orders", "visits"] = "orders",
                     max_months: int = 12) -> pd.DataFrame:
    """Monthly cohorts (month of a customer's first order, or first visit) and the share of each cohort active
    again (ordering, or visiting) k months later: `cohort`, `months_since`, `customers`, `cohort_size`,
    `retention`, for k = 0..`max_months`."""
    if activity == "orders":
        source = f"SELECT customer_id, order_time AS active_at FROM {STORE}.orders"
    elif activity == "visits":
        source = f"SELECT customer_id, event_time AS active_at FROM {STORE}.events"
    else:
        raise QueryError(f"Cohorts are by 'orders' or 'visits', not {activity!r}.",
                         key="data.ecommerce.bad_activity", activity=repr(activity))
    return db.query_frame(f"""
        WITH a AS (SELECT DISTINCT customer_id, date_trunc('month', active_at) AS month FROM ({source})),
             f AS (SELECT customer_id, min(month) AS cohort FROM a GROUP BY customer_id),
             sizes AS (SELECT cohort, count(*) AS cohort_size FROM f GROUP BY cohort),
             k AS (SELECT f.cohort, datediff('month', f.cohort, a.month) AS months_since,
                          count(*) AS customers
                   FROM a JOIN f USING (customer_id) GROUP BY ALL)
        SELECT k.cohort, k.months_since, k.customers, sizes.cohort_size,
               k.customers / sizes.cohort_size AS retention
        FROM k JOIN sizes USING (cohort) WHERE k.months_since <= ? ORDER BY k.cohort, k.months_since""",
                          [int(max_months)])


def top_categories(db: SessionDatabase) -> pd.DataFrame:
    """Purchases by product category: `category`, `gmv` (list prices of purchased items), `units`, `buyers`,
    `gmv_share`, biggest first."""
    return db.query_frame(f"""
        SELECT p.category, sum(p.price) AS gmv, count(*) AS units, count(DISTINCT e.customer_id) AS buyers,
               sum(p.price) / sum(sum(p.price)) OVER () AS gmv_share
        FROM {STORE}.events e JOIN {STORE}.products p USING (product_id)
        WHERE e.event_type = 'purchase' GROUP BY p.category ORDER BY gmv DESC""")


def rfm_features(db: SessionDatabase) -> pd.DataFrame:
    """Recency, frequency, monetary value of every customer with an order: `customer_id`, `recency_days` (days
    from their last order to the last order in the store), `frequency` (orders), `monetary` (total spend)."""
    return db.query_frame(f"""
        WITH last AS (SELECT max(order_time) AS last_order FROM {STORE}.orders)
        SELECT customer_id, datediff('day', max(order_time), any_value(last.last_order)) AS recency_days,
               count(*) AS frequency, sum(order_value) AS monetary
        FROM {STORE}.orders, last GROUP BY customer_id ORDER BY customer_id""")


def store_interactions(db: SessionDatabase) -> pd.DataFrame:
    """Every (customer, product) pair with at least one event: `customer_id`, `product_id`."""
    return db.query_frame(f"SELECT DISTINCT customer_id, product_id FROM {STORE}.events ORDER BY 1, 2")


def catalogue(db: SessionDatabase) -> pd.DataFrame:
    """The product catalogue: id, name, category, brand, colour, price, price band, rating, description."""
    return db.query_frame(f"SELECT * FROM {STORE}.products ORDER BY product_id")


def active_customers(db: SessionDatabase, limit: int = 300) -> pd.DataFrame:
    """The `limit` customers with the most distinct products touched: `customer_id`, `products`, `orders`,
    `region`, `age_band`, for a customer picker."""
    return db.query_frame(f"""
        SELECT e.customer_id, count(DISTINCT e.product_id) AS products,
               count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'purchase') AS orders,
               any_value(c.region) AS region, any_value(c.age_band) AS age_band
        FROM {STORE}.events e LEFT JOIN {STORE}.customers c USING (customer_id)
        GROUP BY e.customer_id ORDER BY products DESC, e.customer_id LIMIT ?""", [int(limit)])


def customer_history(db: SessionDatabase, customer_id: int) -> pd.DataFrame:
    """One customer's products: `product_id`, `name`, `category`, `price`, `views`, `carts`, `purchases`,
    `last_seen`, most recent first."""
    return db.query_frame(f"""
        SELECT e.product_id, p.name, p.category, p.price,
               count(*) FILTER (WHERE e.event_type = 'view') AS views,
               count(*) FILTER (WHERE e.event_type = 'cart') AS carts,
               count(*) FILTER (WHERE e.event_type = 'purchase') AS purchases,
               max(e.event_time) AS last_seen
        FROM {STORE}.events e JOIN {STORE}.products p USING (product_id)
        WHERE e.customer_id = ? GROUP BY ALL ORDER BY last_seen DESC""", [int(customer_id)])


# ---------------------------------------------------------------------------------------------- uploaded logs
def table_columns(db: SessionDatabase, sql_name: str) -> pd.DataFrame:
    """`column_name` and `column_type` of a table."""
    db.table(sql_name)
    return db.query_frame(f"DESCRIBE {qualified(sql_name)}")[["column_name", "column_type"]]


def distinct_values(db: SessionDatabase, sql_name: str, column: str, limit: int = 50) -> list:
    """Up to `limit` most frequent values of `column` (for choosing which event types count)."""
    db.table(sql_name)
    frame = db.query_frame(
        f"SELECT {quote_identifier(column)} AS v, count(*) AS n FROM {qualified(sql_name)} WHERE "
        f"{quote_identifier(column)} IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?", [int(limit)])
    return frame["v"].tolist()


def interaction_log(db: SessionDatabase, sql_name: str, user_column: str, item_column: str,
                    event_column: str | None = None, events: list | None = None,
                    value_column: str | None = None,
                    min_value: float | None = None, time_column: str | None = None,
                    max_rows: int = MAX_LOG_ROWS) -> tuple[pd.DataFrame, int]:
    """The (user, item) rows of an uploaded log, as `user_id`, `item_id` (and `event_time` from
    `time_column`), optionally keeping only rows whose `event_column` is in `events` and whose `value_column`
    is at least `min_value`. Returns the rows (at most `max_rows`) and how many rows the log has in all."""
    columns = set(table_columns(db, sql_name)["column_name"])
    for role, column in (("user", user_column), ("item", item_column), ("event", event_column),
                         ("value", value_column), ("time", time_column)):
        if column is not None and column not in columns:
            raise QueryError(f"The table has no column {column!r} for the {role}; pick one from the list.",
                             key="your_data.error.no_column", column=column, role=role)
    conditions, parameters = [], []
    if event_column and events:
        conditions.append(f"CAST({quote_identifier(event_column)} AS VARCHAR) IN "
                          f"({', '.join('?' for _ in events)})")
        parameters += [str(event) for event in events]
    if value_column and min_value is not None:
        conditions.append(f"TRY_CAST({quote_identifier(value_column)} AS DOUBLE) >= ?")
        parameters.append(float(min_value))
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    total = db.row_count(sql_name)
    time_sql = f", {quote_identifier(time_column)} AS event_time" if time_column else ""
    frame = db.query_frame(
        f"SELECT {quote_identifier(user_column)} AS user_id, {quote_identifier(item_column)} AS "
        f"item_id{time_sql} FROM {qualified(sql_name)} {where} LIMIT ?", parameters + [int(max_rows)])
    return frame, total
