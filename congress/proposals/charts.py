"""Server-side SVG charts for the statistics page: horizontal bars, one group per row, no
library and no script. Labels are escaped; the markup is safe to put inline in a page."""
from markupsafe import Markup, escape

PALETTE = ("#b3261e", "#1f5fbf", "#1b7f3b", "#a15c00")
ROW_GAP = 10
BAR = 16
LABEL_W = 190
PLOT_W = 420
VALUE_W = 70


def _fmt(value, percent):
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if percent else str(value)


def bar_chart(title, rows, series, *, percent=False):
    """rows: [(label, [value per series])]; series: [name]. Values are counts, or fractions
    0..1 when `percent`. A missing value (None) draws no bar and prints a dash."""
    values = [v for _, vs in rows for v in vs if v is not None]
    top = 1.0 if percent else max(values + [1])
    group_h = BAR * len(series) + ROW_GAP
    legend_h = 26
    height = legend_h + group_h * len(rows) + 10
    width = LABEL_W + PLOT_W + VALUE_W
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'font-family="Noto Sans CJK SC, sans-serif" font-size="13">',
           f"<title>{escape(title)}</title>"]
    x = LABEL_W
    for i, name in enumerate(series):
        out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{PALETTE[i % 4]}"/>'
                   f'<text x="{x + 16}" y="17">{escape(name)}</text>')
        x += 24 + 14 * len(str(name))
    y = legend_h
    for label, vs in rows:
        out.append(f'<text x="{LABEL_W - 8}" y="{y + group_h / 2}" text-anchor="end" '
                   f'dominant-baseline="middle" class="label">{escape(label)}</text>')
        for i, value in enumerate(vs):
            bar_y = y + i * BAR
            length = 0 if value is None else max(PLOT_W * value / top, 0)
            if length:
                out.append(f'<rect x="{LABEL_W}" y="{bar_y + 1}" width="{length:.1f}" '
                           f'height="{BAR - 2}" fill="{PALETTE[i % 4]}" '
                           f'data-value="{escape(_fmt(value, percent))}"/>')
            out.append(f'<text x="{LABEL_W + length + 4:.1f}" y="{bar_y + BAR / 2 + 1}" '
                       f'dominant-baseline="middle" font-size="12">'
                       f'{escape(_fmt(value, percent))}</text>')
        y += group_h
    out.append(f'<line x1="{LABEL_W}" y1="{legend_h - 2}" x2="{LABEL_W}" y2="{y}" '
               f'stroke="#888"/>')
    out.append("</svg>")
    return Markup("".join(out))
