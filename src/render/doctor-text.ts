/**
 * `pvapi doctor` as terminal text: the verdict first (the failing hop, the check, the resource
 * and statement or rule, the fix), then the other problems and the unknowns, then hops 1-8 with
 * an icon per check. Pure: colours come in as a ChalkInstance (level 0 for plain text).
 */
import type { ChalkInstance } from 'chalk'
import { HOP_TITLES, type CheckStatus, type Hop } from '../doctor/finding.js'
import type { DoctorReport, ReportFinding } from '../doctor/report.js'
import { NETWORK_KINDS } from '../doctor/report-causes.js'
import { renderProbeText } from './probe-text.js'

export const ICONS: Readonly<Record<CheckStatus, string>> = {
  pass: '✔',
  warn: '!',
  fail: '✖',
  unknown: '?',
  skipped: '-',
}

export interface TextOptions {
  /** Show evidence for passing checks too. */
  readonly verbose?: boolean
}

const indent = (text: string, pad: string): string =>
  text
    .split('\n')
    .map(l => pad + l)
    .join('\n')

/** Render the report as text. */
export function renderDoctorText(r: DoctorReport, c: ChalkInstance, options: TextOptions = {}): string {
  const paint: Record<CheckStatus, (t: string) => string> = {
    pass: c.green,
    warn: c.yellow,
    fail: c.red,
    unknown: c.magenta,
    skipped: c.dim,
  }
  const byId = new Map(r.findings.map(f => [f.id, f]))
  const out: string[] = []
  const t = r.target
  out.push(`${c.bold('pvapi doctor')}  ${t.method} ${t.url}`)
  const facts = [
    t.apiId ? `API ${t.apiId}` : undefined,
    t.region,
    t.stage ? `stage ${t.stage}` : undefined,
    t.resourcePath ? `path ${t.resourcePath}` : undefined,
    t.endpoint ? `via ${t.endpoint}` : undefined,
  ].filter(Boolean)
  out.push(c.dim(`  ${facts.join(' · ')}`))
  if (t.frontDoor) out.push(c.dim(`  caller: front door ${t.frontDoor}`))
  out.push(c.dim(`  snapshot of ${r.collectedAt}`))
  out.push('')

  const v = r.verdict
  if (v.status === 'fail') {
    const f = byId.get(v.check ?? '')
    out.push(
      `${c.red.bold(`${ICONS.fail} FAIL at hop ${v.hop} (${HOP_TITLES[v.hop as Hop]})`)}: ${c.bold(v.check ?? '')}`,
    )
    out.push(indent(v.summary, '  '))
    if (v.resource) out.push(`  ${c.dim('at:')} ${v.resource}`)
    if (f?.fix) out.push(`  ${c.dim('fix:')}\n${indent(f.fix, '    ')}`)
  } else if (v.status === 'incomplete') {
    out.push(`${c.magenta.bold(`${ICONS.unknown} INCOMPLETE`)}: ${v.summary}`)
  } else {
    out.push(`${c.green.bold(`${ICONS.pass} PASS`)}: ${v.summary}`)
  }
  const stopped = r.collection?.stoppedBy
  if (stopped === 'interrupted')
    out.push(c.magenta.bold('  INTERRUPTED (Ctrl-C): the checks ran on what was read until then'))
  else if (stopped === 'deadline')
    out.push(
      c.magenta.bold(
        `  STOPPED at the ${seconds(r.collection?.timeoutMs)} deadline (--timeout): the checks ran on what was read`,
      ),
    )
  // One line per cause the network (or the run's limits) explains, not one per unknown check.
  const folded = v.causes.filter(x => NETWORK_KINDS.has(x.kind))
  for (const x of folded) {
    out.push(
      `  ${paint.unknown(ICONS.unknown)} ${c.bold(x.summary)}: ${x.checks.length} check${x.checks.length === 1 ? '' : 's'} unknown`,
    )
    out.push(c.dim(`      ${x.checks.join(', ')}`))
  }
  const foldedIds = new Set(folded.map(x => x.id))
  const unknowns = v.unknowns.filter(u => !u.cause || !foldedIds.has(u.cause))
  if (v.otherProblems.length > 0) {
    out.push('')
    out.push(c.bold('Other problems:'))
    for (const id of v.otherProblems) {
      const f = byId.get(id)
      if (f) out.push(`  ${paint[f.status](ICONS[f.status])} hop ${f.hop} ${c.bold(f.id)}: ${f.summary}`)
    }
  }
  if (unknowns.length > 0) {
    out.push('')
    out.push(c.bold('Could not tell:'))
    for (const u of unknowns) {
      const f = byId.get(u.check)
      out.push(
        `  ${paint.unknown(ICONS.unknown)} ${c.bold(u.check)}: ${f?.summary ?? ''}${u.missing.length ? `\n      ${c.dim('would reveal it:')} ${u.missing.join('; ')}` : ''}`,
      )
    }
  }

  const probe = renderProbeText(r.probe, c)
  if (probe.length > 0) out.push('', ...probe)

  for (const hop of [1, 2, 3, 4, 5, 6, 7, 8] as const) {
    const list = r.findings.filter(f => f.hop === hop)
    if (list.length === 0) continue
    out.push('')
    const worst = worstOf(list)
    out.push(`${paint[worst](ICONS[worst])} ${c.bold(`Hop ${hop}  ${HOP_TITLES[hop]}`)}`)
    for (const f of list) out.push(...findingLines(f, c, paint, options))
  }
  out.push('')
  const n = r.counts
  out.push(
    c.dim(`${n.pass} pass · ${n.warn} warn · ${n.fail} fail · ${n.unknown} unknown · ${n.skipped} skipped`),
  )
  return out.join('\n') + '\n'
}

function findingLines(
  f: ReportFinding,
  c: ChalkInstance,
  paint: Record<CheckStatus, (t: string) => string>,
  options: TextOptions,
): string[] {
  const lines = [
    `  ${paint[f.status](ICONS[f.status])} ${f.status === 'skipped' ? c.dim(f.id) : f.id}  ${f.status === 'skipped' ? c.dim(f.summary) : f.summary}`,
  ]
  const detailed = f.status === 'fail' || f.status === 'warn' || f.status === 'unknown' || options.verbose
  if (detailed && f.status !== 'skipped') {
    for (const e of f.evidence) lines.push(c.dim(`      ${e.text}`))
    if (f.status === 'unknown' && f.missing.length > 0)
      lines.push(c.dim(`      would reveal it: ${f.missing.join('; ')}`))
    if (f.fix) lines.push(`      ${c.dim('fix:')} ${f.fix.split('\n').join('\n           ')}`)
  }
  return lines
}

const seconds = (ms: number | undefined) => `${Math.round((ms ?? 0) / 100) / 10} s`

const RANK: Record<CheckStatus, number> = { fail: 4, unknown: 3, warn: 2, pass: 1, skipped: 0 }

function worstOf(list: readonly ReportFinding[]): CheckStatus {
  return list.reduce<CheckStatus>((w, f) => (RANK[f.status] > RANK[w] ? f.status : w), 'skipped')
}
