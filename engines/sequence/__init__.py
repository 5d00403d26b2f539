"""Sequence models: knowledge tracing over answer histories and attribute-conditioned text generation."""
