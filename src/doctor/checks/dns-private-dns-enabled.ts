import { bpaBlocksCaller } from '../aws2026.js'
import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 2: with the {api}.execute-api name, the caller VPC's endpoint has private DNS on (row 9). */
export const dnsPrivateDnsEnabled: Check = {
  id: 'dns.private-dns-enabled',
  hop: 2,
  title: 'the {api}.execute-api name needs an execute-api endpoint with private DNS in the caller VPC',
  rows: [9],
  run(s, d) {
    if (s.target.hostKind !== 'private-dns' || s.target.connectHost !== s.target.hostname) {
      return skipped(
        `the URL (${s.target.hostKind}${s.target.connectHost !== s.target.hostname ? ' through --vpce' : ''}) does not rely on the endpoint's private DNS`,
      )
    }
    const eps = s.network.endpoints
    if (eps.status !== 'ok') return unknownFrom('the execute-api endpoints', eps)
    const vpcId = valueOf(d.callerNetwork)?.vpcId ?? valueOf(d.endpoint)?.vpcId
    const candidates = vpcId ? eps.value.filter(e => e.vpcId === vpcId) : eps.value
    const on = candidates.filter(e => e.privateDnsEnabled)
    const evidence = candidates.map(e => `${e.id} in ${e.vpcId}: PrivateDnsEnabled=${e.privateDnsEnabled}`)
    if (on[0]) return pass(`private DNS is on for ${on[0].id}${vpcId ? ` in ${vpcId}` : ''}`, evidence)
    const ep = candidates[0]
    if (!ep)
      return skipped(
        `no execute-api endpoint in ${vpcId ?? s.target.region} (see vpce.state-available and dns.caller-vpc)`,
      )
    return fail(
      `private DNS is off on ${ep.id}: ${s.target.hostname} resolves to public API Gateway addresses, not the endpoint (${bpaBlocksCaller(s, d)?.byBpa ? 'a timeout: VPC Block Public Access drops the public path' : '403 from the public path, or a timeout without NAT'})`,
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${ep.id} --private-dns-enabled --region ${s.target.region}\n# or call through the endpoint without private DNS: pvapi call ${s.target.url} --vpce ${ep.id}`,
      evidence,
      ep.id,
    )
  },
}
