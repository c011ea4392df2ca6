import { proxyWanted } from '../http/proxy-vars.js'
import { Agent } from 'node:https'
import { parseHostMode, parseVpce, type ParsedHeader } from '../call/options.js'
import { planRequest, type RequestSettings } from '../call/plan.js'
import { signPrepared } from '../call/sign-prepared.js'
import { toWire } from '../call/wire.js'
import { PvapiError, usageError } from '../core/errors.js'
import { parseUserUrl } from '../core/target.js'
import type { Dial } from '../http/connect-rules.js'
import { parseConnectTo, parseResolve } from '../http/connect-rules.js'
import { sendRequest } from '../http/send.js'
import { libraryError, loadAws } from './errors.js'
import type { AwsCredentialIdentity, SignedRequestOptions, SignedResponse } from './types.js'

const env = (): Readonly<Record<string, string | undefined>> => process.env

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

/** Credentials this close to their expiration are fetched anew (the SDK's own margin is similar). */
const REFRESH_MS = 5 * 60_000

function headerList(h: SignedRequestOptions['headers']): ParsedHeader[] {
  if (!h) return []
  const pairs = Array.isArray(h)
    ? (h as ReadonlyArray<readonly [string, string]>)
    : Object.entries(h as Record<string, string>)
  return pairs.map(([name, value]) => ({ name, value }))
}

// HTTPS_PROXY / HTTP_PROXY / NO_PROXY as in the CLI; the proxy code loads only when one is set.
const proxyConfigured = () => proxyWanted(env())

async function resolveCredentials(o: SignedRequestOptions, region: string): Promise<AwsCredentialIdentity> {
  // The AWS clients (STS, SSO, EC2) go through the same proxy; credentials stay in memory only.
  if (proxyConfigured())
    await (await import('../aws/network.js')).configureAwsNetwork({ proxy: { env: env() } })
  let base: AwsCredentialIdentity
  if (typeof o.credentials === 'function') base = await o.credentials()
  else if (o.credentials) base = o.credentials
  else {
    // Environment keys (a Lambda function's role) need no SDK code; anything else loads the
    // SDK's chain, a real import() of the optional peer @aws-sdk/credential-providers.
    const { resolveBaseCredentials } = await import('../aws/credentials.js')
    base = (
      await loadAws(
        () => resolveBaseCredentials({ ...(o.profile ? { profile: o.profile } : {}), region, env: env() }),
        o.profile ? '`profile`' : 'the default credential chain (no keys in the environment)',
        'pass `credentials`',
      )
    ).credentials
  }
  const roles = o.roleArn === undefined ? [] : typeof o.roleArn === 'string' ? [o.roleArn] : [...o.roleArn]
  if (roles.length === 0) return base
  const { assumeRoleChain } = await import('../aws/sts.js')
  const hops = roles.map((roleArn, i) => ({
    roleArn,
    ...(i === roles.length - 1 && o.externalId ? { externalId: o.externalId } : {}),
  }))
  const chain = await loadAws(
    () =>
      assumeRoleChain(base, {
        hops,
        region,
        sessionName: o.roleSessionName ?? 'pvapi-lib',
        mfaCode: async () => {
          throw usageError(
            'PV_MFA_LIB',
            'roles that require MFA cannot be assumed by the library',
            'pass `credentials` that already carry the MFA session',
          )
        },
      }),
    '`roleArn`',
    'pass the role session as `credentials`',
  )
  return chain.credentials
}

const fresh = (c: AwsCredentialIdentity) =>
  c.expiration === undefined || c.expiration.getTime() - Date.now() > REFRESH_MS

/**
 * What lives as long as a client: keep-alive connections (one pool per dialling rule, so a
 * `resolve` pin never gets a socket opened for another address) and, when `keepCredentials`,
 * the resolved credentials and looked-up endpoint names. Created at module scope in a Lambda
 * function, it serves every warm invocation of that execution environment.
 */
export class LibClient {
  private readonly agents = new Map<string, Agent>()
  private readonly credentialCache = new Map<string, Promise<AwsCredentialIdentity>>()
  private readonly vpceCache = new Map<string, Promise<string>>()

  constructor(
    private readonly defaults: SignedRequestOptions,
    private readonly keepCredentials: boolean,
  ) {}

  async request(url: string | URL, options: SignedRequestOptions = {}): Promise<SignedResponse> {
    try {
      return await this.send(url, { ...this.defaults, ...options })
    } catch (err) {
      throw libraryError(err)
    }
  }

  /** Close idle connections (a long-lived process that is done with this client). */
  close(): void {
    for (const a of this.agents.values()) a.destroy()
    this.agents.clear()
  }

  private agentFor(protocol: string, dial: Dial): Agent | undefined {
    if (protocol !== 'https:') return undefined
    // Node keys a pool by host, port, SNI and TLS options, not by the lookup: pins need their own.
    const key = (dial.pinned ?? []).join(',')
    let agent = this.agents.get(key)
    if (!agent) {
      agent = new Agent({ keepAlive: true, scheduling: 'lifo' })
      this.agents.set(key, agent)
    }
    return agent
  }

  private cached<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    let p = map.get(key)
    if (!p) {
      p = make()
      map.set(key, p)
      p.catch(() => map.delete(key))
    }
    return p
  }

  private async credentials(o: SignedRequestOptions, region: string): Promise<AwsCredentialIdentity> {
    // A provider function does its own caching; given keys are used as they are.
    const noRoles = o.roleArn === undefined || o.roleArn.length === 0
    if (!this.keepCredentials || typeof o.credentials === 'function' || (o.credentials && noRoles))
      return resolveCredentials(o, region)
    const key = JSON.stringify([
      region,
      o.profile,
      o.roleArn,
      o.externalId,
      o.roleSessionName,
      o.credentials?.accessKeyId,
    ])
    const got = await this.cached(this.credentialCache, key, () => resolveCredentials(o, region))
    if (fresh(got)) return got
    this.credentialCache.delete(key)
    return this.cached(this.credentialCache, key, () => resolveCredentials(o, region))
  }

  private async send(url: string | URL, o: SignedRequestOptions): Promise<SignedResponse> {
    const vpce = parseVpce(o.vpce)
    const body = o.body === undefined ? undefined : { bytes: Buffer.from(o.body), json: false }
    const settings: RequestSettings = {
      url: parseUserUrl(String(url)),
      ...(o.method ? { method: o.method } : {}),
      headers: headerList(o.headers),
      data: [],
      ...(body ? { body } : {}),
      service: o.service ?? 'execute-api',
      ...(o.region ? { region: o.region } : {}),
      ...(o.profile ? { profile: o.profile } : {}),
      ...(o.apiId ? { apiId: o.apiId } : {}),
      hostMode: parseHostMode(o.hostMode),
      ...(vpce ? { vpce } : {}),
      resolve: (o.resolve ?? []).map(parseResolve),
      connectTo: (o.connectTo ?? []).map(parseConnectTo),
    }
    let creds: Promise<AwsCredentialIdentity> | undefined
    const credentialsFor = (region: string) => (creds ??= this.credentials(o, region))
    const plan = await planRequest(
      settings,
      {
        env: env(),
        readers: {
          readFile: () => Promise.reject(usageError('PV_LIB_BODY', 'pass the body as bytes in `body`')),
          readStdin: () => Promise.reject(usageError('PV_LIB_BODY', 'pass the body as bytes in `body`')),
        },
        async configRegion(profile) {
          const { resolveRegion } = await import('../aws/region.js')
          return resolveRegion({ ...(profile ? { profile } : {}), env: env() })
        },
        vpceHostname: (vpceId, region) => {
          const lookup = async () => {
            const { lookupVpceHostname } = await import('../aws/vpce-lookup.js')
            const credentials = await credentialsFor(region)
            return loadAws(
              () => lookupVpceHostname(vpceId, region, credentials),
              'a `vpce` given by id',
              'pass the endpoint DNS name in `vpce`',
            )
          }
          // The id → name answer does not change: a client looks it up once.
          return this.keepCredentials ? this.cached(this.vpceCache, `${vpceId}@${region}`, lookup) : lookup()
        },
      },
      !o.unsigned,
    )
    const region = plan.region as string
    const signed = await signPrepared(
      plan.prepared,
      o.unsigned
        ? undefined
        : {
            service: settings.service,
            region,
            credentials: await credentialsFor(region),
            signingDate: new Date(),
          },
    )
    const p = plan.prepared
    // Through a proxy: a CONNECT tunnel agent for this dial (NO_PROXY may exempt it); else the pool.
    const tunnel = proxyConfigured()
      ? (await import('../http/proxy.js')).agentForDial({
          settings: { env: env() },
          protocol: p.protocol,
          urlHost: settings.url.hostname,
          dial: plan.dial,
          ...(o.connectTimeoutMs ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
        }).agent
      : undefined
    const agent = tunnel ?? this.agentFor(p.protocol, plan.dial)
    const wire = toWire(p, plan.dial, signed.headers, {
      tls: {
        ...(o.ca ? { ca: Buffer.from(o.ca) } : {}),
        ...(o.cert ? { cert: Buffer.from(o.cert) } : {}),
        ...(o.key ? { key: Buffer.from(o.key) } : {}),
      },
      ...(o.connectTimeoutMs ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      maxTimeMs: o.timeoutMs ?? 30_000,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(agent ? { agent } : {}),
    })
    // A pooled connection may have been closed by the server while the process was idle (a
    // Lambda environment frozen between invocations): the request then dies before any byte of
    // an answer. Node's advice: retry once on a new connection, for idempotent methods only.
    const mayReuse = agent !== undefined && Object.keys(agent.freeSockets).length > 0
    const res = await sendRequest(wire).catch((err: unknown) => {
      const stale =
        mayReuse &&
        err instanceof PvapiError &&
        err.code === 'PV_EMPTY_REPLY' &&
        IDEMPOTENT.has(p.method.toUpperCase()) &&
        !o.signal?.aborted
      if (!stale) throw err
      for (const list of Object.values(agent.freeSockets)) for (const sock of list ?? []) sock.destroy()
      return sendRequest(wire)
    })
    return {
      status: res.status,
      statusText: res.statusMessage,
      headers: res.headers,
      body: res.body,
      ...(res.remoteAddress ? { remoteAddress: res.remoteAddress } : {}),
      text: () => res.body.toString('utf8'),
      json: <T>() => JSON.parse(res.body.toString('utf8')) as T,
    }
  }
}
