/**
 * TLS facts of the fake gateway: certificate names for every name form, TLS 1.2 minimum,
 * SNI recorded as sent, several listening addresses on one port, mTLS modes, and a real
 * third-party client (`curl --aws-sigv4`) accepted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from './credential-store.js'
import { startFakeGateway, type FakeGateway } from './fake-gateway.js'
import { callGateway } from './gateway-client.js'
import { rawRequest } from './https-client.js'
import { createTestPki, type TestPki } from './test-ca.js'

const run = promisify(execFile)
const API = 'a1b2c3d4e5'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const ALICE = {
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: 'alice-secret-0000000000000000000000000000',
}

let pki: TestPki
let gw: FakeGateway
let credentials: CredentialStore

beforeAll(async () => {
  pki = await createTestPki()
  credentials = new CredentialStore()
  credentials.add(ALICE.accessKeyId, { ...ALICE, principalArn: 'arn:aws:iam::111111111111:user/alice' })
  gw = await startFakeGateway({
    credentials,
    listen: [
      { address: '127.0.0.1' },
      { address: '127.0.0.2', vpceId: 'vpce-0aaaaaaaaaaaaaaa1' },
      { address: '127.0.0.3', vpceId: 'vpce-0aaaaaaaaaaaaaaa1' },
    ],
    apis: [{ id: API, routes: [{ method: 'ANY', path: '/{proxy+}', authorizationType: 'NONE' }] }],
    customDomains: [
      { name: 'api.example.internal', mappings: [{ basePath: '', apiId: API, stage: 'prod' }] },
    ],
  })
})

afterAll(() => gw.close())

describe('certificate and SNI', () => {
  it.each([
    HOST,
    `${API}-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com`,
    'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com',
    'vpce-0123456789abcdef0-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com',
    'x1x1x1x1x1.execute-api.eu-west-1.amazonaws.com',
    'vpce-0123456789abcdef0-abcd1234.execute-api.eu-west-1.vpce.amazonaws.com',
    'api.example.internal',
    'localhost',
  ])('the certificate verifies for %s, and the SNI name is recorded', async name => {
    const res = await rawRequest({
      port: gw.port,
      servername: name,
      path: '/prod/x',
      headers: { host: name },
      ca: gw.caPem,
    })
    expect(res.tls?.peerSubject).toBe('CN=fake API Gateway')
    expect(gw.requests.at(-1)?.servername).toBe(name)
  })

  it('no SNI at all is recorded as false (the certificate still covers 127.0.0.1)', async () => {
    await rawRequest({
      port: gw.port,
      servername: '',
      path: '/prod/x',
      headers: { host: HOST },
      ca: gw.caPem,
    })
    expect(gw.requests.at(-1)).toMatchObject({ servername: false, host: HOST })
  })

  it('a name outside the certificate fails verification on the client', async () => {
    await expect(
      rawRequest({
        port: gw.port,
        servername: 'example.com',
        path: '/',
        headers: { host: 'example.com' },
        ca: gw.caPem,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    })
  })

  it('TLS 1.2 is the minimum', async () => {
    const { request } = await import('node:https')
    const attempt = new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: gw.port,
          servername: HOST,
          ca: gw.caPem,
          maxVersion: 'TLSv1.1',
          minVersion: 'TLSv1',
          agent: false,
        },
        resolve,
      )
      req.on('error', reject)
      req.end()
    })
    await expect(attempt).rejects.toThrow()
    const ok = await rawRequest({
      port: gw.port,
      servername: HOST,
      path: '/prod/x',
      headers: { host: HOST },
      ca: gw.caPem,
    })
    expect(['TLSv1.2', 'TLSv1.3']).toContain(ok.tls?.protocol)
  })
})

describe('several listening addresses (ENIs)', () => {
  it('listens on every address with one port, each with its VPCE id', async () => {
    expect(gw.addresses).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3'])
    for (const [address, vpce] of [
      ['127.0.0.1', 'vpce-0123456789abcdef0'],
      ['127.0.0.2', 'vpce-0aaaaaaaaaaaaaaa1'],
      ['127.0.0.3', 'vpce-0aaaaaaaaaaaaaaa1'],
    ] as const) {
      const res = await callGateway({
        gateway: gw,
        connectName: HOST,
        connectAddress: address,
        path: '/prod/x',
      })
      expect(res.json<{ sourceVpce: string }>().sourceVpce).toBe(vpce)
      expect(gw.requests.at(-1)?.localAddress).toBe(address)
    }
  })

  it('url() builds the address a client should use with --resolve', () => {
    expect(gw.url(HOST, '/prod/x')).toBe(`https://${HOST}:${gw.port}/prod/x`)
  })
})

describe('mTLS (NGINX endpoint service pattern)', () => {
  it.each(['tls-alert', 'nginx-400', 'http-403'] as const)(
    '%s: a trusted client certificate passes and its subject is recorded',
    async mode => {
      const mgw = await startFakeGateway({
        apis: [{ id: API, routes: [{ method: 'ANY', path: '/{proxy+}', authorizationType: 'NONE' }] }],
        mtls: { caPem: pki.caPem, onMissingCert: mode },
      })
      try {
        const client = await pki.issueClientCert({ cn: 'pvapi client' })
        const res = await callGateway({
          gateway: mgw,
          connectName: HOST,
          path: '/prod/x',
          cert: client.certPem,
          key: client.keyPem,
        })
        expect(res.status).toBe(200)
        expect(mgw.requests.at(-1)).toMatchObject({
          clientCertSubject: 'CN=pvapi client',
          clientCertAuthorized: true,
        })
      } finally {
        await mgw.close()
      }
    },
  )

  it('tls-alert: without a certificate the connection fails, no HTTP status', async () => {
    const mgw = await startFakeGateway({ apis: [{ id: API }], mtls: { caPem: pki.caPem } })
    try {
      await expect(callGateway({ gateway: mgw, connectName: HOST, path: '/prod/x' })).rejects.toMatchObject({
        code: expect.stringMatching(/ECONNRESET|ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED|EPROTO/),
      })
      expect(mgw.requests).toHaveLength(0)
      const stranger = await pki.untrustedClientCert({ cn: 'stranger' })
      await expect(
        callGateway({
          gateway: mgw,
          connectName: HOST,
          path: '/prod/x',
          cert: stranger.certPem,
          key: stranger.keyPem,
        }),
      ).rejects.toThrow()
    } finally {
      await mgw.close()
    }
  })

  it("nginx-400: NGINX's HTML 400 page; http-403: JSON Forbidden", async () => {
    const n = await startFakeGateway({
      apis: [{ id: API }],
      mtls: { caPem: pki.caPem, onMissingCert: 'nginx-400' },
    })
    const h = await startFakeGateway({
      apis: [{ id: API }],
      mtls: { caPem: pki.caPem, onMissingCert: 'http-403' },
    })
    try {
      const missing = await callGateway({ gateway: n, connectName: HOST, path: '/prod/x' })
      expect(missing.status).toBe(400)
      expect(missing.text).toContain('<title>400 No required SSL certificate was sent</title>')
      const stranger = await pki.untrustedClientCert({ cn: 'stranger' })
      const bad = await callGateway({
        gateway: n,
        connectName: HOST,
        path: '/prod/x',
        cert: stranger.certPem,
        key: stranger.keyPem,
      })
      expect(bad.text).toContain('400 The SSL certificate error')
      expect(n.requests.at(-1)).toMatchObject({
        clientCertSubject: 'CN=stranger',
        clientCertAuthorized: false,
      })
      const forbidden = await callGateway({ gateway: h, connectName: HOST, path: '/prod/x' })
      expect(forbidden.status).toBe(403)
      expect(forbidden.json()).toEqual({ message: 'Forbidden' })
    } finally {
      await Promise.all([n.close(), h.close()])
    }
  })
})

describe('a third-party client', () => {
  it('accepts curl --aws-sigv4 through --resolve (when curl supports it)', async ctx => {
    const version = await run('curl', ['--version']).then(
      r => r.stdout,
      () => '',
    )
    const m = /^curl (\d+)\.(\d+)/.exec(version)
    if (!m || Number(m[1]) * 100 + Number(m[2]) < 775) {
      console.warn(
        '[fake-gateway] curl with --aws-sigv4 (>= 7.75) not installed; skipping the curl cross-check',
      )
      ctx.skip()
      return
    }
    const iam = await startFakeGateway({ apis: [{ id: API }], credentials })
    const dir = await mkdtemp(join(tmpdir(), 'pvapi-ca-'))
    try {
      const caFile = join(dir, 'ca.pem')
      await writeFile(caFile, iam.caPem)
      const { stdout } = await run('curl', [
        '-sS',
        '--cacert',
        caFile,
        '--resolve',
        `${HOST}:${iam.port}:127.0.0.1`,
        '--aws-sigv4',
        'aws:amz:us-east-1:execute-api',
        '--user',
        `${ALICE.accessKeyId}:${ALICE.secretAccessKey}`,
        '-H',
        'content-type: application/json',
        '-d',
        '{"hello":"world"}',
        iam.url(HOST, '/prod/items/42'),
      ])
      expect(iam.requests.at(-1)?.verification).toMatchObject({
        ok: true,
        principal: 'arn:aws:iam::111111111111:user/alice',
      })
      expect(JSON.parse(stdout)).toMatchObject({
        method: 'POST',
        path: '/prod/items/42',
        principal: 'arn:aws:iam::111111111111:user/alice',
      })
      expect(iam.requests.at(-1)?.servername).toBe(HOST)
    } finally {
      await iam.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
