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
import json
import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

CUSTOMERS = 10_000
YEARS = 3
# The share of each state among the seeded cases; the rounding remainder goes to "done".
STATE_SHARES = {
    "done": 0.70, "rejected": 0.05, "withdrawn": 0.05, "draft": 0.08,
    "submitted": 0.03, "verifying": 0.06, "needs_info": 0.03,
}
FOLLOW_UP_SHARE = 0.15     # cases whose review asked the customer something (ask, answer)
NOTE_SHARE = 0.20          # reviewed cases with an internal note
COPY_CHUNK = 10_000        # cases planned, then written while the next are planned

FIRST_NAMES = ["casey", "alex", "jordan", "taylor", "morgan", "riley", "jamie", "avery",
               "quinn", "drew", "sam", "robin", "maria", "wei", "li", "ana", "james", "mary",
               "john", "linda", "david", "susan", "kim", "chen", "fatima", "omar", "noah",
               "emma", "liam", "olivia", "mia", "lucas", "zoe", "ethan", "ava", "leo"]
LAST_NAMES = ["smith", "johnson", "lee", "garcia", "brown", "nguyen", "wang", "lopez",
              "miller", "davis", "wilson", "clark", "lewis", "walker", "young", "king",
              "zhang", "liu", "patel", "khan", "martin", "moore", "hall", "allen"]
DOMAINS = ["example.com", "mail.example", "example.net", "inbox.example.org"]
ZONES = {"America/New_York": 40, "America/Chicago": 22, "America/Denver": 6,
         "America/Los_Angeles": 25, "America/Phoenix": 2, "Asia/Shanghai": 3,
         "Europe/London": 2}

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


# --- COPY ---------------------------------------------------------------------------------

def copy_rows(model, columns: list[str], rows: list[tuple]) -> int:
    """COPY ``rows`` (tuples in the order of ``columns``, field names or attnames) into
    ``model``'s table. A column not given gets the field's default, the same for every row,
    so a field someone adds does not break the bench: its default, "" for a blank text
    field (as Django gives it), else NULL where allowed. A NOT NULL field without a
    default, or a unique one that is not nullable, must be given: this raises first."""
    from django.db import connection

    meta = model._meta
    given = [meta.get_field(name) for name in columns]
    rest, rest_values = [], []
    for model_field in meta.concrete_fields:
        if model_field in given or model_field.primary_key:
            continue
        if model_field.unique and not (model_field.null and not model_field.has_default()):
            # One value for every row would break the constraint (NULLs may repeat).
            raise ValueError(f"{meta.db_table}.{model_field.column} is unique: give it per row")
        if not (model_field.has_default() or model_field.null
                or (model_field.blank and model_field.empty_strings_allowed)):
            raise ValueError(f"{meta.db_table}.{model_field.column} needs a value per row")
        rest.append(model_field)
        rest_values.append(model_field.get_default())
    fields = given + rest
    # JSON goes as text, which COPY parses into jsonb: cheaper than an adapter per value.
    json_at = [i for i, f in enumerate(given) if f.get_internal_type() == "JSONField"]
    constant = tuple(json.dumps(value) if f.get_internal_type() == "JSONField" else value
                     for f, value in zip(rest, rest_values))
    names = ", ".join(f'"{f.column}"' for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f'COPY "{meta.db_table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                values = row + constant
                if json_at:
                    values = list(values)
                    for i in json_at:
                        values[i] = json.dumps(values[i])
                copy.write_row(values)
    return len(rows)


def next_ids(*models) -> dict:
    """The first free id of each table (the seed gives ids itself, to link rows in COPY)."""
    from django.db import connection

    ids = {}
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
            ids[model] = cursor.fetchone()[0]
    return ids


def reset_sequences(*models) -> None:
    """After COPY with explicit ids, the identity columns continue after the highest id."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                           f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))")


# --- The world ----------------------------------------------------------------------------

@dataclass
class Customer:
    pk: int
    email: str
    zone: str
    numbers: list[str]


@dataclass
class World:
    now: datetime
    rng: random.Random
    carrier: object
    checklist_keys: list[str]
    customers: list[Customer] = field(default_factory=list)
    customer_weights: list[float] = field(default_factory=list)
    agents: list = field(default_factory=list)
    casey: Customer | None = None
    references: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    cases_seeded: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    # What the bench measures, found while seeding (casey's cases, documents, terms).
    targets: dict = field(default_factory=dict)


def valid_us_numbers(rng: random.Random, count: int) -> list[str]:
    """``count`` E.164 US numbers that ``phonenumbers`` calls valid (as the case form
    requires): area codes found valid once, then random exchanges checked one by one."""
    import phonenumbers

    def valid(e164: str) -> bool:
        number = phonenumbers.parse(e164)
        return (phonenumbers.is_valid_number(number)
                and phonenumbers.region_code_for_number(number) == "US")

    area_codes = [npa for npa in range(201, 990)
                  if any(valid(f"+1{npa}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}")
                         for _ in range(3))]
    numbers = []
    while len(numbers) < count:
        e164 = f"+1{rng.choice(area_codes)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        if valid(e164):
            numbers.append(e164)
    return numbers


def seed_people(now: datetime, rng: random.Random) -> World:
    """10,000 customers (COPY), two agents with TOTP in the Agents group, and Casey, the
    customer whose pages are measured."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cases.workflow import AGENTS_GROUP
    from content.models import Carrier, ChecklistItem

    User = get_user_model()
    carrier = Carrier.objects.published().order_by("order", "pk").first()
    if carrier is None:
        raise RuntimeError("no published carrier: load_guidance did not run")
    keys = list(ChecklistItem.objects.for_carrier(carrier).values_list("key", flat=True))
    world = World(now=now, rng=rng, carrier=carrier, checklist_keys=keys)

    zones, zone_weights = list(ZONES), list(ZONES.values())
    rows = []
    for i in range(CUSTOMERS):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}{i}@{rng.choice(DOMAINS)}"  # lower case, as the form stores
        joined = now - timedelta(days=YEARS * 365 + rng.randint(0, 60))
        rows.append((email, "!" + secrets.token_hex(20), first.title(), last.title(),
                     "zh-hans" if rng.random() < 0.1 else "en",
                     rng.choices(zones, zone_weights)[0], joined))
    copy_rows(User, ["email", "password", "first_name", "last_name", "language",
                     "timezone", "date_joined"], rows)
    customers = list(User.objects.order_by("pk").values_list("pk", "email", "timezone"))
    copy_rows(EmailAddress, ["user_id", "email", "verified", "primary"],
              [(pk, email, True, True) for pk, email, _zone in customers])
    numbers = iter(valid_us_numbers(rng, int(CUSTOMERS * 2.2)))
    for pk, email, zone in customers:
        # A customer has one to three lines; their cases are about those numbers.
        world.customers.append(Customer(pk, email, zone,
                                        [next(numbers) for _ in range(rng.randint(1, 3))]))
    # Some customers open many cases (a small business), most a few.
    world.customer_weights = [rng.paretovariate(2.0) for _ in world.customers]

    agents_group = Group.objects.get_or_create(name=AGENTS_GROUP)[0]
    for email, first in [("avery.agent@lineout.example", "Avery"),
                         ("blake.agent@lineout.example", "Blake")]:
        agent = User.objects.create_user(email=email, password=None, first_name=first,
                                         is_staff=True, timezone="America/New_York")
        agent.groups.add(agents_group)
        EmailAddress.objects.create(user=agent, email=email, verified=True, primary=True)
        TOTP.activate(agent, generate_totp_secret())
        world.agents.append(agent)

    casey = User.objects.create_user(email="casey@example.com", password=None,
                                     first_name="Casey", last_name="Rivera",
                                     timezone="America/New_York")
    EmailAddress.objects.create(user=casey, email=casey.email, verified=True, primary=True)
    world.casey = Customer(casey.pk, casey.email, casey.timezone, valid_us_numbers(rng, 2))
    return world


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


class CopyWriter:
    """Writes chunks of plans by COPY in a thread of its own (with its own connection), in
    the order given, so that the server's work on one chunk (indexes, constraints) overlaps
    the planning of the next. An error in the thread is raised again by ``close``."""

    def __init__(self) -> None:
        import queue
        import threading

        self.written = dict.fromkeys(["cases", "events", "documents", "reminders", "emails"], 0)
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bench-copy", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from django.db import connection

        try:
            while (plans := self._queue.get()) is not None:
                for table, count in write_plans(plans).items():
                    self.written[table] += count
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self._error = error
            while self._queue.get() is not None:  # let the producer finish, then stop
                pass
        finally:
            connection.close()

    def put(self, plans: list[Plan]) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(plans)

    def close(self) -> dict[str, int]:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.written


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
    writer = CopyWriter()
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


# --- Is the world what the workflow would have written? ----------------------------------

CONSISTENCY = {
    "submitted/verifying not waiting on us":
        "state IN ('submitted', 'verifying') AND waiting_on <> 'us'",
    "needs_info not waiting on the customer": "state = 'needs_info' AND waiting_on <> 'customer'",
    "draft or closed waiting on someone":
        "state IN ('draft', 'done', 'rejected', 'withdrawn') AND waiting_on <> 'nobody'",
    "overdue_at set exactly when waiting on us":
        "(waiting_on = 'us') <> (overdue_at IS NOT NULL)",
    "closed_at set exactly when closed":
        "(state IN ('done', 'rejected', 'withdrawn')) <> (closed_at IS NOT NULL)",
    "verification code exactly when done": "(state = 'done') <> (verification_code IS NOT NULL)",
    "phone_last_four is the number's last four": "phone_last_four <> right(phone_number, 4)",
    "submitted_at missing after submission":  # a draft may be withdrawn unsubmitted
        "state IN ('submitted', 'verifying', 'needs_info', 'done', 'rejected') "
        "AND submitted_at IS NULL",
}


def seed_problems(sample: int = 500) -> list[str]:
    """What in the seeded data breaks the workflow's rules: the SQL checks above, emails
    not in lower case, and a sample of numbers and waits checked by the project's own code
    (cases.phone.to_e164, CaseWorkflow._wait_on on the loaded cases)."""
    from django.db import connection

    from cases.models import Case
    from cases.phone import to_e164

    problems = []
    with connection.cursor() as cursor:
        for name, condition in CONSISTENCY.items():
            cursor.execute(f"SELECT COUNT(*) FROM cases_case WHERE {condition}")
            if count := cursor.fetchone()[0]:
                problems.append(f"{count:,} cases: {name}")
        cursor.execute("SELECT COUNT(*) FROM portal_user WHERE email <> lower(email)")
        if count := cursor.fetchone()[0]:
            problems.append(f"{count:,} users with an upper-case email")
    waiting = (Case.objects.filter(waiting_on="us").select_related("owner", "carrier")
               .order_by("?")[:sample])
    for case in waiting:
        stored = case.overdue_at
        case._wait_on(Case.WaitingOn.US, since=case.waiting_since)
        if case.overdue_at != stored:
            problems.append(f"{case.reference}: overdue_at {stored} but the workflow says "
                            f"{case.overdue_at}")
            break
    for number in Case.objects.order_by("?").values_list("phone_number", flat=True)[:sample]:
        if to_e164(number) != number:
            problems.append(f"{number} is not valid E.164")
            break
    return problems
