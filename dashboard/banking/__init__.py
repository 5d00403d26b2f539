"""UI parts of the Retail banking risk page: shipped results, the four sections, the upload comparison job and
the self-contained risk-warning report."""
