import { userInfo } from 'node:os'
import { VERSION } from '../core/version.js'

// The only module that touches process globals. `--version` answers before anything loads.
const argv = process.argv.slice(2)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`)
} else {
  const [{ main }, { terminalIo }] = await Promise.all([import('./main.js'), import('./io.js')])
  const env = process.env
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
