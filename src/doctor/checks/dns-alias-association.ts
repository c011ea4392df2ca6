import { patchOps } from '../check-helpers.js'
import { fail, pass, skipped, unknown, whyMissing, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 2: the {api}-{vpce} alias exists only while the endpoint is associated with the API (row 13). */
export const dnsAliasAssociation: Check = {
  id: 'dns.alias-association',
  hop: 2,
  title:
    'for the {api}-{vpce} alias: the endpoint is associated with the API (endpointConfiguration.vpcEndpointIds)',
  rows: [13],
  run(s) {
    if (s.target.hostKind !== 'alias') return skipped('the URL is not an {api}-{vpce} alias')
    const vpceId = s.target.vpceId ?? ''
    const apiId = s.target.apiId ?? ''
    const fix = [
      `aws apigateway update-rest-api --rest-api-id ${apiId} --region ${s.target.region} ${patchOps([{ op: 'add', path: '/endpointConfiguration/vpcEndpointIds', value: vpceId }])}`,
      '# the alias record appears after a few minutes',
    ].join('\n')
    const api = s.api.restApi
    const answer = valueOf(s.dns.answers[s.target.hostname])
    if (api.status === 'ok') {
      const ids = api.value.vpcEndpointIds
      const evidence = [`${apiId} endpointConfiguration.vpcEndpointIds: ${ids.join(', ') || '(none)'}`]
      if (ids.includes(vpceId)) return pass(`${vpceId} is associated with ${apiId}`, evidence)
      return fail(
        `${vpceId} is not associated with ${apiId}: the alias ${s.target.hostname} does not exist (NXDOMAIN)`,
        fix,
        evidence,
        apiId,
      )
    }
    if (answer?.result === 'nxdomain') {
      return fail(
        `${s.target.hostname} does not exist (NXDOMAIN): ${vpceId} is not associated with ${apiId}`,
        fix,
        [`DNS ${answer.server}: NXDOMAIN`, `GetRestApi: ${whyMissing(api)}`],
        apiId,
      )
    }
    if (answer && answer.addresses.length > 0)
      return pass(`the alias resolves (${answer.addresses.join(', ')}), so ${vpceId} is associated`, [
        `GetRestApi: ${whyMissing(api)}`,
      ])
    return unknown(`could not tell whether ${vpceId} is associated with ${apiId}: ${whyMissing(api)}`, [
      'apigateway:GET on the API (--api-profile/--api-role-arn)',
    ])
  },
}
