/**
 * A local HTTPS stand-in for a private API Gateway REST API behind an interface VPC endpoint.
 *
 *   const gw = await startFakeGateway({ apis: [{ id: 'a1b2c3d4e5' }], credentials })
 *   // connect to gw.host:gw.port with SNI + Host `a1b2c3d4e5.execute-api.us-east-1.amazonaws.com`
 *   await gw.close()
 *
 * Per request, in API Gateway's order: route the Host (and `x-apigw-api-id`) to an API →
 * stage / resource / method → SigV4 on AWS_IAM methods → resource policy → handler. Every
 * response has `x-amzn-RequestId`, a `Date` from the (skewable) server clock and
 * `content-type: application/json`; errors add `x-amzn-ErrorType`. Everything the server saw
 * is kept in `requests` for assertions (SNI, Host, raw target, headers, body, client cert).
 *
 * Several listening addresses on one port (`listen: [{ address: '127.0.0.2', vpceId: … }]`)
 * stand for the endpoint's ENIs; each can claim a different source VPCE. Linux routes all
 * of 127/8 to lo, so no set-up is needed.
 */
import { randomUUID, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { subjectLine } from './cert-subject.js'
import { CredentialStore } from './credential-store.js'
import { createTestPki, type CertAndKey } from './test-ca.js'
import { headerValue, sha256Hex, splitTarget, parseQuery } from './sigv4-canonical.js'
import { pairsFromRawHeaders, verifySigV4, type VerifyResult } from './sigv4-verify.js'
import {
  accessDeniedMessage,
  DEFAULT_ROUTES,
  DEFAULT_VPCE_ID,
  domainArn,
  evaluatePolicy,
  executeApiArn,
  matchBasePath,
  matchRoute,
  resolveHost,
  splitStage,
  type AddressedTarget,
  type FakeApi,
  type FakeCustomDomain,
  type RouteContext,
  type RouteResponse,
} from './gateway-model.js'
import {
  accessDenied,
  forbidden,
  missingAuthenticationToken,
  signatureError,
  type GatewayError,
} from './gateway-responses.js'

export interface ListenAddress {
  readonly address: string
  /** The VPCE requests arriving on this address "came through" (aws:SourceVpce). */
  readonly vpceId?: string
  /**
   * The endpoint has a custom (non-default) VPC endpoint policy. AWS then evaluates the
   * Authorization header even on NONE methods: a non-SigV4 value (an app's Bearer token) gets
   * 403 IncompleteSignatureException / InvalidSignatureException (field guide §1.2).
   * @default false
   */
  readonly customEndpointPolicy?: boolean
}

export interface MtlsOptions {
  /** Roots trusted for client certificates (PEM). */
  readonly caPem: string
  /**
   * What a client without a valid certificate gets:
   * - `tls-alert` (default): the handshake is refused (`rejectUnauthorized`); the client sees
   *   a TLS alert / reset, never an HTTP status. This is NGINX with `ssl_verify_client on`
   *   *and* a TLS-terminating NLB in front, and what a strict endpoint service does.
   * - `nginx-400`: NGINX's own answer with `ssl_verify_client on`: HTTP 400, HTML body
   *   "No required SSL certificate was sent" (or "The SSL certificate error").
   * - `http-403`: `ssl_verify_client optional` plus `return 403` (JSON `{"message":"Forbidden"}`).
   */
  readonly onMissingCert?: 'tls-alert' | 'nginx-400' | 'http-403'
}

export interface FakeGatewayOptions {
  readonly apis: readonly FakeApi[]
  readonly customDomains?: readonly FakeCustomDomain[]
  /** Share one store with the fake STS. @default a new empty store */
  readonly credentials?: CredentialStore
  /** @default [{ address: '127.0.0.1' }] */
  readonly listen?: readonly ListenAddress[]
  /** Source VPCE for addresses that do not name one. @default 'vpce-0123456789abcdef0' */
  readonly defaultVpceId?: string
  /** @default 0 (ephemeral; the same port on every address) */
  readonly port?: number
  /** Extra SAN DNS names for the server certificate. */
  readonly extraDnsNames?: readonly string[]
  /** Replace the certificate entirely (e.g. an expired one). */
  readonly certificate?: CertAndKey
  readonly mtls?: MtlsOptions
  /** Initial server clock offset. @default 0 */
  readonly clockOffsetMs?: number
  /** See VerifyOptions.requireSignedSessionToken. @default true */
  readonly requireSignedSessionToken?: boolean
}

/** One request as the fake saw it. */
export interface SeenRequest {
  readonly at: Date
  readonly localAddress: string
  readonly remoteAddress: string
  /** TLS SNI the client sent (`false` when none). */
  readonly servername: string | false
  readonly host: string | undefined
  readonly apiIdHeader: string | undefined
  readonly method: string
  /** Request target exactly as received (`req.url`). */
  readonly url: string
  /** Flat `[name, value, …]` as received. */
  readonly rawHeaders: readonly string[]
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly body: Buffer
  readonly tlsProtocol: string | null
  /** Subject of the client certificate (mTLS), e.g. `CN=alice`. */
  readonly clientCertSubject?: string
  readonly clientCertAuthorized?: boolean
  readonly sourceVpce: string
  /** How the Host was understood. */
  readonly target?: AddressedTarget
  /** Set when SigV4 was checked (AWS_IAM methods). */
  readonly verification?: VerifyResult
  /** What the fake answered. */
  readonly status: number
  readonly errorType?: string
}

export interface FakeGateway {
  /** The first listening address (`127.0.0.1` unless `listen` says otherwise). */
  readonly host: string
  readonly port: number
  /** Every address listened on, in `listen` order. */
  readonly addresses: readonly string[]
  /** The root that signed the server certificate: pass as `ca`/`--cacert`. */
  readonly caPem: string
  readonly credentials: CredentialStore
  readonly requests: SeenRequest[]
  /** TLS handshakes completed so far (a keep-alive client reuses one for many requests). */
  readonly tlsSessions: () => number
  /** `https://{hostname}:{port}{path}` */
  url(hostname: string, path?: string): string
  /** Skew the server clock (Date header and the ±5 min signature check). */
  setClockOffsetMs(ms: number): void
  /** The server's current time. */
  now(): Date
  /** Replace an API's definition at runtime (e.g. a new resource policy). */
  updateApi(id: string, patch: Partial<Omit<FakeApi, 'id'>>): void
  clearRequests(): void
  close(): Promise<void>
}

/** SANs every fake gateway certificate carries (wildcards cover one label: any API id / vpce name). */
export const GATEWAY_DNS_NAMES = [
  '*.execute-api.us-east-1.amazonaws.com',
  '*.execute-api.us-east-1.vpce.amazonaws.com',
  '*.execute-api.eu-west-1.amazonaws.com',
  '*.execute-api.eu-west-1.vpce.amazonaws.com',
  'localhost',
] as const

export async function startFakeGateway(opts: FakeGatewayOptions): Promise<FakeGateway> {
  const pki = await createTestPki()
  const listen = opts.listen && opts.listen.length > 0 ? opts.listen : [{ address: '127.0.0.1' }]
  const apis = [...opts.apis]
  const domains = opts.customDomains ?? []
  const credentials = opts.credentials ?? new CredentialStore()
  const requests: SeenRequest[] = []
  let clockOffsetMs = opts.clockOffsetMs ?? 0
  const now = () => new Date(Date.now() + clockOffsetMs)

  const certificate =
    opts.certificate ??
    (await pki.issueServerCert({
      cn: 'fake API Gateway',
      dnsNames: [...GATEWAY_DNS_NAMES, ...domains.map(d => d.name), ...(opts.extraDnsNames ?? [])],
      ipAddresses: [...new Set(['127.0.0.1', ...listen.map(l => l.address)])],
    }))

  const sockets = new Set<Socket>()
  let tlsSessions = 0
  const pending = new Set<NodeJS.Timeout>()

  const handle =
    (vpceId: string, customEndpointPolicy: boolean) => (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        void respond(req, res, body, vpceId, customEndpointPolicy).catch((err: unknown) => {
          if (!res.headersSent)
            send(res, {
              status: 500,
              errorType: 'InternalServerErrorException',
              body: JSON.stringify({ message: `fake gateway bug: ${String(err)}` }),
            })
        })
      })
    }

  const respond = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    sourceVpce: string,
    customEndpointPolicy: boolean,
  ): Promise<void> => {
    const socket = req.socket as TLSSocket
    const headers = pairsFromRawHeaders(req.rawHeaders)
    // Raw non-ASCII bytes in the target never get here: node answers a bare 400 first.
    const url = req.url ?? '/'
    const host = headerValue(headers, 'host')
    const apiIdHeader = headerValue(headers, 'x-apigw-api-id')
    const peer = socket.getPeerCertificate?.()
    const base = {
      at: now(),
      localAddress: socket.localAddress ?? '',
      remoteAddress: socket.remoteAddress ?? '',
      servername: socket.servername ?? false,
      host,
      apiIdHeader,
      method: req.method ?? 'GET',
      url,
      rawHeaders: req.rawHeaders,
      headers,
      body,
      tlsProtocol: socket.getProtocol?.() ?? null,
      clientCertSubject: peer && Object.keys(peer).length > 0 ? subjectLine(peer.subject) : undefined,
      clientCertAuthorized: opts.mtls ? socket.authorized : undefined,
      sourceVpce,
    }
    const finish = (r: {
      status: number
      errorType?: string
      target?: AddressedTarget
      verification?: VerifyResult
    }) => requests.push({ ...base, ...r })
    const fail = (e: GatewayError, extra: { target?: AddressedTarget; verification?: VerifyResult } = {}) => {
      finish({ status: e.status, errorType: e.errorType, ...extra })
      send(res, e)
    }

    // mTLS in HTTP mode: the endpoint service (NGINX) answers before API Gateway is involved.
    if (
      opts.mtls &&
      !socket.authorized &&
      (opts.mtls.onMissingCert === 'nginx-400' || opts.mtls.onMissingCert === 'http-403')
    ) {
      if (opts.mtls.onMissingCert === 'http-403') return fail(forbidden)
      const title = base.clientCertSubject
        ? '400 The SSL certificate error'
        : '400 No required SSL certificate was sent'
      finish({ status: 400 })
      res.writeHead(400, { 'content-type': 'text/html', date: now().toUTCString(), server: 'nginx' })
      res.end(
        `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>${title.slice(4)}</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      )
      return
    }

    // 1. Which API (and, for custom domains, which stage and base path)?
    let target = resolveHost(host, apiIdHeader, { apis, domains })
    if (!target.ok) return fail(forbidden, { target })
    const { path, query } = splitTarget(url)
    let api: FakeApi
    let stage: string
    let resourcePathActual: string
    if (target.form === 'custom-domain' && target.domain) {
      const domain = target.domain
      if (domain.accessAssociations && !domain.accessAssociations.includes(sourceVpce)) {
        return fail(forbidden, {
          target: {
            ok: false,
            form: 'custom-domain',
            why: `no domain name access association for ${sourceVpce}`,
          },
        })
      }
      const domainDecision = evaluatePolicy(domain.policy, { sourceVpce })
      if (domainDecision !== 'allow')
        return fail(accessDenied(accessDeniedMessage(undefined, domainArn(domain), domainDecision)), {
          target,
        })
      const mapping = matchBasePath(domain, path)
      const mapped = mapping && apis.find(a => a.id === mapping.apiId)
      if (!mapping || !mapped)
        return fail(forbidden, { target: { ok: false, form: 'custom-domain', why: 'no base path mapping' } })
      api = mapped
      stage = mapping.stage
      resourcePathActual = mapping.rest
      target = { ...target, api, stage, basePath: mapping.basePath }
    } else {
      api = target.api
      ;({ stage, rest: resourcePathActual } = splitStage(path))
    }
    // VPC endpoints only route to PRIVATE APIs; a regional/edge API answers Forbidden.
    if ((api.endpointType ?? 'PRIVATE') !== 'PRIVATE') return fail(forbidden, { target })

    // 2. Stage, resource and method. A miss looks exactly like an unsigned request.
    const method = (req.method ?? 'GET').toUpperCase()
    const match = (api.stages ?? ['prod']).includes(stage)
      ? matchRoute(api.routes ?? DEFAULT_ROUTES, stage, method, resourcePathActual)
      : undefined
    if (!match) {
      // With an Authorization header that is not SigV4 (a Bearer token, say), the miss is
      // reported as IncompleteSignatureException instead (aws/chalice#828).
      const v = headerValue(headers, 'authorization') !== undefined ? verify() : undefined
      if (v && !v.ok && (v.reason === 'malformed' || v.reason === 'unsupported-algorithm'))
        return fail(signatureError(v.errorType, v.message), { target, verification: v })
      return fail(missingAuthenticationToken, { target, verification: v })
    }

    // 3. SigV4 on AWS_IAM methods.
    let principal: string | undefined
    let verification: VerifyResult | undefined
    if ((match.route.authorizationType ?? 'AWS_IAM') === 'AWS_IAM') {
      verification = verify()
      if (!verification.ok) {
        const e =
          verification.reason === 'missing'
            ? missingAuthenticationToken
            : signatureError(verification.errorType, verification.message)
        return fail(e, { target, verification })
      }
      principal = verification.principal
    } else if (customEndpointPolicy && headerValue(headers, 'authorization') !== undefined) {
      // NONE method, but a custom endpoint policy makes AWS evaluate the header anyway.
      verification = verify()
      if (!verification.ok)
        return fail(signatureError(verification.errorType, verification.message), { target, verification })
      principal = verification.principal
    }

    // 4. Resource policy (anonymous unless SigV4 authenticated the caller).
    const decision = evaluatePolicy(api.resourcePolicy, { sourceVpce, principal })
    if (decision !== 'allow') {
      return fail(
        accessDenied(
          accessDeniedMessage(principal, executeApiArn(api, stage, method, resourcePathActual), decision),
        ),
        { target, verification },
      )
    }

    // 5. The integration.
    const ctx: RouteContext = {
      method,
      path,
      rawQuery: query,
      headers,
      body,
      apiId: api.id,
      stage,
      resourcePath: match.route.path,
      resourcePathActual,
      pathParameters: match.pathParameters,
      principal,
      sourceVpce,
      host: host ?? '',
    }
    const handler = match.route.handler ?? echo
    const out = typeof handler === 'function' ? await handler(ctx) : handler
    if (out.delayMs) await sleep(out.delayMs, pending)
    const status = out.status ?? 200
    finish({ status, errorType: out.errorType, target, verification })
    if (res.destroyed) return
    if (out.stream) return streamBody(res, status, out, out.stream)
    const payload =
      typeof out.body === 'string' || out.body instanceof Uint8Array
        ? out.body
        : JSON.stringify(out.body ?? {})
    send(res, {
      status,
      errorType: out.errorType,
      body: payload,
      headers: { 'x-amz-apigw-id': apigwId(), ...out.headers },
    })

    function verify(): VerifyResult {
      return verifySigV4(
        { method, url, headers, body },
        {
          credentials,
          region: api.region ?? 'us-east-1',
          service: 'execute-api',
          now,
          requireSignedSessionToken: opts.requireSignedSessionToken,
        },
      )
    }
  }

  const send = (
    res: ServerResponse,
    r: {
      status: number
      errorType?: string
      body: string | Uint8Array
      headers?: Readonly<Record<string, string>>
    },
  ) => {
    if (res.destroyed) return
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      date: now().toUTCString(),
      'x-amzn-RequestId': randomUUID(),
      ...(r.errorType ? { 'x-amzn-ErrorType': r.errorType } : {}),
      ...r.headers,
    }
    res.writeHead(r.status, headers)
    res.end(r.body)
  }

  /** The head now, then each part as it comes; stops when the client goes away. */
  const streamBody = async (
    res: ServerResponse,
    status: number,
    out: RouteResponse,
    parts: AsyncIterable<string | Uint8Array>,
  ): Promise<void> => {
    res.writeHead(status, {
      'content-type': 'application/json',
      date: now().toUTCString(),
      'x-amzn-RequestId': randomUUID(),
      'x-amz-apigw-id': apigwId(),
      ...(out.errorType ? { 'x-amzn-ErrorType': out.errorType } : {}),
      ...out.headers,
    })
    res.flushHeaders()
    for await (const part of parts) {
      if (res.destroyed) return
      res.write(part)
    }
    if (!res.destroyed) res.end()
  }

  const servers = await listenAll(listen, opts.port ?? 0, l => {
    const server = createServer(
      {
        cert: certificate.certPem,
        key: certificate.keyPem,
        minVersion: 'TLSv1.2', // private APIs are TLS 1.2+
        ...(opts.mtls
          ? {
              requestCert: true,
              ca: [opts.mtls.caPem],
              rejectUnauthorized: (opts.mtls.onMissingCert ?? 'tls-alert') === 'tls-alert',
            }
          : {}),
      },
      handle(l.vpceId ?? opts.defaultVpceId ?? DEFAULT_VPCE_ID, l.customEndpointPolicy ?? false),
    )
    server.on('connection', (s: Socket) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
    server.on('secureConnection', () => {
      tlsSessions++
    })
    server.on('tlsClientError', () => {}) // refused handshakes (mTLS, bad clients) are expected in tests
    return server
  })
  const port = (servers[0]!.address() as { port: number }).port

  return {
    host: listen[0]?.address ?? '127.0.0.1',
    port,
    addresses: listen.map(l => l.address),
    caPem: pki.caPem,
    credentials,
    requests,
    tlsSessions: () => tlsSessions,
    url: (hostname, path = '/') => `https://${hostname}:${port}${path}`,
    setClockOffsetMs: ms => {
      clockOffsetMs = ms
    },
    now,
    updateApi: (id, patch) => {
      const i = apis.findIndex(a => a.id === id)
      const current = apis[i]
      if (!current) throw new Error(`no API ${id}`)
      apis[i] = { ...current, ...patch }
    },
    clearRequests: () => {
      requests.length = 0
    },
    close: async () => {
      for (const t of pending) clearTimeout(t)
      await Promise.all(
        servers.map(s => new Promise<void>(r => s.close(() => r()))).concat(destroyAll(sockets)),
      )
    },
  }
}

/** The default integration: echo what arrived, with secrets redacted. */
function echo(ctx: RouteContext): RouteResponse {
  const redacted = new Set(['authorization', 'x-amz-security-token'])
  const headers: Record<string, string> = {}
  for (const [k, v] of ctx.headers) {
    const key = k.toLowerCase()
    const value = redacted.has(key) ? 'REDACTED' : v
    headers[key] = headers[key] === undefined ? value : `${headers[key]},${value}`
  }
  const query: Record<string, string[]> = {}
  for (const [k, v] of parseQuery(ctx.rawQuery)) (query[k] ??= []).push(v)
  return {
    status: 200,
    body: {
      method: ctx.method,
      path: ctx.path,
      query,
      rawQuery: ctx.rawQuery,
      headers,
      bodyBase64: ctx.body.toString('base64'),
      sha256: sha256Hex(ctx.body),
      principal: ctx.principal ?? null,
      apiId: ctx.apiId,
      stage: ctx.stage,
      resourcePath: ctx.resourcePath,
      pathParameters: ctx.pathParameters,
      sourceVpce: ctx.sourceVpce,
    },
  }
}

/** Bind every address to the same port (retrying with a new ephemeral port if one is taken). */
async function listenAll(
  listen: readonly ListenAddress[],
  port: number,
  make: (l: ListenAddress) => Server,
): Promise<Server[]> {
  for (let attempt = 0; ; attempt++) {
    const servers: Server[] = []
    try {
      let chosen = port
      for (const l of listen) {
        const server = make(l)
        servers.push(server)
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject)
          server.listen(chosen, l.address, () => {
            server.off('error', reject)
            resolve()
          })
        })
        chosen = (server.address() as { port: number }).port
      }
      return servers
    } catch (err) {
      await Promise.all(servers.map(s => new Promise<void>(r => s.close(() => r()))))
      if (port !== 0 || attempt >= 5 || (err as { code?: string }).code !== 'EADDRINUSE') throw err
    }
  }
}

async function destroyAll(sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy()
  sockets.clear()
}

function sleep(ms: number, pending: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise(resolve => {
    const t = setTimeout(() => {
      pending.delete(t)
      resolve()
    }, ms)
    pending.add(t)
  })
}

function apigwId(): string {
  return randomBytes(12).toString('base64').slice(0, 16)
}
