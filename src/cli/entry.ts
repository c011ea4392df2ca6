import { userInfo } from 'node:os'
import { VERSION } from '../core/version.js'

// The only module that touches process globals. `--version` answers before anything loads.
const argv = process.argv.slice(2)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`)
} else {
  const [{ main }, { terminalIo }] = await Promise.all([import('./main.js'), import('./io.js')])
  const env = process.env
  // The SDK warns on every run under Node 20 that its 2027 releases will need Node 22. pvapi
  // pins its SDK version, so the warning is noise on stderr in the middle of an incident.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const controller = new AbortController()
  // First Ctrl-C aborts the work in flight (outputs are cleaned up); a second one exits now.
  process.once('SIGINT', () => {
    controller.abort()
    process.once('SIGINT', () => process.exit(130))
  })
  let user: string | undefined
  try {
    user = userInfo().username
  } catch {
    user = env.USER
  }
  process.exitCode = await main(argv, { io: terminalIo(env), env, user, signal: controller.signal })
}
