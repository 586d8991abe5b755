"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, printable, CJK labels.

Each function returns an SVG document fragment as a string; callers mark it safe. All text is
escaped here. Missing values (None) leave gaps instead of being drawn as zero.
"""

import math
from xml.sax.saxutils import escape

PALETTE = ("#1f6fb2", "#e07b00", "#2a9d3f", "#b23a48", "#6c5ba7", "#7f7f7f")
FONT = "'Noto Sans CJK TC','Noto Sans TC','Microsoft JhengHei','PingFang TC',sans-serif"


def _nice_max(value):
    """A round axis maximum at or above value (1, 2, 2.5, 5 × 10^n)."""
    if not value or value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def _fmt(value, unit=""):
    if value is None:
        return "—"
    if unit == "%":
        return f"{value:.1f}%"
    if abs(value) >= 1000:
        return f"{value:,.0f}{unit}"
    if float(value).is_integer():
        return f"{int(value)}{unit}"
    if unit != "%" and abs(value) < 10:
        return f"{value:g}{unit}"
    return f"{value:.1f}{unit}"


def _open(width, height, title):
    t = escape(title or "")
    return [f'<svg class="pd-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{t}" preserveAspectRatio="xMidYMid meet" '
            f'style="font-family:{FONT};font-size:11px">', f"<title>{t}</title>",
            f'<text x="8" y="16" font-size="13" font-weight="bold" fill="#223">{t}</text>' if title else ""]


def _y_axis(parts, left, top, plot_w, plot_h, y_max, unit, ticks=4):
    for i in range(ticks + 1):
        v = y_max * i / ticks
        y = top + plot_h - plot_h * i / ticks
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d9d9d9" '
                     f'stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
                     f'{escape(_fmt(v, unit))}</text>')


def _legend(parts, series, x, y):
    for i, (name, _values) in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{x + 14}" y="{y}" fill="#333">{escape(name)}</text>')
        x += 28 + 12 * len(name)


def line_chart(labels, series, title="", unit="", y_max=None, target=None, width=640, height=250, target_label="目標"):
    """Lines over the x labels. series: [(name, [value or None, ...]), ...]."""
    left, right, top, bottom = 52, 14, 48, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _n, vs in series for v in vs if v is not None]
    y_max = y_max or _nice_max(max(values + ([target] if target else [])) if values else 1)
    parts = _open(width, height, title)
    _y_axis(parts, left, top, plot_w, plot_h, y_max, unit)
    n = max(1, len(labels))
    step = plot_w / n

    def x_at(i):
        return left + step * (i + 0.5)

    def y_at(v):
        return top + plot_h - plot_h * max(0.0, min(v, y_max)) / y_max

    for i, label in enumerate(labels):
        parts.append(f'<text x="{x_at(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#555">'
                     f'{escape(label)}</text>')
    if target is not None:
        y = y_at(target)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#b23a48" '
                     f'stroke-dasharray="5,4" stroke-width="1.2"/>')
        parts.append(f'<text x="{left + 4}" y="{y - 4:.1f}" text-anchor="start" fill="#b23a48">'
                     f'{escape(target_label + " " + _fmt(target, unit))}</text>')
    for s, (name, vals) in enumerate(series):
        color = PALETTE[s % len(PALETTE)]
        run = []
        for i, v in enumerate(list(vals) + [None]):
            if v is None:
                if len(run) > 1:
                    points = " ".join(f"{x_at(j):.1f},{y_at(w):.1f}" for j, w in run)
                    parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2.2"/>')
                run = []
            else:
                run.append((i, v))
        for i, v in enumerate(vals):
            if v is None:
                continue
            parts.append(f'<circle cx="{x_at(i):.1f}" cy="{y_at(v):.1f}" r="3" fill="{color}">'
                         f'<title>{escape(f"{name} {labels[i]}: {_fmt(v, unit)}")}</title></circle>')
        last = next((i for i in range(len(vals) - 1, -1, -1) if vals[i] is not None), None)
        if last is not None:
            dy = -8 if s % 2 == 0 else 16
            parts.append(f'<text x="{x_at(last) - 6:.1f}" y="{y_at(vals[last]) + dy:.1f}" text-anchor="end" '
                         f'fill="{color}" font-weight="bold">{escape(_fmt(vals[last], unit))}</text>')
    _legend(parts, series, left, 36)
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(labels, series, title="", unit="", y_max=None, width=640, height=250):
    """Vertical (grouped) bars with their values on top. series: [(name, [value or None, ...]), ...]."""
    left, right, top, bottom = 52, 14, 48 if len(series) > 1 else 34, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _n, vs in series for v in vs if v is not None]
    y_max = y_max or _nice_max(max(values) if values else 1)
    if all(float(v).is_integer() for v in values) and y_max < 4:
        y_max = 4  # counts: whole-number ticks
    parts = _open(width, height, title)
    _y_axis(parts, left, top, plot_w, plot_h, y_max, unit)
    n = max(1, len(labels))
    group = plot_w / n
    bar = max(2.0, group * 0.7 / max(1, len(series)))
    for i, label in enumerate(labels):
        gx = left + group * i + group * 0.15
        parts.append(f'<text x="{left + group * (i + 0.5):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                     f'fill="#555">{escape(label)}</text>')
        for s, (name, vals) in enumerate(series):
            v = vals[i] if i < len(vals) else None
            if v is None:
                continue
            h = plot_h * max(0.0, min(v, y_max)) / y_max
            x = gx + bar * s
            color = PALETTE[s % len(PALETTE)]
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                         f'fill="{color}"><title>{escape(f"{name} {label}: {_fmt(v, unit)}")}</title></rect>')
            if v and (len(series) == 1 or n <= 6):
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle" '
                             f'fill="#333" font-size="10">{escape(_fmt(v, unit))}</text>')
    if len(series) > 1:
        _legend(parts, series, left, 36)
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart(items, title="", unit="", x_max=None, target=None, width=640, bar_h=22, target_label="目標"):
    """Horizontal bars for a breakdown. items: [(label, value or None), ...]; None shows “—”."""
    left, right, top = 150, 70, 28 if title else 6
    height = top + bar_h * max(1, len(items)) + 24
    plot_w = width - left - right
    values = [v for _l, v in items if v is not None]
    x_max = x_max or _nice_max(max(values + ([target] if target else [])) if values else 1)
    parts = _open(width, height, title)
    for i, (label, v) in enumerate(items):
        y = top + bar_h * i
        parts.append(f'<text x="{left - 8}" y="{y + bar_h * 0.65:.1f}" text-anchor="end" fill="#333">'
                     f'{escape(str(label))}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{plot_w}" height="{bar_h - 6}" fill="#f1f3f5"/>')
        if v is not None:
            w = plot_w * max(0.0, min(v, x_max)) / x_max
            color = PALETTE[0] if target is None or v >= target else PALETTE[3]
            parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{bar_h - 6}" fill="{color}">'
                         f'<title>{escape(f"{label}: {_fmt(v, unit)}")}</title></rect>')
        parts.append(f'<text x="{left + plot_w + 6}" y="{y + bar_h * 0.65:.1f}" fill="#333">'
                     f'{escape(_fmt(v, unit))}</text>')
    if target is not None:
        x = left + plot_w * min(target, x_max) / x_max
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + bar_h * len(items)}" stroke="#b23a48" '
                     f'stroke-dasharray="4,3"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="#b23a48">'
                     f'{escape(target_label + " " + _fmt(target, unit))}</text>')
    parts.append("</svg>")
    return "".join(parts)
