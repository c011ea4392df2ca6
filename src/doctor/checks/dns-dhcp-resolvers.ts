import { fail, pass, unknown, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'
import { dnsSpeaksForCaller } from './dns-private-resolution.js'

/** AmazonProvidedDNS, the VPC+2 resolver, or the link-local 169.254.169.253. */
function isAmazonResolver(server: string, vpcCidrs: readonly string[]): boolean {
  if (server === 'AmazonProvidedDNS' || server === '169.254.169.253') return true
  return vpcCidrs.some(c => {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\//.exec(c)
    return m ? server === `${m[1]}.${m[2]}.${m[3]}.${Number(m[4]) + 2}` : false
  })
}

/** Hop 2: the VPC's DHCP options use the Amazon resolver, or forward to it (row 11). */
export const dnsDhcpResolvers: Check = {
  id: 'dns.dhcp-resolvers',
  hop: 2,
  title: "the VPC's DHCP options send DNS to the Amazon resolver (private hosted zones answer only there)",
  rows: [11],
  run(s, d) {
    const vpcId = valueOf(d.callerNetwork)?.vpcId
    if (!vpcId) return unknown("the caller's VPC is unknown", ['--lambda, --from-imds or --vpc'])
    const vpc = s.network.vpcs[vpcId]
    if (!vpc || vpc.status !== 'ok')
      return vpc
        ? unknownFrom(`the DHCP options of ${vpcId}`, vpc)
        : unknown(`VPC ${vpcId} was not read`, ['ec2:DescribeVpcs'])
    const servers = vpc.value.dhcpDomainNameServers
    if (servers.status !== 'ok') return unknownFrom(`DHCP options ${vpc.value.dhcpOptionsId ?? ''}`, servers)
    const custom = servers.value.filter(x => !isAmazonResolver(x, vpc.value.cidrBlocks))
    const evidence = [
      `${vpcId} DHCP options ${vpc.value.dhcpOptionsId ?? '?'}: domain-name-servers ${servers.value.join(', ') || '(none)'}`,
    ]
    if (custom.length === 0) return pass('the VPC uses the Amazon-provided resolver', evidence)
    if (s.target.hostKind === 'alias' || s.target.hostKind === 'vpce') {
      return pass(
        `custom resolvers (${custom.join(', ')}), but ${s.target.hostname} is a public name they can resolve`,
        evidence,
      )
    }
    const zone =
      s.target.hostKind === 'custom' ? s.target.hostname : `execute-api.${s.target.region}.amazonaws.com`
    const fix = `forward ${zone} to the VPC resolver (${vpc.value.cidrBlocks[0] ? 'VPC base +2' : 'AmazonProvidedDNS'}) on ${custom.join(', ')}, or through a Route 53 Resolver inbound endpoint; or use the endpoint-specific name with --api-id`
    const answer = valueOf(s.dns.answers[s.target.connectHost])
    const ips = valueOf(d.endpointAddresses)?.map(a => a.ip) ?? []
    if (answer && ips.length > 0 && dnsSpeaksForCaller(s, d, answer.server)) {
      if (answer.addresses.length > 0 && answer.addresses.every(a => ips.includes(a))) {
        return pass(
          `custom resolvers (${custom.join(', ')}) that forward ${zone} correctly (${s.target.connectHost} resolved to the endpoint)`,
          evidence,
        )
      }
      return fail(
        `the VPC uses custom DNS servers (${custom.join(', ')}) and ${s.target.connectHost} does not resolve to the endpoint: the private hosted zone is only answered by the Amazon resolver`,
        fix,
        [
          ...evidence,
          `${s.target.connectHost} → ${answer.addresses.join(', ') || answer.result} via ${answer.server}`,
        ],
        vpc.value.dhcpOptionsId ?? vpcId,
      )
    }
    return warn(
      `the VPC uses custom DNS servers (${custom.join(', ')}): they must forward ${zone} to the Amazon resolver`,
      fix,
      evidence,
      vpc.value.dhcpOptionsId ?? vpcId,
    )
  },
}
