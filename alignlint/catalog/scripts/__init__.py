"""Processing and training scripts, each self-contained with the unified ``main`` interface."""
