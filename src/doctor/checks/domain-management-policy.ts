import { evaluatePolicy } from '../../policy/index.js'
import { decidingEvidence } from '../check-helpers.js'
import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 6 (domain): cross-account, the domain's managementPolicy lets the consumer account create its association (row 41). */
export const domainManagementPolicy: Check = {
  id: 'domain.management-policy',
  hop: 6,
  title: "cross-account: the domain's managementPolicy lets the caller's account associate its endpoint",
  rows: [41],
  run(s, d) {
    const dom = s.api.customDomain
    if (!dom) return skipped('the URL is not a custom domain name')
    const caller = valueOf(s.caller.principal)?.account ?? valueOf(s.caller.identity)?.account
    if (caller && d.apiAccount && caller === d.apiAccount.account)
      return skipped('the endpoint and the domain are in the same account')
    const vpce = valueOf(d.endpoint)?.id ?? s.target.vpceId
    const associated = [dom.consumerAssociations, dom.providerAssociations]
      .flatMap(l => valueOf(l) ?? [])
      .some(a => a.source === vpce)
    if (associated) return pass('the association exists, so the management policy allowed it')
    const domain = dom.domain
    if (domain.status !== 'ok')
      return unknownFrom(`the management policy of ${dom.domainName}`, domain, [
        "apigateway:GET on the domain name in the owner's account",
      ])
    if (!domain.value.managementPolicy)
      return fail(
        `${dom.domainName} has no managementPolicy: other accounts cannot associate their endpoints`,
        `aws apigateway update-domain-name --domain-name ${dom.domainName} --domain-name-id ${domain.value.domainNameId ?? 'ID'} --patch-operations op=replace,path=/managementPolicy,value=… (allow apigateway:CreateAccessAssociation for account ${caller ?? 'A'}), or share it with AWS RAM`,
        [],
        dom.domainName,
      )
    if (!caller || !domain.value.domainNameArn)
      return unknown('the caller account or the domain ARN is unknown', ['sts:GetCallerIdentity'])
    try {
      const r = evaluatePolicy(
        domain.value.managementPolicy,
        {
          principal: `arn:aws:iam::${caller}:root`,
          action: 'apigateway:CreateAccessAssociation',
          resource: domain.value.domainNameArn,
          context: { 'aws:SourceVpce': vpce ?? '', 'aws:PrincipalAccount': caller },
        },
        { kind: 'resource', source: 'managementPolicy' },
      )
      const layer = {
        layer: 'resource-policy' as const,
        index: 0,
        label: `${dom.domainName} managementPolicy`,
        applies: true,
        caller: `arn:aws:iam::${caller}:root`,
        source: 'given' as const,
        ...r,
      }
      if (r.decision === 'allow')
        return pass(`the managementPolicy lets ${caller} associate its endpoint`, decidingEvidence(layer))
      return fail(
        `the managementPolicy of ${dom.domainName} does not let account ${caller} create an access association`,
        `add a statement allowing Principal {"AWS": "arn:aws:iam::${caller}:root"} apigateway:CreateAccessAssociation on ${domain.value.domainNameArn} (aws apigateway update-domain-name … op=replace,path=/managementPolicy), or share the domain with AWS RAM and accept the share`,
        decidingEvidence(layer),
        dom.domainName,
      )
    } catch (err) {
      return unknown(
        `the managementPolicy could not be evaluated: ${err instanceof Error ? err.message : String(err)}`,
        [],
      )
    }
  },
}
