import { readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { enableCompileCache } from './compile-cache.js'

/** Set by the bundler: the package version, and a hash of the bundle (compile-cache key). */
declare const __PVAPI_VERSION__: string
declare const __PVAPI_BUILD_ID__: string

// The only module that touches process globals. The bundle is CommonJS (compile-cache.ts says
// why), so this file has no top-level await and finds its siblings through __dirname.
// `--version` answers before anything loads, and so does `--help`: the build renders every
// help text into help.json beside the bundle.
const argv = process.argv.slice(2)
const helpText = precomputedHelp(argv)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${__PVAPI_VERSION__}\n`)
} else if (helpText !== undefined) {
  process.stdout.write(helpText)
} else {
  // Stack traces point into the TypeScript sources only when asked: maps cost start-up, and
  // code compiled from the cache is not mapped.
  if (argv.includes('--debug')) process.setSourceMapsEnabled(true)
  else
    enableCompileCache({
      root: __dirname,
      buildId: __PVAPI_BUILD_ID__,
      scope: argv[0] ?? '',
      env: process.env,
    })
  void run()
}

async function run(): Promise<void> {
  const [{ main }, { terminalIo }] = await Promise.all([import('./main.js'), import('./io.js')])
  const env = process.env
  // The SDK warns on every run under Node 20 that its 2027 releases will need Node 22. pvapi
  // pins its SDK version, so the warning is noise on stderr in the middle of an incident.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const controller = new AbortController()
  // First Ctrl-C aborts the work in flight (outputs are cleaned up); a second one ends the
  // process by the signal itself (the shell sees 130). Not process.exit(): it waits for a
  // thread blocked in a system call, such as opening a FIFO nobody reads (`-o fifo`).
  process.once('SIGINT', () => {
    controller.abort()
    process.once('SIGINT', () => process.kill(process.pid, 'SIGINT'))
  })
  let user: string | undefined
  try {
    user = userInfo().username
  } catch {
    user = env.USER
  }
  let leave = false
  const code = await main(argv, {
    io: terminalIo(env),
    env,
    user,
    signal: controller.signal,
    exitPromptly: () => (leave = true),
  })
  process.exitCode = code
  // After Ctrl-C or the doctor's deadline, reads still in flight (an SDK call to an endpoint
  // that never answers, a DNS query) would keep the process alive until their own timeouts:
  // leave now, everything has been said (stdout to a file or pipe is written synchronously).
  if (controller.signal.aborted || leave) process.exit(code)
  // Everything has been said. A system-resolver lookup (getaddrinfo, in libuv's thread pool)
  // cannot be cancelled and would hold the process for the resolver's own retries (~10 s) after
  // a --connect-timeout already reported it; an unref'd timer fires only if something like that
  // is still keeping the process alive. Output still being written (a slow reader on a pipe) is
  // waited for, never cut.
  const exitWhenWritten = (): void => {
    if (process.stdout.writableLength > 0 || process.stderr.writableLength > 0)
      setTimeout(exitWhenWritten, 50).unref()
    else process.exit(code)
  }
  setTimeout(exitWhenWritten, 200).unref()
}

function precomputedHelp(args: readonly string[]): string | undefined {
  const last = args.at(-1)
  if (last !== '--help' && last !== '-h') return undefined
  const key = args.slice(0, -1).join(' ')
  if (!/^[a-z ]*$/.test(key)) return undefined
  try {
    const texts = JSON.parse(readFileSync(join(__dirname, 'help.json'), 'utf8')) as Record<string, string>
    return texts[key]
  } catch {
    return undefined // not built yet (the build renders help.json with this very file)
  }
}
