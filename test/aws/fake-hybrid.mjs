// Route 53 Resolver (JSON 1.1) and Route 53 (REST-XML) for the loopback fake
// (fake-aws-endpoint.mjs): what a caller outside the endpoint's VPC needs. Lists are served one
// item per page, so pagination is exercised on every read. Every request is logged in
// world.hybridLog as { op, input } (the JSON body, or the query string as an object).
const A = '111111111111'
const VPC = 'vpc-00000000000000001'
const VPC_OTHER = 'vpc-00000000000000002'
const REGION = 'us-east-1'

/** The hybrid part of the fake's world: one inbound endpoint, one FORWARD rule, one zone. */
export function defaultHybridWorld() {
  return {
    inboundEndpoints: [
      {
        Id: 'rslvr-in-00000000000000001',
        Name: 'onprem-inbound',
        Direction: 'INBOUND',
        HostVPCId: VPC,
        Status: 'OPERATIONAL',
        SecurityGroupIds: ['sg-00000000000000003'],
        IpAddressCount: 2,
      },
      // Another VPC's endpoint: the HostVPCId filter must leave it out.
      { Id: 'rslvr-in-00000000000000009', Direction: 'INBOUND', HostVPCId: VPC_OTHER, Status: 'OPERATIONAL' },
    ],
    endpointIps: {
      'rslvr-in-00000000000000001': [
        {
          IpId: 'rni-00000000000000001',
          SubnetId: 'subnet-00000000000000002',
          Ip: '10.0.2.53',
          Status: 'ATTACHED',
        },
        {
          IpId: 'rni-00000000000000002',
          SubnetId: 'subnet-00000000000000003',
          Ip: '10.0.3.53',
          Status: 'ATTACHED',
        },
      ],
    },
    rules: [
      {
        Id: 'rslvr-autodefined-rr-internet-resolver',
        Name: 'Internet Resolver',
        DomainName: '.',
        RuleType: 'RECURSIVE',
        OwnerId: 'Route 53 Resolver',
      },
      {
        Id: 'rslvr-rr-00000000000000001',
        Name: 'execute-api-to-endpoint-vpc',
        DomainName: `execute-api.${REGION}.amazonaws.com.`,
        RuleType: 'FORWARD',
        TargetIps: [
          { Ip: '10.0.2.53', Port: 53 },
          { Ip: '10.0.3.53', Port: 53 },
        ],
        ResolverEndpointId: 'rslvr-out-00000000000000001',
        OwnerId: A,
      },
    ],
    ruleAssociations: [
      {
        Id: 'rslvr-rrassoc-00000000000000001',
        ResolverRuleId: 'rslvr-rr-00000000000000001',
        VPCId: VPC_OTHER,
        Status: 'COMPLETE',
      },
      {
        Id: 'rslvr-rrassoc-00000000000000002',
        ResolverRuleId: 'rslvr-rr-00000000000000007',
        VPCId: VPC,
        Status: 'COMPLETE',
      },
    ],
    hostedZones: {
      [VPC]: [
        {
          HostedZoneId: 'Z00000000000000000001',
          Name: `execute-api.${REGION}.amazonaws.com.`,
          Owner: { OwningAccount: A },
        },
        { HostedZoneId: 'Z00000000000000000002', Name: 'internal.example.com.', Owner: { OwningAccount: A } },
        {
          HostedZoneId: 'Z00000000000000000003',
          Name: `execute-api.${REGION}.amazonaws.com.`,
          Owner: { OwningService: 'vpce.amazonaws.com' },
        },
      ],
    },
    records: {
      Z00000000000000000001: [
        { Name: `\\052.execute-api.${REGION}.amazonaws.com.`, Type: 'CNAME' },
        { Name: `execute-api.${REGION}.amazonaws.com.`, Type: 'SOA' },
      ],
    },
  }
}

const page = (list, token, key) => {
  const i = token ? Number(token) : 0
  const items = list.slice(i, i + 1)
  return { [key]: items, ...(i + 1 < list.length ? { NextToken: String(i + 1) } : {}) }
}
const filterValues = (input, name) => (input.Filters ?? []).find(f => f.Name === name)?.Values ?? []

/** A Route53Resolver.* JSON answer, or undefined for an unknown operation. */
export function resolverAnswer(op, input, world) {
  const h = world.hybrid ?? defaultHybridWorld()
  ;(world.hybridLog ??= []).push({ op: `Route53Resolver.${op}`, input })
  switch (op) {
    case 'ListResolverEndpoints': {
      const dir = filterValues(input, 'Direction')
      const vpc = filterValues(input, 'HostVPCId')
      const list = h.inboundEndpoints.filter(
        e => (!dir.length || dir.includes(e.Direction)) && (!vpc.length || vpc.includes(e.HostVPCId)),
      )
      return page(list, input.NextToken, 'ResolverEndpoints')
    }
    case 'ListResolverEndpointIpAddresses':
      return page(h.endpointIps[input.ResolverEndpointId] ?? [], input.NextToken, 'IpAddresses')
    case 'ListResolverRules':
      return page(h.rules, input.NextToken, 'ResolverRules')
    case 'ListResolverRuleAssociations': {
      const vpc = filterValues(input, 'VPCId')
      return page(
        h.ruleAssociations.filter(a => !vpc.length || vpc.includes(a.VPCId)),
        input.NextToken,
        'ResolverRuleAssociations',
      )
    }
    default:
      return undefined
  }
}

const esc = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const NS = 'https://route53.amazonaws.com/doc/2013-04-01/'

/** A Route 53 REST-XML answer: { op, status, xml }. */
export function route53Answer(path, query, world) {
  const h = world.hybrid ?? defaultHybridWorld()
  let m
  if (path === '/2013-04-01/hostedzonesbyvpc') {
    const op = 'Route53.ListHostedZonesByVPC'
    ;(world.hybridLog ??= []).push({ op, input: Object.fromEntries(query) })
    const zones = h.hostedZones[query.get('vpcid')] ?? []
    const i = Number(query.get('nexttoken') ?? 0)
    const z = zones[i]
    const owner = z?.Owner?.OwningAccount
      ? `<OwningAccount>${z.Owner.OwningAccount}</OwningAccount>`
      : `<OwningService>${z?.Owner?.OwningService ?? ''}</OwningService>`
    return {
      op,
      status: 200,
      xml: `<?xml version="1.0"?>\n<ListHostedZonesByVPCResponse xmlns="${NS}"><HostedZoneSummaries>${z ? `<HostedZoneSummary><HostedZoneId>${z.HostedZoneId}</HostedZoneId><Name>${esc(z.Name)}</Name><Owner>${owner}</Owner></HostedZoneSummary>` : ''}</HostedZoneSummaries><MaxItems>1</MaxItems>${i + 1 < zones.length ? `<NextToken>${i + 1}</NextToken>` : ''}</ListHostedZonesByVPCResponse>`,
    }
  }
  if ((m = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset$/.exec(path))) {
    const op = 'Route53.ListResourceRecordSets'
    ;(world.hybridLog ??= []).push({ op, input: { zone: m[1], ...Object.fromEntries(query) } })
    const records = h.records[m[1]]
    if (!records)
      return {
        op,
        status: 404,
        xml: `<?xml version="1.0"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: ${m[1]}</Message></Error><RequestId>0</RequestId></ErrorResponse>`,
      }
    // Route 53 lists from `name` on, in DNS order; this fake: the records whose name is >= it, as given.
    const start = (query.get('name') ?? '').toLowerCase().replace(/\.$/, '').replace(/^\*/, '\\052')
    const from = records.filter(r => r.Name.toLowerCase().replace(/\.$/, '') >= start)
    return {
      op,
      status: 200,
      xml: `<?xml version="1.0"?>\n<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>${from
        .map(
          r =>
            `<ResourceRecordSet><Name>${esc(r.Name)}</Name><Type>${r.Type}</Type><TTL>300</TTL></ResourceRecordSet>`,
        )
        .join(
          '',
        )}</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>10</MaxItems></ListResourceRecordSetsResponse>`,
    }
  }
  return undefined
}

/** Route 53's AccessDenied, as REST-XML. */
export const route53Denied = op =>
  `<?xml version="1.0"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: route53:${op.split('.').pop()}</Message></Error><RequestId>0</RequestId></ErrorResponse>`
