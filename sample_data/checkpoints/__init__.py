"""Small shipped model checkpoints and precomputed results for the pages, and the scripts that rebuild them."""
