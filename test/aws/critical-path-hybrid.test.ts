/**
 * The hybrid reads on the live doctor's critical path (see critical-path.test.ts for the
 * method: every port call takes one round trip D; a read's round trip is when it starts). For
 * an on-premises caller, the Resolver, Route 53 and transit reads start as soon as the endpoint
 * is known (round trip 1: DescribeVpcEndpoints answered), their follow-ups one round trip later,
 * and the whole run stays within the in-VPC caller's 3 round trips.
 */
import { expect, it } from 'vitest'
import {
  DescribeRouteTablesCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeTransitGatewaysCommand,
} from '@aws-sdk/client-ec2'
import { collectSnapshot, type CollectRequest } from '../../src/aws/collect/collect.js'
import type { DoctorPorts } from '../../src/aws/collect/ports.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { A, B, REGION, VPC, healthy } from '../doctor/builders.js'
import { CREDS, mockedPorts, recordedMocks } from './recorded.js'

// Larger than critical-path.test.ts's 250 ms: this file runs beside others on a busy 2-core machine.
const D = 400
const TWO_ROUNDS = new Set(['iam.rolePolicies', 'iam.managedPolicy'])

/** Every port method (nested ports too: hybrid.resolver, …) takes D and records when it started. */
function timed<T extends object>(
  name: string,
  port: T,
  starts: Array<[string, number]>,
  t0: () => number,
): T {
  return new Proxy(port, {
    get(target, key) {
      const f = (target as Record<string | symbol, unknown>)[key]
      const id = `${name}.${String(key)}`
      if (f && typeof f === 'object') return timed(id, f as object, starts, t0)
      if (typeof f !== 'function') return f
      return async (...args: unknown[]) => {
        starts.push([id, performance.now() - t0()])
        await new Promise(r => setTimeout(r, TWO_ROUNDS.has(id) ? 2 * D : D))
        return (f as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}

/** In-memory Resolver and Route 53 (their wire format is tested in collect-hybrid.test.ts). */
const hybridFakes = (transit: NonNullable<DoctorPorts['hybrid']>['transit']): DoctorPorts['hybrid'] => ({
  resolver: {
    inboundEndpoints: async vpcId => [
      {
        id: 'rslvr-in-00000000000000001',
        direction: 'INBOUND',
        vpcId,
        status: 'OPERATIONAL',
        securityGroupIds: [],
      },
    ],
    endpointIps: async () => [{ ip: '10.0.2.53' }, { ip: '10.0.3.53' }],
    rules: async () => [],
    ruleAssociations: async () => [],
  },
  route53: {
    hostedZonesByVpc: async () => [
      { id: 'Z00000000000000000001', name: `execute-api.${REGION}.amazonaws.com.`, owner: A },
    ],
    hasRecord: async () => true,
  },
  transit,
})

/**
 * When each hybrid read must start: after the endpoints (1), after the list it follows up (2).
 * The caller's own route tables need only --from-vpc (0).
 */
const EARLIEST: Readonly<Record<string, number>> = {
  'hybrid.resolver.inboundEndpoints': 1,
  'hybrid.resolver.ruleAssociations': 1,
  'hybrid.resolver.rules': 1,
  'hybrid.route53.hostedZonesByVpc': 1,
  'hybrid.transit.tgwVpcAttachments': 1,
  'hybrid.resolver.endpointIps': 2,
  'hybrid.route53.hasRecord': 2,
  'hybrid.transit.transitGateways': 2,
}

it('an on-premises caller: the hybrid reads start after the endpoints, and the run stays within 3 round trips', async () => {
  const mocks = recordedMocks()
  try {
    mocks.ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {
          RouteTableId: 'rtb-00000000000000001',
          VpcId: VPC,
          Associations: [{ Main: true }],
          Routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
            {
              DestinationCidrBlock: '192.168.0.0/16',
              TransitGatewayId: 'tgw-00000000000000001',
              State: 'active',
            },
          ],
        },
      ],
    })
    mocks.ec2.on(DescribeTransitGatewayVpcAttachmentsCommand).resolves({ TransitGatewayVpcAttachments: [] })
    mocks.ec2.on(DescribeTransitGatewaysCommand).resolves({ TransitGateways: [] })
    const h = healthy()
    const req: CollectRequest = {
      target: { ...(h.target as DoctorSnapshot['target']), apiAccount: B },
      signing: h.signing as DoctorSnapshot['signing'],
      credentials: {
        status: 'ok',
        value: { source: 'environment variables', kind: 'session', roleChain: [] },
      },
      apiReadWith: 'caller-credentials',
      network: {
        vpcId: VPC,
        onPremisesCidrs: ['192.168.10.0/24'],
        subnetIds: [],
        securityGroupIds: [],
        privateIps: [],
      },
      assumesRoleInVpc: false,
      supplied: {},
      now: new Date('2025-01-15T12:00:00Z'),
      version: '0.1.0',
      secrets: [CREDS.secretAccessKey],
      attempt: { sleep: async () => undefined },
    }
    const base = () => {
      const p = mockedPorts()
      return { ...p, hybrid: hybridFakes(p.hybrid!.transit) }
    }
    // Load the SDK modules first: module loading is not what this measures.
    await collectSnapshot(req, base())
    const starts: Array<[string, number]> = []
    let t0 = 0
    const ports = Object.fromEntries(
      Object.entries(base()).map(([k, p]) => [k, timed(k, p as object, starts, () => t0)]),
    ) as unknown as DoctorPorts
    t0 = performance.now()
    const s = await collectSnapshot(req, ports)
    expect(s.network.hybrid?.callerKind).toBe('on-premises')
    const trips = Math.max(...starts.map(([id, t]) => Math.round(t / D) + (TWO_ROUNDS.has(id) ? 2 : 1)))
    console.log(
      `critical path (on premises): ${trips} round trips`,
      starts.map(([id, t]) => `${id}@${Math.round(t / D)}`).join(' '),
    )
    expect(trips).toBeLessThanOrEqual(3)
    const started = Object.fromEntries(
      starts.filter(([id]) => id.startsWith('hybrid.')).map(([id, t]) => [id, Math.round(t / D)]),
    )
    expect(started).toEqual(EARLIEST)
    // The entry VPC is the endpoint's: its route tables are read once, with the caller's.
    expect(starts.filter(([id]) => id === 'ec2.routeTables')).toHaveLength(1)
  } finally {
    mocks.reset()
  }
}, 30_000)
