import { fail, pass, skipped, unknown, unknownFrom, warn, type Check } from '../finding.js'
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
    if (valueOf(s.network.caller)?.onPremises)
      return skipped(
        'an on-premises caller (--caller-cidr) uses its own DNS servers: see dns.resolver-inbound',
      )
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
    const amazonOptions = [
      `aws ec2 create-dhcp-options --dhcp-configurations Key=domain-name-servers,Values=AmazonProvidedDNS --region ${s.target.region}`,
      `aws ec2 associate-dhcp-options --dhcp-options-id DHCP_OPTIONS_ID --vpc-id ${vpcId} --region ${s.target.region}`,
      '# DHCP_OPTIONS_ID: the DhcpOptionsId (dopt-xxxxxxxx) create-dhcp-options prints; instances use it when they renew their DHCP lease',
    ]
    // An option set without domain-name-servers hands out no resolver at all (not the Amazon one).
    if (servers.value.length === 0)
      return fail(
        `${vpcId}'s DHCP options ${vpc.value.dhcpOptionsId ?? ''} set no domain-name-servers: instances get no DNS resolver from DHCP, so no name resolves`,
        ['# give the VPC an option set with the Amazon resolver:', ...amazonOptions].join('\n'),
        evidence,
        vpc.value.dhcpOptionsId ?? vpcId,
      )
    if (custom.length === 0) return pass('the VPC uses the Amazon-provided resolver', evidence)
    if (s.target.hostKind === 'alias' || s.target.hostKind === 'vpce') {
      return pass(
        `custom resolvers (${custom.join(', ')}), but ${s.target.hostname} is a public name they can resolve`,
        evidence,
      )
    }
    const zone =
      s.target.hostKind === 'custom' ? s.target.hostname : `execute-api.${s.target.region}.amazonaws.com`
    const fix = [
      `# either forward ${zone} from ${custom.join(', ')} to the VPC resolver (${vpc.value.cidrBlocks[0] ? 'VPC base +2' : 'AmazonProvidedDNS'}) or a Route 53 Resolver inbound endpoint (a setting of those DNS servers),`,
      '# or call the endpoint-specific name with --api-id, or give the VPC the Amazon resolver:',
      ...amazonOptions,
    ].join('\n')
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
