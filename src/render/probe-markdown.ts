/**
 * The "Live probe" section of `pvapi doctor --format markdown`: a table of the live requests and
 * what the wire confirms or contradicts. Pure.
 */
import type { ReportProbe } from '../doctor/report-probe.js'

const cell = (t: string): string => t.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '<br>')
const code = (t: string): string => '`' + t.replace(/`/g, "'") + '`'

/** Lines of the section (empty when the report has no probe). */
export function renderProbeMarkdown(p: ReportProbe | undefined): string[] {
  if (!p) return []
  const out: string[] = ['### Live probe', '']
  out.push(
    `${code(`${p.method} ${p.path}`)} to ${code(p.connectHost)}${p.startedAt ? ` at ${p.startedAt}` : ''}${p.vantage ? ` — ${p.vantage.detail}` : ''}`,
    '',
  )
  if (p.dns)
    out.push(
      `- **DNS:** ${code(p.dns.hostname)} → ${p.dns.addresses.length ? p.dns.addresses.map(code).join(', ') : p.dns.result.toUpperCase()} (${p.dns.server === 'system' ? 'system resolver' : code(p.dns.server)})`,
    )
  if (p.principal) out.push(`- **Signed as:** ${code(p.principal)}`)
  for (const n of p.notes) out.push(`- **Note:** ${n}`)
  if (p.confirms.length) out.push(`- **The wire confirms:** ${p.confirms.map(code).join(', ')}`)
  if (p.contradicts.length) out.push(`- **The wire contradicts:** ${p.contradicts.map(code).join(', ')}`)
  out.push('', '| Request | Address | Outcome | ms | Stopped at |', '|---|---|---|---|---|')
  for (const a of p.attempts) {
    out.push(
      `| ${cell(a.label)} | ${a.address ? code(a.address) : '–'} | ${cell(a.outcome)} | ${a.ms ?? '–'} | ${a.hop !== null ? `hop ${a.hop}` : a.kind === 'unsigned' ? '–' : 'went through'} |`,
    )
  }
  out.push('', '| Live check | Status | Wire vs configuration | Confidence |', '|---|---|---|---|')
  for (const ch of p.checks)
    out.push(`| ${code(ch.id)} | ${ch.status} | ${ch.agreement} | ${ch.confidence} |`)
  out.push('')
  return out
}
