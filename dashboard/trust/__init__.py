"""The Trust & governance page's parts: shipped results, model cards, views and the transparency report."""
