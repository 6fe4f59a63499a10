"""The catalogue's canonical step names."""
