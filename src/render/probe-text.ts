/**
 * The "Live probe" section of `pvapi doctor` text output: what each live request got, where it
 * stopped, and which configuration checks the wire confirms or contradicts. Pure.
 */
import type { ChalkInstance } from 'chalk'
import type { ReportProbe } from '../doctor/report-probe.js'

/** Lines of the section (empty when the report has no probe). */
export function renderProbeText(p: ReportProbe | undefined, c: ChalkInstance): string[] {
  if (!p) return []
  const out: string[] = []
  out.push(
    `${c.bold('Live probe')}: ${p.method} ${p.path} → ${p.connectHost}${p.timeoutMs !== null ? c.dim(` (limit ${p.timeoutMs} ms per request)`) : ''}`,
  )
  if (p.vantage) out.push(c.dim(`  from: ${p.vantage.detail}`))
  if (p.principal) out.push(c.dim(`  signed as: ${p.principal}`))
  if (p.dns)
    out.push(
      c.dim(
        `  DNS: ${p.dns.hostname} → ${p.dns.addresses.length ? p.dns.addresses.join(', ') : p.dns.result.toUpperCase()} (${p.dns.server === 'system' ? 'system resolver' : p.dns.server})`,
      ),
    )
  const width = Math.max(...p.attempts.map(a => a.label.length), 8)
  for (const a of p.attempts) {
    const ok = a.httpStatus !== null && a.httpStatus < 400
    const icon = ok ? c.green('✔') : a.kind === 'unsigned' ? c.dim('·') : c.red('✖')
    const where = a.kind !== 'eni' && a.address ? ` ${c.dim(`[${a.address}]`)}` : ''
    const ms = a.ms !== null ? c.dim(` ${a.ms} ms`) : ''
    const hop = a.hop !== null ? ` ${c.bold(`→ hop ${a.hop}`)}` : ''
    out.push(`  ${icon} ${a.label.padEnd(width)}  ${a.outcome}${where}${ms}${hop}`)
  }
  for (const n of p.notes) out.push(c.dim(`  note: ${n}`))
  if (p.confirms.length) out.push(`  ${c.green('confirms')} ${p.confirms.join(', ')}`)
  if (p.contradicts.length) out.push(`  ${c.yellow('contradicts')} ${p.contradicts.join(', ')}`)
  return out
}
