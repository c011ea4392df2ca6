/**
 * `doctor --client-tls 1.2|1.3`: the newest TLS version the failing client speaks, for the
 * security-policy check (a TLS-1.3-only policy refuses a TLS 1.2 client in the handshake).
 * Given the flag, Then it reaches the snapshot's signing facts; a wrong value is a usage error
 * (exit 2, one line); with --snapshot it is refused like the other flags of a live run.
 */
import { describe, expect, it } from 'vitest'
import { doctorTarget } from '../../src/doctor/target.js'
import { runMain } from './run-main.js'

const URL_ = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items'
const region = { region: 'us-east-1', source: 'config' as const }

describe('doctor --client-tls', () => {
  it('reaches the signing facts', () => {
    expect(doctorTarget(URL_, { clientTls: '1.2' }, region).signing.clientTlsMax).toBe('1.2')
    expect(doctorTarget(URL_, {}, region).signing.clientTlsMax).toBeUndefined()
  })

  it('a value other than 1.2 or 1.3 is a usage error, naming the flag', async () => {
    const r = await runMain(['doctor', URL_, '--client-tls', '1.1'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--client-tls 1\.1: expected 1\.2 or 1\.3/)
  })

  it('is refused with --snapshot (it describes a live client)', async () => {
    const r = await runMain([
      'doctor',
      '--snapshot',
      new URL('../../examples/doctor/healthy.json', import.meta.url).pathname,
      '--client-tls',
      '1.2',
    ])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--client-tls/)
  })
})

describe('the shape check knows the 2025-2026 fields', () => {
  it('names a malformed Block Public Access, owner organization or --client-tls field in one line', async () => {
    const { snapshotShapeProblem } = await import('../../src/doctor/snapshot-shape.js')
    const { healthy } = await import('./builders.js')
    type Loose = { network: Record<string, unknown>; signing: Record<string, unknown> }
    const bad = (change: (s: Loose) => void) => {
      const s = healthy() as unknown as Loose
      change(s)
      return snapshotShapeProblem(s)
    }
    expect(bad(() => undefined)).toBeUndefined()
    expect(
      bad(s => (s.network.blockPublicAccess = { status: 'ok', value: { mode: 'off', exclusions: 'none' } })),
    ).toBe('snapshot.network.blockPublicAccess.value.exclusions must be a list')
    expect(
      bad(s => (s.network.endpointOwnerOrg = { status: 'ok', value: { account: '1', orgId: 7, via: 'x' } })),
    ).toBe('snapshot.network.endpointOwnerOrg.value.orgId must be a string or null')
    expect(bad(s => (s.signing.clientTlsMax = '1.1'))).toMatch(
      /^snapshot\.signing\.clientTlsMax must be one of 1\.2, 1\.3/,
    )
  })
})
