import { evaluatePolicy } from '../../policy/index.js'
import { decidingEvidence, json, patchOps, withStatement } from '../check-helpers.js'
import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** `update-domain-name` that lets another account associate its endpoint (or share with AWS RAM). */
function managementPolicyFix(
  region: string,
  domainName: string,
  id: string | undefined,
  policy: unknown,
): string {
  return [
    `aws apigateway update-domain-name --domain-name ${domainName} --domain-name-id ${id ?? 'DOMAIN_NAME_ID'} --region ${region} ${patchOps([{ op: 'replace', path: '/managementPolicy', value: json(policy) }])}`,
    ...(id
      ? []
      : [`# DOMAIN_NAME_ID: aws apigateway get-domain-names --resource-owner SELF --region ${region}`]),
    '# or share the domain name with AWS RAM and accept the share in the caller account',
  ].join('\n')
}

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
    if (!caller || !domain.value.domainNameArn)
      return unknown('the caller account or the domain ARN is unknown', ['sts:GetCallerIdentity'])
    const fix = managementPolicyFix(
      s.target.region,
      dom.domainName,
      domain.value.domainNameId,
      withStatement(domain.value.managementPolicy, {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${caller}:root` },
        Action: 'apigateway:CreateAccessAssociation',
        Resource: domain.value.domainNameArn,
      }),
    )
    if (!domain.value.managementPolicy)
      return fail(
        `${dom.domainName} has no managementPolicy: other accounts cannot associate their endpoints`,
        fix,
        [],
        dom.domainName,
      )
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
        fix,
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
