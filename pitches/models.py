"""Models of the pitches app."""
