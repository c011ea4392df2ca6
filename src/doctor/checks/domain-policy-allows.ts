import { evaluatePolicy } from '../../policy/index.js'
import { decidingEvidence, json, patchOps, statementName } from '../check-helpers.js'
import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Allow invoking the domain through one endpoint (`VPCE_ID` explained when the endpoint is unknown). */
function allowThrough(arn: string, vpce: string | undefined): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: arn,
    Condition: { StringEquals: { 'aws:SourceVpce': vpce ?? 'VPCE_ID' } },
  }
}

/**
 * `update-domain-name` for a private custom domain: the domain name id selects the private domain
 * (a public and a private domain may share the name); a policy change needs no redeployment.
 */
function domainPolicyFix(
  region: string,
  domainName: string,
  id: string | undefined,
  policy: unknown,
): string {
  const vpceNote = json(policy).includes('VPCE_ID')
    ? [
        '# VPCE_ID: the execute-api endpoint the caller uses (aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=CALLER_VPC)',
      ]
    : []
  return [
    `aws apigateway update-domain-name --domain-name ${domainName} --domain-name-id ${id ?? 'DOMAIN_NAME_ID'} --region ${region} ${patchOps([{ op: 'replace', path: '/policy', value: json(policy) }])}`,
    ...(id
      ? []
      : [
          `# DOMAIN_NAME_ID: aws apigateway get-domain-names --resource-owner SELF --region ${region} --query "items[?domainName=='${domainName}'].domainNameId"`,
        ]),
    ...vpceNote,
  ].join('\n')
}

/** Hop 6 (domain): the private custom domain's `policy` allows execute-api:Invoke from this endpoint (row 41). */
export const domainPolicyAllows: Check = {
  id: 'domain.policy-allows',
  hop: 6,
  title: "the private custom domain's policy allows invoking it through this endpoint",
  rows: [41],
  run(s, d) {
    const dom = s.api.customDomain
    if (!dom) return skipped('the URL is not a custom domain name')
    const domain = dom.domain
    if (domain.status !== 'ok')
      return unknownFrom(
        `the domain name ${dom.domainName} (a consumer in another account cannot read it)`,
        domain,
        ["apigateway:GET on the domain name in the owner's account (--api-profile/--api-role-arn)"],
      )
    const arn = domain.value.domainNameArn?.replace(':apigateway:', ':execute-api:')
    if (!arn) return unknown(`${dom.domainName} came without its ARN`, [])
    if (domain.value.policy === undefined)
      return fail(
        `${dom.domainName} has no policy: no endpoint may invoke it`,
        domainPolicyFix(s.target.region, dom.domainName, domain.value.domainNameId, {
          Version: '2012-10-17',
          Statement: [allowThrough(arn, valueOf(d.endpoint)?.id ?? s.target.vpceId)],
        }),
        [],
        dom.domainName,
      )
    const signer = s.signing.authorization === 'sigv4' ? valueOf(s.caller.principal)?.arn : undefined
    try {
      const r = evaluatePolicy(
        domain.value.policy,
        { principal: signer ?? 'anonymous', resource: arn, context: d.policy.context },
        { kind: 'resource', source: `${dom.domainName} policy` },
      )
      const layer = {
        layer: 'resource-policy' as const,
        index: 0,
        label: `${dom.domainName} policy`,
        applies: true,
        caller: signer ?? 'anonymous',
        source: 'given' as const,
        ...r,
      }
      if (r.decision === 'allow')
        return pass(
          `the domain policy allows invoking ${dom.domainName} through ${valueOf(d.endpoint)?.id ?? 'the endpoint'}`,
          decidingEvidence(layer),
        )
      const vpce = valueOf(d.endpoint)?.id ?? s.target.vpceId
      const statement = allowThrough(arn, vpce)
      const deny = r.statements.find(x => x.applies && x.effect === 'Deny')
      return fail(
        r.decision === 'explicit-deny'
          ? `the domain policy's ${statementName(deny!)} denies ${vpce ?? 'the endpoint'}`
          : `the domain policy does not allow ${vpce ?? 'the endpoint'} (a new private domain starts with a deny-all policy)`,
        domainPolicyFix(s.target.region, dom.domainName, domain.value.domainNameId, {
          Version: '2012-10-17',
          Statement: [statement],
        }),
        decidingEvidence(layer),
        dom.domainName,
      )
    } catch (err) {
      return unknown(
        `the domain policy could not be evaluated: ${err instanceof Error ? err.message : String(err)}`,
        [],
      )
    }
  },
}
