"""Django's PostgreSQL backend, with a health check of a kept connection that asks the server
nothing.

With `CONN_HEALTH_CHECKS`, Django checks a persistent connection before a request first uses it
by running `SELECT 1`: one more round trip for every request that touches the database (of the
two a logged-in list makes, or the three of a pitch detail). A connection the server has closed
(a restart, `pg_terminate_backend`, an idle timeout, Neon suspending its compute) is one whose
socket has become readable between requests: the server's closing message or the end of the
stream is waiting on it, since nothing else arrives unasked on a connection that holds no
`LISTEN`. So a kept connection is usable when psycopg still holds it open and idle, outside
any transaction, and its socket has nothing to read: one `poll()` with no timeout, a few
microseconds. When something is waiting, Django's own check decides (`SELECT 1` reads what
waits first: a closing message fails it, anything harmless, such as a notice or a TLS record,
is consumed on the way).

What neither check sees in time is a connection whose peer vanished without closing it (a
network partition): `SELECT 1` would wait for the socket's timeout as the request's own query
does.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return False
        try:
            poller = select.poll()  # not select(), which refuses descriptors past 1023
            poller.register(connection.fileno(), select.POLLIN)
            waiting = bool(poller.poll(0))
        except (OSError, ValueError):
            return False
        return not waiting or super().is_usable()
