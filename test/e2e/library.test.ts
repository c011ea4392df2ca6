import { build } from 'esbuild'
import { createServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from '../support/credential-store.js'
import { createTestPki } from '../support/test-ca.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFakeSts, type FakeSts } from '../support/fake-sts.js'
import { ALICE, REPO, TEMP, tempFiles } from '../helpers/run-cli.js'

const run = promisify(execFile)

// The shipped library bundle (dist/lib.js), as a Lambda function would use it.
type Lib = typeof import('../../src/lib/index.js')
const API = 'abc1234567'
const PRIVATE = `${API}.execute-api.us-east-1.amazonaws.com`
const VPCE_NAME = 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com'
let gw: FakeGateway
let lib: Lib

beforeAll(async () => {
  lib = (await import(pathToFileURL(join(REPO, 'dist/lib.js')).href)) as Lib
  gw = await startFakeGateway({
    apis: [
      {
        id: API,
        routes: [
          { method: 'ANY', path: '/{proxy+}' },
          { method: 'GET', path: '/empty', handler: { status: 204, body: '' } },
        ],
      },
    ],
  })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
})
afterAll(async () => gw?.close())

const common = () => ({ credentials: TEMP, ca: gw.caPem, connectTo: [`::127.0.0.1:${gw.port}`] })

describe('import { signedRequest, createSignedFetch } from "pvapi"', () => {
  it('signedRequest through private DNS', async () => {
    const res = await lib.signedRequest(`https://${PRIVATE}/prod/items?b=2&a=1`, common())
    expect(res.status).toBe(200)
    expect(res.json()).toMatchObject({ principal: TEMP.arn, path: '/prod/items' })
    expect(gw.requests.at(-1)).toMatchObject({
      servername: PRIVATE,
      host: PRIVATE,
      verification: { ok: true },
    })
  })
  it('signedRequest through an endpoint-specific name with apiId, binary body', async () => {
    const body = new Uint8Array([0, 1, 2, 255])
    const res = await lib.signedRequest(`https://${VPCE_NAME}/prod/upload`, {
      ...common(),
      apiId: API,
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/octet-stream' },
    })
    expect(res.json()).toMatchObject({ method: 'PUT', bodyBase64: Buffer.from(body).toString('base64') })
    expect(gw.requests.at(-1)).toMatchObject({
      servername: VPCE_NAME,
      apiIdHeader: API,
      verification: { ok: true },
    })
  })
  it('a credentials provider function works (the runtime chain is the default)', async () => {
    const res = await lib.signedRequest(`https://${PRIVATE}/prod/x`, {
      ...common(),
      credentials: async () => TEMP,
    })
    expect(res.status).toBe(200)
  })
  it('createSignedFetch returns WHATWG Responses and keeps the Host fetch would drop', async () => {
    const signedFetch = lib.createSignedFetch({ ...common(), apiId: API, hostMode: 'host' })
    const res = await signedFetch(`https://${VPCE_NAME}/prod/orders`, {
      method: 'POST',
      body: JSON.stringify({ a: 1 }),
      headers: { 'content-type': 'application/json' },
    })
    expect(res).toBeInstanceOf(Response)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    expect(gw.requests.at(-1)).toMatchObject({
      servername: VPCE_NAME,
      host: PRIVATE,
      verification: { ok: true },
    })
    const empty = await signedFetch(`https://${VPCE_NAME}/prod/empty`)
    expect(empty.status).toBe(204)
  })
  it('errors are PvapiErrors with curl exit codes', async () => {
    await expect(
      lib.signedRequest(`https://${PRIVATE}/prod/x`, {
        credentials: TEMP,
        connectTo: ['::127.0.0.1:9'],
        timeoutMs: 2000,
      }),
    ).rejects.toMatchObject({ name: 'PvapiError', exitCode: 7 })
    await expect(lib.signedRequest('ftp://x/', { credentials: TEMP })).rejects.toMatchObject({ exitCode: 2 })
  })
})

describe('a client at module scope serves warm invocations', () => {
  it('createSignedRequest: a second request opens no new TLS connection', async () => {
    const request = lib.createSignedRequest(common())
    const first = await request(`https://${PRIVATE}/prod/a`)
    expect(first.status).toBe(200)
    const after1 = gw.tlsSessions()
    const second = await request(`https://${PRIVATE}/prod/b`)
    expect(second.status).toBe(200)
    expect(second.json()).toMatchObject({ path: '/prod/b' })
    expect(gw.requests.at(-1)).toMatchObject({ verification: { ok: true } })
    expect(gw.tlsSessions()).toBe(after1)
    request.close()
  })
  it('createSignedFetch: the same', async () => {
    const signedFetch = lib.createSignedFetch(common())
    expect((await signedFetch(`https://${PRIVATE}/prod/a`)).status).toBe(200)
    const after1 = gw.tlsSessions()
    expect((await signedFetch(`https://${PRIVATE}/prod/b`)).status).toBe(200)
    expect(gw.tlsSessions()).toBe(after1)
    signedFetch.close()
  })
  it('a resolve pin gets its own connections (never a socket opened for another address)', async () => {
    const request = lib.createSignedRequest({
      credentials: TEMP,
      ca: gw.caPem,
      connectTo: [`::localhost:${gw.port}`],
    })
    await request(`https://${PRIVATE}/prod/a`)
    const before = gw.tlsSessions()
    // Same host, port and TLS options: only the pin differs, which Node's pool key ignores.
    const pinned = await request(`https://${PRIVATE}/prod/b`, { resolve: [`localhost:${gw.port}:127.0.0.1`] })
    expect(pinned.status).toBe(200)
    expect(gw.tlsSessions()).toBe(before + 1)
    request.close()
  })
})

describe('a pooled connection the server closed while idle (a frozen Lambda environment)', () => {
  it('an idempotent request is sent again on a new connection; a POST is not', async () => {
    // Answers the first request of each connection (keep-alive), and drops the connection
    // without a word at the second: what a client sees reusing a socket the server timed out.
    const pki = await createTestPki()
    const cert = await pki.issueServerCert({ dnsNames: [PRIVATE] })
    const perSocket = new WeakMap<Socket, number>()
    let connections = 0
    const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1
      perSocket.set(req.socket, n)
      if (n > 1) return void req.socket.destroy()
      req.resume()
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'keep-alive' }).end('ok')
    })
    server.on('secureConnection', () => connections++)
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    const request = lib.createSignedRequest({
      credentials: TEMP,
      ca: pki.caPem,
      connectTo: [`::127.0.0.1:${port}`],
    })
    try {
      expect((await request(`https://${PRIVATE}/prod/a`)).status).toBe(200)
      expect((await request(`https://${PRIVATE}/prod/b`)).status).toBe(200)
      expect(connections).toBe(2)
      await expect(request(`https://${PRIVATE}/prod/c`, { method: 'POST', body: 'x' })).rejects.toMatchObject(
        {
          code: 'PV_EMPTY_REPLY',
          exitCode: 52,
        },
      )
      expect(connections).toBe(2)
    } finally {
      request.close()
      server.closeAllConnections()
      await new Promise<void>(r => server.close(() => r()))
    }
  })
})

describe('a client keeps assumed-role credentials', () => {
  const HOP = 'arn:aws:iam::222222222222:role/invoker'
  let sts: FakeSts
  let gw2: FakeGateway
  let savedEndpoint: string | undefined
  beforeAll(async () => {
    const store = new CredentialStore()
    store.add(ALICE.accessKeyId, {
      secretAccessKey: ALICE.secretAccessKey,
      principalArn: ALICE.arn,
      userId: 'AIDAALICE',
    })
    sts = await startFakeSts({ credentials: store, roles: [{ arn: HOP, trustedPrincipals: [ALICE.arn] }] })
    gw2 = await startFakeGateway({ apis: [{ id: API, account: '222222222222' }], credentials: store })
    // The SDK's own endpoint variable: the library's STS client honours it like the CLI's.
    savedEndpoint = process.env.AWS_ENDPOINT_URL_STS
    process.env.AWS_ENDPOINT_URL_STS = sts.endpoint
  })
  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_STS
    else process.env.AWS_ENDPOINT_URL_STS = savedEndpoint
    await gw2?.close()
    await sts?.close()
  })
  it('assumes the role once for two requests, and signs as it', async () => {
    const request = lib.createSignedRequest({
      credentials: { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey },
      roleArn: HOP,
      roleSessionName: 'warm',
      ca: gw2.caPem,
      connectTo: [`::127.0.0.1:${gw2.port}`],
    })
    const before = sts.calls.filter(c => c.action === 'AssumeRole').length
    for (const path of ['/prod/a', '/prod/b']) {
      const res = await request(`https://${PRIVATE}${path}`)
      expect(res.json()).toMatchObject({ principal: 'arn:aws:sts::222222222222:assumed-role/invoker/warm' })
    }
    expect(sts.calls.filter(c => c.action === 'AssumeRole').length).toBe(before + 1)
    request.close()
  })
})

describe('a consumer bundles the library', () => {
  // A Lambda is often built with esbuild into one ESM file. Bundled CommonJS code that calls
  // require('node:…') fails there ("Dynamic require … is not supported"): the library must
  // not contain any (scripts/build.mjs builds it as ESM with a require shim).
  it.each(['esm', 'cjs'] as const)('into one %s file, which loads and works', async format => {
    const dir = tempFiles({
      'handler.mjs': `import { signedRequest, PvapiError } from ${JSON.stringify(join(REPO, 'dist/lib.js'))}\nimport { evaluatePolicy } from ${JSON.stringify(join(REPO, 'dist/policy.js'))}\nexport const handler = async () => {\n  try { await signedRequest('ftp://x/', { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }) } catch (e) { return [typeof evaluatePolicy, e instanceof PvapiError, e.exitCode].join(' ') }\n}\n`,
    })
    const outfile = join(dir, format === 'esm' ? 'bundle.mjs' : 'bundle.cjs')
    const built = await build({
      entryPoints: [join(dir, 'handler.mjs')],
      bundle: true,
      platform: 'node',
      format,
      target: 'node20',
      outfile,
      logLevel: 'silent',
    }).catch((e: Error) => e)
    expect(built).not.toBeInstanceOf(Error)
    const { stdout } = await run(process.execPath, [
      '-e',
      `import(${JSON.stringify(pathToFileURL(outfile).href)}).then(async (m) => console.log(await (m.handler ?? m.default.handler)()))`,
    ])
    expect(stdout.trim()).toBe('function true 2')
  })
})

describe('the library stays light', () => {
  it('nothing dist/lib.js can load contains commander, chalk or ora', () => {
    const metaFile = join(REPO, '.bundle-meta-lib.json')
    expect(existsSync(metaFile)).toBe(true)
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as {
      outputs: Record<string, { imports: Array<{ path: string }>; inputs: Record<string, unknown> }>
    }
    const key = (p: string) => Object.keys(meta.outputs).find(k => k.endsWith(`/${p.replace(/^.*\//, '')}`))!
    const seen = new Set<string>()
    const queue = [key('lib.js')]
    while (queue.length > 0) {
      const k = queue.pop()!
      if (seen.has(k)) continue
      seen.add(k)
      for (const imp of meta.outputs[k]?.imports ?? [])
        if (!imp.path.startsWith('node:') && key(imp.path)) queue.push(key(imp.path))
    }
    const inputs = [...seen].flatMap(k => Object.keys(meta.outputs[k]?.inputs ?? {}))
    expect(inputs.some(i => i.includes('src/lib/'))).toBe(true)
    expect(inputs.filter(i => /node_modules\/(commander|chalk|ora)\//.test(i))).toEqual([])
  })
})
