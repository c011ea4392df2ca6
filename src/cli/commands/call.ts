import { proxyWanted } from '../../http/proxy-vars.js'
import type { Command } from 'commander'
import { parseCount, parseDnsServers, parseSeconds } from '../../call/options.js'
import { PvapiError, usageError } from '../../core/errors.js'
import { ExitCode } from '../../core/exit-codes.js'
import type { TlsOptions } from '../../http/send.js'
import type { CallPorts, CallSettings } from '../../call/run-call.js'
import type { CliContext } from '../context.js'
import { addCredentialOptions, callerResolver, type RawCredentialOptions } from '../credential-options.js'
import { atomicOutput, readUserFile } from '../files.js'
import { addRequestOptions, toRequestSettings, type RawRequestOptions } from '../request-options.js'
import { planPorts } from '../plan-ports.js'
import { chooseCaBundle, type CaBundleChoice } from '../../aws/ca-bundle.js'

interface CallFlags extends RawRequestOptions, RawCredentialOptions {
  cacert?: string
  insecure?: boolean
  cert?: string
  key?: string
  dnsServers?: string
  connectTimeout?: string
  maxTime?: string
  retry?: string
  retryDelay?: string
  fixSkew?: boolean
  include?: boolean
  output?: string
  silent?: boolean
  showError?: boolean
  fail?: boolean
  failWithBody?: boolean
  writeOut?: string
  verbose?: boolean
  dryRun?: boolean
  sign: boolean
  repeat?: string
  concurrency?: string
  perEni?: boolean
  duration?: string
  format?: string
  eni: string[]
  location?: boolean
  maxRedirs?: string
  locationTrusted?: boolean
  // Proxies (issue 13)
  proxy?: string
  noproxy?: string
  proxyCacert?: string
  // Address family (issue 14): curl's -4/-6
  ipv4?: boolean
  ipv6?: boolean
}

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
      if (o.fail && o.failWithBody)
        throw usageError('PV_FLAG_CONFLICT', '--fail and --fail-with-body are mutually exclusive')
      if (o.key && !o.cert) throw usageError('PV_KEY_NO_CERT', '--key needs --cert')
      if (o.insecure && o.cacert)
        throw usageError(
          'PV_FLAG_CONFLICT',
          '-k/--insecure and --cacert contradict each other',
          'drop one of them',
        )
      const net = await networkSettings(o, ctx)
      const getCaller = callerResolver(o, ctx.io, ctx.env, ctx.user, net.aws)
      const tls = await loadTlsFiles(o, net.ca)
      if (o.repeat !== undefined || o.duration !== undefined) {
        refuseUnusedFlags(o, settings)
        return ctx.setExitCode(await repeatMode(settings, o, tls, getCaller, ctx, net.call))
      }
      for (const [set, flag] of [
        [o.concurrency !== undefined, '--concurrency'],
        [o.perEni, '--per-eni'],
        [o.format !== undefined, '--format'],
        [o.eni.length > 0, '--eni'],
      ] as const) {
        if (set)
          throw usageError('PV_FLAG_CONFLICT', `${flag} is for --repeat`, 'add --repeat N (or --duration S)')
      }
      // Values first (a wrong one is named as such), then combinations that would do nothing.
      const callSettings: CallSettings = {
        ...settings,
        noSign: !o.sign,
        tls: { ...tls, ...(o.insecure ? { insecure: true } : {}) },
        ...net.call,
        ...(o.dnsServers ? { dnsServers: parseDnsServers(o.dnsServers) } : {}),
        ...optionalMs('connectTimeoutMs', parseSeconds('--connect-timeout', o.connectTimeout)),
        ...optionalMs('maxTimeMs', parseSeconds('-m/--max-time', o.maxTime)),
        retry: parseCount('--retry', o.retry, 100),
        ...optionalMs(
          'retryDelayMs',
          o.retryDelay === '0' ? 0 : parseSeconds('--retry-delay', o.retryDelay, 600),
        ),
        fixSkew: Boolean(o.fixSkew),
        include: Boolean(o.include),
        ...(o.output ? { outputPath: o.output } : {}),
        silent: Boolean(o.silent),
        showError: Boolean(o.showError),
        fail: o.fail ? 'fail' : o.failWithBody ? 'with-body' : 'no',
        ...(o.writeOut !== undefined ? { writeOut: o.writeOut } : {}),
        verbose: Boolean(o.verbose),
        dryRun: Boolean(o.dryRun),
        ...(o.location ? { location: true } : {}),
        ...(o.maxRedirs !== undefined ? { maxRedirs: parseCount('--max-redirs', o.maxRedirs, 1000) } : {}),
        ...(o.locationTrusted ? { locationTrusted: true } : {}),
      }
      refuseUnusedFlags(o, settings)
      const { runCall } = await import('../../call/run-call.js')
      ctx.setExitCode(await runCall(callSettings, callPorts(ctx, getCaller)))
    })
}

/**
 * A flag the user gave is honoured or refused, never dropped: these combinations would have
 * been accepted and then changed nothing (a `-o` with --dry-run wrote no file, a role chain
 * with --no-sign assumed nothing, a --retry-delay without --retry waited for nothing).
 */
function refuseUnusedFlags(o: CallFlags, settings: ReturnType<typeof toRequestSettings>): void {
  const refuse = (flag: string, why: string, hint: string) => {
    throw usageError('PV_FLAG_UNUSED', `${flag} ${why}`, hint)
  }
  if (o.dryRun) {
    const given = (
      [
        [o.output !== undefined, '-o'],
        [o.include, '-i'],
        [o.writeOut !== undefined, '-w'],
        [o.retry !== undefined, '--retry'],
        [o.fail, '-f'],
        [o.failWithBody, '--fail-with-body'],
        [o.fixSkew, '--fix-skew'],
        [o.location, '-L'],
      ] as const
    )
      .filter(([set]) => set)
      .map(([, f]) => f)
    if (given.length > 0)
      refuse(
        given.join(', '),
        `${given.length === 1 ? 'has' : 'have'} no effect with --dry-run: nothing is sent`,
        'drop --dry-run to send the request, or drop these flags',
      )
  }
  if (!o.sign) {
    const lookupNeedsCredentials = settings.vpce !== undefined && 'id' in settings.vpce
    const roles = (
      [
        [o.roleArn.length > 0, '--role-arn'],
        [o.externalId.length > 0, '--external-id'],
        [o.mfaSerial !== undefined, '--mfa-serial'],
        [o.mfaCode !== undefined, '--mfa-code'],
        [o.roleSessionName !== undefined, '--role-session-name'],
        [o.durationSeconds !== undefined, '--duration-seconds'],
      ] as const
    )
      .filter(([set]) => set)
      .map(([, f]) => f)
    if (roles.length > 0 && !lookupNeedsCredentials)
      refuse(
        roles.join(', '),
        `${roles.length === 1 ? 'is' : 'are'} for signing, and --no-sign sends the request unsigned`,
        'drop --no-sign to sign as the role, or drop the role flags',
      )
    if (o.fixSkew)
      refuse('--fix-skew', 're-signs with the server clock; --no-sign signs nothing', 'drop one of them')
  }
  if (o.retryDelay !== undefined && o.retry === undefined)
    refuse('--retry-delay', 'needs --retry N (it is the wait between retries)', 'add --retry N')
  if (o.maxRedirs !== undefined && !o.location)
    refuse('--max-redirs', 'limits -L/--location, which is not given', 'add -L to follow redirects')
  if (o.locationTrusted && !o.location)
    refuse('--location-trusted', 'applies to -L/--location, which is not given', 'add -L')
}

/**
 * Read --cacert/--cert/--key and prove them usable before any request: a bad PEM or a key
 * that does not match is the user's to fix (curl 77/58), not a crash deep in node:tls.
 */
async function loadTlsFiles(o: CallFlags, caChoice: CaBundleChoice): Promise<TlsOptions> {
  // --cacert, else AWS_CA_BUNDLE, the profile's ca_bundle, CURL_CA_BUNDLE, SSL_CERT_FILE (-k: none).
  const caPath = o.insecure ? undefined : caChoice.path
  const caName = `${caChoice.source === '--cacert' ? '--cacert' : `CA bundle (${caChoice.source})`} ${caPath}`
  const [ca, certFile, keyFile] = await Promise.all([
    caPath
      ? readUserFile(caPath, caChoice.source === '--cacert' ? 'CA bundle' : `CA bundle (${caChoice.source})`)
      : undefined,
    o.cert ? readUserFile(o.cert, 'client certificate') : undefined,
    o.key ? readUserFile(o.key, 'client key') : undefined,
  ])
  const certBlocks = certFile ? pemBlocks(certFile, /CERTIFICATE/) : undefined
  // curl accepts a --cert file that also holds the key.
  const keyBlocks = keyFile
    ? pemBlocks(keyFile, /PRIVATE KEY/)
    : certFile
      ? pemBlocks(certFile, /PRIVATE KEY/)
      : undefined
  if (ca && pemBlocks(ca, /CERTIFICATE/).length === 0) {
    throw new PvapiError(
      'PV_BAD_CACERT',
      `${caName}: no PEM certificate in it`,
      ExitCode.CaCert,
      'expected -----BEGIN CERTIFICATE----- blocks (convert DER with openssl x509 -inform der)',
    )
  }
  if (certBlocks && certBlocks.length === 0)
    throw new PvapiError(
      'PV_BAD_CERT',
      `--cert ${o.cert}: not a PEM certificate`,
      ExitCode.LocalCert,
      'expected -----BEGIN CERTIFICATE----- (convert DER with openssl x509 -inform der)',
    )
  if (keyFile && keyBlocks?.length === 0)
    throw new PvapiError(
      'PV_BAD_KEY',
      `--key ${o.key}: not a PEM private key`,
      ExitCode.LocalCert,
      'expected -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY)',
    )
  if (certBlocks && (!keyBlocks || keyBlocks.length === 0))
    throw new PvapiError(
      'PV_CERT_NO_KEY',
      `--cert ${o.cert} holds no private key`,
      ExitCode.LocalCert,
      'add --key FILE',
    )
  const out = {
    ...(ca ? { ca: pemBlocks(ca, /CERTIFICATE/).join('\n') } : {}),
    ...(certBlocks ? { cert: certBlocks.join('\n') } : {}),
    ...(keyBlocks && certBlocks ? { key: keyBlocks[0] as string } : {}),
  }
  if (!ca && !certFile && !keyFile) return {}
  // A bundle from the environment or the profile is usually the system's (144 certificates in
  // a Debian image): checking each one costs ~100 ms of every call, so only --cacert is checked
  // block by block; a broken environment bundle still fails cleanly at the handshake (35).
  if (!certFile && !keyFile && caChoice.source !== '--cacert') return out
  // node:tls and node:crypto load only here: every other command's start-up skips them.
  const [{ createSecureContext }, { X509Certificate, createPrivateKey }] = await Promise.all([
    import('node:tls'),
    import('node:crypto'),
  ])
  if (ca && caChoice.source === '--cacert') {
    // OpenSSL skips a CA block it cannot parse without a word, leaving an empty trust store and
    // a misleading "unable to get local issuer certificate" (35) later: check each block here.
    pemBlocks(ca, /CERTIFICATE/).forEach((block, i) => {
      try {
        new X509Certificate(block)
      } catch (err) {
        throw new PvapiError(
          'PV_BAD_CACERT',
          `${caName}: certificate #${i + 1} is unusable (${(err as Error).message})`,
          ExitCode.CaCert,
          'the PEM armour is there but what is inside is not a certificate: export the CA again',
          { cause: err },
        )
      }
    })
  }
  try {
    const { ca: _envCa, ...withoutCa } = out
    createSecureContext(caChoice.source === '--cacert' ? out : withoutCa)
    // OpenSSL silently drops a key that does not match the certificate; check it ourselves.
    if (out.cert && out.key && !new X509Certificate(out.cert).checkPrivateKey(createPrivateKey(out.key)))
      throw new Error('key values mismatch')
  } catch (err) {
    const msg = (err as Error).message
    if (ca && !certBlocks)
      throw new PvapiError('PV_BAD_CACERT', `${caName}: unusable (${msg})`, ExitCode.CaCert, undefined, {
        cause: err,
      })
    const mismatch = /key values mismatch|KEY_VALUES_MISMATCH/i.test(msg)
    throw new PvapiError(
      'PV_BAD_CERT',
      mismatch
        ? `--key ${o.key ?? o.cert} does not match the certificate in --cert ${o.cert}`
        : `--cert/--key unusable: ${msg}`,
      ExitCode.LocalCert,
      mismatch ? 'pass the private key that belongs to this certificate' : undefined,
      { cause: err },
    )
  }
  return out
}

/** The PEM blocks of a kind, each normalized to end with a newline. */
function pemBlocks(buf: Buffer, kind: RegExp): string[] {
  const text = buf.toString('latin1')
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)]
    .filter(m => kind.test(m[1] ?? ''))
    .map(m => `${m[0]}\n`)
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

const optionalMs = <K extends string>(key: K, ms: number | undefined) =>
  ms === undefined ? {} : ({ [key]: ms } as Record<K, number>)

/**
 * `--repeat N` / `--duration S`: many requests and their statistics instead of one body. The
 * runner loads only here (its own bundle lane), so a plain `call` starts as before.
 */
async function repeatMode(
  settings: ReturnType<typeof toRequestSettings>,
  o: CallFlags,
  tls: TlsOptions,
  getCaller: ReturnType<typeof callerResolver>,
  ctx: CliContext,
  proxy: { proxy?: NonNullable<CallSettings['proxy']>; caSource?: string },
): Promise<number> {
  const single = (
    [
      ['output', '-o'],
      ['include', '-i'],
      ['writeOut', '-w'],
      ['verbose', '-v'],
      ['dryRun', '--dry-run'],
      ['retry', '--retry'],
      ['fail', '-f'],
      ['failWithBody', '--fail-with-body'],
      ['location', '-L'],
    ] as const
  )
    .filter(([k]) => o[k] !== undefined && o[k] !== false)
    .map(([, f]) => f)
  if (single.length > 0)
    throw usageError(
      'PV_FLAG_CONFLICT',
      `${single.join(', ')} ${single.length === 1 ? 'is' : 'are'} for a single request, not --repeat`,
      'drop them; --format json gives the details of a repeat run',
    )
  const format = o.format ?? 'text'
  if (format !== 'text' && format !== 'json')
    throw usageError('PV_BAD_FORMAT', `--format ${format}: expected text or json`)
  const repeat = o.repeat !== undefined ? parseCount('--repeat', o.repeat, 1_000_000) : undefined
  if (repeat === 0) throw usageError('PV_BAD_NUMBER', '--repeat 0: expected at least 1 request')
  const concurrency = o.concurrency !== undefined ? parseCount('--concurrency', o.concurrency, 256) : 1
  if (concurrency === 0) throw usageError('PV_BAD_NUMBER', '--concurrency 0: expected 1 to 256')
  const durationMs = parseSeconds('--duration', o.duration)
  const eniZones: Record<string, string> = {}
  for (const spec of o.eni) {
    const m = /^([0-9a-fA-F.:]+)=([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d[a-z]|[a-z]{3,4}\d-az\d+)$/.exec(
      spec.trim(),
    )
    if (!m)
      throw usageError(
        'PV_BAD_ENI',
        `--eni ${spec}: expected IP=ZONE`,
        'e.g. --eni 10.0.2.10=us-east-1a (or a zone id such as use1-az1)',
      )
    eniZones[m[1]!] = m[2]!
  }
  if (o.eni.length > 0 && !o.perEni)
    throw usageError('PV_FLAG_CONFLICT', '--eni names zones for --per-eni', 'add --per-eni')
  const { runRepeat } = await import('../../call/run-repeat.js')
  return runRepeat(
    {
      ...settings,
      noSign: !o.sign,
      tls: { ...tls, ...(o.insecure ? { insecure: true } : {}) },
      ...proxy,
      ...(o.dnsServers ? { dnsServers: parseDnsServers(o.dnsServers) } : {}),
      ...optionalMs('connectTimeoutMs', parseSeconds('--connect-timeout', o.connectTimeout)),
      ...optionalMs('maxTimeMs', parseSeconds('-m/--max-time', o.maxTime)),
      retry: 0,
      fixSkew: Boolean(o.fixSkew),
      include: false,
      silent: Boolean(o.silent),
      showError: Boolean(o.showError),
      fail: 'no',
      verbose: false,
      dryRun: false,
      ...(repeat !== undefined ? { repeat } : {}),
      concurrency,
      perEni: Boolean(o.perEni),
      ...(durationMs !== undefined ? { durationMs } : {}),
      format,
      eniZones,
    },
    {
      ...callPorts(ctx, getCaller),
      // A progress line, rewritten in place, only where someone watches.
      ...(ctx.io.stderrIsTTY && !o.silent
        ? { progress: (line: string) => ctx.io.err(line ? `\r${line}\u001b[K` : '\r\u001b[K') }
        : {}),
    },
  )
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

async function readProxyCa(path: string): Promise<string> {
  const pem = pemBlocks(await readUserFile(path, 'proxy CA bundle'), /CERTIFICATE/)
  if (pem.length === 0)
    throw new PvapiError(
      'PV_BAD_CACERT',
      `--proxy-cacert ${path}: no PEM certificate in it`,
      ExitCode.CaCert,
      'expected -----BEGIN CERTIFICATE----- blocks',
    )
  return pem.join('\n')
}

/**
 * -4/-6 (curl's flags). curl lets the last one win; pvapi refuses both at once, since one of
 * them would be silently ignored.
 */
function familyFlag(o: CallFlags): { family?: 4 | 6 } {
  if (o.ipv4 && o.ipv6)
    throw usageError('PV_FLAG_CONFLICT', '-4/--ipv4 and -6/--ipv6 contradict each other', 'give one of them')
  return o.ipv4 ? { family: 4 } : o.ipv6 ? { family: 6 } : {}
}
