"""SQL for the Marketing & creative page: revenue and conversion by acquisition channel and by device, and what
each customer buys by category (joined to the page's segments in Python). The shipped store lives in the
`ecommerce` schema; the store's log has no campaign field, so channels (how each customer first came) stand in
for campaigns."""

from __future__ import annotations

import pandas as pd

from dashboard.data.database import SessionDatabase

STORE = "ecommerce"
UNKNOWN_CHANNEL = "direct / unknown"


def channel_performance(db: SessionDatabase) -> pd.DataFrame:
    """Per acquisition channel: `channel`, `customers`, `sessions`, `orders`, `revenue` (order values),
    `conversion` (orders / sessions), `revenue_per_customer`, biggest revenue first."""
    return db.query_frame(f"""
        WITH c AS (SELECT customer_id, coalesce(acquisition_channel, '{UNKNOWN_CHANNEL}') AS channel
                   FROM {STORE}.customers),
             s AS (SELECT customer_id, count(DISTINCT session_id) AS sessions FROM {STORE}.events
                   GROUP BY customer_id),
             o AS (SELECT customer_id, count(*) AS orders, sum(order_value) AS revenue FROM {STORE}.orders
                   GROUP BY customer_id)
        SELECT c.channel, count(*) AS customers, coalesce(sum(s.sessions), 0) AS sessions,
               coalesce(sum(o.orders), 0) AS orders, coalesce(sum(o.revenue), 0) AS revenue,
               coalesce(sum(o.orders), 0) / nullif(sum(s.sessions), 0) AS conversion,
               coalesce(sum(o.revenue), 0) / count(*) AS revenue_per_customer
        FROM c LEFT JOIN s USING (customer_id) LEFT JOIN o USING (customer_id)
        GROUP BY c.channel ORDER BY revenue DESC""")


def device_performance(db: SessionDatabase) -> pd.DataFrame:
    """Per device: `device`, `sessions`, `orders` (sessions with a purchase), `conversion`."""
    return db.query_frame(f"""
        WITH s AS (SELECT session_id, any_value(device) AS device,
                          bool_or(event_type = 'purchase') AS bought
                   FROM {STORE}.events GROUP BY session_id)
        SELECT device, count(*) AS sessions, count(*) FILTER (WHERE bought) AS orders,
               avg(bought::INTEGER) AS conversion
        FROM s GROUP BY device ORDER BY sessions DESC""")


def customer_category_spend(db: SessionDatabase) -> pd.DataFrame:
    """Purchases per customer and category: `customer_id`, `category`, `spend` (list prices), `units`."""
    return db.query_frame(f"""
        SELECT e.customer_id, p.category, sum(p.price) AS spend, count(*) AS units
        FROM {STORE}.events e JOIN {STORE}.products p USING (product_id)
        WHERE e.event_type = 'purchase' GROUP BY 1, 2 ORDER BY 1, 2""")
