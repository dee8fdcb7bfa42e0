"""Model API for the machine-state classifier."""
