"""The Marketing & creative page's parts: product-picture models and scores, design studio, banners with
provenance, the campaign simulation and the marketing analytics panel."""
