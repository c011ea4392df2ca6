import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 2: private DNS on an execute-api endpoint answers every *.execute-api.{region} name in the
 * VPC, so a public (REGIONAL/EDGE) API called from that VPC goes to the endpoint and gets 403
 * Forbidden (row 14).
 */
export const dnsPublicApiCapture: Check = {
  id: 'dns.public-api-capture',
  hop: 2,
  title: 'private DNS captures public APIs: a non-private API called by its execute-api name from the VPC',
  rows: [14],
  run(s, d) {
    if (s.target.hostKind !== 'private-dns') return skipped('the URL is not an {api}.execute-api name')
    const vpcId = valueOf(d.callerNetwork)?.vpcId ?? valueOf(d.endpoint)?.vpcId
    const eps = valueOf(s.network.endpoints) ?? []
    const capturing = eps.filter(e => e.privateDnsEnabled && (!vpcId || e.vpcId === vpcId))
    if (capturing.length === 0)
      return pass(
        `no endpoint with private DNS in ${vpcId ?? 'the region'}: public execute-api names resolve publicly`,
      )
    const ep = capturing[0]!
    const note = `${ep.id} has private DNS on: every *.execute-api.${s.target.region}.amazonaws.com name in ${ep.vpcId} resolves to it, so public APIs called from this VPC get 403 Forbidden`
    const api = s.api.restApi
    if (api.status !== 'ok')
      return unknownFrom(`whether ${s.target.apiId} is private`, api, ['--api-profile/--api-role-arn'])
    if (api.value.endpointTypes.includes('PRIVATE'))
      return pass(`${api.value.id} is PRIVATE, so the capture does not affect this call`, [note])
    return fail(
      `${api.value.id} is ${api.value.endpointTypes.join('/') || 'not PRIVATE'} and ${ep.id}'s private DNS captures its name in ${ep.vpcId}: the VPC endpoint answers 403 Forbidden`,
      [
        `# give the public API a custom domain name and call that, or turn private DNS off on ${ep.id} and reach private APIs by their {api}-{vpce} aliases:`,
        `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${ep.id} --no-private-dns-enabled --region ${s.target.region}`,
      ].join('\n'),
      [note],
      ep.id,
    )
  },
}
