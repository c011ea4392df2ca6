/**
 * `pvapi doctor --format markdown`: a report to paste into an incident ticket. Verdict and fix
 * first, then other problems, unknowns, a table of every check, and the evidence of the
 * checks that did not pass. Pure.
 */
import { HOP_TITLES, type CheckStatus, type Hop } from '../doctor/finding.js'
import type { DoctorReport } from '../doctor/report.js'
import { NETWORK_KINDS } from '../doctor/report-causes.js'
import { renderProbeMarkdown } from './probe-markdown.js'

const EMOJI: Readonly<Record<CheckStatus, string>> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  unknown: '❔',
  skipped: '➖',
}

/** Escape text for a Markdown table cell. */
const cell = (t: string): string => t.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '<br>')
const code = (t: string): string => '`' + t.replace(/`/g, "'") + '`'

/** Render the report as Markdown. */
export function renderDoctorMarkdown(r: DoctorReport): string {
  const v = r.verdict
  const byId = new Map(r.findings.map(f => [f.id, f]))
  const out: string[] = []
  const head =
    v.status === 'fail'
      ? `❌ FAIL at hop ${v.hop} (${HOP_TITLES[v.hop as Hop]}): ${code(v.check ?? '')}`
      : v.status === 'incomplete'
        ? '❔ INCOMPLETE: no failure found, some checks undecided'
        : '✅ PASS: no failure found'
  out.push(`## pvapi doctor — ${head}`, '')
  out.push(`- **Request:** ${code(`${r.target.method} ${r.target.url}`)}`)
  if (r.target.apiId)
    out.push(
      `- **API:** ${code(r.target.apiId)} in ${code(r.target.region)}${r.target.stage ? `, stage ${code(r.target.stage)}` : ''}${r.target.resourcePath ? `, path ${code(r.target.resourcePath)}` : ''}`,
    )
  if (r.target.endpoint) out.push(`- **Endpoint:** ${r.target.endpoint}`)
  if (r.target.frontDoor) out.push(`- **Caller (front door):** ${r.target.frontDoor}`)
  if (r.target.methodArn) out.push(`- **Method ARN:** ${code(r.target.methodArn)}`)
  out.push(`- **Snapshot:** ${r.collectedAt} (pvapi ${r.tool.version}, report schema ${r.schemaVersion})`, '')
  out.push(`**Verdict:** ${v.summary}`, '')
  const stopped = r.collection?.stoppedBy
  if (stopped === 'interrupted')
    out.push('**Interrupted (Ctrl-C):** the checks ran on what was read until then.', '')
  else if (stopped === 'deadline')
    out.push(
      `**Stopped at the ${Math.round((r.collection?.timeoutMs ?? 0) / 100) / 10} s deadline (\`--timeout\`):** the checks ran on what was read.`,
      '',
    )
  // One line per cause the network (or the run's limits) explains, not one per unknown check.
  const folded = v.causes.filter(x => NETWORK_KINDS.has(x.kind))
  for (const x of folded)
    out.push(
      `- ${EMOJI.unknown} **${x.summary}**: ${x.checks.length} check${x.checks.length === 1 ? '' : 's'} unknown (${x.checks.map(code).join(', ')})`,
    )
  if (folded.length > 0) out.push('')
  const foldedIds = new Set(folded.map(x => x.id))
  const unknowns = v.unknowns.filter(u => !u.cause || !foldedIds.has(u.cause))
  if (v.resource) out.push(`**At:** ${code(v.resource)}`, '')
  const first = v.check ? byId.get(v.check) : undefined
  if (v.status === 'fail' && first?.fix) out.push('**Fix:**', '', '```sh', first.fix, '```', '')
  if (v.otherProblems.length > 0) {
    out.push('### Other problems', '')
    for (const id of v.otherProblems) {
      const f = byId.get(id)
      if (f) out.push(`- ${EMOJI[f.status]} hop ${f.hop} ${code(f.id)}: ${f.summary}`)
    }
    out.push('')
  }
  if (unknowns.length > 0) {
    out.push('### Could not tell', '')
    for (const u of unknowns)
      out.push(
        `- ${EMOJI.unknown} ${code(u.check)}: ${byId.get(u.check)?.summary ?? ''}${u.missing.length ? ` — would reveal it: ${u.missing.map(code).join(', ')}` : ''}`,
      )
    out.push('')
  }
  out.push(...renderProbeMarkdown(r.probe))
  out.push('### Checks', '', '| Hop | Check | Status | Summary |', '|---|---|---|---|')
  for (const f of r.findings)
    out.push(
      `| ${f.hop} ${cell(HOP_TITLES[f.hop])} | ${code(f.id)} | ${EMOJI[f.status]} ${f.status} | ${cell(f.summary)} |`,
    )
  out.push('')
  const detailed = r.findings.filter(
    f => f.status === 'fail' || f.status === 'warn' || f.status === 'unknown',
  )
  if (detailed.length > 0) {
    out.push('### Evidence', '')
    for (const f of detailed) {
      out.push(`<details><summary>${EMOJI[f.status]} <code>${f.id}</code></summary>`, '')
      for (const e of f.evidence) out.push(`- ${e.text.trim()}`)
      if (f.missing.length) out.push(`- would reveal it: ${f.missing.join('; ')}`)
      if (f.fix) out.push('', '```sh', f.fix, '```')
      out.push('', '</details>', '')
    }
  }
  const n = r.counts
  out.push(`_${n.pass} pass · ${n.warn} warn · ${n.fail} fail · ${n.unknown} unknown · ${n.skipped} skipped_`)
  return out.join('\n') + '\n'
}
