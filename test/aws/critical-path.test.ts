/**
 * The live doctor's critical path, in round trips: every AWS read (a port call) takes one
 * round trip D, two for the port calls that make two dependent requests themselves (IAM role
 * policies: list, then get; a managed policy: GetPolicy, then the version). A read's round
 * trip is when it starts, in units of D; the run's critical path is the last one plus one.
 * Independent reads start as soon as their inputs are known, so with the caller given by flags
 * this stays at 3 (STS → list role policies → get them), and 2 when the role is known from
 * --role-arn. D is large (250 ms) so scheduling jitter on a busy machine cannot move a read
 * into the next round trip.
 */
import { expect, it } from 'vitest'
import { collectSnapshot, type CollectRequest } from '../../src/aws/collect/collect.js'
import type { DoctorPorts } from '../../src/aws/collect/ports.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { B, healthy } from '../doctor/builders.js'
import { CREDS, mockedPorts, recordedMocks } from './recorded.js'

const D = 250
const TWO_ROUNDS = new Set(['iam.rolePolicies', 'iam.managedPolicy'])

function timed(ports: DoctorPorts, starts: Array<[string, number]>, t0: () => number): DoctorPorts {
  const wrap = <T extends object>(name: string, port: T): T =>
    new Proxy(port, {
      get(target, key) {
        const f = (target as Record<string | symbol, unknown>)[key]
        if (typeof f !== 'function') return f
        return async (...args: unknown[]) => {
          const id = `${name}.${String(key)}`
          starts.push([id, performance.now() - t0()])
          await new Promise(r => setTimeout(r, TWO_ROUNDS.has(id) ? 2 * D : D))
          return (f as (...a: unknown[]) => unknown).apply(target, args)
        }
      },
    })
  return Object.fromEntries(
    Object.entries(ports).map(([k, p]) => [k, wrap(k, p as object)]),
  ) as unknown as DoctorPorts
}

async function roundTrips(roleChain: string[]): Promise<{ trips: number; starts: Array<[string, number]> }> {
  const mocks = recordedMocks()
  try {
    const h = healthy()
    const req: CollectRequest = {
      target: { ...(h.target as DoctorSnapshot['target']), apiAccount: B },
      signing: h.signing as DoctorSnapshot['signing'],
      credentials: { status: 'ok', value: { source: 'environment variables', kind: 'session', roleChain } },
      apiReadWith: 'caller-credentials',
      network: {
        vpcId: 'vpc-00000000000000001',
        subnetIds: ['subnet-00000000000000001'],
        securityGroupIds: ['sg-00000000000000001'],
        privateIps: ['10.0.1.15'],
      },
      assumesRoleInVpc: false,
      supplied: {},
      now: new Date('2025-01-15T12:00:00Z'),
      version: '0.1.0',
      secrets: [CREDS.secretAccessKey],
      attempt: { sleep: async () => undefined },
    }
    // Load the SDK modules first: module loading is not what this measures.
    await collectSnapshot(req, mockedPorts())
    const starts: Array<[string, number]> = []
    let t0 = 0
    const ports = timed(mockedPorts(), starts, () => t0)
    t0 = performance.now()
    await collectSnapshot(req, ports)
    const last = Math.max(...starts.map(([id, t]) => Math.round(t / D) + (TWO_ROUNDS.has(id) ? 2 : 1)))
    return { trips: last, starts }
  } finally {
    mocks.reset()
  }
}

/**
 * The round trip each read must start in when the caller is given by flags: the first one its
 * inputs allow (0 = needs nothing read; 1 = needs one answer: the endpoints, STS, the stages,
 * the resources, DescribeVpcs). A read that waits for more than its inputs (a whole stage, an
 * unrelated read) starts later and fails here even when the total stays within 3. Reads not
 * listed (added by other areas) are only held to the total.
 */
const EARLIEST: Readonly<Record<string, number>> = {
  'callerSts.callerIdentity': 0,
  'organizations.organizationId': 0,
  'ec2.interfaceEndpoints': 0,
  'ec2.vpcs': 0,
  'ec2.vpcAttribute': 0,
  'ec2.routeTables': 0,
  'dns.resolve': 0,
  'apigw.restApi': 0,
  'apigw.stages': 0,
  'apigw.resources': 0,
  'apigw.authorizers': 0,
  'apigw.usagePlans': 0,
  'cloudtrail.lastPolicyChange': 0,
  'ec2.subnets': 1,
  'ec2.securityGroupRules': 1,
  'ec2.networkAcls': 1,
  'ec2.networkInterfaces': 1,
  'ec2.dhcpDomainNameServers': 1,
  'iam.role': 1,
  'iam.rolePolicies': 1,
  'apigw.deployment': 1,
  'apiLambda.functionPolicy': 1,
}

it('caller given by flags: 3 round trips (STS, then the role policies in two)', async () => {
  const { trips, starts } = await roundTrips([])
  console.log(
    `critical path: ${trips} round trips`,
    starts.map(([id, t]) => `${id}@${Math.round(t / D)}`).join(' '),
  )
  expect(trips).toBeLessThanOrEqual(3)
  const started = starts.map(([id, t]) => [id, Math.round(t / D)])
  expect(started).toEqual(starts.map(([id]) => [id, EARLIEST[id] ?? expect.any(Number)]))
  // Every listed read was made (a read dropped from the graph would pass the line above).
  const made = starts.map(([id]) => id)
  for (const id of Object.keys(EARLIEST)) expect(made).toContain(id)
}, 30_000)

it('with --role-arn the role is known before STS answers: 2 round trips', async () => {
  const { trips } = await roundTrips(['arn:aws:iam::111111111111:role/orders-caller'])
  console.log(`critical path with a role chain: ${trips} round trips`)
  expect(trips).toBeLessThanOrEqual(2)
}, 30_000)
