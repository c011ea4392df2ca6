import type { AwsCredentialIdentity } from '@smithy/types'
import { explainApiGatewayError, parseErrorBody } from '../core/apigw-errors.js'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import { Redactor } from '../core/redact.js'
import { terminalSafe } from '../core/terminal-text.js'
import {
  sendRequest,
  type BodyOverflow,
  type ResponseHead,
  type TlsOptions,
  type WireResponse,
} from '../http/send.js'
import type { ProxySettings } from '../http/proxy-env.js'
import { writeProblem } from '../http/transport-error.js'
import { renderResponseHead } from '../render/head-text.js'
import { renderDryRun } from '../render/signed-request.js'
import {
  verboseConnection,
  verboseRequestHead,
  verboseResponseHead,
  verboseRoute,
  verboseSigning,
  verboseTimings,
} from '../render/verbose.js'
import { renderWriteOut } from '../render/write-out.js'
import { planRequest, type PlanPorts, type RequestSettings } from './plan.js'
import { isRedirect, locationOf, nextHop, tooManyRedirects } from './redirect.js'
import { retryableError, retryableStatus, retryDelayMs } from './retry.js'
import { signPrepared } from './sign-prepared.js'
import { discardSink, headerText, toWire } from './wire.js'
import { describeOffset, measureSkew, SKEW_LIMIT_MS } from './skew.js'

export interface CallSettings extends RequestSettings {
  readonly noSign: boolean
  readonly tls: TlsOptions
  readonly connectTimeoutMs?: number
  readonly maxTimeMs?: number
  /** curl --dns-servers: resolve with these instead of the system resolver. */
  readonly dnsServers?: readonly string[]
  readonly retry: number
  readonly retryDelayMs?: number
  readonly fixSkew: boolean
  readonly include: boolean
  readonly outputPath?: string
  readonly silent: boolean
  readonly showError: boolean
  readonly fail: 'no' | 'fail' | 'with-body'
  readonly writeOut?: string
  readonly verbose: boolean
  readonly dryRun: boolean
  /** curl -L: follow 301/302/303/307/308. */
  readonly location?: boolean
  /** curl --max-redirs (default 50, like curl). */
  readonly maxRedirs?: number
  /** curl --location-trusted: sign for the hosts redirected to as well. */
  readonly locationTrusted?: boolean
  /** Present only when a proxy is configured (-x, HTTPS_PROXY, …): the proxy code loads only then. */
  readonly proxy?: { readonly settings: ProxySettings; readonly ca?: string | Buffer }
  /** Which CA bundle replaced the system store and why (`--cacert`, `AWS_CA_BUNDLE`, …), for -v. */
  readonly caSource?: string
}

export interface Caller {
  readonly credentials: AwsCredentialIdentity
  readonly source: string
}

export interface OutputFile {
  readonly stream: NodeJS.WritableStream
  /** Finish and move into place (written to a temporary name first: no half-written files). */
  commit(): Promise<void>
  abort(): Promise<void>
}

export interface CallPorts extends PlanPorts {
  caller(region: string): Promise<Caller>
  now(): Date
  sleep(ms: number): Promise<void>
  random(): number
  readonly stdout: NodeJS.WritableStream
  stderr(text: string): void
  openOutput(path: string): OutputFile
  readonly signal?: AbortSignal
}

/** Run `pvapi call`. Returns the exit code; throws PvapiError for failures with their code. */
export async function runCall(s: CallSettings, ports: CallPorts): Promise<number> {
  const redactor = new Redactor()
  // Every stderr line can carry server-controlled text (an error body's message, a Location
  // header, a certificate subject, a reason phrase): escape control characters so a hostile
  // server cannot drive the terminal or forge lines (see SECURITY.md).
  const note = (line: string) => ports.stderr(terminalSafe(redactor.scrub(line)) + '\n')
  const warn = (line: string) => !s.silent && note(`pvapi: ${line}`)
  const verbose = (lines: string[]) => s.verbose && lines.forEach(note)
  const scrubErrorBody = (body: Buffer) => scrubBody(redactor, body)
  const unknownVariable = (name: string) => warn(`warning: unknown --write-out variable: '${name}'`)
  const following = (status: number, rawHeaders: readonly string[]) =>
    Boolean(s.location) && isRedirect(status) && locationOf(rawHeaders) !== undefined

  // A write to stdout that fails (a full disk, /dev/full, a closed pipe) must end in curl's 23,
  // not exit 0 with the body lost: the first error is kept and checked before success is said.
  let stdoutError: unknown
  const onStdoutError = (err: unknown) => {
    stdoutError ??= err
  }
  ports.stdout.on('error', onStdoutError)
  const flushStdout = async () => {
    // An empty write's callback comes after every earlier write was handled, with their error.
    const err = await new Promise<unknown>(resolve => ports.stdout.write('', e => resolve(e ?? undefined)))
    ports.stdout.off('error', onStdoutError)
    if (stdoutError ?? err) throw writeError(undefined, stdoutError ?? err)
  }

  let plan = await planRequest(s, ports, !s.noSign)
  let { prepared, dial } = plan
  if (s.tls.insecure) warn('warning: -k/--insecure: the server certificate is NOT verified')
  if (prepared.userAuthorization !== undefined && !s.noSign)
    warn(
      'warning: your Authorization header is replaced by the SigV4 signature (use --no-sign to send it as is)',
    )

  const caller = s.noSign ? undefined : await ports.caller(plan.region as string)
  redactor.add(caller?.credentials.secretAccessKey, caller?.credentials.sessionToken)
  verbose(verboseRoute(prepared, dial))
  // -L: the request of the current hop, and who signs it (nobody on another host unless
  // --location-trusted: a signature and session token are for the host they were made for).
  let hop: RequestSettings = s
  let signer = caller
  let redirects = 0
  let urlEffective = s.url.url.href
  if (s.caSource) verbose([`* CA bundle: ${s.caSource}`])
  // The proxy (if any) is chosen per host dialled: a -L hop to another host may match NO_PROXY.
  const proxyAgent = async (urlHost: string): Promise<import('node:http').Agent | undefined> => {
    if (!s.proxy) return undefined
    const { agentForDial } = await import('../http/proxy.js')
    const via = agentForDial({
      settings: s.proxy.settings,
      ...(s.proxy.ca ? { proxyCa: s.proxy.ca } : {}),
      protocol: prepared.protocol,
      urlHost,
      dial,
      ...(s.connectTimeoutMs ? { connectTimeoutMs: s.connectTimeoutMs } : {}),
    })
    verbose(via.lines)
    return via.agent
  }
  let agent = await proxyAgent(s.url.hostname)

  let offsetMs = 0
  let skewFixed = false
  let retries = 0
  const started = ports.now().getTime()
  // -m bounds the whole command, attempts and the waits between them (curl resets it for each
  // attempt and has --retry-max-time for the rest; during an incident one hard bound is what
  // is wanted). A wait that would end past it is not started: the last outcome stands.
  const waitFits = (delay: number, why = ''): boolean => {
    if (s.maxTimeMs === undefined) return true
    const left = started + s.maxTimeMs - ports.now().getTime()
    if (delay < left) return true
    warn(
      `not retrying: waiting ${(delay / 1000).toFixed(1)} s${why} would pass -m/--max-time (${(Math.max(0, left) / 1000).toFixed(1)} s left)`,
    )
    return false
  }
  for (;;) {
    const signingDate = new Date(ports.now().getTime() + offsetMs)
    const signed = await signPrepared(
      prepared,
      signer
        ? { service: s.service, region: plan.region as string, credentials: signer.credentials, signingDate }
        : undefined,
    )
    const sig = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? '')?.[1]
    redactor.add(sig)

    if (signed.trace && signer) {
      verbose(
        verboseSigning(signed.trace, {
          service: s.service,
          region: plan.region as string,
          accessKeyId: signer.credentials.accessKeyId,
          credentialSource: signer.source,
        }),
      )
    }
    if (s.dryRun) {
      ports.stdout.write(
        redactor.scrub(
          renderDryRun(prepared, dial, signed, {
            service: s.service,
            region: plan.region,
            ...(caller ? { credentialSource: caller.source } : {}),
          }),
        ),
      )
      await flushStdout()
      return ExitCode.Ok
    }
    verbose(verboseRequestHead(prepared.method, prepared.target, signed.headers, prepared.body?.length ?? 0))

    const attemptsLeft = s.retry - retries
    let output: OutputFile | undefined
    let headWritten = false
    // Stream 1xx-3xx bodies straight out; keep error bodies (small JSON from API Gateway) in
    // memory until we know whether to print, retry or re-sign.
    const sink = (head: ResponseHead) => {
      // -v shows who answered and the head as soon as it arrives: a streamed body (an
      // integration with responseTransferMode STREAM) may take up to 15 minutes more.
      verbose([...verboseConnection(head), ...verboseResponseHead(head)])
      if (following(head.status, head.rawHeaders)) {
        // A redirect that -L follows: its body is not the answer (curl prints only the last).
        if (s.include) ports.stdout.write(renderResponseHead(head))
        return discardSink()
      }
      if (head.status >= 400) return undefined
      if (retryableStatus(head.status) && attemptsLeft > 0) return undefined
      const stream = s.outputPath ? (output = ports.openOutput(s.outputPath)).stream : ports.stdout
      if (s.include) {
        ports.stdout.write(renderResponseHead(head))
        headWritten = true
      }
      return stream
    }
    // …but only up to ERROR_BODY_LIMIT: past that it is not API Gateway talking (its errors are
    // small JSON), and a hostile or broken backend must not make pvapi hold gigabytes. The rest
    // streams where the body would have gone, like curl (or nowhere, with -f or a retry to come).
    const overflow: BodyOverflow = {
      limit: ERROR_BODY_LIMIT,
      sink(head, kept) {
        if (s.fail === 'fail' || (retryableStatus(head.status) && attemptsLeft > 0)) return discardSink()
        if (s.include) {
          ports.stdout.write(renderResponseHead(head))
          headWritten = true
        }
        const stream = s.outputPath ? (output = ports.openOutput(s.outputPath)).stream : ports.stdout
        stream.write(scrubErrorBody(kept))
        return stream
      },
    }

    let res: WireResponse
    try {
      res = await sendRequest(
        toWire(prepared, dial, signed.headers, {
          tls: s.tls,
          ...(agent ? { agent } : {}),
          ...(s.connectTimeoutMs ? { connectTimeoutMs: s.connectTimeoutMs } : {}),
          ...(s.maxTimeMs ? { maxTimeMs: Math.max(1, s.maxTimeMs - (ports.now().getTime() - started)) } : {}),
          ...(ports.signal ? { signal: ports.signal } : {}),
          ...(s.dnsServers ? { dnsServers: s.dnsServers } : {}),
        }),
        sink,
        overflow,
      )
    } catch (err) {
      await output?.abort()
      const delay = retryDelayMs(retries + 1, s.retryDelayMs, undefined, ports.random)
      if (retryableError(err) && attemptsLeft > 0 && !ports.signal?.aborted && waitFits(delay)) {
        retries++
        warn(
          `attempt ${retries} failed (${(err as Error).message}); retrying in ${(delay / 1000).toFixed(1)} s, ${attemptsLeft - 1} ${attemptsLeft - 1 === 1 ? 'retry' : 'retries'} left`,
        )
        await ports.sleep(delay)
        continue
      }
      // A failed write names the file (the transport layer does not know it).
      if (err instanceof PvapiError && err.code === 'PV_WRITE') err = writeError(s.outputPath, err.cause)
      if (err instanceof PvapiError && s.writeOut) {
        ports.stdout.write(
          renderWriteOut(s.writeOut, {
            url: s.url.url.href,
            urlEffective,
            redirects,
            unknown: unknownVariable,
            method: prepared.method,
            retries,
            exitCode: err.exitCode,
            errorMessage: err.message,
          }),
        )
      }
      throw err
    }
    verbose(verboseTimings(res.timings))

    // Clock skew: API Gateway's message names its own time; the Date header is the fallback.
    const message = res.status >= 400 ? parseErrorBody(res.body) : undefined
    const skewMessage = message !== undefined && /^Signature (expired|not yet current)/.test(message)
    const offset = measureSkew({
      ...(message ? { message } : {}),
      ...(typeof res.headers.date === 'string' ? { dateHeader: res.headers.date } : {}),
      signedAt: signingDate,
      receivedAt: ports.now(),
    })
    if (offset !== undefined && (skewMessage || Math.abs(offset) > SKEW_LIMIT_MS)) {
      // Re-send only what the server refused: a 2xx on a NONE method (no signature check) was
      // delivered, and its body is already out; sending it again would repeat its effect.
      if (s.fixSkew && !skewFixed && signer && res.status >= 400 && (skewMessage || res.status === 403)) {
        offsetMs += offset
        skewFixed = true
        warn(
          `clock skew: your clock is ${describeOffset(offset)}; re-signing with the server's time (--fix-skew)`,
        )
        await output?.abort()
        continue
      } else
        warn(
          `clock skew: your clock is ${describeOffset(offset)} (signatures are valid for ±5 min); fix NTP or re-run with --fix-skew`,
        )
    }

    const location = following(res.status, res.rawHeaders) ? locationOf(res.rawHeaders) : undefined
    if (location !== undefined) {
      if (++redirects > (s.maxRedirs ?? 50)) throw tooManyRedirects(s.maxRedirs ?? 50)
      const next = nextHop(hop, s.url, prepared.method, res.status, location, plan.region, plan.body)
      const signs = !s.noSign && (next.sameHost || Boolean(s.locationTrusted))
      if (!next.sameHost && !s.noSign)
        warn(
          signs
            ? `following the redirect to ${next.url.url.href}: signing for it too (--location-trusted)`
            : `following the redirect to ${next.url.url.href} without signature, session token or Authorization: it is not the host the request was signed for (--location-trusted to sign for it)`,
        )
      else verbose([`* following the redirect (${res.status}) to ${next.url.url.href}`])
      hop = next.settings
      plan = await planRequest(hop, ports, signs)
      ;({ prepared, dial } = plan)
      signer = signs ? caller : undefined
      urlEffective = next.url.url.href
      agent = await proxyAgent(next.url.hostname)
      offsetMs = 0
      skewFixed = false
      verbose(verboseRoute(prepared, dial))
      continue
    }
    const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : undefined
    const delay = retryDelayMs(retries + 1, s.retryDelayMs, retryAfter, ports.random)
    if (
      retryableStatus(res.status) &&
      attemptsLeft > 0 &&
      waitFits(delay, retryAfter !== undefined ? ` (Retry-After: ${retryAfter})` : '')
    ) {
      retries++
      warn(
        `HTTP ${res.status}; retrying in ${(delay / 1000).toFixed(1)} s, ${attemptsLeft - 1} ${attemptsLeft - 1 === 1 ? 'retry' : 'retries'} left`,
      )
      await ports.sleep(delay)
      continue
    }

    return finish(res, output, headWritten, retries)
  }

  async function finish(
    res: WireResponse,
    output: OutputFile | undefined,
    headWritten: boolean,
    retries: number,
  ): Promise<number> {
    const failed = res.status >= 400 && s.fail !== 'no'
    if (res.status >= 400) {
      // The buffered error body: printed unless --fail (curl prints nothing then), or already
      // streamed out because it was too large to keep.
      if (s.fail !== 'fail' && !res.overflowed) {
        if (s.include && !headWritten) ports.stdout.write(renderResponseHead(res))
        const target = s.outputPath ? (output = ports.openOutput(s.outputPath)).stream : ports.stdout
        target.write(scrubErrorBody(res.body))
      }
      const why = explainApiGatewayError(res.status, headerText(res.headers['x-amzn-errortype']), res.body)
      if (why && (!s.silent || s.showError)) {
        note(
          `pvapi: HTTP ${res.status}${why.errorType ? ` ${why.errorType}` : ''}${why.message ? `: ${why.message}` : ''}`,
        )
        note(`  likely: ${why.meaning}`)
        if (why.hint) note(`  next: ${why.hint}`)
      }
    }
    if (res.status >= 300 && res.status < 400 && res.headers.location && !s.silent && !s.location) {
      warn(
        `not following the redirect to ${headerText(res.headers.location)} (a signature is valid for one host; pvapi never forwards it)`,
      )
    }
    try {
      await output?.commit()
    } catch (err) {
      throw writeError(s.outputPath, err)
    }
    const exitCode = failed ? ExitCode.HttpError : ExitCode.Ok
    if (s.writeOut)
      ports.stdout.write(
        renderWriteOut(s.writeOut, {
          response: res,
          url: s.url.url.href,
          urlEffective,
          redirects,
          unknown: unknownVariable,
          method: prepared.method,
          retries,
          exitCode,
        }),
      )
    await flushStdout()
    if (failed && (!s.silent || s.showError))
      note(`pvapi: (22) the requested URL returned error: ${res.status}`)
    return exitCode
  }
}

/**
 * API Gateway's signature-mismatch body quotes "the Canonical String for this request", which
 * holds the session token. Error bodies are small JSON, so scrub known secrets from them; a
 * body without a secret passes through byte for byte.
 */
function scrubBody(redactor: Redactor, body: Buffer): Buffer {
  const text = body.toString('utf8')
  const clean = redactor.scrub(text)
  return clean === text ? body : Buffer.from(clean, 'utf8')
}

/** Error bodies kept in memory (for the explanation, skew detection and secret scrubbing) up to this size. */
const ERROR_BODY_LIMIT = 1024 * 1024

function writeError(path: string | undefined, cause: unknown): PvapiError {
  return new PvapiError(
    'PV_WRITE',
    `could not write ${path ?? 'to stdout'}: ${writeProblem(cause)}`,
    ExitCode.Write,
    path ? 'check that the folder exists and is writable, and that -o names a file' : undefined,
    { cause },
  )
}
