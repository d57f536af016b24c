"""Is the seeded world what the workflow would have written? Checked after seeding."""

from __future__ import annotations

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
