"""Store one reply email, read from standard input, as a message on its case.

For a mail server's pipe (Postfix: ``reply  unix - n n - - pipe flags=F user=lineout
argv=/app/manage.py receive_email``; see the README). Steps (cases/inbound.py):

1. read at most 25 MB (and one byte) from standard input;
2. parse it, find our reply address, check the sender, skip a duplicate Message-ID;
3. strip quotes and signatures, check the attachments, store the message.

Exit status as sysexits.h, which mail servers read: 0 stored or already stored, 65 not
an email / nothing to store / refused content, 67 unknown or forged address or sender,
75 the database is unreachable (the mail server keeps the message and retries).
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, InterfaceError, OperationalError


class Command(BaseCommand):
    help = "Store one reply email from standard input as a message on its case."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipient", default=os.environ.get("ORIGINAL_RECIPIENT", ""),
            help="The envelope recipient (Postfix sets ORIGINAL_RECIPIENT for pipes).")

    def handle(self, *args, recipient: str = "", **options):
        from cases import inbound

        raw = sys.stdin.buffer.read(settings.INBOUND_EMAIL_MAX_BYTES + 1)
        try:
            outcome = inbound.receive_bytes(raw, envelope_recipient=recipient)
        except (OperationalError, InterfaceError) as error:
            raise CommandError(f"database unavailable, try again later: {error}",
                               returncode=os.EX_TEMPFAIL) from None
        except DatabaseError as error:
            raise CommandError(f"database error, try again later: {error}",
                               returncode=os.EX_TEMPFAIL) from None
        if outcome.code != os.EX_OK:
            raise CommandError(outcome.detail, returncode=outcome.code)
        self.stdout.write(outcome.detail)
