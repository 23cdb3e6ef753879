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
]
