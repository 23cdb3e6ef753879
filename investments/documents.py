"""The annual statement PDF (reportlab): one year's money movements and totals per currency."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rows: list[list[str]]) -> Table:
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def annual_statement_pdf(statement: dict[str, Any]) -> bytes:
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    investor = statement["investor"]
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=f"Pitchey annual statement {statement['year']}",
        author="Pitchey",
        invariant=True,
    )
    story: list[Any] = [
        Paragraph(f"Annual investment statement {statement['year']}", styles["Title"]),
        Paragraph(_escape(f"{investor['name']} <{investor['email']}>"), styles["BodyText"]),
        Paragraph(
            f"Generated {statement['generated_at']:%Y-%m-%d %H:%M} UTC. Amounts are as recorded "
            "in the Pitchey ledger; this is not tax advice.",
            styles["BodyText"],
        ),
        Spacer(1, 12),
        Paragraph("Totals", styles["Heading2"]),
    ]
    totals = [["Currency", "Invested", "Distributions", "Fees", "Refunds", "Income less fees"]]
    totals += [
        [
            s["currency"],
            f"{s['invested']:,.2f}",
            f"{s['distributions']:,.2f}",
            f"{s['fees']:,.2f}",
            f"{s['refunds']:,.2f}",
            f"{s['taxable_income']:,.2f}",
        ]
        for s in statement["summary"]
    ] or [["-", "0.00", "0.00", "0.00", "0.00", "0.00"]]
    story += [_table(totals), Spacer(1, 12), Paragraph("Movements", styles["Heading2"])]
    moves = [["Date", "Type", "Amount", "Currency", "Pitch"]]
    moves += [
        [
            f"{t['date']:%Y-%m-%d}",
            t["kind"],
            f"{t['signed_amount']:,.2f}",
            t["currency"],
            Paragraph(_escape(t["pitch_title"][:80]), styles["BodyText"]),
        ]
        for t in statement["transactions"]
    ]
    story.append(_table(moves))
    doc.build(story)
    return out.getvalue()
