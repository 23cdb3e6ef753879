"""Every state change of analytics: the audit log, rollups, archival, reports."""

from analytics.services.audit import changes, record_activity, snapshot

__all__ = ["changes", "record_activity", "snapshot"]
