/**
 * Area "target": what the doctor diagnoses, completed from AWS. A custom domain's base path
 * mapping names the API, stage and resource path; `--vpce ID` becomes the endpoint's regional
 * DNS name (the host a caller connects to). Then the DNS answer for that host, as soon as it is
 * known. Builds `snapshot.target`, `snapshot.signing` and `snapshot.dns`.
 */
import { mapPath } from '../../core/route-match.js'
import {
  valueOf,
  type Collected,
  type DnsAnswerFacts,
  type DnsFacts,
  type SigningFacts,
  type TargetFacts,
  type VpcEndpointFacts,
} from '../../doctor/snapshot.js'
import type { CollectContext } from './context.js'
import type { DomainReads } from './domain.js'
import type { EndpointReads } from './network.js'

export interface TargetReads {
  readonly target: Promise<TargetFacts>
  /** Undefined when neither the URL nor a base path mapping names the API. */
  readonly apiId: Promise<string | undefined>
  /** The connect host and what the resolver answered for it. */
  readonly dnsAnswer: Promise<readonly [string, Collected<DnsAnswerFacts>]>
}

/** `vpce-…-xxxx.execute-api.R.vpce.amazonaws.com`: the regional endpoint-specific name. */
function regionalName(e: VpcEndpointFacts): string | undefined {
  const own = e.dnsNames
    .map(n => n.toLowerCase().replace(/\.$/, ''))
    .filter(n => n.startsWith(`${e.id}-`) && n.includes('.vpce.'))
  return own.find(n => /^vpce-[0-9a-f]+-[a-z0-9]+\./.test(n)) ?? own[0]
}

export function startTarget(
  { req, ports, get }: CollectContext,
  { domain, endpoints }: DomainReads & Pick<EndpointReads, 'endpoints'>,
): TargetReads {
  const target: Promise<TargetFacts> = (async () => {
    let t = req.target
    if (domain) {
      const d = await domain
      const mappings = valueOf(d.basePathMappings)
      const m = mappings ? mapPath(mappings, t.urlPath) : undefined
      if (m && !t.apiId)
        t = {
          ...t,
          apiId: m.mapping.restApiId,
          ...(m.mapping.stage ? { stage: m.mapping.stage } : {}),
          resourcePath: m.rest,
        }
    }
    if (req.vpce?.id) {
      const eps = valueOf(await endpoints)
      const ep = eps?.find(e => e.id === req.vpce!.id)
      const name = ep ? regionalName(ep) : undefined
      if (name) t = { ...t, connectHost: name }
      else if (req.vpce.placeholder) t = { ...t, connectHost: req.vpce.id }
    }
    return t
  })()
  const dnsAnswer = target.then(t =>
    get('dns', async () => ({ hostname: t.connectHost, ...(await ports.dns.resolve(t.connectHost)) })).then(
      a => [t.connectHost, a] as const,
    ),
  )
  return { target, apiId: target.then(t => t.apiId), dnsAnswer }
}

/** `snapshot.dns`. */
export function dnsSection([host, answer]: readonly [string, Collected<DnsAnswerFacts>]): DnsFacts {
  return { answers: { [host]: answer } }
}

/** `snapshot.signing`: the looked-up endpoint name where the placeholder stood. */
export function signingSection(
  signing: SigningFacts,
  placeholder: string | undefined,
  name: string,
): SigningFacts {
  if (!placeholder) return signing
  const fix = (x: string) => x.split(placeholder).join(name)
  return { ...signing, hostHeader: fix(signing.hostHeader), route: fix(signing.route) }
}
