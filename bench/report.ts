export type Row = {
  scenario: string
  requestsPerSecond: number
  p50: number
  p99: number
  max: number
  cpuPercent: number
  peakRssMb: number
  ratio?: number | undefined
  errors: number
}

const f0 = (n: number) => Math.round(n).toLocaleString('en')
const f1 = (n: number) => n.toFixed(1)

/** The results as a Markdown table. */
export function markdownTable(rows: Row[]): string {
  const head =
    '| scenario | req/s | p50 ms | p99 ms | max ms | server CPU % of a core | peak RSS MB | vs /healthz | errors |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|'
  const body = rows.map(
    (r) =>
      `| ${r.scenario} | ${f0(r.requestsPerSecond)} | ${f1(r.p50)} | ${f1(r.p99)} | ${f1(r.max)} | ${f0(r.cpuPercent)} | ${f0(r.peakRssMb)} | ${r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(0)} %`} | ${r.errors} |`,
  )
  return [head, ...body].join('\n')
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')

/** A horizontal bar chart: throughput per scenario, with p99 latency written beside each bar. */
export function svgChart(rows: Row[], title: string): string {
  const width = 900
  const barArea = 480
  const rowHeight = 28
  const top = 50
  const max = Math.max(...rows.map((r) => r.requestsPerSecond), 1)
  const height = top + rows.length * rowHeight + 30
  const bars = rows
    .map((r, i) => {
      const y = top + i * rowHeight
      const w = Math.max(1, (r.requestsPerSecond / max) * barArea)
      return [
        `<text x="10" y="${y + 18}" font-size="13">${esc(r.scenario)}</text>`,
        `<rect x="300" y="${y + 4}" width="${w.toFixed(1)}" height="18" fill="#2557d6"/>`,
        `<text x="${(305 + w).toFixed(1)}" y="${y + 18}" font-size="12">${f0(r.requestsPerSecond)} req/s · p99 ${f1(r.p99)} ms</text>`,
      ].join('')
    })
    .join('\n')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="28" font-size="16" font-weight="bold">${esc(title)}</text>
${bars}
</svg>
`
}
