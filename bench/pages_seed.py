"""The page bench's world: customers, two agents and cases in every state, seeded by COPY.

What a case looks like follows the workflow (cases/workflow.py) move by move: each case
is a path of moves (open, submit, start, ask, answer, complete, reject, withdraw) with
realistic gaps between them, and its row, timeline events, documents, reminders and sent
status emails are what those moves would have written. ``waiting_on``, ``waiting_since``
and ``overdue_at`` come from the workflow's own rule (``CaseWorkflow._wait_on``), so the
desk's queues see what they would see in production.

Seeding is additive: ``seed_cases`` can run twice (1,000 cases, then the rest), so the
bench counts each page's queries at 1,000 cases and again at N on the same database.
"""

from __future__ import annotations

import hashlib
import io
import random
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from .pages_copy import CopyWriter, copy_rows, next_ids, reset_sequences
from .pages_people import YEARS, Customer, World

# The share of each state among the seeded cases; the rounding remainder goes to "done".
STATE_SHARES = {
    "done": 0.70, "rejected": 0.05, "withdrawn": 0.05, "draft": 0.08,
    "submitted": 0.03, "verifying": 0.06, "needs_info": 0.03,
}
FOLLOW_UP_SHARE = 0.15     # cases whose review asked the customer something (ask, answer)
NOTE_SHARE = 0.20          # reviewed cases with an internal note
COPY_CHUNK = 10_000        # cases planned, then written while the next are planned

# Mean days before each move, from the move before it (exponentially distributed).
MEAN_GAP_DAYS = {"submit": 0.7, "start": 1.0, "ask": 0.8, "answer": 1.5, "complete": 1.2,
                 "reject": 1.5, "withdraw": 1.0, "withdraw_draft": 12.0}
# How long open cases have waited (mean days): the queues are about these.
MEAN_WAIT_DAYS = {"submitted": 1.5, "verifying": 2.2, "needs_info": 6.0}
MAX_WAIT_DAYS = 45

# The move → (state it leads to, status email key): the table in cases/workflow.py.
MOVES = {
    "submit": ("submitted", "case_submitted"), "start": ("verifying", "case_verifying"),
    "ask": ("needs_info", "case_needs_info"), "answer": ("verifying", "case_info_provided"),
    "complete": ("done", "case_done"), "reject": ("rejected", "case_rejected"),
    "withdraw": ("withdrawn", "case_withdrawn"),
}
AGENT_MOVES = {"start", "ask", "complete", "reject"}
QUESTIONS = ["Please upload a bill that shows the account holder's name.",
             "The ID scan is cut off; could you send the whole page?",
             "Is the line on a family plan? Which number is the main line?"]
ANSWERS = ["Uploaded the March bill.", "Here is the full page.", "Yes, the main line is mine."]
REJECTIONS = ["The account holder's name does not match the ID.",
              "The carrier says the line was already closed."]
NOTES = ["Called the carrier; they confirmed the final bill date.",
         "Carrier chat reference 48213, waiting for their confirmation.",
         "Customer called to ask about the refund."]


# --- One case: its story, then its rows ---------------------------------------------------

@dataclass
class Plan:
    """A case and everything its moves wrote, as rows ready for COPY."""
    case: tuple
    events: list[tuple]
    documents: list[tuple]
    reminders: list[tuple]
    emails: list[tuple]


def _path(state: str, rng: random.Random, follow_up: bool) -> list[str]:
    """The moves that brought a case to ``state``."""
    review = ["submit", "start"] + (["ask", "answer"] if follow_up else [])
    if state == "draft":
        return []
    if state == "submitted":
        return ["submit"]
    if state == "verifying":
        return review
    if state == "needs_info":
        return ["submit", "start", "ask"]
    if state in ("done", "rejected"):
        return review + ["complete" if state == "done" else "reject"]
    return rng.choice([[], ["submit"], ["submit", "start"]]) + ["withdraw"]  # withdrawn


def _times(state: str, path: list[str], world: World) -> tuple[datetime, list[datetime]]:
    """When the case was opened and when each move happened. Open cases end in a wait of
    the queue's usual length; closed ones and drafts lie anywhere in the last three years."""
    rng, now = world.rng, world.now
    gaps = []
    for move in path:
        mean = MEAN_GAP_DAYS["withdraw_draft" if move == "withdraw" and len(path) == 1
                             else move]
        gaps.append(timedelta(days=rng.expovariate(1 / mean)) + timedelta(minutes=5))
    total = sum(gaps, timedelta())
    if state in MEAN_WAIT_DAYS:
        wait = timedelta(days=min(rng.expovariate(1 / MEAN_WAIT_DAYS[state]), MAX_WAIT_DAYS))
        opened = now - wait - total
    else:
        opened = now - timedelta(seconds=rng.uniform(0, YEARS * 365 * 86_400))
        if opened + total > now:  # a case closed "in the future" closed a moment ago
            opened = now - total - timedelta(minutes=rng.randint(5, 600))
    at, times = opened, []
    for gap in gaps:
        at += gap
        times.append(at)
    return opened, times


def _reference(world: World) -> str:
    from cases.reference import new_reference

    while (value := new_reference()) in world.references:
        pass
    world.references.add(value)
    return value


def _verification_code(world: World) -> str:
    from cases.reference import new_verification_code

    while (value := new_verification_code()) in world.codes:
        pass
    world.codes.add(value)
    return value


def _turn(zone: str, country: str, side: str, since: datetime):
    """Whose turn, since when and overdue when: CaseWorkflow._wait_on itself, run on a
    stand-in that has only what it reads (owner.zone, carrier.country)."""
    from cases.workflow import CaseWorkflow

    stand_in = SimpleNamespace(owner=SimpleNamespace(zone=ZoneInfo(zone)),
                               carrier=SimpleNamespace(country=country))
    CaseWorkflow._wait_on(stand_in, side, since=since)
    return stand_in.waiting_on, stand_in.waiting_since, stand_in.overdue_at


class Ids:
    """The next id of each table, handed out as rows are planned."""

    def __init__(self, first: dict) -> None:
        self._next = dict(first)

    def take(self, model) -> int:
        value = self._next[model]
        self._next[model] += 1
        return value


class CaseStory:
    """One case in a given state, told move by move: its row, timeline, documents,
    reminders and sent emails, as the workflow would have written them."""

    def __init__(self, world: World, ids: Ids, state: str, owner: Customer, *,
                 follow_up: bool | None, documents: list[dict] | None, agent) -> None:
        from cases.models import Case

        self.world, self.ids, self.owner, self.rng = world, ids, owner, world.rng
        self.state = state
        self.agent = agent or self.rng.choice(world.agents)
        self.pk = ids.take(Case)
        self.zone = ZoneInfo(owner.zone)
        follow_up = self.rng.random() < FOLLOW_UP_SHARE if follow_up is None else follow_up
        self.path = _path(state, self.rng, follow_up)
        self.opened, self.times = _times(state, self.path, world)
        self.prepaid = self.rng.random() < 0.3
        self.balance = Decimal(self.rng.randint(0, 4000)) / 100 if self.prepaid else None
        self.cycle_day = (None if self.prepaid or self.rng.random() < 0.5
                          else self.rng.randint(1, 28))
        self.events: list[tuple] = []
        self.emails: list[tuple] = []
        self.reminders: list[list] = []
        self.documents: list[tuple] = []
        # What the moves leave behind, starting as open_case leaves a draft.
        self.current, self.entered = "draft", self.opened
        self.submitted_at = self.closed_at = None
        self.rejection = ""
        self.waiting = ("nobody", self.opened, None)
        self.add_event(self.opened, "system", owner.pk, "Case opened.", to_state="draft")
        self.add_documents(documents)
        self.make_moves()
        self.send_due_reminders()
        self.apply_retention()

    def plan(self) -> Plan:
        return Plan(self.row(), self.events, self.documents,
                    [tuple(r) for r in self.reminders], self.emails)

    # -- rows ----------------------------------------------------------------------------

    def add_event(self, at, kind, actor, message="", *, from_state="", to_state="",
                  visible=True) -> None:
        from cases.models import CaseEvent

        self.events.append((self.ids.take(CaseEvent), self.pk, actor, kind, from_state,
                            to_state, message, visible, at))

    def add_sent_email(self, kind: str, at: datetime, subject: str) -> int:
        from portal.models import OutboundEmail

        email_id = self.ids.take(OutboundEmail)
        sent_at = at + timedelta(seconds=20 + len(self.emails))
        self.emails.append((email_id, kind, self.owner.pk, [self.owner.email],
                            "Lineout <support@lineout.example>", subject,
                            f"Hello,\n\n{subject} ({kind}).\n", "sent", 1, at, sent_at, at))
        return email_id

    def add_documents(self, specs: list[dict] | None) -> None:
        """The customer's uploads, right after opening (half the drafts have none yet)."""
        from cases.models import Document

        rng = self.rng
        if specs is None:
            specs = []
            if self.state != "draft" or rng.random() < 0.5:
                specs.append({"kind": "id_scan",
                              "name": rng.choice(["id-scan.pdf", "IMG_2041.jpg", "passport.pdf"])})
                if rng.random() < 0.35:
                    specs.append({"kind": "recent_bill", "name": "bill.pdf"})
        for n, spec in enumerate(specs):
            uploaded = self.opened + timedelta(minutes=3 + 7 * n)
            name = spec["name"]
            jpeg = name.endswith(".jpg")
            self.documents.append((
                self.ids.take(Document), self.pk, spec["kind"],
                spec.get("token") or f"{rng.getrandbits(128):032x}",
                # Only Casey's files exist; the others' rows name files never written.
                spec.get("file") or f"documents/{rng.getrandbits(128):032x}/"
                                    f"{rng.getrandbits(128):032x}.{'jpg' if jpeg else 'pdf'}",
                name, "image/jpeg" if jpeg else "application/pdf",
                spec.get("size") or rng.randint(60_000, 2_500_000),
                spec.get("sha256") or f"{rng.getrandbits(256):064x}", self.owner.pk, uploaded,
                None))
            self.add_event(uploaded, "document", self.owner.pk, f"Document added: {name}")

    # -- moves ---------------------------------------------------------------------------

    def make_moves(self) -> None:
        """Each move as CaseWorkflow._enter makes it: state and timestamps, whose turn,
        a transition event, the status email, and the reminders of the state entered
        (after cancelling the pending ones of the state left)."""
        rng, owner, country = self.rng, self.owner, self.world.carrier.country
        question = rng.randrange(len(QUESTIONS))
        for move, at in zip(self.path, self.times):
            target, email_key = MOVES[move]
            message = {"ask": QUESTIONS[question], "answer": ANSWERS[question],
                       "reject": rng.choice(REJECTIONS)}.get(move, "")
            actor = self.agent.pk if move in AGENT_MOVES else owner.pk
            self.add_event(at, "transition", actor, message, from_state=self.current,
                           to_state=target)
            self.add_sent_email(f"case/{email_key}", at,
                                f"Your case: {email_key.removeprefix('case_').replace('_', ' ')}")
            if move == "submit":
                self.submitted_at = at
            if move in ("submit", "answer"):
                self.waiting = _turn(owner.zone, country, "us", at)
            elif move == "ask":
                self.waiting = _turn(owner.zone, country, "customer", at)
            elif move in ("complete", "reject", "withdraw"):
                self.waiting, self.closed_at = _turn(owner.zone, country, "nobody", at), at
            if move == "reject":
                self.rejection = message
            if move == "start" and rng.random() < NOTE_SHARE:
                self.add_event(at + timedelta(hours=2), "note", self.agent.pk,
                               rng.choice(NOTES), visible=False)
            self.leave_state(at)
            self.current, self.entered = target, at
            self.schedule_reminders(at)

    def leave_state(self, at: datetime) -> None:
        """reminders.reschedule: what the old state owed and was not yet due is cancelled."""
        for reminder in self.reminders:
            if reminder[7] == "pending" and reminder[4] == self.current and reminder[5] > at:
                reminder[7], reminder[11] = "cancelled", "the case left the state"

    def schedule_reminders(self, at: datetime) -> None:
        """The reminders the state just entered owes: cases/reminders.plans_for itself."""
        from cases import reminders as rules
        from cases.models import Case, Reminder

        stand_in = SimpleNamespace(
            State=Case.State, state=self.current, entered_state_at=at,
            owner=SimpleNamespace(timezone=self.owner.zone),
            carrier=SimpleNamespace(country=self.world.carrier.country),
            billing_cycle_day=self.cycle_day, prepaid_balance=self.balance)
        for plan in rules.plans_for(stand_in):
            sequence = 1 + sum(1 for r in self.reminders if r[2] == plan.kind)
            self.reminders.append([self.ids.take(Reminder), self.pk, plan.kind, sequence,
                                   self.current, rules.due_at(plan.day, self.owner.zone), None,
                                   "pending", 0, None, None, "", at])

    def send_due_reminders(self) -> None:
        """A reminder still pending when its time came was sent, as one outbox email."""
        for reminder in self.reminders:
            if reminder[7] == "pending" and reminder[5] <= self.world.now:
                reminder[7], reminder[8], reminder[10] = "sent", 1, reminder[5]
                reminder[6] = self.add_sent_email(f"reminder/{reminder[2]}", reminder[5],
                                                  f"Reminder: {reminder[2].replace('_', ' ')}")

    def apply_retention(self) -> None:
        """cases/retention.py: 30 days after closing the files go, with a timeline line."""
        if not (self.closed_at and self.documents
                and self.closed_at + timedelta(days=30) < self.world.now):
            return
        purged = self.closed_at + timedelta(days=30, hours=3)
        self.documents = [row[:-1] + (purged,) for row in self.documents]
        self.add_event(purged, "system", None,
                       "Your documents were deleted 30 days after the case closed, as promised.")

    def row(self) -> tuple:
        from cases.phone import last_four

        rng, world = self.rng, self.world
        answers = ({key: True for key in world.checklist_keys} if self.state != "draft"
                   else {key: rng.random() < 0.5 for key in world.checklist_keys})
        # Submitted cases mostly wait for someone to pick them; reviewed ones have an agent.
        assigned = (self.agent.pk if "start" in self.path
                    or (self.state == "submitted" and rng.random() < 0.1) else None)
        on, since, overdue_at = self.waiting
        number = rng.choice(self.owner.numbers)
        done = self.current == "done"
        code = _verification_code(world) if done else None
        return (
            self.pk, _reference(world), self.owner.pk, world.carrier.pk, number, last_four(number),
            "prepaid" if self.prepaid else "postpaid",
            rng.choice(["", "Moving abroad", "Second line no longer needed", "Switching carrier"]),
            None, self.cycle_day, self.balance, answers, assigned, self.current,
            on, since, overdue_at, self.entered, self.submitted_at, self.closed_at,
            self.rejection, code,
            f"TM-{rng.randint(10**7, 10**8 - 1)}" if done and rng.random() < 0.6 else "",
            self.closed_at.astimezone(self.zone).date() if done else None,
            self.opened, max(self.times, default=self.opened),
        )


def plan_case(world: World, ids: Ids, state: str, owner: Customer, *,
              follow_up: bool | None = None, documents: list[dict] | None = None,
              agent=None) -> Plan:
    """One case in ``state`` with its timeline, documents, reminders and sent emails."""
    return CaseStory(world, ids, state, owner, follow_up=follow_up, documents=documents,
                     agent=agent).plan()


CASE_COLUMNS = [
    "id", "reference", "owner_id", "carrier_id", "phone_number", "phone_last_four",
    "line_type", "reason", "desired_end_date", "billing_cycle_day", "prepaid_balance",
    "checklist_answers", "assigned_agent_id", "state", "waiting_on", "waiting_since",
    "overdue_at", "entered_state_at", "submitted_at", "closed_at", "rejection_reason",
    "verification_code", "carrier_confirmation_number", "line_closed_on", "created_at",
    "updated_at",
]
EVENT_COLUMNS = ["id", "case_id", "actor_id", "kind", "from_state", "to_state", "message",
                 "customer_visible", "created_at"]
DOCUMENT_COLUMNS = ["id", "case_id", "kind", "token", "file", "original_name", "content_type",
                    "size", "sha256", "uploaded_by_id", "uploaded_at", "purged_at"]
REMINDER_COLUMNS = ["id", "case_id", "kind", "sequence", "for_state", "due_at", "email_id",
                    "status", "attempts", "queued_at", "sent_at", "last_error", "created_at"]
EMAIL_COLUMNS = ["id", "kind", "recipient_id", "to", "from_email", "subject", "body_text",
                 "status", "attempts", "next_attempt_at", "sent_at", "created_at"]


def write_plans(plans: list[Plan]) -> dict[str, int]:
    """COPY a chunk of planned cases; emails first (reminders point at them), cases before
    what points at them."""
    from cases.models import Case, CaseEvent, Document, Reminder
    from portal.models import OutboundEmail

    def flat(attr):
        return [row for plan in plans for row in getattr(plan, attr)]

    return {
        "emails": copy_rows(OutboundEmail, EMAIL_COLUMNS, flat("emails")),
        "cases": copy_rows(Case, CASE_COLUMNS, [plan.case for plan in plans]),
        "events": copy_rows(CaseEvent, EVENT_COLUMNS, flat("events")),
        "documents": copy_rows(Document, DOCUMENT_COLUMNS, flat("documents")),
        "reminders": copy_rows(Reminder, REMINDER_COLUMNS, flat("reminders")),
    }


# --- Casey's cases: the ones the bench opens ---------------------------------------------

def tiny_jpeg(rng: random.Random) -> bytes:
    """A small real JPEG (a phone photo of an ID, in miniature) for the download measured."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 400), (236, 232, 220))
    draw = ImageDraw.Draw(image)
    for _ in range(400):  # some texture, so the JPEG is not a few hundred bytes
        x, y = rng.randrange(640), rng.randrange(400)
        draw.line((x, y, x + rng.randint(-40, 40), y + rng.randint(-8, 8)),
                  fill=tuple(rng.randrange(256) for _ in range(3)), width=2)
    draw.rectangle((24, 24, 200, 240), outline=(40, 40, 40), width=4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def stored_document(kind: str, name: str, content: bytes) -> dict:
    """A real file in the documents storage, named as uploads are (document_upload_to)."""
    from django.core.files.base import ContentFile

    from cases.models import document_upload_to, get_document_storage

    path = get_document_storage().save(document_upload_to(None, name), ContentFile(content))
    return {"kind": kind, "name": name, "file": path, "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(), "token": secrets.token_urlsafe(16)}


def plan_casey(world: World, ids: Ids) -> list[Plan]:
    """Casey has five cases; the one under review after a question and answer, with a
    real JPEG and PDF, is the one whose pages (customer and desk) and download are
    measured, and the done one's code is the verification-code search term."""
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"% padding\n" * 300 + b"trailer<<>>\n%%EOF\n"
    documents = [stored_document("id_scan", "IMG_2041.jpg", tiny_jpeg(world.rng)),
                 stored_document("recent_bill", "bill-march.pdf", pdf)]
    casey, agent = world.casey, world.agents[0]
    reviewed = plan_case(world, ids, "verifying", casey, follow_up=True, documents=documents,
                         agent=agent)
    done = plan_case(world, ids, "done", casey, follow_up=False, agent=agent)
    others = [plan_case(world, ids, state, casey) for state in ("done", "withdrawn", "draft")]
    case = dict(zip(CASE_COLUMNS, reviewed.case))
    world.targets.update(
        case_reference=case["reference"], phone=case["phone_number"],
        document_token=documents[0]["token"], document_bytes=documents[0]["size"],
        verification_code=dict(zip(CASE_COLUMNS, done.case))["verification_code"],
        email=casey.email)
    return [reviewed, done, *others]


# --- Seeding ------------------------------------------------------------------------------

def state_counts(total: int) -> dict[str, int]:
    counts = {state: int(total * share) for state, share in STATE_SHARES.items()}
    counts["done"] += total - sum(counts.values())
    return counts


def seed_cases(world: World, total: int) -> str:
    """Add ``total`` cases (Casey's five among the first) in the state mix, with their
    rows in every table, by COPY in chunks; then VACUUM ANALYZE. Returns a summary line."""
    from cases.models import Case, CaseEvent, Document, Reminder
    from portal.models import OutboundEmail

    from .world import vacuum

    started = time.perf_counter()
    models = (Case, CaseEvent, Document, Reminder, OutboundEmail)
    ids = Ids(next_ids(*models))
    rng = world.rng
    # Casey's cases come first, in the first round, and count towards ``total``.
    first = plan_casey(world, ids) if world.cases_seeded == 0 else []
    states = [state for state, count in state_counts(total - len(first)).items()
              for _ in range(count)]
    rng.shuffle(states)
    writer = CopyWriter(write_plans)
    try:
        if first:
            writer.put(first)
        for start in range(0, len(states), COPY_CHUNK):
            chunk = states[start:start + COPY_CHUNK]
            owners = rng.choices(world.customers, weights=world.customer_weights, k=len(chunk))
            writer.put([plan_case(world, ids, state, owner)
                        for state, owner in zip(chunk, owners)])
    finally:
        written = writer.close()
    reset_sequences(*models)
    world.cases_seeded += written["cases"]
    for table, count in written.items():
        world.counts[table] = world.counts.get(table, 0) + count
    copied = time.perf_counter()
    vacuum(*(m._meta.db_table for m in models), "portal_user", "account_emailaddress",
           analyze=True)
    return (f"+{written['cases']:,} cases ({written['events'] / written['cases']:.1f} events, "
            f"{written['documents'] / written['cases']:.1f} documents, "
            f"{written['reminders'] / written['cases']:.1f} reminders, "
            f"{written['emails'] / written['cases']:.1f} sent emails each) in "
            f"{copied - started:.1f} s, VACUUM ANALYZE {time.perf_counter() - copied:.1f} s")
