"""Every state change of analytics: the audit log, rollups, archival, reports."""

from analytics.services.audit import record_activity

__all__ = ["record_activity"]
