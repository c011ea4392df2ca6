/**
 * Dual-stack facts, from recorded SDK answers: the endpoint's IpAddressType and
 * DnsOptions.DnsRecordIpType, the subnets' IPv6 blocks (associated ones only), the ENIs' IPv6
 * addresses, GetRestApi's endpointConfiguration.ipAddressType, a Lambda function's
 * VpcConfig.Ipv6AllowedForDualStack, and an instance's IPv6 addresses from IMDS. Given the
 * recorded answers, When collectSnapshot runs, Then the snapshot carries them and the doctor
 * judges the path over IPv6; an answer without the fields (an older endpoint) keeps IPv4.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { GetRestApiCommand } from '@aws-sdk/client-api-gateway'
import {
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  type State,
} from '@aws-sdk/client-ec2'
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { collectSnapshot, type CollectRequest } from '../../src/aws/collect/collect.js'
import { imdsPort } from '../../src/aws/doctor-imds.js'
import { runChecks } from '../../src/doctor/run-checks.js'
import { valueOf, type DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { A, API, REGION, VPC, VPCE } from '../doctor/builders.js'
import { collectRequest, mockedPorts, recordedMocks } from './recorded.js'

const V6_CALLER = '2600:1f18:aaaa:bb01::15'

let mocks: ReturnType<typeof recordedMocks>
beforeEach(() => {
  mocks = recordedMocks()
  mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
    VpcEndpoints: [
      {
        VpcEndpointId: VPCE,
        VpcEndpointType: 'Interface',
        VpcId: VPC,
        ServiceName: `com.amazonaws.${REGION}.execute-api`,
        State: 'available' as State,
        SubnetIds: ['subnet-00000000000000002', 'subnet-00000000000000003'],
        Groups: [{ GroupId: 'sg-00000000000000002', GroupName: 'endpoint' }],
        PrivateDnsEnabled: true,
        NetworkInterfaceIds: ['eni-00000000000000001', 'eni-00000000000000002'],
        DnsEntries: [{ DnsName: `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com` }],
        OwnerId: A,
        IpAddressType: 'dualstack',
        DnsOptions: { DnsRecordIpType: 'dualstack' },
      },
    ],
  })
  mocks.ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: ['1', '2', '3'].map(n => ({
      SubnetId: `subnet-0000000000000000${n}`,
      VpcId: VPC,
      CidrBlock: `10.0.${n}.0/24`,
      AvailabilityZone: `${REGION}a`,
      Ipv6CidrBlockAssociationSet: [
        {
          AssociationId: `subnet-cidr-assoc-${n}`,
          Ipv6CidrBlock: `2600:1f18:aaaa:bb0${n}::/64`,
          Ipv6CidrBlockState: { State: 'associated' },
        },
        // A block being taken away carries no traffic: it is not recorded.
        {
          AssociationId: `subnet-cidr-assoc-old-${n}`,
          Ipv6CidrBlock: `2600:1f18:dead:bb0${n}::/64`,
          Ipv6CidrBlockState: { State: 'disassociating' },
        },
      ],
    })),
  })
  mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({
    NetworkInterfaces: [
      {
        NetworkInterfaceId: 'eni-00000000000000001',
        SubnetId: 'subnet-00000000000000002',
        AvailabilityZone: `${REGION}a`,
        PrivateIpAddress: '10.0.2.10',
        Ipv6Address: '2600:1f18:aaaa:bb02::10',
        Ipv6Addresses: [{ Ipv6Address: '2600:1f18:aaaa:bb02::10', IsPrimaryIpv6: true }],
      },
      {
        NetworkInterfaceId: 'eni-00000000000000002',
        SubnetId: 'subnet-00000000000000003',
        AvailabilityZone: `${REGION}b`,
        PrivateIpAddress: '10.0.3.10',
        Ipv6Addresses: [{ Ipv6Address: '2600:1f18:aaaa:bb03::10' }],
      },
    ],
  })
  mocks.apigw.on(GetRestApiCommand).resolves({
    id: API,
    name: 'orders',
    endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'dualstack' },
  })
})
afterEach(() => mocks.reset())

const request = (network: Partial<CollectRequest['network']> = {}): CollectRequest =>
  collectRequest({
    network: { fromImds: true, subnetIds: [], securityGroupIds: [], privateIps: [], ...network },
  })

/** Ports whose IMDS gives the instance both families and whose resolver answers A and AAAA. */
const dualPorts = () =>
  mockedPorts({
    imds: {
      network: async () => ({
        instanceId: 'i-0123456789abcdef0',
        vpcId: VPC,
        subnetId: 'subnet-00000000000000001',
        securityGroupIds: ['sg-00000000000000001'],
        privateIps: ['10.0.1.15', V6_CALLER],
      }),
    },
    dns: {
      resolve: async () => ({
        server: '127.0.0.1:53',
        result: 'answer',
        addresses: ['10.0.2.10', '10.0.3.10', '2600:1f18:aaaa:bb02::10', '2600:1f18:aaaa:bb03::10'],
        asked: ['A', 'AAAA'],
      }),
    },
  })

const check = (s: DoctorSnapshot, id: string) => runChecks(s).find(f => f.id === id)!

describe('dual-stack facts from recorded answers', () => {
  it('records the endpoint, subnet, ENI and API fields, and the AAAA answer', async () => {
    const s = await collectSnapshot(request(), dualPorts())
    const ep = valueOf(s.network.endpoints)![0]!
    expect(ep).toMatchObject({ ipAddressType: 'dualstack', dnsRecordIpType: 'dualstack' })
    expect(valueOf(s.network.subnets['subnet-00000000000000002'])).toMatchObject({
      ipv6CidrBlocks: ['2600:1f18:aaaa:bb02::/64'],
    })
    expect(valueOf(s.network.enis['eni-00000000000000001'])?.ipv6Addresses).toEqual([
      '2600:1f18:aaaa:bb02::10',
    ])
    expect(valueOf(s.network.enis['eni-00000000000000002'])?.ipv6Addresses).toEqual([
      '2600:1f18:aaaa:bb03::10',
    ])
    expect(valueOf(s.api.restApi)?.ipAddressType).toBe('dualstack')
    expect(valueOf(s.network.caller)?.privateIps).toEqual(['10.0.1.15', V6_CALLER])
    expect(valueOf(s.dns.answers[s.target.connectHost])?.asked).toEqual(['A', 'AAAA'])
  })

  it('the doctor then judges the path over IPv6 and says why', async () => {
    const s = await collectSnapshot(request(), dualPorts())
    const fam = check(s, 'dns.address-family')
    expect(fam.status).toBe('pass')
    expect(fam.summary).toMatch(/^the caller connects over IPv6: the name has A and AAAA records/)
    // The AAAA answers are the ENIs' IPv6 addresses.
    expect(check(s, 'dns.private-resolution').status).toBe('pass')
    expect(check(s, 'sg.endpoint-ingress-443').summary).toContain('over IPv6')
  })

  it('an endpoint answer without the new fields (an older endpoint) keeps the caller on IPv4', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: VPCE,
          VpcId: VPC,
          ServiceName: `com.amazonaws.${REGION}.execute-api`,
          State: 'available' as State,
          SubnetIds: ['subnet-00000000000000002'],
          Groups: [{ GroupId: 'sg-00000000000000002' }],
          PrivateDnsEnabled: true,
          NetworkInterfaceIds: ['eni-00000000000000001'],
        },
      ],
    })
    const s = await collectSnapshot(request(), mockedPorts())
    const ep = valueOf(s.network.endpoints)![0]!
    expect(ep.ipAddressType).toBeUndefined()
    expect(ep.dnsRecordIpType).toBeUndefined()
    expect(check(s, 'dns.address-family').summary).toMatch(/over IPv4/)
  })

  it("reads a Lambda function's Ipv6AllowedForDualStack", async () => {
    mocks.lambda.on(GetFunctionConfigurationCommand).resolves({
      FunctionName: 'orders-worker',
      FunctionArn: `arn:aws:lambda:${REGION}:${A}:function:orders-worker`,
      Role: `arn:aws:iam::${A}:role/orders-worker-role`,
      VpcConfig: {
        VpcId: VPC,
        SubnetIds: ['subnet-00000000000000001'],
        SecurityGroupIds: ['sg-00000000000000001'],
        Ipv6AllowedForDualStack: true,
      },
    })
    const s = await collectSnapshot(request({ fromImds: false, lambda: 'orders-worker' }), dualPorts())
    expect(valueOf(s.network.caller)).toMatchObject({ source: 'lambda', ipv6AllowedForDualStack: true })
    // A Lambda's address is not known: the IPv6 peer is its subnet's block.
    const sg = check(s, 'sg.endpoint-ingress-443')
    expect(sg.summary).toContain('over IPv6')
  })
})

describe('IMDSv2: the instance IPv6 addresses', () => {
  let close: (() => void) | undefined
  afterEach(() => close?.())

  const serve = async (data: Record<string, string>): Promise<string> => {
    const server = createServer((req, res) => {
      if (req.method === 'PUT') return void res.end('TOKEN')
      const v = data[req.url ?? '']
      res.statusCode = v === undefined ? 404 : 200
      res.end(v ?? '')
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    close = () => server.close()
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  const nic = '/latest/meta-data/network/interfaces/macs/0a:00:00:00:00:01'
  const base = {
    '/latest/meta-data/mac': '0a:00:00:00:00:01',
    [`${nic}/vpc-id`]: VPC,
    [`${nic}/subnet-id`]: 'subnet-00000000000000001',
    [`${nic}/local-ipv4s`]: '10.0.1.15',
  }

  it('lists ipv6s after the IPv4 addresses', async () => {
    const url = await serve({ ...base, [`${nic}/ipv6s`]: `${V6_CALLER}\n2600:1f18:aaaa:bb01::16` })
    const r = await imdsPort({ AWS_EC2_METADATA_SERVICE_ENDPOINT: url }).network()
    expect(r.privateIps).toEqual(['10.0.1.15', V6_CALLER, '2600:1f18:aaaa:bb01::16'])
  })

  it('an instance without IPv6 (ipv6s is 404) has its IPv4 addresses only', async () => {
    const url = await serve(base)
    const r = await imdsPort({ AWS_EC2_METADATA_SERVICE_ENDPOINT: url }).network()
    expect(r.privateIps).toEqual(['10.0.1.15'])
  })
})
