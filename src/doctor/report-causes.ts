/**
 * Causes, not symptoms: the failed reads of a snapshot grouped by why they failed (an endpoint
 * that did not answer, a TLS or DNS failure, throttling, the --timeout deadline, Ctrl-C, a
 * denied permission), and each unknown check tied to the cause behind it. When AWS is
 * unreachable the report then says so once ("ec2.us-east-1.amazonaws.com did not answer within
 * 10 s: 24 checks unknown") instead of 24 lines suggesting permissions. Pure.
 *
 * Checks do not say which read left them unknown; they name what would reveal it (`missing`:
 * permissions such as `ec2:DescribeVpcs`, flags) and why (`read failed: …` in the summary). A
 * check is tied to a cause when one of its missing permissions is a read that failed for that
 * cause, or belongs to a service whose endpoint failed for it.
 */
import type { Finding } from './finding.js'
import type { DoctorSnapshot, ReadCause } from './snapshot.js'

/** One cause as the report states it. */
export interface ReportCause {
  /** Stable within a report: `timeout ec2.us-east-1.amazonaws.com`, `denied ec2:DescribeVpcs`. */
  readonly id: string
  readonly kind: ReadCause['kind'] | 'denied'
  /** The host (and port) that failed, when known. */
  readonly endpoint: string | null
  /** The permission AWS refused (`denied` only). */
  readonly permission: string | null
  /** The limit that passed, in ms (per-request timeout or the deadline). */
  readonly timeoutMs: number | null
  /** deadline/interrupted: the reads were waiting for an answer (not merely not started). */
  readonly inFlight?: boolean
  /** One line: what happened, naming the endpoint once. */
  readonly summary: string
  /** The unknown checks it explains. */
  readonly checks: readonly string[]
}

/** Network-level causes: the permissions a check names would not help, so none are suggested. */
export const NETWORK_KINDS: ReadonlySet<ReportCause['kind']> = new Set([
  'timeout',
  'unreachable',
  'tls',
  'dns',
  'throttled',
  'deadline',
  'interrupted',
])

interface Group {
  readonly cause: Omit<ReportCause, 'checks' | 'summary'>
  readonly actions: Set<string>
  readonly services: Set<string>
  readonly messages: Set<string>
}

const seconds = (ms: number | null | undefined) => `${Math.round((ms ?? 0) / 100) / 10} s`
const serviceOf = (permission: string) => /^([a-z0-9-]+):/.exec(permission)?.[1]
/** `ec2:DescribeVpcs`, `apigateway:GET (/restapis/…)`, `iam:GetRole`: a permission, not a flag. */
export const isPermission = (m: string) => /^[a-z0-9-]+:[A-Za-z*]/.test(m)

/** The line a cause is reported with. */
export function causeSummary(c: Omit<ReportCause, 'checks' | 'summary'>): string {
  const ep = c.endpoint
  switch (c.kind) {
    case 'timeout':
      return `${ep ?? 'AWS'} did not answer within ${seconds(c.timeoutMs)}`
    case 'unreachable':
      return `${ep ?? 'AWS'} could not be reached${c.timeoutMs ? ` (no connection within ${seconds(c.timeoutMs)})` : ''}`
    case 'tls':
      return `the TLS handshake with ${ep ?? 'AWS'} failed`
    case 'dns':
      return ep && /^(\[?[0-9a-f:.]+\]?:\d+|the system resolver)$/i.test(ep)
        ? `DNS: ${ep} did not answer or refused the query`
        : `${ep ?? 'an AWS endpoint'} could not be resolved (DNS)`
    case 'throttled':
      return `${ep ?? 'AWS'} kept throttling the reads (retries exhausted)`
    case 'deadline':
      return ep
        ? `${ep} had not answered when the ${seconds(c.timeoutMs)} deadline passed (--timeout)`
        : c.inFlight
          ? `AWS had not answered when the ${seconds(c.timeoutMs)} deadline passed (--timeout)`
          : `not read: the ${seconds(c.timeoutMs)} deadline had passed (--timeout)`
    case 'interrupted':
      return ep
        ? `interrupted (Ctrl-C) while waiting for ${ep}`
        : c.inFlight
          ? 'interrupted (Ctrl-C) while waiting for AWS'
          : 'not read: interrupted (Ctrl-C)'
    case 'denied':
      return `${c.permission ?? 'a read'} was denied`
  }
}

/** Every failed read in the snapshot, grouped by cause (in the order first met). */
function groups(snapshot: DoctorSnapshot): Map<string, Group> {
  const out = new Map<string, Group>()
  const add = (cause: Group['cause'], action: string | undefined, message: string | undefined) => {
    let g = out.get(cause.id)
    if (!g) {
      g = { cause, actions: new Set(), services: new Set(), messages: new Set() }
      out.set(cause.id, g)
    }
    if (action) {
      g.actions.add(action)
      const s = serviceOf(action)
      if (s) g.services.add(s)
    }
    if (message) g.messages.add(message)
  }
  const seen = new Set<unknown>()
  const walk = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 40 || seen.has(v)) return
    seen.add(v)
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1)
      return
    }
    const o = v as Record<string, unknown>
    const action = typeof o.action === 'string' ? o.action : undefined
    const message = typeof o.message === 'string' ? o.message : undefined
    if (o.status === 'error' && o.cause && typeof o.cause === 'object') {
      const c = o.cause as Partial<ReadCause>
      if (typeof c.kind === 'string' && NETWORK_KINDS.has(c.kind)) {
        const endpoint = typeof c.endpoint === 'string' ? c.endpoint : null
        const inFlight = !endpoint && c.detail === 'in flight'
        add(
          {
            id: `${c.kind} ${endpoint ?? (inFlight ? 'in-flight' : '-')}`,
            kind: c.kind,
            endpoint,
            permission: null,
            timeoutMs: typeof c.timeoutMs === 'number' ? c.timeoutMs : null,
            ...(inFlight ? { inFlight } : {}),
          },
          action,
          message,
        )
      }
    } else if (o.status === 'denied' && action) {
      add(
        { id: `denied ${action}`, kind: 'denied', endpoint: null, permission: action, timeoutMs: null },
        action,
        message,
      )
    }
    for (const [k, x] of Object.entries(o)) if (k !== 'supplied') walk(x, depth + 1)
  }
  walk(snapshot, 0)
  return out
}

/**
 * Reads cut by the deadline (or Ctrl-C) without a named endpoint (not started yet, or waiting
 * on a module or a DNS query) share the cause of the one endpoint that was being waited for,
 * when there is exactly one: one line, not three.
 */
function mergeStops(all: Group[]): Group[] {
  for (const kind of ['deadline', 'interrupted'] as const) {
    const named = all.filter(g => g.cause.kind === kind && g.cause.endpoint)
    if (named.length !== 1) continue
    const into = named[0]!
    for (const g of all.filter(x => x.cause.kind === kind && !x.cause.endpoint)) {
      for (const a of g.actions) into.actions.add(a)
      for (const v of g.services) into.services.add(v)
      for (const m of g.messages) into.messages.add(m)
      all = all.filter(x => x !== g)
    }
  }
  return all
}

/** The cause of one unknown finding, if the snapshot shows one. Network causes first. */
function causeFor(f: Finding, all: readonly Group[]): Group | undefined {
  const missing = f.missing ?? []
  const network = all.filter(g => NETWORK_KINDS.has(g.cause.kind))
  const denied = all.filter(g => g.cause.kind === 'denied')
  for (const list of [network, denied]) {
    const byAction = list.find(g => missing.some(m => g.actions.has(m)))
    if (byAction) return byAction
  }
  const byMessage = network.find(g => [...g.messages].some(m => f.summary.includes(m)))
  if (byMessage) return byMessage
  const services = missing.filter(isPermission).map(serviceOf)
  const byService = network.find(g => services.some(s => s && g.services.has(s)))
  if (byService) return byService
  return denied.find(g => [...g.messages].some(m => m && f.summary.includes(m)))
}

/**
 * Tie each unknown finding to its cause. Returns the causes that explain at least one check,
 * and per finding id its cause; a finding whose cause is the network loses the permissions
 * from `missing` (a permission would not reveal what a silent endpoint hides).
 */
export function assignCauses(
  snapshot: DoctorSnapshot,
  findings: readonly Finding[],
): { causes: ReportCause[]; byFinding: Map<string, ReportCause>; findings: Finding[] } {
  const all = mergeStops([...groups(snapshot).values()])
  const checks = new Map<string, string[]>()
  const tied = new Map<string, Group>()
  for (const f of findings) {
    if (f.status !== 'unknown') continue
    const g = causeFor(f, all)
    if (!g) continue
    tied.set(f.id, g)
    checks.set(g.cause.id, [...(checks.get(g.cause.id) ?? []), f.id])
  }
  const causes = all
    .filter(g => checks.has(g.cause.id))
    .map(g => ({ ...g.cause, summary: causeSummary(g.cause), checks: checks.get(g.cause.id)! }))
  const byId = new Map(causes.map(c => [c.id, c]))
  const byFinding = new Map([...tied].map(([id, g]) => [id, byId.get(g.cause.id)!]))
  const out = findings.map(f => {
    const c = byFinding.get(f.id)
    if (!c || !NETWORK_KINDS.has(c.kind)) return f
    const read = tied.get(f.id)!.actions
    return { ...f, missing: (f.missing ?? []).filter(m => !isPermission(m) && !read.has(m)) }
  })
  return { causes, byFinding, findings: out }
}
