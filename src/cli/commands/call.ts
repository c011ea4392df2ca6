/**
 * `pvapi call`: the options, then flags → settings (../call-flags.ts, ../call-tls-files.ts) →
 * runCall or runRepeat (src/call/) with this process's ports.
 */
import { proxyWanted } from '../../http/proxy-vars.js'
import type { Command } from 'commander'
import type { CallPorts } from '../../call/run-call.js'
import { usageError } from '../../core/errors.js'
import type { CliContext } from '../context.js'
import { addCredentialOptions, callerResolver } from '../credential-options.js'
import { atomicOutput } from '../files.js'
import { addRequestOptions, toRequestSettings } from '../request-options.js'
import { planPorts } from '../plan-ports.js'
import { chooseCaBundle } from '../../aws/ca-bundle.js'
import {
  type CallFlags,
  callSettings,
  checkCallFlags,
  familyFlag,
  refuseRepeatOnlyFlags,
  refuseUnusedFlags,
  repeatSettings,
} from '../call-flags.js'
import { loadTlsFiles, readProxyCa } from '../call-tls-files.js'

export function registerCall(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('call')
    .description('send a SigV4-signed request, curl-style, through any private API name form')
    .argument(
      '<url>',
      'https://{api}.execute-api.{region}.amazonaws.com/{stage}/path, an {api}-{vpce} alias, a vpce-… name, or a custom domain',
    )
  // Expanded before parsing (main.ts): registered so that --help lists it.
  cmd.option('-K, --config <file>', "read curl-style options from a file, - for stdin (curl's syntax)")
  const data = addRequestOptions(cmd)
  addCredentialOptions(cmd)
    .option('--cacert <file>', 'PEM CA bundle to verify the server with (replaces the system store)')
    .option('-k, --insecure', 'do not verify the server certificate (warns)')
    .option('--cert <file>', 'client certificate, PEM (mTLS); may also hold the key')
    .option('--key <file>', 'client private key, PEM')
    .option(
      '--dns-servers <list>',
      'resolve with these servers (ip[:port],…) instead of the system resolver, like curl',
    )
    .option('--connect-timeout <seconds>', 'give up connecting (DNS + TCP + TLS) after this long')
    .option('-m, --max-time <seconds>', 'give up on the whole request after this long')
    .option('--retry <n>', 'retry transport errors, 408, 429 and 5xx up to n times (re-signed each time)')
    .option('--retry-delay <seconds>', 'fixed wait between retries (default: exponential from 1 s)')
    .option('--fix-skew', "if the server's clock differs by more than 5 min, re-sign with its time")
    .option('-i, --include', 'print the response status line and headers before the body')
    .option('-o, --output <file>', 'write the body to a file instead of stdout')
    .option('-s, --silent', 'no warnings or hints on stderr')
    .option('-S, --show-error', 'with -s, still show errors')
    .option('-f, --fail', 'exit 22 on HTTP >= 400, printing no body')
    .option('--fail-with-body', 'exit 22 on HTTP >= 400, printing the body')
    .option(
      '-w, --write-out <format>',
      'print after the transfer: %{http_code} %{time_total} %{remote_ip} … (see README)',
    )
    .option(
      '-v, --verbose',
      'show route, TLS, canonical request, string to sign, headers and timings on stderr (secrets redacted)',
    )
    .option(
      '-L, --location',
      'follow redirects: re-signed for the same host; to another host sent without signature, session token or Authorization',
    )
    .option('--max-redirs <n>', 'with -L: at most n redirects (default 50, like curl)')
    .option(
      '--location-trusted',
      'with -L: sign for the hosts redirected to as well (sends your credentials there)',
    )
    .option('--dry-run', 'print the signed request (redacted) and do not send it')
    .option('--no-sign', 'send the request unsigned (reproduces the anonymous caller)')
    .option(
      '--repeat <n>',
      'send n requests (each freshly signed, keep-alive) and report status counts, error classes and latency percentiles',
    )
    .option('--concurrency <c>', 'with --repeat: requests in flight at once (default 1)')
    .option(
      '--per-eni',
      "with --repeat: spread the requests over the endpoint's ENI addresses and report each",
    )
    .option('--duration <seconds>', 'with --repeat: stop after this long (alone: repeat until then)')
    .option(
      '--eni <ip=az>',
      'with --per-eni: name the zone of an ENI address (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
      [],
    )
    .option('--format <format>', 'with --repeat: text (default) or json')
    // Proxies, as curl: -x beats HTTPS_PROXY/HTTP_PROXY, --noproxy beats NO_PROXY (README "Proxies").
    .option('-x, --proxy <url>', 'tunnel through this HTTP(S) proxy (CONNECT); "" turns HTTPS_PROXY off')
    .option('--noproxy <list>', 'hosts that skip the proxy (comma-separated; replaces NO_PROXY; * for all)')
    .option('--proxy-cacert <file>', "PEM CA bundle for an https:// proxy's own certificate")
    .option('-4, --ipv4', 'resolve and connect over IPv4 only, like curl')
    .option('-6, --ipv6', 'resolve and connect over IPv6 only, like curl (a dual-stack endpoint)')
    .action(async (url: string, o: CallFlags) => {
      const settings = { ...toRequestSettings(url, o, data), ...familyFlag(o) }
      checkCallFlags(o)
      const net = await networkSettings(o, ctx)
      const getCaller = callerResolver(o, ctx.io, ctx.env, ctx.user, net.aws)
      const tls = await loadTlsFiles(o, net.ca)
      if (o.repeat !== undefined || o.duration !== undefined) {
        refuseUnusedFlags(o, settings)
        // The runner loads only here (its own bundle lane), so a plain `call` starts as before.
        const repeat = repeatSettings(settings, o, tls, net.call)
        const { runRepeat } = await import('../../call/run-repeat.js')
        return ctx.setExitCode(
          await runRepeat(repeat, {
            ...callPorts(ctx, getCaller),
            // A progress line, rewritten in place, only where someone watches.
            ...(ctx.io.stderrIsTTY && !o.silent
              ? { progress: (line: string) => ctx.io.err(line ? `\r${line}\u001b[K` : '\r\u001b[K') }
              : {}),
          }),
        )
      }
      refuseRepeatOnlyFlags(o)
      // Values first (a wrong one is named as such), then combinations that would do nothing.
      const single = callSettings(settings, o, tls, net.call)
      refuseUnusedFlags(o, settings)
      const { runCall } = await import('../../call/run-call.js')
      ctx.setExitCode(await runCall(single, callPorts(ctx, getCaller)))
    })
}

/**
 * The wait between retries ends early on Ctrl-C: the next attempt then sees the aborted
 * signal and pvapi exits 130 at once, instead of after a Retry-After of up to a minute.
 */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/** The real I/O a call (or a repeat run) uses: files, stdin, AWS, clock, terminal, Ctrl-C. */
function callPorts(ctx: CliContext, getCaller: ReturnType<typeof callerResolver>): CallPorts {
  return {
    ...planPorts(ctx, getCaller),
    caller: getCaller,
    now: () => new Date(),
    sleep: ms => abortableSleep(ms, ctx.signal),
    random: Math.random,
    stdout: ctx.io.stdout,
    stderr: ctx.io.err,
    openOutput: atomicOutput,
    signal: ctx.signal,
  }
}

/**
 * Proxy and CA settings for the request and for the AWS clients (STS, EC2). The proxy code
 * (src/http/proxy*.ts) is loaded later and only when a proxy is configured: a plain `call`
 * starts as before.
 */
async function networkSettings(o: CallFlags, ctx: CliContext) {
  const ca = chooseCaBundle(ctx.env, o.profile, o.cacert)
  const proxyOn = proxyWanted(ctx.env, o.proxy)
  const proxyCa = o.proxyCacert ? await readProxyCa(o.proxyCacert) : undefined
  if (o.proxyCacert && !proxyOn)
    throw usageError(
      'PV_FLAG_CONFLICT',
      '--proxy-cacert: no proxy is configured',
      'add -x https://HOST:PORT or set HTTPS_PROXY',
    )
  const proxy = proxyOn
    ? {
        env: ctx.env,
        ...(o.proxy !== undefined ? { flag: o.proxy } : {}),
        ...(o.noproxy !== undefined ? { noProxyFlag: o.noproxy } : {}),
      }
    : undefined
  return {
    ca,
    call: {
      ...(proxy ? { proxy: { settings: proxy, ...(proxyCa ? { ca: proxyCa } : {}) } } : {}),
      ...(ca.path && !o.insecure ? { caSource: `${ca.path} (${ca.source})` } : {}),
    },
    aws: {
      ...(o.proxy !== undefined ? { proxy: o.proxy } : {}),
      ...(o.noproxy !== undefined ? { noProxy: o.noproxy } : {}),
      ...(proxyCa ? { proxyCa } : {}),
    },
  }
}
