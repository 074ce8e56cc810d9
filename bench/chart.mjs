// Hand-made SVG charts for bench/results (no dependency): horizontal bars of
// ratios on a log scale, one group per operation, a bar per series.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const COLORS = ['#e05d44', '#4c8eda', '#7fb069', '#d9a441']

/**
 * rows: [{ label, values: { [series]: ratio } }]; series: names in order.
 * Writes "12.3x" after each bar and a line at 1x (parity).
 */
export function ratioChart({ title, subtitle = '', series, rows, width = 760 }) {
  const left = 170
  const right = 70
  const barH = 16
  const gap = 4
  const groupGap = 14
  const top = subtitle ? 78 : 58
  const groupH = series.length * (barH + gap) + groupGap
  const height = top + rows.length * groupH + 40
  const all = rows.flatMap((r) => series.map((s) => r.values[s])).filter((v) => v !== undefined && v > 0)
  const logMax = Math.ceil(Math.log10(Math.max(2, ...all)))
  // below parity the axis starts at 0.1x (or lower), so that a ratio under 1 shows as a short bar
  const logMin = Math.min(0, Math.floor(Math.log10(Math.min(1, ...all))))
  const plotW = width - left - right
  const x = (v) => left + ((Math.log10(Math.max(v, 10 ** logMin)) - logMin) / (logMax - logMin)) * plotW
  const out = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`)
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`)
  out.push(`<text x="16" y="26" font-size="16" font-weight="600" fill="#222">${esc(title)}</text>`)
  if (subtitle) out.push(`<text x="16" y="46" fill="#666">${esc(subtitle)}</text>`)
  // legend
  let lx = left
  const ly = top - 14
  series.forEach((s, i) => {
    out.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`)
    out.push(`<text x="${lx + 14}" y="${ly}" fill="#333">${esc(s)}</text>`)
    lx += 24 + s.length * 7
  })
  // grid: 1x, 10x, 100x...
  for (let p = logMin; p <= logMax; p++) {
    const gx = x(10 ** p)
    out.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${height - 30}" stroke="${p === 0 ? '#999' : '#e4e4e4'}" stroke-width="1"/>`)
    out.push(`<text x="${gx}" y="${height - 14}" text-anchor="middle" fill="#777">${p < 0 ? (10 ** p).toFixed(-p) : 10 ** p}x</text>`)
  }
  rows.forEach((r, gi) => {
    const gy = top + gi * groupH
    out.push(`<text x="${left - 10}" y="${gy + (series.length * (barH + gap)) / 2 + 4}" text-anchor="end" fill="#222">${esc(r.label)}</text>`)
    series.forEach((s, si) => {
      const v = r.values[s]
      if (v === undefined) return
      const y = gy + si * (barH + gap)
      const w = Math.max(1, x(v) - left)
      out.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[si % COLORS.length]}" rx="2"/>`)
      out.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + barH - 4}" fill="#333">${v >= 10 ? v.toFixed(0) : v.toFixed(1)}x</text>`)
    })
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}
