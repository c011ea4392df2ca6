// A loopback AWS-compatible endpoint with just enough of EC2 (query/XML), STS and IAM (query/XML),
// API Gateway and Lambda (REST-JSON), CloudTrail and Organizations (JSON 1.1) for the doctor's
// reads. Every answer can be delayed (the benchmark adds 100 ms to each call). The SDK reaches it
// through AWS_ENDPOINT_URL. It serves one world: the healthy set-up of test/doctor/builders.ts
// (account 111111111111 calls API a1b2c3d4e5 of account 222222222222 through
// vpce-00000000000000001). Every request is recorded as "Service.Operation".
import { createServer } from 'node:http'
import { defaultHybridWorld, resolverAnswer, route53Answer, route53Denied } from './fake-hybrid.mjs'

const A = '111111111111'
const B = '222222222222'
const REGION = 'us-east-1'
const API = 'a1b2c3d4e5'
const VPCE = 'vpce-00000000000000001'
const VPC = 'vpc-00000000000000001'
const API_ARN = `arn:aws:execute-api:${REGION}:${B}:${API}`
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${B}:function:orders-api`

/** The world the fake serves. Tests may replace parts of it. */
export function defaultWorld() {
  return {
    callerArn: `arn:aws:sts::${A}:assumed-role/orders-caller/pvapi-test`,
    endpoints: [
      {
        id: VPCE,
        vpcId: VPC,
        service: `com.amazonaws.${REGION}.execute-api`,
        state: 'available',
        privateDns: true,
        groups: ['sg-00000000000000002'],
        subnets: ['subnet-00000000000000002', 'subnet-00000000000000003'],
        enis: ['eni-00000000000000001', 'eni-00000000000000002'],
        dns: [
          `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`,
          `execute-api.${REGION}.amazonaws.com`,
        ],
        policy: '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}',
      },
    ],
    vpcs: [{ id: VPC, cidr: '10.0.0.0/16', dhcp: 'dopt-00000000000000001' }],
    subnets: [
      { id: 'subnet-00000000000000001', vpc: VPC, cidr: '10.0.1.0/24', az: `${REGION}a` },
      { id: 'subnet-00000000000000002', vpc: VPC, cidr: '10.0.2.0/24', az: `${REGION}a` },
      { id: 'subnet-00000000000000003', vpc: VPC, cidr: '10.0.3.0/24', az: `${REGION}b` },
    ],
    rules: [
      {
        id: 'sgr-00000000000000011',
        group: 'sg-00000000000000001',
        egress: true,
        protocol: 'tcp',
        from: 443,
        to: 443,
        refGroup: 'sg-00000000000000002',
      },
      {
        id: 'sgr-00000000000000021',
        group: 'sg-00000000000000002',
        egress: false,
        protocol: 'tcp',
        from: 443,
        to: 443,
        refGroup: 'sg-00000000000000001',
      },
    ],
    enis: [
      { id: 'eni-00000000000000001', subnet: 'subnet-00000000000000002', az: `${REGION}a`, ip: '10.0.2.10' },
      { id: 'eni-00000000000000002', subnet: 'subnet-00000000000000003', az: `${REGION}b`, ip: '10.0.3.10' },
    ],
    restApi: {
      id: API,
      name: 'orders',
      endpointConfiguration: { types: ['PRIVATE'] },
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowCallerAccount',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${A}:root` },
            Action: 'execute-api:Invoke',
            Resource: `${API_ARN}/*`,
          },
          {
            Sid: 'DenyOutsideEndpoint',
            Effect: 'Deny',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: `${API_ARN}/*`,
            Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
          },
        ],
      }).replace(/"/g, '\\"'),
      createdDate: 1730451600,
    },
    identityPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API_ARN}/prod/*` }],
    },
    /** "Service.Operation" names answered with AccessDenied. */
    deny: [],
    /** Route 53 Resolver and Route 53 (fake-hybrid.mjs). */
    hybrid: defaultHybridWorld(),
  }
}

const xmlEscape = s =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const items = (list, f) => list.map(x => `<item>${f(x)}</item>`).join('')
const tag = (name, value) => (value === undefined ? '' : `<${name}>${xmlEscape(value)}</${name}>`)

function ec2(action, params, world) {
  const ns = 'http://ec2.amazonaws.com/doc/2016-11-15/'
  const wrap = body =>
    `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${ns}"><requestId>00000000-0000-0000-0000-000000000000</requestId>${body}</${action}Response>`
  const filterValues = name => {
    const out = []
    for (let i = 1; params.get(`Filter.${i}.Name`); i++) {
      if (params.get(`Filter.${i}.Name`) !== name) continue
      for (let j = 1; params.get(`Filter.${i}.Value.${j}`); j++)
        out.push(params.get(`Filter.${i}.Value.${j}`))
    }
    return out
  }
  switch (action) {
    case 'DescribeVpcEndpoints': {
      const svc = filterValues('service-name')
      const eps = world.endpoints.filter(e => svc.length === 0 || svc.includes(e.service))
      return wrap(
        `<vpcEndpointSet>${items(eps, e =>
          [
            tag('vpcEndpointId', e.id),
            tag('vpcEndpointType', 'Interface'),
            tag('vpcId', e.vpcId),
            tag('serviceName', e.service),
            tag('state', e.state),
            tag('policyDocument', e.policy),
            `<subnetIdSet>${items(e.subnets, xmlEscape)}</subnetIdSet>`,
            `<groupSet>${items(e.groups, g => tag('groupId', g) + tag('groupName', 'endpoint'))}</groupSet>`,
            tag('privateDnsEnabled', e.privateDns),
            `<networkInterfaceIdSet>${items(e.enis, xmlEscape)}</networkInterfaceIdSet>`,
            `<dnsEntrySet>${items(e.dns, d => tag('dnsName', d) + tag('hostedZoneId', 'Z7HUB22UULQXV'))}</dnsEntrySet>`,
            tag('ownerId', A),
          ].join(''),
        )}</vpcEndpointSet>`,
      )
    }
    case 'DescribeVpcs': {
      const ids = filterValues('vpc-id')
      return wrap(
        `<vpcSet>${items(
          world.vpcs.filter(v => ids.includes(v.id)),
          v =>
            tag('vpcId', v.id) +
            tag('ownerId', A) +
            tag('cidrBlock', v.cidr) +
            tag('dhcpOptionsId', v.dhcp) +
            tag('state', 'available'),
        )}</vpcSet>`,
      )
    }
    case 'DescribeVpcAttribute': {
      const attr = params.get('Attribute')
      return wrap(tag('vpcId', params.get('VpcId')) + `<${attr}><value>true</value></${attr}>`)
    }
    case 'DescribeDhcpOptions':
      return wrap(
        `<dhcpOptionsSet><item>${tag('dhcpOptionsId', params.get('DhcpOptionsId.1'))}<dhcpConfigurationSet><item><key>domain-name-servers</key><valueSet><item><value>AmazonProvidedDNS</value></item></valueSet></item></dhcpConfigurationSet></item></dhcpOptionsSet>`,
      )
    case 'DescribeSubnets': {
      const ids = filterValues('subnet-id')
      return wrap(
        `<subnetSet>${items(
          world.subnets.filter(s => ids.includes(s.id)),
          s =>
            tag('subnetId', s.id) +
            tag('vpcId', s.vpc) +
            tag('cidrBlock', s.cidr) +
            tag('availabilityZone', s.az),
        )}</subnetSet>`,
      )
    }
    case 'DescribeSecurityGroupRules': {
      const ids = filterValues('group-id')
      return wrap(
        `<securityGroupRuleSet>${items(
          world.rules.filter(r => ids.includes(r.group)),
          r =>
            [
              tag('securityGroupRuleId', r.id),
              tag('groupId', r.group),
              tag('groupOwnerId', A),
              tag('isEgress', r.egress),
              tag('ipProtocol', r.protocol),
              tag('fromPort', r.from),
              tag('toPort', r.to),
              r.cidr ? tag('cidrIpv4', r.cidr) : '',
              r.refGroup
                ? `<referencedGroupInfo>${tag('groupId', r.refGroup)}${tag('userId', A)}</referencedGroupInfo>`
                : '',
            ].join(''),
        )}</securityGroupRuleSet>`,
      )
    }
    case 'DescribeNetworkAcls': {
      const ids = filterValues('association.subnet-id')
      const entry = egress =>
        `<item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>${egress}</egress><cidrBlock>0.0.0.0/0</cidrBlock></item><item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>${egress}</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>`
      return wrap(
        `<networkAclSet><item>${tag('networkAclId', 'acl-00000000000000001')}${tag('vpcId', VPC)}<default>true</default><entrySet>${entry(true)}${entry(false)}</entrySet><associationSet>${items(ids, s => tag('networkAclAssociationId', `aclassoc-${s.slice(-4)}`) + tag('networkAclId', 'acl-00000000000000001') + tag('subnetId', s))}</associationSet></item></networkAclSet>`,
      )
    }
    case 'DescribeRouteTables':
      return wrap(
        `<routeTableSet><item>${tag('routeTableId', 'rtb-00000000000000001')}${tag('vpcId', VPC)}<routeSet><item>${tag('destinationCidrBlock', '10.0.0.0/16')}${tag('gatewayId', 'local')}${tag('state', 'active')}</item></routeSet><associationSet><item>${tag('routeTableAssociationId', 'rtbassoc-00000000000000001')}${tag('routeTableId', 'rtb-00000000000000001')}<main>true</main></item></associationSet></item></routeTableSet>`,
      )
    case 'DescribeNetworkInterfaces': {
      const ids = filterValues('network-interface-id')
      return wrap(
        `<networkInterfaceSet>${items(
          world.enis.filter(n => ids.includes(n.id)),
          n =>
            tag('networkInterfaceId', n.id) +
            tag('subnetId', n.subnet) +
            tag('vpcId', VPC) +
            tag('availabilityZone', n.az) +
            tag('privateIpAddress', n.ip) +
            `<privateIpAddressesSet><item>${tag('privateIpAddress', n.ip)}<primary>true</primary></item></privateIpAddressesSet>`,
        )}</networkInterfaceSet>`,
      )
    }
    // VPC Block Public Access: off, no exclusions (the healthy world).
    case 'DescribeVpcBlockPublicAccessOptions':
      return wrap(
        `<vpcBlockPublicAccessOptions>${tag('awsAccountId', A)}${tag('awsRegion', REGION)}${tag('state', 'default-state')}${tag('internetGatewayBlockMode', 'off')}</vpcBlockPublicAccessOptions>`,
      )
    case 'DescribeVpcBlockPublicAccessExclusions':
      return wrap('<vpcBlockPublicAccessExclusionSet/>')
    default:
      return undefined
  }
}

function sts(action, world) {
  if (action !== 'GetCallerIdentity') return undefined
  const account = /::(\d{12}):/.exec(world.callerArn)?.[1] ?? A
  return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>${tag('Arn', world.callerArn)}${tag('UserId', 'AROAEXAMPLEROLEID0001:pvapi-test')}${tag('Account', account)}</GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
}

function iam(action, params, world) {
  const wrap = body =>
    `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></${action}Response>`
  const role = params.get('RoleName')
  switch (action) {
    case 'GetRole':
      return wrap(
        `<Role>${tag('Path', '/')}${tag('RoleName', role)}${tag('RoleId', 'AROAEXAMPLEROLEID0001')}${tag('Arn', `arn:aws:iam::${A}:role/${role}`)}${tag('CreateDate', '2024-01-01T00:00:00Z')}<Tags><member><Key>team</Key><Value>orders</Value></member></Tags></Role>`,
      )
    case 'ListRolePolicies':
      return wrap(
        '<PolicyNames><member>invoke-orders-api</member></PolicyNames><IsTruncated>false</IsTruncated>',
      )
    case 'GetRolePolicy':
      return wrap(
        tag('RoleName', role) +
          tag('PolicyName', params.get('PolicyName')) +
          tag('PolicyDocument', encodeURIComponent(JSON.stringify(world.identityPolicy))),
      )
    case 'ListAttachedRolePolicies':
      return wrap('<AttachedPolicies></AttachedPolicies><IsTruncated>false</IsTruncated>')
    case 'GetPolicy':
      return wrap(
        `<Policy>${tag('PolicyName', 'p')}${tag('Arn', params.get('PolicyArn'))}${tag('DefaultVersionId', 'v1')}</Policy>`,
      )
    case 'GetPolicyVersion':
      return wrap(
        `<PolicyVersion>${tag('Document', encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'))}${tag('VersionId', 'v1')}<IsDefaultVersion>true</IsDefaultVersion></PolicyVersion>`,
      )
    default:
      return undefined
  }
}

function apigw(path, query, world) {
  const m = re => re.exec(path)
  let r
  if ((r = m(/^\/restapis\/([^/]+)$/))) return r[1] === world.restApi.id ? world.restApi : null
  if ((r = m(/^\/restapis\/([^/]+)\/stages$/)))
    return {
      item: [
        {
          stageName: 'prod',
          deploymentId: 'dep0000001',
          createdDate: 1730451900,
          lastUpdatedDate: 1736503200,
        },
      ],
    }
  if ((r = m(/^\/restapis\/([^/]+)\/deployments\/([^/]+)$/)))
    return {
      id: r[2],
      createdDate: 1736503200,
      apiSummary: { '/items': { GET: { authorizationType: 'AWS_IAM', apiKeyRequired: false } } },
    }
  if ((r = m(/^\/restapis\/([^/]+)\/resources$/)))
    return {
      // API Gateway's wire format names every list "item" (the SDK maps it to `items`).
      item: [
        { id: 'root000001', path: '/' },
        {
          id: 'res0000001',
          parentId: 'root000001',
          pathPart: 'items',
          path: '/items',
          resourceMethods: {
            GET: {
              httpMethod: 'GET',
              authorizationType: 'AWS_IAM',
              apiKeyRequired: false,
              methodIntegration: {
                type: 'AWS_PROXY',
                uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`,
              },
            },
          },
        },
      ],
    }
  if ((r = m(/^\/restapis\/([^/]+)\/authorizers$/))) return { item: [] }
  if (path === '/usageplans') return { item: [] }
  if (path === '/domainnames') return { item: [] }
  if (path === '/domainnameaccessassociations') return { item: [] }
  if ((r = m(/^\/domainnames\/([^/]+)\/basepathmappings$/))) return { item: [] }
  if ((r = m(/^\/domainnames\/([^/]+)$/))) return null
  void query
  return undefined
}

const APIGW_OPS = [
  [/^\/restapis\/[^/]+$/, 'GetRestApi'],
  [/^\/restapis\/[^/]+\/stages$/, 'GetStages'],
  [/^\/restapis\/[^/]+\/deployments\/[^/]+$/, 'GetDeployment'],
  [/^\/restapis\/[^/]+\/resources$/, 'GetResources'],
  [/^\/restapis\/[^/]+\/authorizers$/, 'GetAuthorizers'],
  [/^\/usageplans$/, 'GetUsagePlans'],
  [/^\/domainnames$/, 'GetDomainNames'],
  [/^\/domainnameaccessassociations$/, 'GetDomainNameAccessAssociations'],
  [/^\/domainnames\/[^/]+\/basepathmappings$/, 'GetBasePathMappings'],
  [/^\/domainnames\/[^/]+$/, 'GetDomainName'],
]

function lambda(path) {
  let r
  if ((r = /^\/2015-03-31\/functions\/([^/]+)\/configuration$/.exec(path))) {
    const name = decodeURIComponent(r[1]).split(':').pop()
    return {
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:${REGION}:${A}:function:${name}`,
      Role: `arn:aws:iam::${A}:role/${name}-role`,
      VpcConfig: {
        VpcId: VPC,
        SubnetIds: ['subnet-00000000000000001'],
        SecurityGroupIds: ['sg-00000000000000001'],
      },
    }
  }
  if ((r = /^\/2015-03-31\/functions\/([^/]+)\/policy$/.exec(path))) {
    return {
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'apigw',
            Effect: 'Allow',
            Principal: { Service: 'apigateway.amazonaws.com' },
            Action: 'lambda:InvokeFunction',
            Resource: FUNCTION_ARN,
            Condition: { ArnLike: { 'AWS:SourceArn': `${API_ARN}/*/*/*` } },
          },
        ],
      }),
      RevisionId: 'r1',
    }
  }
  return undefined
}

/**
 * Start the fake on 127.0.0.1 (a random port). `delayMs` is added to every answer.
 * Returns { url, calls, world, close }.
 */
export async function startFakeAws({ delayMs = 0, world = defaultWorld() } = {}) {
  const calls = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const url = new URL(req.url ?? '/', 'http://localhost')
      const target = req.headers['x-amz-target']
      let op = 'Unknown'
      let status = 200
      let type = 'application/json'
      let out
      const denyXml = code =>
        `<?xml version="1.0"?><Response><Errors><Error><Code>${code}</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>0</RequestID></Response>`
      const route53 = req.method === 'GET' ? route53Answer(url.pathname, url.searchParams, world) : undefined
      if (typeof target === 'string' && target.startsWith('Route53Resolver.')) {
        op = target
        type = 'application/x-amz-json-1.1'
        const v = world.deny.includes(op)
          ? undefined
          : resolverAnswer(target.split('.').pop(), JSON.parse(body || '{}'), world)
        status = v ? 200 : 400
        out = JSON.stringify(
          v ?? { __type: 'AccessDeniedException', message: `User is not authorized to perform: ${op}` },
        )
      } else if (route53) {
        op = route53.op
        type = 'text/xml'
        status = world.deny.includes(op) ? 403 : route53.status
        out = world.deny.includes(op) ? route53Denied(op) : route53.xml
      } else if (typeof target === 'string') {
        op = target.includes('CloudTrail')
          ? `CloudTrail_20131101.${target.split('.').pop()}`
          : `AWSOrganizationsV20161128.${target.split('.').pop()}`
        type = 'application/x-amz-json-1.1'
        if (world.deny.includes(op)) {
          status = 400
          out = JSON.stringify({
            __type: 'AccessDeniedException',
            message: `User is not authorized to perform: ${op}`,
          })
        } else
          out = JSON.stringify(
            op.endsWith('LookupEvents')
              ? { Events: [] }
              : op.endsWith('ListParents')
                ? { Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] }
                : op.endsWith('DescribeAccount')
                  ? { Account: { Id: A, Status: 'ACTIVE' } }
                  : { Organization: { Id: 'o-exampleorg1', MasterAccountId: '999999999999' } },
          )
      } else if (req.method === 'POST' && /x-www-form-urlencoded/.test(String(req.headers['content-type']))) {
        const params = new URLSearchParams(body)
        const action = params.get('Action') ?? ''
        const version = params.get('Version')
        type = 'text/xml'
        const service =
          version === '2016-11-15' ? 'EC2Client' : version === '2011-06-15' ? 'STSClient' : 'IAMClient'
        op = `${service}.${action}`
        if (world.deny.includes(op)) {
          status = 403
          out =
            service === 'EC2Client'
              ? denyXml('UnauthorizedOperation')
              : `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: ${world.callerArn} is not authorized to perform: ${service === 'IAMClient' ? 'iam' : 'sts'}:${action}</Message></Error><RequestId>0</RequestId></ErrorResponse>`
        } else {
          out =
            service === 'EC2Client'
              ? ec2(action, params, world)
              : service === 'STSClient'
                ? sts(action, world)
                : iam(action, params, world)
          if (out === undefined) {
            status = 400
            out = denyXml('InvalidAction')
          }
        }
      } else if (url.pathname.startsWith('/2015-03-31/functions')) {
        op = `LambdaClient.${url.pathname.endsWith('/policy') ? 'GetPolicy' : 'GetFunctionConfiguration'}`
        const v = world.deny.includes(op) ? null : lambda(url.pathname)
        if (v === null) {
          status = 403
          res.setHeader('x-amzn-errortype', 'AccessDeniedException')
          out = JSON.stringify({ Message: 'not authorized' })
        } else out = JSON.stringify(v ?? {})
      } else {
        op = `APIGatewayClient.${APIGW_OPS.find(([re]) => re.test(url.pathname))?.[1] ?? 'Unknown'}`
        const v = world.deny.includes(op) ? 'deny' : apigw(url.pathname, url.searchParams, world)
        if (v === 'deny') {
          status = 403
          res.setHeader('x-amzn-errortype', 'AccessDeniedException')
          out = JSON.stringify({ message: 'User is not authorized to access this resource' })
        } else if (v === null || v === undefined) {
          status = 404
          res.setHeader('x-amzn-errortype', 'NotFoundException')
          out = JSON.stringify({ message: 'Invalid identifier specified' })
        } else out = JSON.stringify(v)
      }
      calls.push(op)
      setTimeout(() => {
        res.writeHead(status, {
          'content-type': type,
          'x-amzn-requestid': '00000000-0000-0000-0000-000000000000',
        })
        res.end(out)
      }, delayMs)
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    world,
    close: () => new Promise(resolve => server.close(() => resolve())),
  }
}
