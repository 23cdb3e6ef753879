"""Login errors with the codes the SPA shows."""

from __future__ import annotations

from pitchey.errors import DomainError, NotAllowed


class InvalidCredentials(DomainError):
    status_code = 401
    code = "INVALID_CREDENTIALS"

    def __init__(self) -> None:
        super().__init__("The email or password is incorrect.")


class EmailNotVerified(NotAllowed):
    code = "EMAIL_NOT_VERIFIED"

    def __init__(self) -> None:
        super().__init__("Verify your email address first: follow the link we sent you.")


class WrongPortal(NotAllowed):
    code = "WRONG_PORTAL"

    def __init__(self, portal: str) -> None:
        super().__init__(
            f"This is a {portal} account: log in through the {portal} portal.",
            details={"portal": portal},
        )


class InvalidCode(DomainError):
    code = "INVALID_CODE"

    def __init__(self, message: str = "The code is invalid or has expired.") -> None:
        super().__init__(message, details={"code": [message]})


class AccountSuspended(NotAllowed):
    """The password was right but staff suspended or banned the account: the owner sees why."""

    code = "ACCOUNT_SUSPENDED"

    def __init__(self, *, status: str, reason: str, until: str | None) -> None:
        if status == "banned":
            message = "This account is banned."
        else:
            message = f"This account is suspended until {until}."
        if reason:
            message += f" Reason: {reason}"
        super().__init__(message, details={"status": status, "reason": reason, "until": until})
