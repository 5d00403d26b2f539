"""A simulated ad campaign that learns which creative works: a response model with a known truth (the oracle),
an even A/B/n split and a Thompson-sampling bandit serving the same traffic, and their clicks and regret."""
