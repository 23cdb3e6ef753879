"""The first words of each site page; staff change them in the admin afterwards."""

from __future__ import annotations

PAGES: list[dict[str, object]] = [
    {
        "slug": "about",
        "footer_label": "About",
        "title": "About Pitchey",
        "summary": "The marketplace where film and TV projects find their backers.",
        "footer_position": 1,
        "body": (
            "<p>Pitchey connects the people who write and develop film and television projects "
            "with the investors and production companies who fund and make them.</p>"
            "<h2>Why it exists</h2><p>Good projects stall because the right reader never sees "
            "them, and creators hesitate to share their best material without protection. "
            "Pitchey puts the pitch where backers look and keeps the confidential part behind "
            "an NDA the creator approves.</p>"
            "<h2>Who it is for</h2><ul><li><strong>Creators</strong> publish pitches and decide "
            "who reads the protected material.</li><li><strong>Investors</strong> and "
            "<strong>production companies</strong> discover projects, sign NDAs and talk to "
            "creators.</li><li><strong>Watchers</strong> follow the creators and projects they "
            "love.</li></ul>"
        ),
    },
    {
        "slug": "how-it-works",
        "footer_label": "How it works",
        "title": "How it works",
        "summary": "From a draft to a deal in four steps.",
        "footer_position": 2,
        "body": (
            "<ol><li><strong>Pitch.</strong> A creator writes a title, logline and synopsis, adds "
            "characters, a budget and documents, and chooses what stays behind an NDA.</li>"
            "<li><strong>Discover.</strong> Backers browse by genre, format, budget and stage, "
            "and save what interests them.</li><li><strong>Sign.</strong> A backer signs the "
            "creator's NDA; the creator approves or declines.</li><li><strong>Read and "
            "talk.</strong> Approved backers read the protected material, every document carrying "
            "their name, and message the creator.</li></ol>"
        ),
    },
    {
        "slug": "terms",
        "footer_label": "Terms",
        "title": "Terms of use",
        "summary": "The rules for using Pitchey.",
        "footer_position": 3,
        "body": (
            "<p>By using Pitchey you agree to post only material you have the right to share, to "
            "respect the NDAs you sign, and to treat other members with courtesy.</p>"
            "<h2>Your material</h2><p>You keep every right to your pitches. You allow Pitchey to "
            "show them to the people you choose.</p><h2>NDAs</h2><p>An NDA signed on Pitchey is "
            "an agreement between the signer and the creator. Pitchey records who signed what "
            "and when.</p><h2>Moderation</h2><p>Staff may hide a pitch that breaks these terms; "
            "its creator is told why.</p>"
        ),
    },
    {
        "slug": "privacy",
        "footer_label": "Privacy",
        "title": "Privacy",
        "summary": "What we keep about you, and why.",
        "footer_position": 4,
        "body": (
            "<p>We keep your account details, what you publish, the NDAs you sign and the "
            "messages you send, so the service can work. We do not sell personal data.</p>"
            "<h2>Your choices</h2><p>In Settings you can change your notifications, export your "
            "data and close your account.</p>"
        ),
    },
    {
        "slug": "contact",
        "footer_label": "Contact",
        "title": "Contact",
        "summary": "Questions, problems or press: we read everything.",
        "footer_position": 5,
        "body": (
            '<p>Write to <a href="mailto:hello@pitchey.example">hello@pitchey.example</a>. '
            "For a problem with a pitch or a member, say which page it is on.</p>"
        ),
    },
    {
        "slug": "help",
        "footer_label": "Help",
        "title": "Help",
        "summary": "Answers to the questions members ask most.",
        "footer_position": 6,
        "body": (
            "<h2>Which portal am I in?</h2><p>Your account decides: log in with your email and "
            "password and you land on your own home.</p><h2>Why can't I read the whole "
            "pitch?</h2><p>Creators keep some material behind an NDA. Investors and production "
            "companies can request access from the pitch page.</p><h2>How do I publish?</h2>"
            "<p>Open your draft, go to “Review &amp; publish”, and fill in what the page lists "
            "as missing.</p>"
        ),
    },
    {
        "slug": "team",
        "footer_label": "Team",
        "title": "The team",
        "summary": "The people who build and run Pitchey.",
        "footer_position": None,
        "body": (
            "<p>Pitchey is built by a small team of producers, engineers and former development "
            "executives who have sat on every side of a pitch.</p>"
        ),
    },
]

# The structured parts of the pages the single-page app reads (`Page.data`), by slug. Kept apart
# from PAGES because the first migration creates the pages before the `data` column exists.
PAGE_DATA: dict[str, dict[str, object]] = {
    "about": {
        "story": [
            {
                "type": "highlight",
                "text": "Good projects stall because the right reader never sees them.",
            },
            {
                "type": "paragraph",
                "text": (
                    "Creators send pitches in every format to inboxes that lose them; backers "
                    "want one place where projects are organised, searchable and protected."
                ),
            },
            {
                "type": "paragraph",
                "text": (
                    "Pitchey is that place: the pitch lives where investors and production "
                    "companies look, and the confidential part stays behind an NDA the creator "
                    "approves."
                ),
            },
            {"type": "highlight", "text": "That's Pitchey."},
        ],
        "founder": {"name": "The Pitchey team", "title": "Founders"},
        "buttons": [
            {"text": "Get Started", "action": "signup", "style": "primary"},
            {"text": "How It Works", "action": "how-it-works", "style": "secondary"},
        ],
    },
    "how-it-works": {
        "hero": {
            "title": "From a draft to a deal",
            "subtitle": (
                "Pitchey connects the people who write film and television projects with the "
                "investors and production companies who fund and make them."
            ),
            "buttons": [
                {"text": "Start Your Journey", "action": "signup", "style": "primary"},
                {"text": "Browse Marketplace", "action": "marketplace", "style": "secondary"},
            ],
        },
        "creatorSteps": [
            {
                "step": 1,
                "icon": "film",
                "title": "Create your pitch",
                "description": "Title, logline, synopsis, characters, budget and documents.",
            },
            {
                "step": 2,
                "icon": "shield",
                "title": "Protect your work",
                "description": "Choose what stays behind an NDA you approve.",
            },
            {
                "step": 3,
                "icon": "users",
                "title": "Get discovered",
                "description": "Investors and production companies browse, save and follow.",
            },
            {
                "step": 4,
                "icon": "dollar-sign",
                "title": "Make the deal",
                "description": "Talk to approved backers and agree terms.",
            },
        ],
        "investorSteps": [
            {
                "step": 1,
                "icon": "target",
                "title": "Browse",
                "description": "Filter by genre, format, budget and stage.",
            },
            {
                "step": 2,
                "icon": "shield",
                "title": "Sign the NDA",
                "description": "Request access; read the protected material once approved.",
            },
            {
                "step": 3,
                "icon": "trending-up",
                "title": "Ask and compare",
                "description": "Ask creators for material, keep notes and due diligence.",
            },
            {
                "step": 4,
                "icon": "award",
                "title": "Invest or produce",
                "description": "Record deals and follow them to completion.",
            },
        ],
        "features": [
            {
                "icon": "shield",
                "title": "NDA protection",
                "description": "Every protected document carries the reader's name.",
            },
            {
                "icon": "users",
                "title": "Direct messaging",
                "description": "Creators and approved backers talk on the platform.",
            },
        ],
        "cta": {
            "title": "Ready to start?",
            "subtitle": "Join the creators and backers already on Pitchey.",
            "buttons": [
                {"text": "Create Account", "action": "signup", "icon": "users", "style": "primary"},
                {
                    "text": "Explore Marketplace",
                    "action": "marketplace",
                    "icon": "film",
                    "style": "secondary",
                },
            ],
        },
    },
    "team": {
        "leadership": [
            {
                "id": 1,
                "name": "Pitchey founders",
                "title": "Founders",
                "bio": "Producers and engineers who built the place they wanted to pitch in.",
                "image": None,
                "social": {},
            }
        ],
        "advisors": [],
    },
}
