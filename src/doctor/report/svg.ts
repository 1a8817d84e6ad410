// Inline SVG charts for the HTML report: no script, no external resource, opens offline.

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const PALETTE = ['#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#1f77b4', '#2ca02c', '#7f7f7f'];

/** Stacked columns: one column per bucket, one colour per series. */
export function stackedColumns(labels: readonly string[], series: readonly { name: string; values: readonly number[] }[], width = 900, height = 260): string {
  const pad = { l: 50, r: 10, t: 10, b: 40 };
  const n = labels.length;
  const totals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const cw = (width - pad.l - pad.r) / Math.max(1, n);
  const ih = height - pad.t - pad.b;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let y = pad.t + ih;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (v === 0) return;
      const h = (v / max) * ih;
      y -= h;
      parts.push(`<rect x="${(pad.l + i * cw).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, cw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${PALETTE[k % PALETTE.length]}"><title>${esc(labels[i] ?? '')} ${esc(s.name)}: ${v}</title></rect>`);
    });
  }
  const axis = `<line x1="${pad.l}" y1="${pad.t + ih}" x2="${width - pad.r}" y2="${pad.t + ih}" stroke="#333"/><text x="${pad.l - 6}" y="${pad.t + 10}" text-anchor="end" font-size="11">${max}</text><text x="${pad.l - 6}" y="${pad.t + ih}" text-anchor="end" font-size="11">0</text>`;
  const first = labels[0] ?? '';
  const last = labels[n - 1] ?? '';
  const ticks = `<text x="${pad.l}" y="${height - 22}" font-size="11">${esc(first)}</text><text x="${width - pad.r}" y="${height - 22}" font-size="11" text-anchor="end">${esc(last)}</text>`;
  const legend = series.map((s, k) => `<rect x="${pad.l + k * 170}" y="${height - 14}" width="10" height="10" fill="${PALETTE[k % PALETTE.length]}"/><text x="${pad.l + k * 170 + 14}" y="${height - 5}" font-size="11">${esc(s.name)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img">${axis}${parts.join('')}${ticks}${legend}</svg>`;
}

/** Horizontal bars, one per row. */
export function horizontalBars(rows: readonly { label: string; value: number; color?: string }[], width = 900): string {
  const rowH = 22;
  const height = rows.length * rowH + 10;
  const labelW = 260;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const bars = rows.map((r, i) => {
    const w = ((width - labelW - 80) * r.value) / max;
    const y = 5 + i * rowH;
    return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="12">${esc(r.label)}</text><rect x="${labelW}" y="${y + 3}" width="${Math.max(1, w).toFixed(1)}" height="${rowH - 6}" fill="${r.color ?? PALETTE[0]}"/><text x="${labelW + w + 6}" y="${y + 15}" font-size="12">${r.value}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img">${bars.join('')}</svg>`;
}

export { esc };
