"""The "How generative AI works" page's parts: the 2-D playground job, the digits models and their shipped
results, and the views that draw them."""
