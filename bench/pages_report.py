"""The page bench's output: a Markdown table for the README, JSON, and a bar chart PNG.

The chart is drawn with Pillow (already a runtime dependency) rather than matplotlib: one
bar chart does not justify a plotting library in requirements-dev.txt.
"""

from __future__ import annotations

import json
from pathlib import Path


def markdown_table(rows: list[dict], small: int, n: int,
                   placeholders: dict[str, str] | None = None) -> str:
    """The README's table; ``placeholders`` replace this run's random reference and
    token in the paths (``<ref>``), which mean nothing to a reader."""
    counted = f"queries @{small:,} / @{n:,}" if n != small else f"queries @{n:,}"
    lines = [f"| page | req/s (rounds) | p50 ms | p95 ms | p99 ms | × ceiling | alone ms | {counted} "
             f"| KB | check |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for row in rows:
        queries = (f"{row['queries_small']} / {row['queries_n']}" if n != small
                   else f"{row['queries_n']}")
        low, high = row["rps_range"]
        path = row["path"]
        for value, placeholder in (placeholders or {}).items():
            path = path.replace(value, placeholder)
        lines.append(
            f"| {row['name']} (`{path}`) | {row['rps']:,.0f} ({low:,.0f}–{high:,.0f}) | "
            f"{row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['ratio']:.3f} | "
            f"{row['alone_ms']:.1f} | {queries} | {row['kb']:.1f} | "
            f"{'; '.join(row['failed']) or 'ok'} |")
    return "\n".join(lines)


def plans_table(plans: dict[str, list[dict]]) -> str:
    """One line per query; the capped counts, the same statement on every desk page, once."""
    lines = ["| page | query | indexes | Seq Scan | ms |", "| --- | --- | --- | --- | ---: |"]
    counts_shown = False
    for page, explained in plans.items():
        for plan in explained:
            counts = short_sql(plan["sql"]).startswith("capped counts")
            if counts and counts_shown:
                continue
            counts_shown = counts_shown or counts
            label = "every desk page" if counts else page
            lines.append(f"| {label} | {short_sql(plan['sql'])} | "
                         f"{', '.join(plan['indexes']) or '—'} | "
                         f"{', '.join(plan['seq_scans']) or '—'} | {plan['ms'] or 0:.2f} |")
    return "\n".join(lines)


def short_sql(sql: str) -> str:
    """``SELECT … FROM "cases_case" … WHERE … LIMIT 51`` in a table cell."""
    import re

    table = re.search(r'FROM "(\w+)"', sql)
    where = "WHERE" in sql
    limit = re.search(r"LIMIT (\d+)", sql)
    if sql.lstrip().startswith("SELECT (SELECT COUNT(*)"):
        return "capped counts of the 7 views (one statement)"
    return (f"{table.group(1) if table else '?'}{' filtered' if where else ''}"
            f"{f' LIMIT {limit.group(1)}' if limit else ''}")


def breakdown_table(profiles: dict[str, dict]) -> str:
    """Per request, in process: queries are ORM time (compile, round trip, instances), the
    round trips alone in brackets."""
    lines = ["| page (one request, in process) | total ms | sign-in queries ms (DB ms, n) "
             "| page queries ms (DB ms, n) | templates ms | rest ms | own time by package |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for name, p in profiles.items():
        packages = ", ".join(f"{pkg} {share:.0%}" for pkg, share in p["profile"][:4])
        lines.append(
            f"| {name} | {p['mean_ms']:.1f} | {p['sign_in_ms']:.1f} ({p['sign_in_db_ms']:.1f}, "
            f"{p['sign_in_queries']:.0f}) | {p['page_queries_ms']:.1f} ({p['page_db_ms']:.1f}, "
            f"{p['page_queries']:.0f}) | {p['template_ms']:.1f} | {p['other_ms']:.1f} | "
            f"{packages} |")
    return "\n".join(lines)


def template_parts_lines(profiles: dict[str, dict], top: int = 5) -> list[str]:
    """Where each page's template time goes (exclusive ms per request, largest first)."""
    lines = []
    for name, p in profiles.items():
        parts = [(part, t) for part, t in p["template_parts_ms"].items() if t >= 0.05][:top]
        if parts:
            lines.append(f"- {name}: " + ", ".join(f"`{part}` {t:.1f}" for part, t in parts))
    return lines


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")


def draw_chart(path: Path, rows: list[dict], title: str, min_share: float) -> None:
    """Horizontal bars of req/s per page, the ceiling in grey, each labelled with its
    req/s and p95; pages that failed a check in red; a line at ``min_share`` × the
    ceiling (the desk's floor)."""
    from PIL import Image, ImageDraw, ImageFont

    def font(size: int):
        try:
            return ImageFont.load_default(size=size)
        except TypeError:  # Pillow without FreeType: the fixed bitmap font
            return ImageFont.load_default()

    label_font, title_font = font(14), font(18)
    left, right, top, bar, gap = 330, 190, 60, 20, 8
    width = 1200
    height = top + len(rows) * (bar + gap) + 40
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((16, 16), title, fill="black", font=title_font)
    scale = (width - left - right) / max(row["rps"] for row in rows)
    for i, row in enumerate(rows):
        y = top + i * (bar + gap)
        colour = ("#9e9e9e" if row["kind"] == "ceiling"
                  else "#c62828" if not row.get("ok", True) else "#1565c0")
        draw.text((16, y + 2), row["name"][:42], fill="black", font=label_font)
        draw.rectangle((left, y, left + max(1, int(row["rps"] * scale)), y + bar), fill=colour)
        draw.text((left + int(row["rps"] * scale) + 8, y + 2),
                  f"{row['rps']:,.0f}/s  p95 {row['p95_ms']:.0f} ms", fill="black",
                  font=label_font)
    ceiling = rows[0]["rps"] / rows[0]["ratio"]  # the mean of its two runs
    floor_x = left + int(min_share * ceiling * scale)
    for y in range(top - 6, height - 36, 8):  # dashed
        draw.line((floor_x, y, floor_x, y + 4), fill="#ef6c00", width=2)
    draw.text((16, height - 28), f"grey: the trivial view (ceiling); red: failed a check; "
              f"orange line: {min_share:g} x the ceiling", fill="#555555", font=label_font)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)
