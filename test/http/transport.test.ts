/**
 * The transport `call --repeat` sends through: one openTransport per dial target over a
 * singleTargetPool. Each request carries its own headers over the kept-alive connections, the
 * pool's key is computed once (not three times per request with the CA bundle in it), and a
 * failed request is classified like sendRequest's.
 */
import { Agent as HttpsAgent, createServer as createHttpsServer, type Server } from 'node:https'
import { createSocket } from 'node:dgram'
import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { PvapiError } from '../../src/core/errors.js'
import { singleTargetPool } from '../../src/http/pool.js'
import { openTransport, type WireTarget } from '../../src/http/send.js'
import { createTestPki } from '../support/test-ca.js'

const HOST = 'abc1234567.execute-api.us-east-1.amazonaws.com'
let server: Server
let port: number
let ca: string
let connections = 0
const sockets = new Set<Socket>()

beforeAll(async () => {
  const pki = await createTestPki()
  ca = pki.caPem
  const cert = await pki.issueServerCert({ cn: 'transport', dnsNames: [HOST], ipAddresses: ['127.0.0.1'] })
  server = createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end(`${req.headers['x-n']} ${req.headers.host} ${(req.socket as { servername?: string }).servername}`)
  })
  server.on('secureConnection', (s: Socket) => {
    connections++
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()))
  port = (server.address() as { port: number }).port
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise<void>(r => server.close(() => r()))
})

const target = (extra: Partial<WireTarget> = {}): WireTarget => ({
  protocol: 'https:',
  method: 'GET',
  connectHost: HOST,
  path: '/prod/items',
  dial: { host: HOST, port, pinned: ['127.0.0.1'] },
  tls: { ca },
  ...extra,
})

describe('openTransport over a singleTargetPool', () => {
  it('sends each request with its own headers over one kept-alive connection; the pool key is computed once', async () => {
    const getName = vi.spyOn(HttpsAgent.prototype, 'getName')
    const agent = singleTargetPool('https:', 1)
    try {
      const transport = openTransport(target({ agent }))
      connections = 0
      const bodies: string[] = []
      for (let n = 0; n < 20; n++) {
        const res = await transport.send({ host: HOST, 'x-n': String(n) })
        expect(res.status).toBe(200)
        expect(res.timings.total).toBeGreaterThan(0)
        bodies.push(res.body.toString('utf8'))
      }
      expect(bodies).toEqual(Array.from({ length: 20 }, (_, n) => `${n} ${HOST} ${HOST}`))
      expect(connections).toBe(1)
      expect(getName).toHaveBeenCalledTimes(1)
    } finally {
      getName.mockRestore()
      agent.destroy()
    }
  })

  it('keeps the certificate check: a CA that did not sign the server fails in TLS (curl 35)', async () => {
    const { untrustedCaPem } = await (await createTestPki()).untrustedCert()
    const agent = singleTargetPool('https:', 1)
    try {
      const err = await openTransport(target({ agent, tls: { ca: untrustedCaPem } }))
        .send({ host: HOST })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(PvapiError)
      expect((err as PvapiError).exitCode).toBe(35)
    } finally {
      agent.destroy()
    }
  })

  // The second request waits for the pool's only socket; Node then opens its connection with the
  // first request's lookup. It used to come out as a DNS failure (curl 6).
  it('classifies a refused connection as a connect failure (curl 7), the queued next request too', async () => {
    const closed = createHttpsServer()
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', () => r()))
    const closedPort = (closed.address() as { port: number }).port
    await new Promise<void>(r => closed.close(() => r()))
    const agent = singleTargetPool('https:', 1)
    try {
      const transport = openTransport(
        target({ agent, dial: { host: HOST, port: closedPort, pinned: ['127.0.0.1'] } }),
      )
      // Both at once through a pool of one socket: the second waits in the pool's queue, and
      // the pool opens its connection with the first request's lookup.
      const errs = await Promise.all(
        [0, 1].map(() => transport.send({ host: HOST }).catch((e: unknown) => e)),
      )
      for (const err of errs) {
        expect(err).toBeInstanceOf(PvapiError)
        expect((err as PvapiError).exitCode).toBe(7)
      }
      // And one after the other, as a --repeat worker does after a failure.
      const again = await transport.send({ host: HOST }).catch((e: unknown) => e)
      expect((again as PvapiError).exitCode).toBe(7)
    } finally {
      agent.destroy()
    }
  })

  it('a --dns-servers server that refuses is a DNS failure (curl 6), not a refused connection', async () => {
    const udp = createSocket('udp4')
    await new Promise<void>(r => udp.bind(0, '127.0.0.1', () => r()))
    const dnsPort = udp.address().port
    await new Promise<void>(r => udp.close(() => r()))
    const err = await openTransport(
      target({ dial: { host: HOST, port }, dnsServers: [`127.0.0.1:${dnsPort}`] }),
    )
      .send({ host: HOST })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PvapiError)
    expect((err as PvapiError).exitCode).toBe(6)
  })
})
