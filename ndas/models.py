"""Models of the ndas app."""
