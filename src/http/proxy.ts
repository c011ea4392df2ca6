import type { ClientRequest } from 'node:http'
import http from 'node:http'
import https from 'node:https'
import { connect as netConnect, isIP, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import type { Dial } from './connect-rules.js'
import { chooseProxy, redactProxy, type ProxySettings } from './proxy-env.js'
import { transportError } from './transport-error.js'

/**
 * Hand-written CONNECT tunnelling rather than a proxy-agent package: `call` must keep the
 * TLS server name, certificate check, Host and signature exactly as without a proxy, time
 * each phase for -v/-w, map each failure to curl's exit code (5 proxy name, 7 refused, 56
 * tunnel refused, 35 TLS), bound every wait, and tunnel to the address --resolve pins. The
 * packages (https-proxy-agent + agent-base + debug) do none of those and would add a
 * dependency chain for ~150 lines.
 */

export interface TunnelInfo {
  /** performance.now() when the tunnel was open (TCP + CONNECT answered) and when TLS finished. */
  readonly connectedAt: number
  readonly secureAt?: number
  /** The proxy's address as connected to. */
  readonly proxyAddress?: string
  readonly proxyPort?: number
}

/**
 * Set on a socket that went through a proxy: send.ts reads the timings and the proxy's
 * address from it without importing this module (a call without a proxy never loads it).
 */
export const TUNNEL = Symbol.for('pvapi.tunnel')

export interface ProxyAgentOptions {
  /** The proxy for a target, or undefined to go direct (NO_PROXY decides per host). */
  readonly route: (host: string, port: number) => URL | undefined
  /** CA bundle for an https:// proxy's own certificate (--proxy-cacert); default: the system store. */
  readonly proxyCa?: string | Buffer
  /** Bound on TCP + proxy TLS + CONNECT (default 10 s): an unanswering proxy must not hang pvapi. */
  readonly connectTimeoutMs?: number
  /** Tunnel to this address instead of the host name (call: --resolve pins an ENI address). */
  readonly tunnelHost?: (host: string, port: number) => string
  readonly keepAlive?: boolean
  readonly maxSockets?: number
  /** TLS options for the target (an SDK client's CA bundle); a request's own options win. */
  readonly targetTls?: ConnectionOptions
  /** curl -4/-6 with a proxy: the proxy's own name is resolved in this family (as curl does). */
  readonly family?: 4 | 6
}

const defaultPort = (u: URL) => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80)
const hostPort = (host: string, port: number) => `${isIP(host) === 6 ? `[${host}]` : host}:${port}`

function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined
  const user = decodeURIComponent(proxy.username)
  const pass = decodeURIComponent(proxy.password)
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
}

/** Open a TCP (or TLS, for an https:// proxy) connection to the proxy, bounded. */
function connectProxy(proxy: URL, o: ProxyAgentOptions): Promise<Socket> {
  const host = proxy.hostname.replace(/^\[|\]$/g, '')
  const port = defaultPort(proxy)
  const shown = redactProxy(proxy.href.replace(/\/$/, ''))
  return new Promise((resolve, reject) => {
    const socket: Socket =
      proxy.protocol === 'https:'
        ? tlsConnect({
            host,
            port,
            servername: isIP(host) === 0 ? host : '',
            minVersion: 'TLSv1.2',
            ALPNProtocols: ['http/1.1'],
            ...(o.proxyCa ? { ca: o.proxyCa } : {}),
            ...(o.family ? { family: o.family } : {}),
          })
        : netConnect({ host, port, ...(o.family ? { family: o.family } : {}) })
    const ms = o.connectTimeoutMs ?? 10_000
    const timer = setTimeout(() => {
      socket.destroy()
      reject(
        new PvapiError(
          'PV_PROXY_TIMEOUT',
          `timed out after ${ms} ms connecting to proxy ${shown}`,
          ExitCode.Timeout,
          'check the proxy address and port (HTTPS_PROXY / -x)',
        ),
      )
    }, ms)
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer)
      socket.removeAllListeners('error')
      resolve(socket)
    })
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(proxyError(err, shown, proxy.protocol === 'https:'))
    })
  })
}

function proxyError(err: NodeJS.ErrnoException, shown: string, tls: boolean): PvapiError {
  const code = err.code ?? ''
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL')
    return new PvapiError(
      'PV_PROXY_DNS',
      `could not resolve proxy ${shown}`,
      ExitCode.ProxyDns,
      'check the host name in HTTPS_PROXY / -x',
      {
        cause: err,
      },
    )
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new PvapiError(
      'PV_PROXY_CONNECT',
      `could not connect to proxy ${shown} (${code === 'ECONNREFUSED' ? 'connection refused' : 'unreachable'})`,
      ExitCode.Connect,
      'check the proxy address and port (HTTPS_PROXY / -x)',
      { cause: err },
    )
  if (tls)
    return new PvapiError(
      'PV_PROXY_TLS',
      `TLS handshake with proxy ${shown} failed: ${err.message}`,
      ExitCode.Tls,
      'a proxy with its own CA needs --proxy-cacert FILE (or an http:// proxy URL if it speaks plain HTTP)',
      { cause: err },
    )
  return new PvapiError('PV_PROXY', `proxy ${shown}: ${err.message}`, ExitCode.Recv, undefined, {
    cause: err,
  })
}

/**
 * Ask the proxy for a tunnel to host:port (HTTP CONNECT). Resolves with the raw socket once
 * the proxy answers 2xx; a refusal is curl's 56 with the proxy's status in the message.
 */
export async function openTunnel(
  proxy: URL,
  host: string,
  port: number,
  o: ProxyAgentOptions,
): Promise<Socket> {
  const shown = redactProxy(proxy.href.replace(/\/$/, ''))
  const socket = await connectProxy(proxy, o)
  const auth = proxyAuthorization(proxy)
  const target = hostPort(host, port)
  socket.write(
    `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`,
  )
  const ms = o.connectTimeoutMs ?? 10_000
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0)
    const done = (err?: PvapiError) => {
      clearTimeout(timer)
      socket.removeListener('data', onData)
      socket.removeListener('error', onError)
      socket.removeListener('end', onEnd)
      if (err) {
        socket.destroy()
        reject(err)
      }
    }
    const timer = setTimeout(
      () =>
        done(
          new PvapiError(
            'PV_PROXY_TIMEOUT',
            `proxy ${shown} did not answer CONNECT ${target} within ${ms} ms`,
            ExitCode.Timeout,
          ),
        ),
      ms,
    )
    const onError = (err: NodeJS.ErrnoException) => done(proxyError(err, shown, false))
    const onEnd = () =>
      done(
        new PvapiError(
          'PV_PROXY_EMPTY',
          `proxy ${shown} closed the connection instead of answering CONNECT ${target}`,
          ExitCode.Recv,
        ),
      )
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk])
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) {
        if (buf.length > 16 * 1024)
          done(new PvapiError('PV_PROXY', `proxy ${shown} sent a CONNECT answer over 16 KB`, ExitCode.Recv))
        return
      }
      const statusLine = buf.subarray(0, buf.indexOf('\r\n')).toString('latin1')
      const m = /^HTTP\/1\.[01] (\d{3})\s*(.*)$/.exec(statusLine)
      const status = m ? Number(m[1]) : 0
      if (status >= 200 && status < 300) {
        done()
        const rest = buf.subarray(end + 4)
        if (rest.length > 0) socket.unshift(rest)
        return resolve(socket)
      }
      const reason = m ? `HTTP ${status}${m[2] ? ` ${m[2]}` : ''}` : 'an answer that is not HTTP'
      done(
        new PvapiError(
          status === 407 ? 'PV_PROXY_AUTH' : 'PV_PROXY_REFUSED',
          `proxy ${shown} refused the tunnel to ${target}: ${reason.replace(/[^\x20-\x7e]/g, '?')}`,
          ExitCode.Recv,
          status === 407
            ? auth
              ? 'the proxy rejected the user name or password in the proxy URL'
              : 'the proxy wants credentials: put them in the URL, -x http://USER:PASSWORD@HOST:PORT (or HTTPS_PROXY)'
            : 'the proxy does not allow CONNECT to this host or port: ask for it to be allowed, or list the host in NO_PROXY / --noproxy',
        ),
      )
    }
    socket.on('data', onData)
    socket.once('error', onError)
    socket.once('end', onEnd)
  })
}

type Callback = (err: Error | null, stream: Duplex) => void
type AgentOptions = http.ClientRequestArgs & ConnectionOptions & { host?: string; port?: number }

/**
 * An https.Agent whose connections to a proxied host are TLS sessions inside a CONNECT tunnel:
 * the request's own TLS options (servername, ca, checkServerIdentity, client certificate)
 * apply end to end, so SNI, certificate check and Host are what they are without a proxy.
 */
export class TunnelAgent extends https.Agent {
  constructor(private readonly o: ProxyAgentOptions) {
    super({ keepAlive: o.keepAlive ?? false, ...(o.maxSockets ? { maxSockets: o.maxSockets } : {}) })
  }

  override createConnection(options: AgentOptions, callback?: Callback): Socket | undefined {
    const cb = callback as Callback
    const host = String(options.host ?? 'localhost')
    const port = Number(options.port ?? 443)
    const proxy = this.o.route(host, port)
    const tlsOptions = { ...this.o.targetTls, ...options } as ConnectionOptions
    if (!proxy) return tlsConnect(tlsOptions)
    const tunnelTo = this.o.tunnelHost?.(host, port) ?? host
    openTunnel(proxy, tunnelTo, port, this.o).then(
      raw => {
        const connectedAt = performance.now()
        const servername = (options as { servername?: string }).servername
        const secure: TLSSocket = tlsConnect({
          ...tlsOptions,
          socket: raw,
          // Node defaults the server name to `host`; keep the request's choice ('' for an IP).
          ...(servername !== undefined ? { servername } : isIP(host) === 0 ? { servername: host } : {}),
        })
        const info: TunnelInfo = {
          connectedAt,
          ...(raw.remoteAddress ? { proxyAddress: raw.remoteAddress } : {}),
          ...(raw.remotePort ? { proxyPort: raw.remotePort } : {}),
        }
        secure.once('secureConnect', () => {
          Object.assign(secure, { [TUNNEL]: { ...info, secureAt: performance.now() } })
          secure.removeListener('error', onTlsError)
          cb(null, secure)
        })
        const onTlsError = (err: Error) =>
          cb(transportError(err, { host: servername || host, port, phase: 'tls' }), raw)
        secure.once('error', onTlsError)
      },
      (err: Error) => cb(err, undefined as never),
    )
    return undefined
  }
}

/**
 * An http.Agent for http:// targets: a proxied request goes to the proxy in absolute form
 * (`GET http://host/path`), the way curl and the AWS CLI send plain HTTP through a proxy.
 */
export class ForwardAgent extends http.Agent {
  constructor(private readonly o: ProxyAgentOptions) {
    super({ keepAlive: o.keepAlive ?? false })
  }

  addRequest(req: ClientRequest, options: AgentOptions): void {
    const host = String(options.host ?? 'localhost')
    const port = Number(options.port ?? 80)
    const proxy = this.o.route(host, port)
    if (proxy) {
      const r = req as ClientRequest & { path: string }
      if (!/^https?:\/\//i.test(r.path)) r.path = `http://${hostPort(host, port)}${r.path}`
      const auth = proxyAuthorization(proxy)
      if (auth && !req.getHeader('proxy-authorization')) req.setHeader('Proxy-Authorization', auth)
      const proxied = { ...options, host: proxy.hostname.replace(/^\[|\]$/g, ''), port: defaultPort(proxy) }
      if (proxy.protocol === 'https:')
        (proxied as { pvapiProxyTls?: boolean }).pvapiProxyTls = true
        // biome-ignore lint/suspicious/noExplicitAny: Node's Agent.addRequest is not in its public types.
      ;(http.Agent.prototype as any).addRequest.call(this, req, proxied)
      return
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    ;(http.Agent.prototype as any).addRequest.call(this, req, options)
  }

  override createConnection(
    options: AgentOptions & { pvapiProxyTls?: boolean },
    _callback?: Callback,
  ): Socket | undefined {
    if (!options.pvapiProxyTls) return netConnect(options as never)
    return tlsConnect({
      host: options.host,
      port: options.port,
      servername: isIP(String(options.host)) === 0 ? String(options.host) : '',
      ...(this.o.proxyCa ? { ca: this.o.proxyCa } : {}),
    } as ConnectionOptions)
  }
}

/** What `call` needs to reach one dial target through the configured proxy (or not). */
export function agentForDial(p: {
  readonly settings: ProxySettings
  readonly proxyCa?: string | Buffer
  readonly protocol: 'https:' | 'http:'
  /** The URL's host (NO_PROXY is matched against it and against the dialled host). */
  readonly urlHost: string
  readonly dial: Dial
  readonly connectTimeoutMs?: number
  readonly keepAlive?: boolean
  readonly maxSockets?: number
}): { agent?: http.Agent; lines: string[] } {
  const choice = chooseProxy(p.settings, p.protocol, p.urlHost, p.dial.port, p.dial.host)
  if (!choice.proxy) return { lines: [`* proxy: none (${choice.reason})`] }
  const proxy = choice.proxy
  // --resolve pins the address: tunnel to it (curl would CONNECT to the name and let the proxy
  // resolve it, silently dropping the pin; curl#2346). SNI, certificate name and Host stay the name.
  const pinned = p.dial.pinned?.[0]
  const tunnelTo = pinned ?? p.dial.host
  const common = {
    route: () => proxy,
    ...(p.proxyCa ? { proxyCa: p.proxyCa } : {}),
    ...(p.connectTimeoutMs ? { connectTimeoutMs: p.connectTimeoutMs } : {}),
    ...(p.keepAlive ? { keepAlive: true } : {}),
    ...(p.maxSockets ? { maxSockets: p.maxSockets } : {}),
    ...(p.dial.family ? { family: p.dial.family } : {}),
  }
  const agent =
    p.protocol === 'https:'
      ? new TunnelAgent({ ...common, tunnelHost: () => tunnelTo })
      : new ForwardAgent(common)
  return {
    agent,
    lines: [
      p.protocol === 'https:'
        ? `* proxy: ${choice.display} (${choice.reason}); CONNECT ${hostPort(tunnelTo, p.dial.port)}${pinned ? ` (pinned by --resolve; TLS server name stays ${p.dial.host})` : ''}${p.dial.family && !pinned && isIP(tunnelTo) === 0 ? `; -${p.dial.family} applies to the connection to the proxy: the proxy resolves ${tunnelTo} (pin an IPv${p.dial.family} address with --resolve to choose it)` : ''}`
        : `* proxy: ${choice.display} (${choice.reason}); request sent in absolute form`,
    ],
  }
}
