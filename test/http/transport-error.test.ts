/** transportError's wording of Node's TLS errors (the rest is covered end to end in test/e2e). */
import { describe, expect, it } from 'vitest'
import { transportError } from '../../src/http/transport-error.js'

describe('transportError: TLS', () => {
  it("drops Node 24's advice about its own --use-system-ca flag and keeps pvapi's hint", () => {
    const err = Object.assign(
      new Error(
        'unable to verify the first certificate; if the root CA is installed locally, try running Node.js with --use-system-ca',
      ),
      { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
    )
    const e = transportError(err, { host: 'h.example', address: '127.0.0.1', port: 443, phase: 'tls' })
    expect(e.exitCode).toBe(35)
    expect(e.message).toMatch(/failed: unable to verify the first certificate$/)
    expect(e.message).not.toContain('--use-system-ca')
    expect(e.hint).toContain('--cacert')
  })
})

describe('transportError: a reset during the handshake', () => {
  // Once the socket has connected the phase is 'tls', and Node words the RST as "Client network
  // socket disconnected before secure TLS connection was established" (ECONNRESET): curl's 35,
  // "the connection was reset", as in the 'connect' phase (test/e2e/call-faults 'reset').
  for (const phase of ['connect', 'tls'] as const)
    it(`in the ${phase} phase: 35, "the connection was reset"`, () => {
      const err = Object.assign(
        new Error('Client network socket disconnected before secure TLS connection was established'),
        { code: 'ECONNRESET' },
      )
      const e = transportError(err, { host: 'h.example', address: '127.0.0.1', port: 443, phase })
      expect(e.exitCode).toBe(35)
      expect(e.message).toMatch(/TLS handshake with .* failed: the connection was reset$/)
      expect(e.hint).toContain('reset it')
    })
})
