"""Script contracts: one module constant per script, the script side of each step."""
