import { fail, pass, skipped, unknown, whyMissing, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 6 (domain): a domain name access association links the caller's endpoint to the private custom domain (row 40). */
export const domainAccessAssociation: Check = {
  id: 'domain.access-association',
  hop: 6,
  title: "a domain name access association links the caller's endpoint to the private custom domain",
  rows: [40],
  run(s, d) {
    const dom = s.api.customDomain
    if (!dom) return skipped('the URL is not a custom domain name')
    const vpce = valueOf(d.endpoint)?.id ?? s.target.vpceId
    if (!vpce) return unknown('the endpoint is unknown', ['--vpce'])
    const arn = valueOf(dom.domain)?.domainNameArn
    const matches = (a: { source: string; domainNameArn: string }) =>
      a.source === vpce &&
      (arn ? a.domainNameArn === arn : a.domainNameArn.includes(`/domainnames/${dom.domainName}`))
    const lists = [dom.consumerAssociations, dom.providerAssociations]
    const found = lists.flatMap(l => valueOf(l) ?? []).find(matches)
    if (found) return pass(`${vpce} is associated with ${found.domainNameArn}`, found.arn ? [found.arn] : [])
    const c = dom.consumerAssociations
    if (c.status !== 'ok' && dom.providerAssociations.status !== 'ok') {
      return unknown(`could not list the domain name access associations: ${whyMissing(c)}`, [
        'apigateway:GET on /domainnameaccessassociations',
      ])
    }
    const domainArn =
      arn ??
      `arn:aws:apigateway:${s.target.region}:${d.apiAccount?.account ?? 'OWNER_ACCOUNT'}:/domainnames/${dom.domainName}+DOMAIN_NAME_ID`
    return fail(
      `no domain name access association links ${vpce} to ${dom.domainName}: requests through the endpoint are not routed to the domain`,
      `aws apigateway create-domain-name-access-association --domain-name-arn ${domainArn} --access-association-source-type VPCE --access-association-source ${vpce} --region ${s.target.region}`,
      lists.flatMap(l => valueOf(l) ?? []).map(a => `association ${a.source} → ${a.domainNameArn}`),
      dom.domainName,
    )
  },
}
