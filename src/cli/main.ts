import { Command, CommanderError, Help, type Option } from 'commander'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import { VERSION } from '../core/version.js'
import { registerCall } from './commands/call.js'
import { registerCompletion } from './commands/completion.js'
import { registerDoctor } from './commands/doctor.js'
import { registerPolicy } from './commands/policy.js'
import { registerSign } from './commands/sign.js'
import { registerWhoami } from './commands/whoami.js'
import type { CliContext } from './context.js'
import { examplesText } from './help-examples.js'

const COMMANDS: Readonly<Record<string, (program: Command, ctx: CliContext) => void>> = {
  call: registerCall,
  sign: registerSign,
  whoami: registerWhoami,
  doctor: registerDoctor,
  policy: registerPolicy,
  completion: registerCompletion,
}

/**
 * Build the program, run one command, and return the exit code. Never calls process.exit:
 * entry.ts sets process.exitCode, and tests call main() directly.
 */
export async function main(argv: readonly string[], base: Omit<CliContext, 'setExitCode'>): Promise<number> {
  let exitCode: number = ExitCode.Ok
  const ctx: CliContext = { ...base, setExitCode: c => (exitCode = c) }
  const debug = argv.includes('--debug')
  const program = new Command('pvapi')
    .description('Signed curl and doctor for private API Gateway REST APIs behind interface VPC endpoints')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces for errors')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: t => ctx.io.out(t),
      writeErr: t => ctx.io.err(t),
      outputError: (t, write) => write(`pvapi: ${t.replace(/^error: /, '')}`),
    })
    // Repeatable flags start from an empty list: "(default: [])" told the reader nothing.
    .configureHelp({
      optionDescription(this: Help, option: Option) {
        return Help.prototype.optionDescription.call(this, option).replace(/ \(default: \[\]\)/, '')
      },
    })
  program.enablePositionalOptions(false)
  // Build only the command being run (start-up time); all of them for help and suggestions.
  const named = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? COMMANDS[argv[0]] : undefined
  // `completion` describes every command, so it needs them all.
  for (const register of named && argv[0] !== 'completion' ? [named] : Object.values(COMMANDS))
    register(program, ctx)
  for (const c of program.commands) c.exitOverride().option('--debug', 'show stack traces for errors')
  // Every --help ends with real examples (pre-rendered at build time, scripts/build.mjs).
  const withExamples = (cmd: Command, path: string) => {
    const text = examplesText(path)
    if (text) cmd.addHelpText('after', text)
    for (const c of cmd.commands) withExamples(c, path ? `${path} ${c.name()}` : c.name())
  }
  withExamples(program, '')

  try {
    // curl's -K/--config: the file's options stand where -K stood (call only: it is curl's).
    const args =
      argv[0] === 'call' && argv.some(a => a === '-K' || /^(-K.|--config(=|$))/.test(a))
        ? await import('./config-file.js').then(async ({ expandConfigArgs }) => {
            const { readUserFile } = await import('./files.js')
            return expandConfigArgs(
              argv,
              p => readUserFile(p, 'config file'),
              () => ctx.io.readStdin(),
            )
          })
        : argv
    await program.parseAsync([...args], { from: 'user' })
    return exitCode
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return ExitCode.Ok
      // commander already printed its message; add the way out.
      if (!/help/.test(err.code)) ctx.io.err(`  hint: pvapi ${guessCommand(argv)}--help lists the options\n`)
      return ExitCode.Usage
    }
    // Loaded on failure only: it scrubs with node:crypto, which `doctor --snapshot` never needs.
    const { renderError } = await import('./render-error.js')
    ctx.io.err(renderError(err, debug, ctx.io.errColors))
    return err instanceof PvapiError ? err.exitCode : ExitCode.Failure
  }
}

function guessCommand(argv: readonly string[]): string {
  const first = argv.find(a => !a.startsWith('-'))
  return first && Object.hasOwn(COMMANDS, first) ? `${first} ` : ''
}
