/**
 * Collection: every read the doctor makes, through the ports, into one snapshot. Each read
 * starts as soon as what it depends on is known (a promise graph, not phases), so a live run
 * costs a few round trips rather than one per call. Nothing here throws for an AWS problem:
 * every read goes through `ctx.get` (attempt.ts) and a failure is recorded as data.
 *
 * The reads live in one file per area, each returning its reads as NAMED promises:
 *   caller.ts    the caller's compute and network (--lambda, IMDSv2, flags)
 *   identity.ts  STS, organization, the signing principal and its role's IAM side → snapshot.caller
 *   domain.ts    a private custom domain, its mappings and access associations
 *   target.ts    the API id from the mapping, --vpce's DNS name, the DNS answer → target, signing, dns
 *   api.ts       the API owner's side (account B) → snapshot.api
 *   network.ts   endpoints, VPCs, subnets, rules, NACLs, routes, ENIs, prefix lists → snapshot.network
 *   by-subnet.ts the per-id and per-subnet records built from the list answers (pure)
 *
 * Adding an area (for example IPv6, Resolver rules, a VPC link): write `src/aws/collect/<area>.ts`
 * exporting an `Area` (area.ts): `(ctx, reads) => Promise<SnapshotAddition>`. Start each read from
 * the core read it needs (`reads.callerVpcId.then(v => ctx.get('ec2:Describe…', …))`), through
 * `ctx.get` and a port method (ports.ts; an optional method, so older fakes still type-check),
 * and return the new optional snapshot fields, e.g. `{ network: { ipv6: … } }`. Then add ONE line
 * to `AREAS` below. The port's SDK side is a reader in src/aws/doctor-<service>.ts, wired in
 * doctor-readers.ts; the new IAM action goes in doctor/permissions.ts (test/aws/read-only.test.ts
 * holds every call to it); a read that must start in a given round trip gets a row in
 * test/aws/critical-path.test.ts.
 */
import { SNAPSHOT_SCHEMA_VERSION, notCollected, type DoctorSnapshot } from '../../doctor/snapshot.js'
import { apiSection, startApi } from './api.js'
import { withAdditions, type Area, type CoreReads } from './area.js'
import type { AttemptOptions, RunStop } from './attempt.js'
import { startCaller } from './caller.js'
import { allNamed, collectContext } from './context.js'
import { startDomain } from './domain.js'
import { callerSection, startIdentity } from './identity.js'
import { networkSection, startEndpoints, startNetwork } from './network.js'
import type { DoctorPorts } from './ports.js'
import type { CollectRequest } from './request.js'
import { sanitizeSnapshot } from './sanitize.js'
import { dnsSection, signingSection, startTarget } from './target.js'

export type { CollectRequest } from './request.js'

/** Areas added on top of the core reads: one line each (see the header). */
const AREAS: readonly Area[] = []

/** Collect everything the checks need. Never throws for AWS problems. */
export async function collectSnapshot(req: CollectRequest, ports: DoctorPorts): Promise<DoctorSnapshot> {
  const ctx = collectContext(req, ports)
  // Start every core read now; each awaits only the reads it needs.
  const caller = startCaller(ctx)
  const endpoints = startEndpoints(ctx)
  const domain = startDomain(ctx)
  const target = startTarget(ctx, { ...domain, ...endpoints })
  const identity = startIdentity(ctx, caller)
  const api = startApi(ctx, target)
  const network = startNetwork(ctx, { ...endpoints, ...caller })
  const reads: CoreReads = { ...caller, ...endpoints, ...domain, ...target, ...identity, ...api, ...network }

  const s = await allNamed({
    target: reads.target,
    dnsAnswer: reads.dnsAnswer,
    caller: callerSection(ctx, identity),
    network: networkSection({ ...network, ...endpoints, ...caller }),
    api: apiSection(ctx, { ...api, ...domain, ...identity }),
    additions: Promise.all(AREAS.map(area => area(ctx, reads))),
  })
  const sections = withAdditions(
    { caller: s.caller, network: s.network, api: s.api, dns: dnsSection(s.dnsAnswer) },
    s.additions,
  )
  const snapshot: DoctorSnapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    collectedAt: req.now.toISOString(),
    tool: { name: 'pvapi', version: req.version },
    target: s.target,
    signing: signingSection(req.signing, req.vpce?.placeholder, s.target.connectHost),
    caller: sections.caller,
    network: sections.network,
    api: sections.api,
    dns: sections.dns,
    supplied: req.supplied,
    probe: notCollected('--probe was not requested'),
    ...collectionFacts(ctx.attempt),
  }
  return sanitizeSnapshot(snapshot, req.secrets ?? [])
}

/** The limits used, and whether the deadline or Ctrl-C stopped the reads. */
function collectionFacts(o: AttemptOptions): Pick<DoctorSnapshot, 'collection'> {
  const reason = o.signal?.aborted ? (o.signal.reason as RunStop | undefined) : undefined
  const stoppedBy = reason?.pvapiStop
  const timeoutMs = reason?.timeoutMs ?? o.timeoutMs
  if (!stoppedBy && o.connectTimeoutMs === undefined && o.readTimeoutMs === undefined && !timeoutMs) return {}
  return {
    collection: {
      ...(stoppedBy ? { stoppedBy } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      ...(o.readTimeoutMs !== undefined ? { readTimeoutMs: o.readTimeoutMs } : {}),
    },
  }
}
