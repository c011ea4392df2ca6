import { patchOps, redeployLines } from '../check-helpers.js'
import { fail, pass, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 6: the REST API's endpoint type is PRIVATE (row 15). */
export const apigwEndpointTypePrivate: Check = {
  id: 'apigw.endpoint-type-private',
  hop: 6,
  title: "the REST API's endpoint type is PRIVATE",
  rows: [15],
  run(s, d) {
    const api = s.api.restApi
    if (api.status !== 'ok') return unknownFrom(`API ${d.apiId ?? ''}`, api, ['--api-profile/--api-role-arn'])
    const types = api.value.endpointTypes
    if (types.includes('PRIVATE')) return pass(`${api.value.id} is PRIVATE`)
    if (types.length === 0)
      return unknownFrom(`the endpoint type of ${api.value.id}`, {
        status: 'error',
        message: 'GetRestApi returned no endpointConfiguration',
      })
    return fail(
      `${api.value.id} is ${types.join('/')}, not PRIVATE: a VPC endpoint answers 403 {"message":"Forbidden"} (ForbiddenException)`,
      [
        `aws apigateway update-rest-api --rest-api-id ${api.value.id} --region ${s.target.region} ${patchOps([{ op: 'replace', path: `/endpointConfiguration/types/${types[0]}`, value: 'PRIVATE' }])}`,
        '# a PRIVATE API answers only what its resource policy allows: check apigw.resource-policy-allows',
        ...redeployLines(s, api.value.id, valueOf(d.route)?.stage),
      ].join('\n'),
      [`endpointConfiguration.types: ${types.join(', ')}`],
      api.value.id,
    )
  },
}
