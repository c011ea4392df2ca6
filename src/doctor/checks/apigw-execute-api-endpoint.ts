import { patchOps, redeployLines } from '../check-helpers.js'
import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 6: the API's default execute-api endpoint is enabled when the URL uses it. */
export const apigwExecuteApiEndpoint: Check = {
  id: 'apigw.execute-api-endpoint',
  hop: 6,
  title: "the API's default execute-api endpoint is not disabled (when the URL uses it)",
  rows: [],
  run(s, d) {
    if (s.target.hostKind === 'custom') return skipped('the URL is a custom domain name')
    const api = s.api.restApi
    if (api.status !== 'ok') return unknownFrom(`API ${d.apiId ?? ''}`, api, ['--api-profile/--api-role-arn'])
    if (!api.value.disableExecuteApiEndpoint) return pass(`${api.value.id}'s execute-api endpoint is enabled`)
    return fail(
      `${api.value.id} has disableExecuteApiEndpoint=true: only its custom domain names answer, the execute-api names get 403 Forbidden`,
      [
        '# call it through its custom domain name, or enable the execute-api endpoint:',
        `aws apigateway update-rest-api --rest-api-id ${api.value.id} --region ${s.target.region} ${patchOps([{ op: 'replace', path: '/disableExecuteApiEndpoint', value: 'False' }])}`,
        ...redeployLines(s, api.value.id, valueOf(d.route)?.stage),
      ].join('\n'),
      [],
      api.value.id,
    )
  },
}
