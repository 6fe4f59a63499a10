"""Step specifications: module constants, one per step (and per job type)."""
