import { bpaBlocksCaller } from '../aws2026.js'
import { pass, skipped, unknown, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

const INTERNET = /^(igw-|nat-|eigw-)/

/**
 * Hop 5 (compliance): the caller subnets have no default route to an internet or NAT gateway.
 * A private API needs none, and with one a DNS mistake (row 9) silently goes over the internet
 * instead of failing (row 22).
 */
export const routeNoInternet: Check = {
  id: 'route.no-internet',
  hop: 5,
  title: 'the caller subnets have no default route to an internet or NAT gateway (no-internet compliance)',
  rows: [22],
  run(s, d) {
    if (valueOf(s.network.caller)?.onPremises)
      return skipped('an on-premises caller (--caller-cidr) has no subnet: see route.hybrid-return')
    const net = valueOf(d.callerNetwork)
    if (!net || net.subnetIds.length === 0)
      return unknown("the caller's subnets are unknown", ['--lambda, --from-imds or --subnet'])
    const leaks: string[] = []
    const evidence: string[] = []
    let table = ''
    let destination = ''
    for (const id of net.subnetIds) {
      const rt = s.network.routeTables[id]
      if (!rt || rt.status !== 'ok')
        return unknown(`the route table of ${id} was not read`, ['ec2:DescribeRouteTables'])
      const defaults = rt.value.routes.filter(
        r =>
          (r.destination === '0.0.0.0/0' || r.destination === '::/0') &&
          INTERNET.test(r.target) &&
          r.state !== 'blackhole',
      )
      evidence.push(
        `${id}: ${rt.value.routeTableId}${rt.value.main ? ' (main)' : ''} ${rt.value.routes.map(r => `${r.destination}→${r.target}`).join(', ')}`,
      )
      for (const r of defaults) leaks.push(`${id} ${rt.value.routeTableId} ${r.destination} → ${r.target}`)
      if (defaults.length > 0 && !table) {
        table = rt.value.routeTableId
        destination = defaults[0]!.destination
      }
    }
    // VPC Block Public Access drops what the default route would carry: no internet path after all.
    const bpa = bpaBlocksCaller(s, d)
    if (leaks.length > 0 && bpa?.byBpa)
      return pass(
        `the caller subnets route to the internet (${leaks.join('; ')}), but VPC Block Public Access drops that traffic: no internet path`,
        [...evidence, ...bpa.lines],
      )
    if (leaks.length === 0)
      return pass(
        'no default route to the internet: the private API is reached only through the endpoint',
        evidence,
      )
    return warn(
      `the caller subnets route to the internet (${leaks.join('; ')}): a DNS mistake sends API calls out over the public path instead of failing`,
      [
        '# if the workload must not reach the internet (add interface endpoints for the AWS services it needs first):',
        // An IPv6 default route (::/0 to an egress-only gateway) is deleted by its IPv6 flag.
        `aws ec2 delete-route --route-table-id ${table} ${destination === '::/0' ? '--destination-ipv6-cidr-block ::/0' : '--destination-cidr-block 0.0.0.0/0'} --region ${s.target.region}`,
      ].join('\n'),
      evidence,
      table,
    )
  },
}
