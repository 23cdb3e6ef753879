"""The automatic checks a company verification passes before staff look at it: the registration
number's format for its country, the website's domain against the account's email, and some
evidence (a number or a document). Pure functions of the submitted facts."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

# Registration number formats by country (ISO code, with UK for Great Britain).
NUMBER_FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    "US": (re.compile(r"^\d{2}-?\d{7}$"), "an EIN of nine digits (12-3456789)"),
    "UK": (
        re.compile(r"^(\d{8}|(SC|NI|OC|SO|NC|R0)\d{6})$"),
        "a Companies House number of eight digits (01234567) or two letters and six digits",
    ),
    "IE": (re.compile(r"^\d{5,6}$"), "a CRO number of five or six digits"),
    "CA": (re.compile(r"^\d{9}$"), "a business number of nine digits"),
    "AU": (re.compile(r"^\d{11}$"), "an ABN of eleven digits"),
    "FR": (re.compile(r"^\d{9}$"), "a SIREN of nine digits"),
    "DE": (re.compile(r"^HR[AB]\d{1,6}$"), "a register number such as HRB123456"),
}
GENERIC_NUMBER = (re.compile(r"^[A-Z0-9][A-Z0-9-]{3,19}$"), "4 to 20 letters, digits or dashes")
REGIONS = frozenset({*NUMBER_FORMATS, "GB", "OTHER"})
# Mailbox providers: an address there says nothing about owning a company's domain.
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
    }
)


def normalise_region(region: str) -> str:
    region = (region or "").strip().upper()
    return "UK" if region in ("GB", "GREAT BRITAIN", "UNITED KINGDOM") else region


def normalise_number(number: str) -> str:
    return re.sub(r"\s+", "", number or "").upper()


def number_check(region: str, number: str) -> dict[str, Any]:
    pattern, shape = NUMBER_FORMATS.get(region, GENERIC_NUMBER)
    if not number:
        return _check("registration_number", False, "Add your company registration number.")
    if not pattern.match(number):
        return _check("registration_number", False, f"The registration number should be {shape}.")
    return _check("registration_number", True, "The registration number has the right format.")


def host_of(url: str) -> str:
    host = (urlparse(url if "//" in url else f"https://{url}").hostname or "").lower()
    return host.removeprefix("www.")


def domain_check(website: str, email: str) -> dict[str, Any]:
    host = host_of(website) if website else ""
    mail_domain = email.rsplit("@", 1)[-1].lower() if "@" in email else ""
    if not host:
        return _check("website_domain", False, "Add your company website.")
    if mail_domain in FREE_MAIL:
        return _check(
            "website_domain",
            False,
            "Your login email is a personal mailbox: use an address at your company's domain.",
        )
    if host == mail_domain or host.endswith("." + mail_domain) or mail_domain.endswith("." + host):
        return _check("website_domain", True, "The website matches your email's domain.")
    return _check(
        "website_domain",
        False,
        f"The website ({host}) does not match your email's domain ({mail_domain}).",
    )


def evidence_check(number: str, has_document: bool) -> dict[str, Any]:
    if number or has_document:
        return _check("evidence", True, "A registration number or document was provided.")
    return _check(
        "evidence", False, "Give a registration number or upload an insurance certificate."
    )


def run_checks(
    *, region: str, number: str, website: str, email: str, has_document: bool
) -> list[dict[str, Any]]:
    """Every check's finding. Without a number, an uploaded document stands in for it."""
    checks = [domain_check(website, email), evidence_check(number, has_document)]
    if number or not has_document:
        checks.insert(0, number_check(region, number))
    return checks


def _check(name: str, passed: bool, message: str) -> dict[str, Any]:
    return {"check": name, "passed": passed, "message": message}
