/**
 * Facts the 2025–2026 checks share (security policies and endpoint access mode, VPC Block Public
 * Access, regions, shared VPCs), derived from the snapshot only. Pure.
 */
import { regionFlag } from './check-helpers.js'
import type { Derived } from './derive.js'
import {
  valueOf,
  type BlockPublicAccessFacts,
  type Collected,
  type DoctorSnapshot,
  type DomainNameFacts,
  type RestApiFacts,
} from './snapshot.js'

/**
 * True when the call connects to an endpoint-specific name (`vpce-….execute-api.R.vpce.amazonaws.com`)
 * and names the API with x-apigw-api-id or a Host override: the TLS server name (SNI) is then not
 * the API's or the domain's own name. STRICT endpoint access mode matches SNI with the Host and
 * refuses this form (AWS docs "Security policies for REST APIs", endpoint access mode; the
 * private-API invoke page: "you must use BASIC" without a custom domain or private DNS).
 */
export function usesEndpointSpecificName(s: DoctorSnapshot): boolean {
  return /\.vpce\.amazonaws\.com\.?$/i.test(s.target.connectHost)
}

/** The resource whose security policy and access mode the call meets: the custom domain, or the API. */
export type TlsResource =
  | { readonly kind: 'domain'; readonly name: string; readonly read: Collected<DomainNameFacts> }
  | { readonly kind: 'api'; readonly name: string; readonly read: Collected<RestApiFacts> }

export function tlsResource(s: DoctorSnapshot, d: Derived): TlsResource {
  const dom = s.api.customDomain
  if (s.target.customDomain && dom) return { kind: 'domain', name: dom.domainName, read: dom.domain }
  return { kind: 'api', name: d.apiId ?? s.target.apiId ?? 'the API', read: s.api.restApi }
}

/** Enhanced policies start with `SecurityPolicy_`; only they carry an endpoint access mode. */
export const isEnhancedPolicy = (p: string | undefined): boolean => Boolean(p?.startsWith('SecurityPolicy_'))

/**
 * Policies that accept TLS 1.3 only (`SecurityPolicy_TLS13_1_3_2025_09`, its FIPS twin, and the
 * edge `SecurityPolicy_TLS13_2025_EDGE`); `SecurityPolicy_TLS13_1_2_*` accept TLS 1.2 and 1.3.
 */
export const isTls13Only = (p: string | undefined): boolean =>
  /^SecurityPolicy_TLS13_1_3_|^SecurityPolicy_TLS13_2025_EDGE$/.test(p ?? '')

/** The `update-rest-api` / `update-domain-name` command that patches one field of the resource. */
export function patchResourceLines(s: DoctorSnapshot, r: TlsResource, path: string, value: string): string[] {
  const ops = `--patch-operations '${JSON.stringify([{ op: 'replace', path, value }])}'`
  if (r.kind === 'api')
    return [`aws apigateway update-rest-api --rest-api-id ${r.name} ${regionFlag(s)} ${ops}`]
  const id = valueOf(r.read)?.domainNameId
  return [
    `aws apigateway update-domain-name --domain-name ${r.name} --domain-name-id ${id ?? 'DOMAIN_NAME_ID'} ${regionFlag(s)} ${ops}`,
    ...(id
      ? []
      : [
          `# DOMAIN_NAME_ID: aws apigateway get-domain-names --resource-owner SELF ${regionFlag(s)} --query "items[?domainName=='${r.name}'].domainNameId"`,
        ]),
  ]
}

/** The region in an execute-api or endpoint host name, if it carries one. */
export function regionOfHost(host: string): string | undefined {
  return /\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d)\.(?:vpce\.)?amazonaws\.com\.?$/i
    .exec(host)?.[1]
    ?.toLowerCase()
}

/** How VPC Block Public Access treats one caller subnet. */
export interface BpaVerdict {
  /** `off`, `block-bidirectional`, `block-ingress` (the account's mode after exclusions). */
  readonly mode: string
  /** Traffic that leaves through an internet gateway (a public IP) is dropped. */
  readonly blocksIgw: boolean
  /** Traffic that leaves through a NAT gateway or an egress-only internet gateway is dropped. */
  readonly blocksNat: boolean
  /** The exclusion that applies, if any. */
  readonly exclusion?: string
}

const IN_FORCE = /^(create|update)-complete$/

/**
 * The mode that applies to a subnet: an exclusion in force on the subnet or its VPC
 * (`allow-bidirectional`: nothing blocked; `allow-egress`: outbound allowed) overrides the
 * account's mode. `block-ingress` lets only NAT and egress-only gateways carry outbound traffic,
 * so an instance's own public IP through the internet gateway is blocked too (AWS docs "VPC BPA
 * basics"); PrivateLink is never blocked.
 */
export function bpaFor(bpa: BlockPublicAccessFacts, subnetId: string, vpcId: string | undefined): BpaVerdict {
  const ex = bpa.exclusions.find(
    e =>
      IN_FORCE.test(e.state ?? 'create-complete') &&
      (e.resourceArn.endsWith(`/${subnetId}`) ||
        (vpcId !== undefined && e.resourceArn.endsWith(`/${vpcId}`))),
  )
  const mode = bpa.mode
  if (mode === 'off' || ex?.mode === 'allow-bidirectional')
    return {
      mode: ex ? `${mode} (excluded)` : mode,
      blocksIgw: false,
      blocksNat: false,
      ...(ex ? { exclusion: ex.exclusionId } : {}),
    }
  if (ex?.mode === 'allow-egress')
    return {
      mode: `${mode} (egress excluded)`,
      blocksIgw: false,
      blocksNat: false,
      exclusion: ex.exclusionId,
    }
  if (mode === 'block-bidirectional') return { mode, blocksIgw: true, blocksNat: true }
  return { mode, blocksIgw: true, blocksNat: false }
}

/**
 * Whether BPA drops the caller's outbound internet path, subnet by subnet, given its default
 * route: `blocked` when every caller subnet's way out is blocked. Undefined when BPA or the
 * caller's subnets were not read.
 */
export function bpaBlocksCaller(
  s: DoctorSnapshot,
  d: Derived,
): { readonly blocked: boolean; readonly byBpa: boolean; readonly lines: readonly string[] } | undefined {
  const bpa = valueOf(s.network.blockPublicAccess)
  const net = valueOf(d.callerNetwork)
  if (!bpa || !net || net.subnetIds.length === 0) return undefined
  const lines: string[] = []
  let blocked = true
  // Every subnet has a way out, and BPA drops each: the timeout is BPA's doing.
  let byBpa = true
  for (const id of net.subnetIds) {
    const v = bpaFor(bpa, id, net.vpcId)
    const routes = valueOf(s.network.routeTables[id])?.routes ?? []
    const out = routes.find(
      r => (r.destination === '0.0.0.0/0' || r.destination === '::/0') && /^(igw-|nat-|eigw-)/.test(r.target),
    )
    const viaNat = out ? /^(nat-|eigw-)/.test(out.target) : false
    const subnetBlocked = !out || (viaNat ? v.blocksNat : v.blocksIgw)
    if (!subnetBlocked) blocked = false
    if (!out || !subnetBlocked) byBpa = false
    lines.push(
      `${id}: VPC Block Public Access ${v.mode}${v.exclusion ? ` (exclusion ${v.exclusion})` : ''}; way out ${out ? `${out.destination} → ${out.target}` : 'none'}: ${subnetBlocked ? 'no internet path' : 'internet reachable'}`,
    )
  }
  return { blocked, byBpa, lines }
}
