/**
 * The doctor's report: the versioned JSON document `--format json` prints, and what every
 * renderer reads. Schema (version 1):
 *
 * ```
 * { schemaVersion: 1, tool: {name, version}, collectedAt, snapshotSchemaVersion,
 *   target: {url, method, hostKind, apiId?, region, stage?, resourcePath?, vpceId?, customDomain?, methodArn?},
 *   verdict: {status: 'fail'|'incomplete'|'pass', hop: 1-8|null, check: string|null, summary, resource: string|null,
 *             otherProblems: string[], unknowns: [{check, missing: string[], cause: string|null}],
 *             causes: [{id, kind, endpoint: string|null, permission: string|null, timeoutMs: number|null, summary, checks: string[]}]},
 *   findings: [{id, hop, status: 'pass'|'warn'|'fail'|'unknown'|'skipped', summary,
 *               evidence: [{text, resource?, rule?, statement?: {policy, index, sid?, effect}, condition?}],
 *               fix: string|null, missing: string[], resource: string|null, rows: number[], cause: string|null}],
 *   counts: {pass, warn, fail, unknown, skipped},
 *   collection?: {stoppedBy: 'deadline'|'interrupted'|null, timeoutMs?, connectTimeoutMs?, readTimeoutMs?},
 *   probe?: {method, path, connectHost, hostHeader, startedAt, principal, vantage: {kind, detail}|null, dns, timeoutMs, notes: string[],
 *            attempts: [{label, kind, signed, address, availabilityZone, eniId, outcome, class, hops, hop, placedBy, meaning,
 *                        httpStatus, errorType, message, exitCode, ms, requestId, clockOffsetMs}],
 *            checks: [{id, hop, status, agreement, confidence, summary}], confirms: string[], contradicts: string[]} }
 * ```
 * `probe` (and the `probe.*` findings) appear only when the snapshot holds `--probe` results.
 * `cause` (an id into `verdict.causes`) says why an unknown check could not be decided: kind
 * `timeout`, `unreachable`, `tls`, `dns`, `throttled`, `deadline`, `interrupted` (the network or
 * the run's limits: `missing` then names no permission) or `denied` (the permission). Added in
 * version 1 with `collection`, which a live run writes when limits applied.
 * Additions are backwards compatible; a removal or a meaning change bumps `schemaVersion`.
 */
import { diagnose } from './diagnose.js'
import type { CheckStatus, Finding, Hop } from './outcome.js'
import { isProbeCheck } from './reconcile/meta.js'
import { assignCauses, type ReportCause } from './report-causes.js'
import { probeReport, type ReportProbe } from './report-probe.js'
import { verdictOf, type RunOptions, type Verdict } from './run-checks.js'
import type { CollectionFacts, DoctorSnapshot } from './snapshot.js'

/** The report format version. */
export const REPORT_SCHEMA_VERSION = 1

export interface ReportFinding {
  readonly id: string
  readonly hop: Hop
  readonly status: CheckStatus
  readonly summary: string
  readonly evidence: Finding['evidence']
  readonly fix: string | null
  readonly missing: readonly string[]
  readonly resource: string | null
  readonly rows: readonly number[]
  /** Why an unknown check is unknown: an id into `verdict.causes`. */
  readonly cause: string | null
}

export interface DoctorReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION
  readonly tool: { readonly name: 'pvapi doctor'; readonly version: string }
  readonly collectedAt: string
  readonly snapshotSchemaVersion: number
  readonly target: {
    readonly url: string
    readonly method: string
    readonly hostKind: string
    readonly apiId?: string
    readonly region: string
    readonly stage?: string
    readonly resourcePath?: string
    readonly vpceId?: string
    readonly customDomain?: string
    readonly methodArn?: string
    readonly endpoint?: string
    /** The front-door caller (`--from-api`): its API, stage, method, VPC link and NLB (added within version 1). */
    readonly frontDoor?: string
  }
  readonly verdict: {
    readonly status: Verdict['status']
    readonly hop: Hop | null
    readonly check: string | null
    readonly summary: string
    readonly resource: string | null
    readonly otherProblems: readonly string[]
    readonly unknowns: ReadonlyArray<Verdict['unknowns'][number] & { readonly cause: string | null }>
    /** The causes behind the unknowns, each with the checks it explains. */
    readonly causes: readonly ReportCause[]
  }
  readonly findings: readonly ReportFinding[]
  readonly counts: Readonly<Record<CheckStatus, number>>
  /** Live evidence (`--probe`), reconciled with the configuration. */
  readonly probe?: ReportProbe
  /** A live run's limits, and whether the deadline or Ctrl-C stopped it. */
  readonly collection?: Omit<CollectionFacts, 'stoppedBy'> & {
    readonly stoppedBy: CollectionFacts['stoppedBy'] | null
  }
}

/** Run every check and assemble the report. */
export function buildReport(
  snapshot: DoctorSnapshot,
  version: string,
  options: RunOptions = {},
): DoctorReport {
  // Without probe results the probe.* checks have nothing to say: leave them out entirely.
  const probed = snapshot.probe?.status === 'ok'
  const diagnosis = diagnose(snapshot, options)
  const checked = diagnosis.findings.filter(f => probed || !isProbeCheck(f.id))
  const { causes, byFinding, findings } = assignCauses(snapshot, checked)
  const stoppedBy = snapshot.collection?.stoppedBy
  const judged = verdictOf(findings)
  // Stopped early, nothing failing so far: not a pass, whatever the partial reads say.
  const verdict =
    stoppedBy && judged.status === 'pass'
      ? {
          ...judged,
          status: 'incomplete' as const,
          summary: `no failure found in what was read before ${stoppedBy === 'deadline' ? 'the deadline' : 'Ctrl-C'}`,
        }
      : judged
  const causeOf = (id: string) => byFinding.get(id)?.id ?? null
  const d = diagnosis.derived
  const route = d.route.status === 'ok' ? d.route.value : undefined
  const counts = { pass: 0, warn: 0, fail: 0, unknown: 0, skipped: 0 }
  for (const f of findings) counts[f.status]++
  const t = snapshot.target
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'pvapi doctor', version },
    collectedAt: snapshot.collectedAt,
    snapshotSchemaVersion: snapshot.schemaVersion,
    target: {
      url: t.url,
      method: t.method,
      hostKind: t.hostKind,
      ...(d.apiId ? { apiId: d.apiId } : {}),
      region: t.region,
      ...(route ? { stage: route.stage, resourcePath: route.resourcePath } : {}),
      ...(t.vpceId ? { vpceId: t.vpceId } : {}),
      ...(t.customDomain ? { customDomain: t.customDomain } : {}),
      ...(d.methodArn ? { methodArn: d.methodArn } : {}),
      ...(d.endpoint.status === 'ok' ? { endpoint: `${d.endpoint.value.id} (${d.endpointHow})` } : {}),
      ...(snapshot.frontDoor ? { frontDoor: frontDoorLine(snapshot.frontDoor) } : {}),
    },
    verdict: {
      status: verdict.status,
      hop: verdict.hop ?? null,
      check: verdict.check ?? null,
      summary: verdict.summary,
      resource: verdict.resource ?? null,
      otherProblems: verdict.otherProblems,
      unknowns: verdict.unknowns.map(u => ({ ...u, cause: causeOf(u.check) })),
      causes,
    },
    findings: findings.map(f => ({
      id: f.id,
      hop: f.hop,
      status: f.status,
      summary: f.summary,
      evidence: f.evidence,
      fix: f.fix ?? null,
      missing: f.missing ?? [],
      resource: f.resource ?? null,
      rows: f.rows,
      cause: f.status === 'unknown' ? causeOf(f.id) : null,
    })),
    counts,
    ...withProbe(snapshot, diagnosis.reconciliation, findings),
    ...(snapshot.collection ? { collection: { ...snapshot.collection, stoppedBy: stoppedBy ?? null } } : {}),
  }
}

function withProbe(
  snapshot: DoctorSnapshot,
  reconciliation: Parameters<typeof probeReport>[1],
  findings: readonly Finding[],
): { probe?: ReportProbe } {
  const probe = probeReport(snapshot, reconciliation, findings)
  return probe ? { probe } : {}
}

/** `API f1e2d3c4b5 stage live GET /orders/items → VPC link vl0001 → NLB front-door`. */
function frontDoorLine(fd: NonNullable<DoctorSnapshot['frontDoor']>): string {
  const lb = fd.loadBalancer.status === 'ok' ? (fd.loadBalancer.value.name ?? fd.loadBalancer.value.arn) : '?'
  const method = fd.restApiId
    ? `API ${fd.restApiId} stage ${fd.stage ?? '?'} ${fd.method ?? 'GET'} ${fd.path ?? '/'} → `
    : ''
  return `${method}VPC link ${fd.vpcLinkId ?? '?'} → NLB ${lb}`
}
