import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'

/** Phase in which a transport error happened: decides curl's exit code and the hint. */
export type Phase = 'dns' | 'connect' | 'tls' | 'request' | 'response'

export class TransportTimeout extends Error {
  constructor(
    readonly which: 'connect' | 'total',
    readonly ms: number,
  ) {
    super(`${which} timeout after ${ms} ms`)
  }
}

/**
 * Writing the body where it goes (the `-o` file, stdout) failed while receiving it: not the
 * network's fault. Carries the file system / pipe error.
 */
export class SinkWriteError extends Error {
  constructor(readonly reason: unknown) {
    super(`could not write the response body: ${writeProblem(reason)}`, { cause: reason })
  }
}

/** What went wrong writing output, in words (ENOENT on `-o dir/x` means the folder is missing). */
export function writeProblem(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined
  switch (e?.code) {
    case 'ENOENT':
      return 'no such directory'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a directory'
    case 'ENOSPC':
      return 'no space left on the device'
    case 'EROFS':
      return 'read-only file system'
    case 'EPIPE':
      return 'the reading end of the pipe was closed'
    default:
      return e?.message ?? String(err)
  }
}

const TLS_CODES =
  /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|HOSTNAME_MISMATCH|EPROTO)/

/**
 * Map a Node transport error to curl's exit code with one line and a hint that points at the
 * hop it implicates (a silent timeout through a VPC endpoint is usually a security group or
 * NACL; field guide §1.3).
 */
export function transportError(
  err: unknown,
  ctx: {
    host: string
    address?: string
    port: number
    phase: Phase
    /** --dns-servers in use: a DNS failure names them. */
    dnsServers?: readonly string[]
    protocol?: 'https:' | 'http:'
  },
): PvapiError {
  // Already said (a proxy that refused the tunnel names the proxy, not the target).
  if (err instanceof PvapiError) return err
  const e = err as NodeJS.ErrnoException & { reason?: string }
  const where = `${ctx.host}${ctx.address && ctx.address !== ctx.host ? ` (${ctx.address})` : ''} port ${ctx.port}`
  const resolverName = ctx.dnsServers?.length
    ? `DNS server ${ctx.dnsServers.join(', ')}`
    : 'the system resolver'
  if (err instanceof TransportTimeout && ctx.phase === 'dns') {
    // The bound ran out before the name resolved: curl says "Resolving timed out" and exits
    // 28. Nothing was dialled yet, so security groups and NACLs are not the suspects.
    return new PvapiError(
      'PV_DNS_TIMEOUT',
      `timed out after ${err.ms} ms resolving ${ctx.host}: ${resolverName} did not answer`,
      ExitCode.Timeout,
      ctx.dnsServers?.length
        ? 'check that the DNS server is reachable on UDP/TCP 53 (the VPC resolver is the VPC CIDR base + 2), or pin an address with --resolve HOST:443:IP'
        : 'check /etc/resolv.conf and that the resolver is reachable on UDP/TCP 53, or pin an address with --resolve HOST:443:IP',
      { cause: err },
    )
  }
  if (err instanceof TransportTimeout) {
    const hint =
      err.which === 'connect' || ctx.phase === 'connect' || ctx.phase === 'dns'
        ? 'no answer to the TCP handshake: check the caller security group egress 443, the endpoint security group ingress 443, NACLs, and that the endpoint is available (pvapi doctor)'
        : 'the server accepted the connection but did not finish answering in time: raise -m/--max-time or check the backend'
    const phase = err.which === 'connect' ? `connecting to ${where}` : `waiting for ${where}`
    return new PvapiError('PV_TIMEOUT', `timed out after ${err.ms} ms ${phase}`, ExitCode.Timeout, hint, {
      cause: err,
    })
  }
  if (err instanceof SinkWriteError) {
    return new PvapiError('PV_WRITE', err.message, ExitCode.Write, undefined, { cause: err.reason })
  }
  const code = e?.code ?? ''
  if (code === 'ABORT_ERR' || e?.name === 'AbortError') {
    return new PvapiError('PV_INTERRUPTED', 'interrupted', ExitCode.Interrupted, undefined, { cause: err })
  }
  if (
    ctx.phase === 'dns' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'EAI_NONAME' ||
    code === 'EAI_FAIL' ||
    code === 'ENODATA'
  ) {
    // The resolver gave up on its own (its retries used up before any bound of ours): curl
    // reports that as "Could not resolve host" (6), not as a timeout.
    const unanswered = code === 'EAI_AGAIN' || code === 'ETIMEOUT' || code === 'ECONNREFUSED'
    return new PvapiError(
      'PV_DNS',
      `could not resolve host ${ctx.host}${unanswered ? ` (${resolverName} did not answer: ${code})` : ''}`,
      ExitCode.Dns,
      unanswered
        ? 'check that the DNS server is reachable on UDP/TCP 53 (inside a VPC: the resolver at the VPC CIDR base + 2), or pin an address with --resolve HOST:443:IP'
        : 'inside the VPC this name needs private DNS on the execute-api endpoint (or the {api}-{vpce} alias / a PHZ record); pin an ENI address with --resolve HOST:443:IP to test',
      { cause: err },
    )
  }
  if (
    code === 'ECONNREFUSED' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'EADDRNOTAVAIL'
  ) {
    const what = code === 'ECONNREFUSED' ? 'connection refused' : 'address unreachable'
    return new PvapiError(
      'PV_CONNECT',
      `${what}: ${where}`,
      ExitCode.Connect,
      'check that the endpoint is in state available and that you reach one of its ENI addresses',
      { cause: err },
    )
  }
  const reset = code === 'ECONNRESET' || code === 'EPIPE' || e?.message === 'socket hang up'
  // A reset needs an established connection (a refused SYN is ECONNREFUSED), so a reset before
  // the handshake finished is the handshake failing, whatever the socket had reported yet:
  // curl says "SSL_connect: Connection reset by peer" and exits 35. Deciding by the 'connect'
  // event instead gave 52 or 35 at random for a server that resets right after accepting. Once
  // the socket connected, the phase is 'tls' and Node words the same reset as "Client network
  // socket disconnected before secure TLS connection was established" (still ECONNRESET).
  if (reset && (ctx.phase === 'connect' || ctx.phase === 'tls') && ctx.protocol !== 'http:') {
    return new PvapiError(
      'PV_TLS_RESET',
      `TLS handshake with ${where} failed: the connection was reset`,
      ExitCode.Tls,
      'something on the path accepted the connection and reset it: a TLS-inspecting proxy, a firewall, or a port that does not speak TLS (check --connect-to / --resolve)',
      { cause: err },
    )
  }
  if (TLS_CODES.test(code) || ctx.phase === 'tls') {
    // Node 24 appends advice about its own --use-system-ca flag: not a pvapi flag, and the hint
    // below says what to do (--cacert, AWS_CA_BUNDLE), so it is left out.
    const reason = (e.reason ?? e.message).replace(
      /;\s*if the root CA is installed locally, try running Node\.js with --use-system-ca\s*$/,
      '',
    )
    const verify = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS_CERT_ALTNAME)/.test(code)
    return new PvapiError(
      'PV_TLS',
      `TLS handshake with ${where} failed: ${reason}`,
      ExitCode.Tls,
      verify
        ? 'the certificate is not valid for this name or not trusted: pass --cacert FILE for a private CA; SNI is the host connected to, never a Host override'
        : 'private APIs require TLS 1.2 or later; check --cert/--key for mTLS endpoints',
      { cause: err },
    )
  }
  if (reset) {
    // Node reports a clean close before any answer as "socket hang up" (code ECONNRESET too):
    // that is curl's empty reply (52). A real reset (RST: "read ECONNRESET", or EPIPE while the
    // request was still being written) once the request is out is curl's receive failure (56).
    if (ctx.phase === 'response' || e?.message !== 'socket hang up') {
      return new PvapiError(
        'PV_RECV',
        `connection to ${where} was reset ${ctx.phase === 'response' ? 'while receiving the response' : 'after the request was sent, before any response'}`,
        ExitCode.Recv,
        undefined,
        { cause: err },
      )
    }
    return new PvapiError(
      'PV_EMPTY_REPLY',
      `empty reply from ${where}: the connection closed before any response`,
      ExitCode.EmptyReply,
      'a TLS-terminating proxy or NLB target may be closing connections; try -v',
      { cause: err },
    )
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    // Node caps a response head at 16 KB: a hostile or broken server cannot make pvapi buffer more.
    return new PvapiError(
      'PV_PROTOCOL',
      `${where} answered with response headers over 16 KB (${code})`,
      ExitCode.Recv,
      'API Gateway never sends headers this large: is something else answering on this address? check --connect-to / --resolve',
      { cause: err },
    )
  }
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) {
    return new PvapiError(
      'PV_PROTOCOL',
      `${where} answered with something that is not HTTP/1.1 (${code})`,
      ExitCode.Recv,
      'is this port speaking TLS/HTTP? check --connect-to / --resolve',
      { cause: err },
    )
  }
  return new PvapiError(
    'PV_TRANSPORT',
    `request to ${where} failed: ${e?.message ?? String(err)}`,
    ExitCode.Recv,
    undefined,
    { cause: err },
  )
}
