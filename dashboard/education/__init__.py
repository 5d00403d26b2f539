"""The Education page's building blocks: shipped models and results, scenario context (skill graph, exercise
catalogue), student and class views, charts, and the train-on-your-own-log flow."""
