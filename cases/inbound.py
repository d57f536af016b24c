"""Replies by email become messages on the case.

One path for both ways mail comes in — ``manage.py receive_email`` (a mail server's pipe)
and the hosted service's webhook — with the exit codes a pipe expects:

    1. larger than INBOUND_EMAIL_MAX_BYTES, or not an email        65 EX_DATAERR
    2. no recipient address of ours, or one that was altered       67 EX_NOUSER
    3. the sender is not the person that address was made for,
       or that person is no longer the case's customer or an agent 67 EX_NOUSER
    4. the same Message-ID already stored                          0  (nothing written)
    5. nothing left once quotes and signatures are cut, an
       attachment the document checks refuse, a case that takes
       no messages (a draft)                                       65 EX_DATAERR
    6. stored as the sender's message (``case.add_message``)       0

Everything is checked before anything is written; a refusal writes nothing and sends
nothing (no bounce of ours goes to an address we cannot trust).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.views.decorators.csrf import csrf_exempt
from mailparser_reply import EmailReplyParser

from . import replies
from .models import Case, CaseEvent
from .upload_guard import takes_files
from .uploads import clean_upload
from .workflow import Attachment, TransitionNotAllowed, is_agent

logger = logging.getLogger(__name__)

# The headers that may carry the address the reply was sent to, most specific first.
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
MAX_ATTACHMENTS = 10
REPLY_LANGUAGES = ["en", "zh"]


@dataclass(frozen=True)
class Outcome:
    code: int
    detail: str
    event: CaseEvent | None = None

    @property
    def stored(self) -> bool:
        return self.code == os.EX_OK


def refused(code: int, detail: str) -> Outcome:
    logger.info("inbound: refused (%d): %s", code, detail)
    return Outcome(code, detail)


def receive_bytes(raw: bytes, *, envelope_recipient: str = "") -> Outcome:
    """Steps 1–6 for one raw RFC 5322 message."""
    if len(raw) > settings.INBOUND_EMAIL_MAX_BYTES:
        return refused(os.EX_DATAERR, "the message is larger than 25 MB")
    message = message_from_bytes(raw, policy=policy.default)
    if not parseaddr(str(message.get("From", "")))[1] or not message.keys():
        return refused(os.EX_DATAERR, "this is not an email message (no sender)")
    fallback_id = f"<sha256-{hashlib.sha256(raw).hexdigest()}@inbound>"
    return receive_message(message, envelope_recipient=envelope_recipient,
                           fallback_id=fallback_id)


def receive_message(message: EmailMessage, *, envelope_recipient: str = "",
                    fallback_id: str = "") -> Outcome:
    """Steps 2–6 for a parsed message (the webhook's arrives parsed)."""
    target = _reply_target(message, envelope_recipient)
    if target is None:
        return refused(os.EX_NOUSER, "no reply address of ours among the recipients")
    case = Case.objects.select_related("owner", "carrier").filter(
        reference=target.reference).first()
    sender_email = parseaddr(str(message.get("From", "")))[1].lower()
    sender = get_user_model().objects.filter(pk=target.recipient_id, is_active=True).first()
    if (case is None or sender is None or sender.email.lower() != sender_email
            or not (sender.pk == case.owner_id or is_agent(sender))):
        return refused(os.EX_NOUSER, "the sender is not who this reply address was made for")
    message_id = (str(message.get("Message-ID", "")).strip() or fallback_id)[:255]
    if CaseEvent.objects.filter(email_message_id=message_id).exists():
        return Outcome(os.EX_OK, "already stored")
    text = reply_text(message)
    try:
        files = _attachments(message)
        event = case.add_message(by=sender, text=text, files=files,
                                 email_message_id=message_id)
    except ValidationError as error:
        return refused(os.EX_DATAERR, "; ".join(error.messages))
    except TransitionNotAllowed as error:
        return refused(os.EX_DATAERR, error.message)
    except IntegrityError:
        # The same email, delivered twice at once: the other delivery stored it first.
        if CaseEvent.objects.filter(email_message_id=message_id).exists():
            return Outcome(os.EX_OK, "already stored")
        raise
    logger.info("inbound: message stored on %s", case.reference)
    return Outcome(os.EX_OK, "stored", event)


def _reply_target(message: EmailMessage, envelope_recipient: str):
    candidates = [envelope_recipient] if envelope_recipient else []
    for header in RECIPIENT_HEADERS:
        candidates += [address for _name, address in
                       getaddresses([str(value) for value in message.get_all(header, [])])]
    for address in candidates:
        target = replies.read_address(address)
        if target is not None:
            return target
    return None


def reply_text(message: EmailMessage) -> str:
    """The new words of a reply: the plain-text body (or the HTML one turned to text),
    without the quoted history and the signature."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = body.get_content()
    if body.get_content_subtype() == "html":
        content = html_to_text(content)
    parsed = EmailReplyParser(languages=REPLY_LANGUAGES).read(content)
    newest = parsed.replies[0] if parsed.replies else None
    # A first reply that has a quote header means nothing new was written above it.
    text = newest.body if newest is not None and not newest.headers else ""
    return _cut_what_the_parser_missed(text)


# What mail-parser-reply 1.36 leaves in: Chinese "…写道：" headers (its pattern never
# matches), a quoted block with no header, and "sent from my phone" lines.
_QUOTE_HEADER = re.compile(r"^\s*>?\s*(\d{4}年.*写道[：:]|On .+ wrote:)\s*$")
_SENT_FROM = re.compile(r"^\s*(Sent from my .+|发自我的.+|从我的.+发送)\s*$", re.IGNORECASE)


def _cut_what_the_parser_missed(text: str) -> str:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        rest = [later for later in lines[index:] if later.strip()]
        if _QUOTE_HEADER.match(line) or (line.startswith(">")
                                         and all(later.startswith(">") for later in rest)):
            lines = lines[:index]
            break
    while lines and (not lines[-1].strip() or _SENT_FROM.match(lines[-1])):
        lines.pop()
    return "\n".join(lines).strip()


def _attachments(message: EmailMessage) -> list[Attachment]:
    """Every attached file, through the same checks as a document (raises ValidationError).
    Pictures embedded in an HTML body (a signature's logo) are not attachments."""
    files = []
    for part in message.iter_attachments():
        if part.get_content_disposition() == "inline" and part.get("Content-ID"):
            continue
        name = part.get_filename() or "attachment"
        payload = part.get_payload(decode=True) or b""
        clean = clean_upload(SimpleUploadedFile(name, payload))
        files.append(Attachment(name, clean))
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(f"more than {MAX_ATTACHMENTS} attachments")
    return files


class _TextOfHTML(HTMLParser):
    """Text of an HTML body: block elements become line breaks, scripts and styles are
    dropped, no markup survives."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "pre"}
    SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text, blank = [], False
    for line in lines:  # at most one empty line in a row
        if line or not blank:
            text.append(line)
        blank = not line
    return "\n".join(text).strip()


# --- The hosted service's webhook ---------------------------------------------------------


@csrf_exempt  # the service posts without a session; the signature is the check
@takes_files(MAX_ATTACHMENTS, signed_out=True)  # the parsed route posts attachments as files
def mailgun_webhook(request):
    """Mailgun's inbound route posts each reply here; django-anymail checks the signature
    and hands the parsed message to ``on_inbound``. 404 while no signing key is set."""
    from anymail.webhooks.mailgun import MailgunInboundWebhookView
    from django.http import Http404

    if not settings.ANYMAIL.get("MAILGUN_WEBHOOK_SIGNING_KEY"):
        raise Http404
    return MailgunInboundWebhookView.as_view()(request)


def on_inbound(sender, event, esp_name, **kwargs) -> None:
    """anymail's ``inbound`` signal: the same path as the pipe. A refusal is logged and
    dropped (the service would only retry it); a database error propagates, so the service
    is answered 500 and retries."""
    outcome = receive_message(event.message,
                              envelope_recipient=event.message.envelope_recipient or "")
    if not outcome.stored:
        logger.warning("inbound (%s): refused: %s", esp_name, outcome.detail)
