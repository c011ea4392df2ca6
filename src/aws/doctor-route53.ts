/**
 * Route 53 Resolver and Route 53 private hosted zones, for callers outside the endpoint's VPC.
 *
 * Neither SDK client is used: the npm registry this project builds from has no
 * @aws-sdk/client-route53, and its @aws-sdk/client-route53resolver is an old version line
 * (3.654) that would duplicate the core packages the other clients share. Resolver speaks JSON
 * 1.1, which `jsonRpc` (doctor-json-rpc.ts) already signs and sends; Route 53 speaks REST-XML,
 * and the two reads here (ListHostedZonesByVPC, ListResourceRecordSets) are plain signed GETs
 * whose answers need three element names each: a few lines, against an SDK client's hundreds of
 * kilobytes. Both are read-only. Endpoints follow the SDK convention (AWS_ENDPOINT_URL_<SERVICE>,
 * then AWS_ENDPOINT_URL).
 */
import type { AwsCredentialIdentity, HttpRequest } from '@smithy/types'
import { signRequest } from '../sign/signer.js'
import type { ResolverPort, ResolverRuleSummary, Route53Port } from './collect/hybrid-port.js'
import type { DoctorLimits } from './doctor-client-config.js'
import { endpointFor, jsonRpc, rpcLimits } from './doctor-json-rpc.js'
import { agentFor } from './network.js'

type Env = Readonly<Record<string, string | undefined>>

/** At most this many pages of any list (a runaway endpoint cannot loop forever). */
const MAX_PAGES = 50

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** Route 53 Resolver (JSON 1.1, target prefix `Route53Resolver`). */
export function resolverPort(
  region: string,
  credentials: AwsCredentialIdentity,
  env: Env,
  limits?: DoctorLimits,
): ResolverPort {
  const url = endpointFor(env, 'ROUTE53RESOLVER', `https://route53resolver.${region}.amazonaws.com`)
  const call = (target: string, body: Record<string, unknown>) =>
    jsonRpc({ url, service: 'route53resolver', region, credentials, ...rpcLimits(limits), target, body })
  /** Every page of a list, following NextToken. */
  async function all<T>(page: (token: string | undefined) => Promise<{ items: T[]; next?: string }>) {
    const out: T[] = []
    let token: string | undefined
    for (let i = 0; i < MAX_PAGES; i++) {
      const { items, next } = await page(token)
      out.push(...items)
      if (!next || next === token) break
      token = next
    }
    return out
  }
  const tokenOf = (t: string | undefined) => (t ? { NextToken: t } : {})
  return {
    async inboundEndpoints(vpcId) {
      const eps = await all(async t => {
        const out = (await call('Route53Resolver.ListResolverEndpoints', {
          MaxResults: 100,
          Filters: [
            { Name: 'Direction', Values: ['INBOUND'] },
            { Name: 'HostVPCId', Values: [vpcId] },
          ],
          ...tokenOf(t),
        })) as { ResolverEndpoints?: Array<Record<string, unknown>>; NextToken?: string }
        return { items: out.ResolverEndpoints ?? [], ...(out.NextToken ? { next: out.NextToken } : {}) }
      })
      return eps.flatMap(e => {
        const id = str(e.Id)
        if (!id) return []
        const name = str(e.Name)
        const status = str(e.Status)
        return [
          {
            id,
            ...(name ? { name } : {}),
            direction: str(e.Direction) ?? 'INBOUND',
            vpcId: str(e.HostVPCId) ?? '',
            ...(status ? { status } : {}),
            securityGroupIds: Array.isArray(e.SecurityGroupIds) ? e.SecurityGroupIds.filter(isStr) : [],
          },
        ]
      })
    },
    async endpointIps(endpointId) {
      const ips = await all(async t => {
        const out = (await call('Route53Resolver.ListResolverEndpointIpAddresses', {
          ResolverEndpointId: endpointId,
          MaxResults: 100,
          ...tokenOf(t),
        })) as { IpAddresses?: Array<Record<string, unknown>>; NextToken?: string }
        return { items: out.IpAddresses ?? [], ...(out.NextToken ? { next: out.NextToken } : {}) }
      })
      return ips.flatMap(x => {
        const ip = str(x.Ip) ?? str(x.Ipv6)
        if (!ip) return []
        const subnetId = str(x.SubnetId)
        const status = str(x.Status)
        return [{ ip, ...(subnetId ? { subnetId } : {}), ...(status ? { status } : {}) }]
      })
    },
    async rules() {
      const rules = await all(async t => {
        const out = (await call('Route53Resolver.ListResolverRules', { MaxResults: 100, ...tokenOf(t) })) as {
          ResolverRules?: Array<Record<string, unknown>>
          NextToken?: string
        }
        return { items: out.ResolverRules ?? [], ...(out.NextToken ? { next: out.NextToken } : {}) }
      })
      return rules.flatMap((r): ResolverRuleSummary[] => {
        const id = str(r.Id)
        if (!id) return []
        const name = str(r.Name)
        const ruleType = str(r.RuleType)
        const endpointId = str(r.ResolverEndpointId)
        const ownerId = str(r.OwnerId)
        const targets = Array.isArray(r.TargetIps) ? (r.TargetIps as Array<Record<string, unknown>>) : []
        return [
          {
            id,
            ...(name ? { name } : {}),
            domainName: str(r.DomainName) ?? '',
            ...(ruleType ? { ruleType } : {}),
            targetIps: targets.flatMap(x => {
              const ip = str(x.Ip) ?? str(x.Ipv6)
              return ip ? [x.Port !== undefined && x.Port !== 53 ? `${ip}:${String(x.Port)}` : ip] : []
            }),
            ...(endpointId ? { resolverEndpointId: endpointId } : {}),
            ...(ownerId ? { ownerId } : {}),
          },
        ]
      })
    },
    async ruleAssociations(vpcId) {
      const list = await all(async t => {
        const out = (await call('Route53Resolver.ListResolverRuleAssociations', {
          MaxResults: 100,
          Filters: [{ Name: 'VPCId', Values: [vpcId] }],
          ...tokenOf(t),
        })) as { ResolverRuleAssociations?: Array<Record<string, unknown>>; NextToken?: string }
        return {
          items: out.ResolverRuleAssociations ?? [],
          ...(out.NextToken ? { next: out.NextToken } : {}),
        }
      })
      return list.flatMap(a => {
        const ruleId = str(a.ResolverRuleId)
        // The filter is the server's; a fake or proxy that ignores it must not add other VPCs' rules.
        if (!ruleId || (str(a.VPCId) && a.VPCId !== vpcId)) return []
        const status = str(a.Status)
        return [{ ruleId, ...(status ? { status } : {}) }]
      })
    },
  }
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v !== ''

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')

/** The inner text of every `<tag>…</tag>` in `xml` (Route 53's answers never nest a tag in itself). */
export function xmlElements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))].map(m => m[1]!)
}

/** The first `<tag>` text, un-escaped; undefined when absent. */
export function xmlText(xml: string, tag: string): string | undefined {
  const e = xmlElements(xml, tag)[0]
  return e === undefined ? undefined : unescapeXml(e.trim())
}

/** Route 53's endpoint and signing region per partition (it is a global service). */
function route53Home(region: string): { host: string; signingRegion: string } {
  if (region.startsWith('cn-')) return { host: 'route53.amazonaws.com.cn', signingRegion: 'cn-northwest-1' }
  if (region.startsWith('us-gov-'))
    return { host: 'route53.us-gov.amazonaws.com', signingRegion: 'us-gov-west-1' }
  return { host: 'route53.amazonaws.com', signingRegion: 'us-east-1' }
}

/** Route 53 private hosted zones (REST-XML, signed GETs). */
export function route53Port(
  region: string,
  credentials: AwsCredentialIdentity,
  env: Env,
  limits?: DoctorLimits,
): Route53Port {
  const home = route53Home(region)
  const base = endpointFor(env, 'ROUTE_53', `https://${home.host}`)
  const get = (operation: string, path: string, query: Record<string, string>) =>
    signedGet({ base, path, query, operation, region: home.signingRegion, credentials, limits })
  return {
    async hostedZonesByVpc(vpcId, vpcRegion) {
      const zones: Array<{ id: string; name: string; owner?: string; ownedByService?: boolean }> = []
      let token: string | undefined
      for (let i = 0; i < MAX_PAGES; i++) {
        const xml = await get('ListHostedZonesByVPC', '/2013-04-01/hostedzonesbyvpc', {
          vpcid: vpcId,
          vpcregion: vpcRegion,
          maxitems: '100',
          ...(token ? { nexttoken: token } : {}),
        })
        for (const z of xmlElements(xml, 'HostedZoneSummary')) {
          const id = xmlText(z, 'HostedZoneId')?.replace(/^\/hostedzone\//, '')
          const name = xmlText(z, 'Name')
          if (!id || !name) continue
          const account = xmlText(z, 'OwningAccount')
          const service = xmlText(z, 'OwningService')
          zones.push({
            id,
            name,
            ...(account || service ? { owner: (account ?? service)! } : {}),
            ...(service ? { ownedByService: true } : {}),
          })
        }
        const next = xmlText(xml, 'NextToken')
        if (!next || next === token) break
        token = next
      }
      return zones
    },
    async hasRecord(zoneId, name, zoneName) {
      const want = (n: string) => n.toLowerCase().replace(/\\052/g, '*').replace(/\.$/, '')
      // Records are listed in DNS order from `name`: an exact match comes first when it exists.
      const first = async (start: string) => {
        const xml = await get('ListResourceRecordSets', `/2013-04-01/hostedzone/${zoneId}/rrset`, {
          name: start,
          maxitems: '10',
        })
        return xmlElements(xml, 'ResourceRecordSet').some(r => want(xmlText(r, 'Name') ?? '') === want(start))
      }
      if (await first(name)) return true
      // A wildcard above the name answers it too (`*.execute-api.us-east-1.amazonaws.com`): every
      // level up to the zone's apex, nearest first (at most a few reads).
      const labels = name.split('.')
      const apex = zoneName ? want(zoneName) : labels.slice(-2).join('.')
      for (let i = 1; i < labels.length; i++) {
        const parent = labels.slice(i).join('.')
        if (parent !== apex && !parent.endsWith(`.${apex}`)) break
        if (await first(`*.${parent}`)) return true
      }
      return false
    },
  }
}

/** One signed REST-XML GET. AWS errors are thrown with `name` and `$metadata.httpStatusCode`, like the SDK's. */
async function signedGet(o: {
  base: URL
  path: string
  query: Record<string, string>
  /** For the static read-only scan (test/aws/read-only.test.ts) and error messages. */
  operation: string
  region: string
  credentials: AwsCredentialIdentity
  limits: DoctorLimits | undefined
}): Promise<string> {
  const basePath = o.base.pathname.replace(/\/$/, '')
  const request: HttpRequest = {
    method: 'GET',
    protocol: o.base.protocol,
    hostname: o.base.hostname,
    ...(o.base.port ? { port: Number(o.base.port) } : {}),
    path: `${basePath}${o.path}`,
    query: o.query,
    headers: { host: o.base.host },
  }
  const { request: signed } = await signRequest({
    request,
    service: 'route53',
    region: o.region,
    credentials: o.credentials,
    signingDate: new Date(),
  })
  const headers = Object.fromEntries(
    Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'),
  )
  const url = new URL(`${basePath}${o.path}`, o.base)
  for (const [k, v] of Object.entries(o.query)) url.searchParams.set(k, v)
  const timeoutMs = o.limits ? o.limits.connectTimeoutMs + o.limits.readTimeoutMs : 13000
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = o.limits?.signal ? AbortSignal.any([timeout, o.limits.signal]) : timeout
  let status: number
  let text: string
  try {
    ;({ status, text } = await getText(url, headers, signal))
  } catch (err) {
    // Say which host did not answer, and for how long it was given (see collect/attempt.ts).
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), {
      $pvapiEndpoint: o.base.host,
      ...(timeout.aborted ? { $pvapiTimeoutMs: timeoutMs } : {}),
    })
  }
  if (status < 200 || status >= 300) {
    const code = xmlText(text, 'Code') ?? `Http${status}`
    throw Object.assign(new Error(xmlText(text, 'Message') ?? `${o.operation}: HTTP ${status}`), {
      name: code,
      $metadata: { httpStatusCode: status },
    })
  }
  return text
}

/**
 * GET over node:http(s), not fetch (as doctor-json-rpc.ts does): the first fetch loads undici and
 * compiles its WebAssembly parser. A proxy or CA bundle (src/aws/network.ts) comes as the agent.
 */
async function getText(
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ status: number; text: string }> {
  const agent = agentFor(url.protocol)
  const mod = url.protocol === 'http:' ? await import('node:http') : await import('node:https')
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: 'GET', headers, ...(agent ? { agent } : {}), signal }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}
