import { bpaBlocksCaller } from '../aws2026.js'
import { json, patchOps, shq } from '../check-helpers.js'
import { fail, pass, unknown, unknownFrom, warn, type Check } from '../finding.js'
import { parseCidr, rangeContains } from '../net.js'
import type { Derived } from '../derive.js'
import { notCollected, valueOf, type DoctorSnapshot } from '../snapshot.js'

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(c => parseCidr(c)!)

/** True for RFC 1918 (and shared CGNAT) IPv4 addresses. */
export function isPrivateIpv4(ip: string): boolean {
  const r = parseCidr(ip)
  return r !== undefined && PRIVATE.some(p => rangeContains(p, r))
}

/**
 * Whether a DNS answer speaks for the caller: it does when it came from a resolver the user chose
 * (--dns-server), when the doctor ran on the calling instance (--from-imds), or when the name is
 * public anyway (the {api}-{vpce} alias and vpce-… names resolve the same everywhere). A private
 * DNS name or a private custom domain resolved from a laptop says nothing about the VPC.
 */
export function dnsSpeaksForCaller(s: DoctorSnapshot, d: Derived, server: string): boolean {
  return (
    server !== 'system' ||
    valueOf(d.callerNetwork)?.source === 'imds' ||
    s.target.hostKind === 'alias' ||
    s.target.hostKind === 'vpce'
  )
}

/** Hop 2: the host the client connects to resolves to the endpoint's ENI addresses (rows 9, 11, 13). */
/**
 * The private-DNS name does not resolve to the endpoint. Enable private DNS only when it is off;
 * when it is on, the cause is the caller VPC's DNS attributes, its resolvers, or another VPC.
 */
function privateDnsFix(s: DoctorSnapshot, d: Derived): string {
  const ep = valueOf(d.endpoint)
  const r = s.target.region
  if (!ep)
    return [
      "# enable private DNS on the caller VPC's execute-api endpoint; the region's endpoints:",
      `aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${r}.execute-api --region ${r}`,
    ].join('\n')
  if (!ep.privateDnsEnabled)
    return `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${ep.id} --private-dns-enabled --region ${r}`
  const vpc = valueOf(s.network.vpcs[ep.vpcId])
  const off = [
    ['enableDnsSupport', 'enable-dns-support'],
    ['enableDnsHostnames', 'enable-dns-hostnames'],
  ].filter(([k]) => vpc && valueOf(vpc[k as 'enableDnsSupport']) === false)
  if (off.length > 0)
    return [
      `# private DNS is on for ${ep.id}, but ${ep.vpcId} has ${off.map(([k]) => k).join(' and ')} off:`,
      ...off.map(
        ([, flag]) => `aws ec2 modify-vpc-attribute --vpc-id ${ep.vpcId} --${flag} Value=true --region ${r}`,
      ),
    ].join('\n')
  const callerVpc = valueOf(d.callerNetwork)?.vpcId ?? ep.vpcId
  return [
    `# private DNS is already on for ${ep.id}: the resolver that answered is not the one of ${ep.vpcId} (see dns.dhcp-resolvers and dns.caller-vpc); the DHCP options of ${callerVpc}:`,
    `aws ec2 describe-vpcs --vpc-ids ${callerVpc} --query 'Vpcs[0].DhcpOptionsId' --region ${r}`,
  ].join('\n')
}

export const dnsPrivateResolution: Check = {
  id: 'dns.private-resolution',
  hop: 2,
  title: "the connect host resolves to the VPC endpoint's ENI addresses",
  rows: [9, 11, 13],
  run(s, d) {
    const host = s.target.connectHost
    const answer = s.dns.answers[host]
    if (!answer)
      return unknown(`${host} was not resolved`, [
        'a DNS resolver reachable from where the doctor runs (--dns-server ip[:port])',
      ])
    if (answer.status !== 'ok')
      return unknownFrom(`the resolution of ${host}`, answer, ['--dns-server ip[:port]'])
    const a = answer.value
    const where = `via ${a.server === 'system' ? 'the system resolver' : a.server} where the doctor ran`
    const ep = valueOf(d.endpoint)
    const fixFor = (): string => {
      switch (s.target.hostKind) {
        case 'private-dns':
          return privateDnsFix(s, d)
        case 'alias':
          return `aws apigateway update-rest-api --rest-api-id ${s.target.apiId} --region ${s.target.region} ${patchOps([{ op: 'add', path: '/endpointConfiguration/vpcEndpointIds', value: s.target.vpceId ?? '' }])}`
        case 'custom': {
          const target =
            ep?.dnsNames.find(n => /^vpce-[0-9a-f]+-[a-z0-9]+\.execute-api\./.test(n)) ?? 'VPCE_DNS_NAME'
          const batch = {
            Changes: [
              {
                Action: 'UPSERT',
                ResourceRecordSet: {
                  Name: host,
                  Type: 'CNAME',
                  TTL: 300,
                  ResourceRecords: [{ Value: target }],
                },
              },
            ],
          }
          return [
            `aws route53 change-resource-record-sets --hosted-zone-id HOSTED_ZONE_ID --change-batch ${shq(json(batch))}`,
            `# HOSTED_ZONE_ID: a private hosted zone for ${host.split('.').slice(1).join('.')} associated with the caller VPC (aws route53 list-hosted-zones-by-name --dns-name ${host.split('.').slice(1).join('.')})`,
            ...(target === 'VPCE_DNS_NAME'
              ? [
                  "# VPCE_DNS_NAME: the endpoint's regional DNS name (aws ec2 describe-vpc-endpoints --query 'VpcEndpoints[].DnsEntries[0].DnsName')",
                ]
              : []),
          ].join('\n')
        }
        case 'vpce':
          return [
            '# check the endpoint DNS name:',
            `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${s.target.vpceId} --query 'VpcEndpoints[0].DnsEntries' --region ${s.target.region}`,
          ].join('\n')
      }
    }
    const authoritative = dnsSpeaksForCaller(s, d, a.server)
    const elsewhere = [
      'run the doctor on a host in the caller VPC (--from-imds)',
      '--dns-server with the resolver the caller uses (e.g. a Route 53 Resolver inbound endpoint)',
    ]
    if (a.result !== 'answer' || a.addresses.length === 0) {
      if (!authoritative)
        return unknown(
          `${host} does not resolve (${a.result.toUpperCase()}) ${where}, which may not be the caller's resolver`,
          elsewhere,
          [`${host}: ${a.result}`],
        )
      return fail(
        `${host} does not resolve (${a.result.toUpperCase()}) ${where}`,
        fixFor(),
        [`${host}: ${a.result}`],
        host,
      )
    }
    const evidence = [`${host} → ${a.addresses.join(', ')} ${where}`]
    const addrs = d.endpointAddresses
    const publicOnes = a.addresses.filter(x => !isPrivateIpv4(x) && !x.includes(':'))
    if (publicOnes.length > 0) {
      if (!authoritative) {
        return unknown(
          `${host} resolves to public addresses ${where}; the system resolver there is probably outside the caller's VPC, so this says nothing about what the caller sees`,
          elsewhere,
          evidence,
        )
      }
      return fail(
        `${host} resolves to public addresses (${publicOnes.join(', ')}): the request would go to the public API Gateway endpoint, not through the VPC endpoint (${bpaBlocksCaller(s, d)?.byBpa ? 'a timeout: VPC Block Public Access drops the public path' : '403, or a timeout without NAT'})`,
        fixFor(),
        evidence,
        host,
      )
    }
    if (addrs.status !== 'ok')
      return unknownFrom(`whether ${a.addresses.join(', ')} are the endpoint's addresses`, addrs, [
        'ec2:DescribeNetworkInterfaces',
      ])
    // The addresses are read only for an identified endpoint, from the endpoint list (derive.ts).
    const endpoint = ep!
    const ips = addrs.value.map(x => x.ip)
    evidence.push(`${endpoint.id} ENIs: ${ips.join(', ')}`)
    const foreign = a.addresses.filter(x => !ips.includes(x))
    if (foreign.length === 0) return pass(`${host} resolves to ${endpoint.id}'s ENIs`, evidence)
    // The endpoint's address list is partial when some of its ENIs could not be read: an address
    // outside it may be one of those, so it cannot be called foreign.
    const unread = endpoint.networkInterfaceIds.filter(id => s.network.enis[id]?.status !== 'ok')
    if (unread.length > 0) {
      const first = s.network.enis[unread[0]!]
      return unknownFrom(
        `whether ${foreign.join(', ')} belong to ${endpoint.id} (ENI ${unread.join(', ')} not read)`,
        first && first.status !== 'ok'
          ? first
          : notCollected(`ENI ${unread[0]} was not read`, 'ec2:DescribeNetworkInterfaces'),
        ['ec2:DescribeNetworkInterfaces'],
      )
    }
    // Another endpoint: this one's ENIs (all read, above) hold none of the foreign addresses.
    const other = valueOf(s.network.endpoints)!.find(e =>
      e.networkInterfaceIds.some(id =>
        valueOf(s.network.enis[id])?.privateIps.some(ip => foreign.includes(ip)),
      ),
    )
    if (other) {
      return warn(
        `${host} resolves to ${other.id}'s ENIs, not ${endpoint.id}'s: the request's aws:SourceVpce will be ${other.id}`,
        `use the endpoint the resource policy expects, or allow ${other.id} in it`,
        evidence,
        host,
      )
    }
    // An AAAA answer must be one of the ENIs' IPv6 addresses; an endpoint without any (IpAddressType
    // ipv4) cannot be what answered it.
    const foreign6 = foreign.filter(x => x.includes(':'))
    const noV6 = foreign6.length > 0 && !ips.some(x => x.includes(':'))
    return fail(
      `${host} resolves to ${foreign.join(', ')}, which are not ${endpoint.id}'s ENI addresses (${ips.join(', ')})${noV6 ? `; ${endpoint.id} has no IPv6 address (IpAddressType ${endpoint.ipAddressType ?? 'ipv4'}), so the AAAA answer comes from elsewhere and an IPv6 client connects there` : ''}`,
      fixFor(),
      evidence,
      host,
    )
  },
}
