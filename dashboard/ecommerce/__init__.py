"""The E-commerce page's building blocks: shipped results, segments, recommendations, copy, campaigns, and the
recommender comparison on an uploaded interaction log."""
