"""COPY for the page bench: rows into a model's table, ids given by the seed, and a
writer thread that overlaps the server's work on one chunk with planning the next."""

from __future__ import annotations

import json
from collections.abc import Callable


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



class CopyWriter:
    """Writes chunks of plans (through ``write``, by COPY) in a thread of its own (with its own connection), in
    the order given, so that the server's work on one chunk (indexes, constraints) overlaps
    the planning of the next. An error in the thread is raised again by ``close``."""

    def __init__(self, write: Callable[[list], dict[str, int]]) -> None:
        import queue
        import threading

        self.written = dict.fromkeys(["cases", "events", "documents", "reminders", "emails"], 0)
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bench-copy", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from django.db import connection

        try:
            while (plans := self._queue.get()) is not None:
                for table, count in self._write(plans).items():
                    self.written[table] += count
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self._error = error
            while self._queue.get() is not None:  # let the producer finish, then stop
                pass
        finally:
            connection.close()

    def put(self, plans: list) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(plans)

    def close(self) -> dict[str, int]:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.written
