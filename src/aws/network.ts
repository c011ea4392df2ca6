import type { Agent } from 'node:http'
import type { ProxySettings } from '../http/proxy-env.js'

/**
 * How every AWS client of this process reaches AWS: through the proxy that HTTPS_PROXY /
 * HTTP_PROXY / NO_PROXY (or call's -x/--noproxy) name, and trusting the CA bundle that
 * AWS_CA_BUNDLE / the profile's ca_bundle / CURL_CA_BUNDLE / SSL_CERT_FILE name. Set once by
 * the CLI (or the library) before the first AWS call; SDK clients, the credential providers'
 * own STS/SSO clients and the doctor's JSON-RPC reads all take their agents from here.
 */
export interface AwsNetworkInput {
  /** Only when some proxy is configured: the proxy code is loaded only then. */
  readonly proxy?: ProxySettings
  /** PEM of an https:// proxy's CA (--proxy-cacert). */
  readonly proxyCa?: string | Buffer
  /** PEM CA bundle that replaces the system store for AWS endpoints. */
  readonly ca?: string | Buffer
}

type AgentFactory = (protocol: 'https:' | 'http:') => Agent | undefined
let factory: AgentFactory = () => undefined

export async function configureAwsNetwork(input: AwsNetworkInput): Promise<void> {
  const ca = input.ca
  if (input.proxy) {
    const settings = input.proxy
    const [{ chooseProxy }, { TunnelAgent, ForwardAgent }] = await Promise.all([
      import('../http/proxy-env.js'),
      import('../http/proxy.js'),
    ])
    const route = (protocol: 'https:' | 'http:') => (host: string, port: number) =>
      chooseProxy(settings, protocol, host, port).proxy
    factory = protocol =>
      protocol === 'https:'
        ? new TunnelAgent({
            route: route('https:'),
            ...(input.proxyCa ? { proxyCa: input.proxyCa } : {}),
            ...(ca ? { targetTls: { ca } } : {}),
            connectTimeoutMs: 5000,
          })
        : new ForwardAgent({ route: route('http:'), ...(input.proxyCa ? { proxyCa: input.proxyCa } : {}) })
    return
  }
  if (ca) {
    const { Agent: HttpsAgent } = await import('node:https')
    factory = protocol => (protocol === 'https:' ? new HttpsAgent({ ca }) : undefined)
    return
  }
  factory = () => undefined
}

/**
 * The SDK's requestHandler settings: bounded timeouts plus this process's agents. Fresh agents
 * per client: an SDK client destroys its agents when it is destroyed, and the doctor's
 * clients run concurrently.
 */
export function requestHandler(connectionTimeout: number, requestTimeout: number) {
  const httpsAgent = factory('https:')
  const httpAgent = factory('http:')
  return {
    connectionTimeout,
    requestTimeout,
    ...(httpsAgent ? { httpsAgent } : {}),
    ...(httpAgent ? { httpAgent } : {}),
  }
}

/** An agent for a hand-written request (the doctor's JSON-RPC reads), or undefined for the default. */
export const agentFor = (protocol: string): Agent | undefined =>
  factory(protocol === 'http:' ? 'http:' : 'https:')
