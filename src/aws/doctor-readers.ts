/**
 * The SDK-backed ports of the doctor. Each client module is imported lazily and all imports
 * start at once: STS and API Gateway (small) answer while EC2 (large: its schema is most of the
 * SDK's load time) is still loading. Nothing here runs for `doctor --snapshot`.
 */
import type { AwsCredentialIdentity } from '@smithy/types'
import type { DnsServer } from '../dns/resolve.js'
import type { DoctorPorts } from './collect/ports.js'

type Env = Readonly<Record<string, string | undefined>>

export interface SdkPortOptions {
  readonly region: string
  /** Account A's credentials (the caller, after any role chain). */
  readonly callerCredentials: () => Promise<AwsCredentialIdentity>
  /** Account B's credentials (`--api-profile`/`--api-role-arn`); absent = the caller's. */
  readonly apiCredentials?: () => Promise<AwsCredentialIdentity>
  readonly env: Env
  readonly dnsServer?: DnsServer
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

/** Build the SDK ports. Module loading starts immediately, in parallel. */
export function sdkPorts(o: SdkPortOptions): DoctorPorts {
  const mods = {
    sts: import('./doctor-sts.js'),
    apigw: import('./doctor-apigw.js'),
    ec2: import('./doctor-ec2.js'),
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
    callerSts: lazy(async () => (await mods.sts).stsPort(o.region, await caller())),
    ...(o.apiCredentials
      ? { apiSts: lazy(async () => (await mods.sts).stsPort(o.region, await api())) }
      : {}),
    ec2: lazy(async () => (await mods.ec2).ec2Port(o.region, await caller())),
    apigw: lazy(async () => (await mods.apigw).apigwPort(o.region, await api())),
    callerApigw: lazy(async () => (await mods.apigw).apigwPort(o.region, await caller())),
    iam: lazy(async () => (await mods.iam).iamPort(iamRegion, await caller())),
    lambda: lazy(async () => (await mods.lambda).lambdaPort(o.region, await caller())),
    apiLambda: lazy(async () => (await mods.lambda).lambdaPort(o.region, await api())),
    cloudtrail: lazy(async () => (await mods.rpc).cloudTrailPort(o.region, await api(), o.env)),
    organizations: lazy(async () => (await mods.rpc).organizationsPort(await caller(), o.env, iamRegion)),
    imds: lazy(async () => (await mods.imds).imdsPort(o.env)),
    dns: lazy(async () => {
      const { resolveHost } = await mods.dns
      return { resolve: (host: string) => resolveHost(host, o.dnsServer) }
    }),
  }
  return ports
}
