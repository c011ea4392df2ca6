/**
 * The SDK-backed ports of the doctor. Each client module is imported lazily: STS and API Gateway
 * (small) are sent before EC2 (large: its schema is most of the SDK's load time) loads, so EC2
 * loads while they are in flight. Nothing here runs for `doctor --snapshot`.
 */
import type { AwsCredentialIdentity } from '@smithy/types'
import type { DnsServer } from '../dns/resolve.js'
import type { DoctorPorts } from './collect/ports.js'
import type { DoctorLimits } from './doctor-client-config.js'

type Env = Readonly<Record<string, string | undefined>>

export interface SdkPortOptions {
  readonly region: string
  /** Account A's credentials (the caller, after any role chain). */
  readonly callerCredentials: () => Promise<AwsCredentialIdentity>
  /** Account B's credentials (`--api-profile`/`--api-role-arn`); absent = the caller's. */
  readonly apiCredentials?: () => Promise<AwsCredentialIdentity>
  readonly env: Env
  readonly dnsServer?: DnsServer
  /** Per-request bounds and the run's signal (deadline, Ctrl-C). */
  readonly limits?: DoctorLimits
}

/** A port whose methods wait for the module and credentials, then forward the call. */
function lazy<T extends object>(make: () => Promise<T>): T {
  let made: Promise<T> | undefined
  return new Proxy({} as T, {
    get(_target, key) {
      return async (...args: unknown[]) => {
        made ??= make()
        const port = (await made) as Record<string | symbol, (...a: unknown[]) => unknown>
        return port[key]!(...args)
      }
    },
  })
}

/** Build the SDK ports. Module loading starts immediately; EC2's two turns of the event loop later. */
export function sdkPorts(o: SdkPortOptions): DoctorPorts {
  // In the CommonJS bundle an import() is a require() in a microtask: loading runs on the thread
  // and nothing is sent until it ends. EC2's client is the largest (about as long to load as all
  // the others): it loads two turns later, after the first requests (STS, API Gateway, the JSON
  // RPCs) have gone out, so it loads while they are in flight rather than before they are sent.
  // STS heads the critical path (identity → role policies → their documents); EC2's reads are
  // two round trips deep, so starting them a load later does not lengthen the run.
  // Two turns: the first lets the requests be created, the second's poll phase connects their
  // sockets and writes them.
  const turn = () => new Promise<void>(resolve => setImmediate(resolve))
  const afterFirstRequests = () => turn().then(turn)
  const mods = {
    sts: import('./doctor-sts.js'),
    apigw: import('./doctor-apigw.js'),
    ec2: afterFirstRequests().then(() => import('./doctor-ec2.js')),
    iam: import('./doctor-iam.js'),
    lambda: import('./doctor-lambda.js'),
    rpc: import('./doctor-json-rpc.js'),
    imds: import('./doctor-imds.js'),
    dns: import('../dns/resolve.js'),
  }
  // A failed import would otherwise be an unhandled rejection before any port awaits it.
  for (const m of Object.values(mods)) m.catch(() => undefined)
  const caller = o.callerCredentials
  const api = o.apiCredentials ?? o.callerCredentials
  const iamRegion = o.region.startsWith('cn-')
    ? 'cn-north-1'
    : o.region.startsWith('us-gov-')
      ? 'us-gov-west-1'
      : 'us-east-1'
  const ports: DoctorPorts = {
    callerSts: lazy(async () => (await mods.sts).stsPort(o.region, await caller(), o.limits)),
    ...(o.apiCredentials
      ? { apiSts: lazy(async () => (await mods.sts).stsPort(o.region, await api(), o.limits)) }
      : {}),
    ec2: lazy(async () => (await mods.ec2).ec2Port(o.region, await caller(), o.limits)),
    apigw: lazy(async () => (await mods.apigw).apigwPort(o.region, await api(), o.limits)),
    callerApigw: lazy(async () => (await mods.apigw).apigwPort(o.region, await caller(), o.limits)),
    iam: lazy(async () => (await mods.iam).iamPort(iamRegion, await caller(), o.limits)),
    lambda: lazy(async () => (await mods.lambda).lambdaPort(o.region, await caller(), o.limits)),
    apiLambda: lazy(async () => (await mods.lambda).lambdaPort(o.region, await api(), o.limits)),
    cloudtrail: lazy(async () => (await mods.rpc).cloudTrailPort(o.region, await api(), o.env, o.limits)),
    organizations: lazy(async () =>
      (await mods.rpc).organizationsPort(await caller(), o.env, iamRegion, o.limits),
    ),
    imds: lazy(async () => (await mods.imds).imdsPort(o.env, 2000, o.limits?.signal)),
    dns: lazy(async () => {
      const { resolveHost } = await mods.dns
      const server = o.dnsServer ? `${o.dnsServer.host}:${o.dnsServer.port}` : 'the system resolver'
      return {
        // Errors name the server that did not answer (collect/attempt.ts reports it as the cause).
        resolve: async (host: string) => {
          // The resolver retries and then asks for AAAA too: bound the whole lookup like any
          // other request, so a DNS server that never answers costs one read timeout.
          const bound = o.limits ? o.limits.connectTimeoutMs + o.limits.readTimeoutMs : 13000
          let timer: NodeJS.Timeout | undefined
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(Object.assign(new Error(`no DNS answer within ${bound} ms`), { code: 'ETIMEOUT' })),
              bound,
            )
            timer.unref()
          })
          try {
            return await Promise.race([resolveHost(host, o.dnsServer), timeout])
          } catch (err) {
            throw Object.assign(err instanceof Error ? err : new Error(String(err)), {
              $pvapiEndpoint: server,
              $pvapiDns: true,
            })
          } finally {
            clearTimeout(timer)
          }
        },
      }
    }),
  }
  return ports
}
