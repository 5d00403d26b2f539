"""Building blocks of the Synthetic Data Studio page: training jobs, evaluation reports, the leaderboard,
report charts and HTML export, sampling to files, and model zip import/export. Pages import from the modules
directly (``from dashboard.studio.report import StudioReport``); nothing heavy is imported here."""
