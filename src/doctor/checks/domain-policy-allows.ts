import { evaluatePolicy } from '../../policy/index.js'
import { decidingEvidence, json, shq, statementName } from '../check-helpers.js'
import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

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
        `aws apigateway update-domain-name --domain-name ${dom.domainName} --domain-name-id ${domain.value.domainNameId ?? 'ID'} --patch-operations op=replace,path=/policy,value=… --region ${s.target.region}`,
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
      const vpce = valueOf(d.endpoint)?.id ?? 'vpce-…'
      const statement = {
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: arn,
        Condition: { StringEquals: { 'aws:SourceVpce': vpce } },
      }
      const deny = r.statements.find(x => x.applies && x.effect === 'Deny')
      return fail(
        r.decision === 'explicit-deny'
          ? `the domain policy's ${statementName(deny!)} denies ${vpce}`
          : `the domain policy does not allow ${vpce} (a new private domain starts with a deny-all policy)`,
        `aws apigateway update-domain-name --domain-name ${dom.domainName} --domain-name-id ${domain.value.domainNameId ?? 'ID'} --region ${s.target.region} --patch-operations op=replace,path=/policy,value=${shq(json({ Version: '2012-10-17', Statement: [statement] }))}`,
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
