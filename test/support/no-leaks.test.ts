/**
 * Every fake closes everything it opened: after close(), no server, socket or timer of ours
 * is left in the event loop (so test files end promptly and never hang the runner).
 */
import { expect, it } from 'vitest'
import { CredentialStore } from './credential-store.js'
import { startFakeGateway } from './fake-gateway.js'
import { startFakeSts } from './fake-sts.js'
import { startFaultServer, type FaultKind } from './fault-servers.js'
import { callGateway } from './gateway-client.js'
import { rawRequest } from './https-client.js'

const NETWORK = new Set(['TCPServerWrap', 'TCPSocketWrap', 'TLSWrap'])
const sockets = () => process.getActiveResourcesInfo().filter(r => NETWORK.has(r)).length
// The runner keeps at most one timer of its own alive.
const timers = () => process.getActiveResourcesInfo().filter(r => r === 'Timeout').length
const settle = () => new Promise(r => setTimeout(r, 50))

it('gateway, STS and every fault server leave nothing behind', async () => {
  await settle()
  const before = sockets()

  const credentials = new CredentialStore()
  const gw = await startFakeGateway({
    apis: [
      {
        id: 'a1b2c3d4e5',
        routes: [{ method: 'GET', path: '/slow', authorizationType: 'NONE', handler: { delayMs: 10_000 } }],
      },
    ],
    credentials,
    listen: [{ address: '127.0.0.1' }, { address: '127.0.0.2' }],
  })
  const sts = await startFakeSts({ credentials })
  await callGateway({
    gateway: gw,
    connectName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
    path: '/prod/x',
  })
  // A request still waiting on a delayed handler when the gateway closes.
  const stuck = callGateway({
    gateway: gw,
    connectName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
    path: '/prod/slow',
  }).catch(() => 'closed')
  await rawRequest({
    plainHttp: true,
    port: sts.port,
    method: 'POST',
    path: '/',
    headers: { host: 'x' },
    body: 'Action=GetCallerIdentity',
  })

  const kinds: FaultKind[] = [
    'refuse',
    'blackhole',
    'reset',
    'reset-mid-response',
    'tls-garbage',
    'trickle',
    'wrong-name',
    'expired',
    'untrusted',
  ]
  const faults = await Promise.all(kinds.map(k => startFaultServer(k)))
  await Promise.all(
    faults.map(f =>
      rawRequest({
        port: f.port,
        servername: 'localhost',
        path: '/',
        headers: { host: 'localhost' },
        ca: f.caPem,
        timeoutMs: 200,
      }).catch(() => undefined),
    ),
  )

  await settle()
  await Promise.all([gw.close(), sts.close(), ...faults.map(f => f.close())])
  expect(await stuck).toBe('closed')
  await settle()
  expect(process.getActiveResourcesInfo().filter(r => NETWORK.has(r))).toHaveLength(before)
  expect(timers()).toBeLessThanOrEqual(1)
})
