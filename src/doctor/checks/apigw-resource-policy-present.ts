import { putResourcePolicyFix } from '../check-helpers.js'
import { fail, pass, skipped, unknown, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 6: a private API has a resource policy (row 27). */
export const apigwResourcePolicyPresent: Check = {
  id: 'apigw.resource-policy-present',
  hop: 6,
  title: 'the private API has a resource policy',
  rows: [27],
  run(s, d) {
    const input = d.policy.inputs.resource
    if (input.state === 'unknown')
      return unknown(`could not read the resource policy: ${input.why ?? ''}`, input.missing ?? [])
    if (input.state === 'supplied') return pass(`resource policy given with ${input.from}`)
    if (input.state !== 'none') return pass(`the API has a resource policy`, input.from ? [input.from] : [])
    const api = valueOf(s.api.restApi)
    if (api && !api.endpointTypes.includes('PRIVATE'))
      return skipped(`${api.id} is not PRIVATE (see apigw.endpoint-type-private)`)
    const apiId = d.apiId ?? 'API_ID'
    const vpce = valueOf(d.endpoint)?.id ?? s.target.vpceId ?? 'vpce-…'
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: valueOf(s.caller.principal)
            ? { AWS: `arn:aws:iam::${valueOf(s.caller.principal)!.account}:root` }
            : '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringNotEquals: { 'aws:SourceVpce': vpce } },
        },
      ],
    }
    return fail(
      `${apiId} is PRIVATE and has no resource policy: it cannot be deployed, and every call is denied ("User: … is not authorized to perform: execute-api:Invoke")`,
      putResourcePolicyFix(s, apiId, valueOf(d.route)?.stage, policy),
      [],
      apiId,
    )
  },
}
