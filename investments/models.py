"""Models of the investments app."""
