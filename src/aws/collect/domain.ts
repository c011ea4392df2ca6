/**
 * Area "domain": a private custom domain name, when the URL is one. Its base path mapping names
 * the API (so the API reads wait for it); the access associations (consumer side in account A,
 * provider side in account B) say whether the caller's endpoint may use the domain at all.
 */
import { ok, valueOf, type CustomDomainFacts } from '../../doctor/snapshot.js'
import type { CollectContext } from './context.js'

export interface DomainReads {
  /** Absent when the URL is not a custom domain. */
  readonly domain?: Promise<CustomDomainFacts>
}

export function startDomain(ctx: CollectContext): DomainReads {
  const name = ctx.req.target.customDomain
  return name ? { domain: collectDomain(name, ctx) } : {}
}

async function collectDomain(name: string, { ports, get }: CollectContext): Promise<CustomDomainFacts> {
  const [candidates, consumerAssociations, providerOther, providerSelf] = await Promise.all([
    get('apigateway:GET (/domainnames)', () => ports.apigw.domainNames(name)),
    get('apigateway:GET (/domainnameaccessassociations)', () => ports.callerApigw.accessAssociations('SELF')),
    get('apigateway:GET (/domainnameaccessassociations)', () =>
      ports.apigw.accessAssociations('OTHER_ACCOUNTS'),
    ),
    get('apigateway:GET (/domainnameaccessassociations)', () => ports.apigw.accessAssociations('SELF')),
  ])
  // A private domain name is addressed by name + id; the consumer's association names its ARN.
  const fromAssociation = valueOf(consumerAssociations)?.find(a =>
    a.domainNameArn.includes(`/domainnames/${name}+`),
  )?.domainNameArn
  const domainNameId = valueOf(candidates)?.[0]?.domainNameId ?? fromAssociation?.split('+').pop()
  const [domain, basePathMappings] = await Promise.all([
    get(`apigateway:GET (/domainnames/${name})`, () => ports.apigw.domainName(name, domainNameId)),
    get(`apigateway:GET (/domainnames/${name}/basepathmappings)`, () =>
      ports.apigw.basePathMappings(name, domainNameId),
    ),
  ])
  const provider = [providerOther, providerSelf]
  const providerAssociations = provider.every(p => p.status === 'ok')
    ? ok([...(valueOf(providerOther) ?? []), ...(valueOf(providerSelf) ?? [])])
    : provider.find(p => p.status !== 'ok')!
  return { domainName: name, domain, basePathMappings, consumerAssociations, providerAssociations }
}
