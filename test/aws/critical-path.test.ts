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

it('caller given by flags: 3 round trips (STS, then the role policies in two)', async () => {
  const { trips, starts } = await roundTrips([])
  console.log(
    `critical path: ${trips} round trips`,
    starts.map(([id, t]) => `${id}@${Math.round(t / D)}`).join(' '),
  )
  expect(trips).toBeLessThanOrEqual(3)
}, 30_000)

it('with --role-arn the role is known before STS answers: 2 round trips', async () => {
  const { trips } = await roundTrips(['arn:aws:iam::111111111111:role/orders-caller'])
  console.log(`critical path with a role chain: ${trips} round trips`)
  expect(trips).toBeLessThanOrEqual(2)
}, 30_000)
