import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'

/**
 * The request code is shared with the CLI, so its errors name command-line flags ("pass
 * --cacert FILE", "raise -m/--max-time"). A library user has options, not flags: this says the
 * same in their words. One table here, rather than an option namer threaded through every
 * layer; a test checks that no error the library throws still names a flag.
 */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  // Clauses about CLI-only switches: the library has no equivalent to point at.
  [/;\s*try -v\b/g, ''],
  [/\s*\/\s*--mfa-serial\b/g, ''],
  [/pass --cacert FILE/g, 'pass the CA certificate (PEM) in `ca`'],
  [/-m\/--max-time/g, '`timeoutMs`'],
  [/--resolve HOST:443:IP/g, '`resolve: [HOST:443:IP]`'],
  [/-H "Host: <custom-domain>"/g, 'a `Host` header (`headers`)'],
  [/-H "([^"]*)"/g, 'a header in `headers`'],
  [/-X ([A-Z]+)/g, "`method: '$1'`"],
]

/** CLI flag → library option (SignedRequestOptions). Longest first, so `--cert` is not `--c…`. */
const FLAGS: Readonly<Record<string, string>> = {
  '--cacert': 'ca',
  '--cert': 'cert',
  '--key': 'key',
  '--max-time': 'timeoutMs',
  '--connect-timeout': 'connectTimeoutMs',
  '--resolve': 'resolve',
  '--connect-to': 'connectTo',
  '--vpce': 'vpce',
  '--api-id': 'apiId',
  '--host-mode': 'hostMode',
  '--region': 'region',
  '--service': 'service',
  '--profile': 'profile',
  '--role-arn': 'roleArn',
  '--external-id': 'externalId',
  '--role-session-name': 'roleSessionName',
  '--no-sign': 'unsigned',
  '--data': 'body',
  '--data-binary': 'body',
  '--data-raw': 'body',
  '--json': 'body',
  '-d': 'body',
  '-H': 'headers',
  '-X': 'method',
  '-m': 'timeoutMs',
}
const FLAG = new RegExp(
  `(^|[\\s(/,;:"'])(${Object.keys(FLAGS)
    .sort((a, b) => b.length - a.length)
    .join('|')})(?![\\w-])`,
  'g',
)

/** Flags → options, outside `backticks` (those quote other tools: `aws sso login --profile x`). */
export function inLibraryTerms(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return part
      let out = part
      for (const [re, to] of PHRASES) out = out.replace(re, to)
      // A phrase may have made a backtick span: translate only what is still outside one.
      return out
        .split(/(`[^`]*`)/)
        .map((p, j) => (j % 2 === 1 ? p : p.replace(FLAG, (_m, pre, flag) => `${pre}\`${FLAGS[flag]}\``)))
        .join('')
    })
    .join('')
}

/** A PvapiError from the shared code, re-worded for a library user; other errors as they are. */
export function libraryError(err: unknown): unknown {
  if (!(err instanceof PvapiError)) return err
  const message = inLibraryTerms(err.message)
  const hint = err.hint === undefined ? undefined : inLibraryTerms(err.hint)
  if (message === err.message && hint === err.hint) return err
  const out = new PvapiError(err.code, message, err.exitCode, hint, { cause: err.cause })
  if (err.stack) out.stack = err.stack.replace(err.message, message)
  return out
}

/**
 * The SDK packages are optional peer dependencies (the Lambda runtime has them): name the one
 * missing and the option that needed it, instead of Node's resolution error.
 */
export async function loadAws<T>(load: () => Promise<T>, option: string, instead: string): Promise<T> {
  try {
    return await load()
  } catch (err) {
    const e = err as { code?: string; message?: string }
    const pkg = /'(@aws-sdk\/[a-z0-9-]+)'/.exec(e.message ?? '')?.[1]
    if ((e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && pkg)
      throw new PvapiError(
        'PV_LIB_SDK_MISSING',
        `${option} needs ${pkg}, which is not installed`,
        ExitCode.Aws,
        `npm install ${pkg} (the Lambda Node.js runtime already has it), or ${instead}`,
        { cause: err },
      )
    throw err
  }
}
