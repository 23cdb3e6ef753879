"""Every read of the investments app: portfolio figures, match scores, the network, the
creator's funding side. API views and pages read through these and the QuerySet methods."""
