"""Portal dashboards built from analytics' aggregates plus the pitches they are about.

Analytics counts events by ids; this package (in the lowest app that knows pitch titles and
owners) adds the pitches, names and charts, and merges what higher apps register with
`analytics.dashboards`. Every builder runs a fixed number of queries, whatever the number of
pitches or events.
"""

from pitches.dashboards.common import (
    ACTOR_METRICS,
    PITCH_METRICS,
    PLATFORM_METRICS,
    period_days,
    since_days,
)
from pitches.dashboards.creator import (
    creator_analytics,
    creator_dashboard,
    creator_overview,
    creator_stats,
    pitch_analytics,
    public_engagement,
    who_viewed,
)
from pitches.dashboards.feeds import activity_items, following_feed, own_activity
from pitches.dashboards.portals import (
    actor_analytics,
    funnel,
    investor_analytics,
    nda_liquidity,
    platform_analytics,
    production_analytics,
    production_dashboard,
    staff_analytics,
    staff_dashboard,
)

__all__ = [
    "ACTOR_METRICS",
    "PITCH_METRICS",
    "PLATFORM_METRICS",
    "activity_items",
    "actor_analytics",
    "creator_analytics",
    "creator_dashboard",
    "creator_overview",
    "creator_stats",
    "following_feed",
    "funnel",
    "investor_analytics",
    "nda_liquidity",
    "own_activity",
    "period_days",
    "pitch_analytics",
    "platform_analytics",
    "production_analytics",
    "production_dashboard",
    "public_engagement",
    "since_days",
    "staff_analytics",
    "staff_dashboard",
    "who_viewed",
]
