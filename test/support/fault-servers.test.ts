/**
 * Each fault server fails the way its name says, quickly, and closes without leaking.
 */
import { connect } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { startFaultServer, type FaultKind } from './fault-servers.js'
import { rawRequest } from './https-client.js'

const NAME = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'

const get = (port: number, caPem: string, timeoutMs = 2000) =>
  rawRequest({ port, servername: NAME, path: '/prod/x', headers: { host: NAME }, ca: caPem, timeoutMs })

async function withFault<T>(
  kind: FaultKind,
  fn: (f: Awaited<ReturnType<typeof startFaultServer>>) => Promise<T>,
  trickleIntervalMs?: number,
): Promise<T> {
  const f = await startFaultServer(kind, { trickleIntervalMs })
  try {
    return await fn(f)
  } finally {
    await f.close()
  }
}

describe('fault servers', () => {
  it('refuse: ECONNREFUSED', () =>
    withFault('refuse', async f => {
      await expect(get(f.port, f.caPem)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    }))

  it('blackhole: TCP connects, then silence until the client gives up', () =>
    withFault('blackhole', async f => {
      const connected = await new Promise<boolean>(resolve => {
        const s = connect(f.port, '127.0.0.1', () => {
          s.destroy()
          resolve(true)
        })
        s.on('error', () => resolve(false))
      })
      expect(connected).toBe(true)
      const t0 = Date.now()
      await expect(get(f.port, f.caPem, 300)).rejects.toThrow(/timeout/)
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
      expect(f.connections()).toBe(2)
    }))

  it('reset: ECONNRESET before any byte', () =>
    withFault('reset', async f => {
      await expect(get(f.port, f.caPem)).rejects.toMatchObject({ code: 'ECONNRESET' })
    }))

  it('reset-mid-response: the handshake and request succeed, then the connection is reset', () =>
    withFault('reset-mid-response', async f => {
      await expect(get(f.port, f.caPem)).rejects.toMatchObject({ code: 'ECONNRESET' })
    }))

  it('tls-garbage: the TLS handshake fails on non-TLS bytes', () =>
    withFault('tls-garbage', async f => {
      await expect(get(f.port, f.caPem)).rejects.toMatchObject({
        code: 'EPROTO',
        message: expect.stringMatching(/wrong version number|packet length too long/),
      })
    }))

  it('trickle: a valid response, one byte at a time', () =>
    withFault(
      'trickle',
      async f => {
        const t0 = Date.now()
        const res = await get(f.port, f.caPem)
        expect(res.status).toBe(200)
        expect(res.json()).toEqual({ ok: true })
        // ~110 bytes at 2 ms each: clearly slower than a normal answer.
        expect(Date.now() - t0).toBeGreaterThanOrEqual(150)
      },
      2,
    ))

  it('trickle: default is one byte per second, so an idle timeout never fires (only a total --max-time does)', () =>
    withFault('trickle', async f => {
      const pending = get(f.port, f.caPem, 1200).then(
        () => 'finished',
        (e: Error) => `failed: ${e.message}`,
      )
      const outcome = await Promise.race([
        pending,
        new Promise(r => setTimeout(() => r('still trickling'), 1800)),
      ])
      expect(outcome).toBe('still trickling')
      await f.close() // the client's request now fails; settle it before the test ends
      expect(await pending).toMatch(/^failed/)
    }))

  it.each([
    ['wrong-name', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['expired', 'CERT_HAS_EXPIRED'],
    ['untrusted', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ] as const)('%s certificate: %s, and fine with verification off', (kind, code) =>
    withFault(kind, async f => {
      await expect(get(f.port, f.caPem)).rejects.toMatchObject({ code })
      const insecure = await rawRequest({
        port: f.port,
        servername: NAME,
        path: '/',
        headers: { host: NAME },
        rejectUnauthorized: false,
      })
      expect(insecure.status).toBe(200)
    }),
  )

  it('close() releases the port and every open connection', async () => {
    const f = await startFaultServer('blackhole')
    const socket = tlsConnect({
      port: f.port,
      host: '127.0.0.1',
      servername: NAME,
      rejectUnauthorized: false,
    })
    const closed = new Promise<void>(resolve => socket.on('close', () => resolve()))
    socket.on('error', () => {})
    await new Promise(r => setTimeout(r, 50))
    await f.close()
    await closed
    await expect(get(f.port, f.caPem)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })
})
