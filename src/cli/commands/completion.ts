import type { Command, Option } from 'commander'
import { usageError } from '../../core/errors.js'
import type { CliContext } from '../context.js'

/**
 * `pvapi completion bash|zsh|fish`: a completion script built from the commands and flags as
 * registered (so it never drifts from them). `--profile` names are read from the AWS config
 * files when completing, not now, so a profile added later completes too.
 */
export function registerCompletion(program: Command, ctx: CliContext): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', 'bash, zsh or fish')
    .action((shell: string) => {
      const spec = completionSpec(program)
      if (shell === 'bash') return ctx.io.out(bashScript(spec))
      if (shell === 'zsh') return ctx.io.out(zshScript(spec))
      if (shell === 'fish') return ctx.io.out(fishScript(spec))
      throw usageError('PV_BAD_SHELL', `completion ${shell}: expected bash, zsh or fish`)
    })
}

/** One command (or `policy eval`) and what can follow it. */
export interface CommandSpec {
  readonly path: string
  readonly flags: readonly string[]
  /** Flags that take a value, with the fixed values when there are some. */
  readonly values: Readonly<Record<string, readonly string[]>>
  readonly subcommands: readonly string[]
}

/** Flags whose values are profile names, read from the AWS config when completing. */
const PROFILE_FLAGS = ['--profile', '--api-profile']
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

export function completionSpec(program: Command): CommandSpec[] {
  const out: CommandSpec[] = []
  const walk = (cmd: Command, path: string) => {
    const flags: string[] = ['--help']
    const values: Record<string, string[]> = {}
    for (const o of cmd.options as readonly Option[]) {
      const names = [o.short, o.long].filter((n): n is string => Boolean(n))
      flags.push(...names)
      const fixed = fixedValues(o)
      if (fixed) for (const n of names) values[n] = fixed
    }
    out.push({ path, flags, values, subcommands: cmd.commands.map(c => c.name()) })
    for (const c of cmd.commands) walk(c, path ? `${path} ${c.name()}` : c.name())
  }
  walk(program, '')
  return out
}

function fixedValues(o: Option): string[] | undefined {
  if (o.long === '--format')
    return [...new Set(o.description.match(/\b(text|json|markdown|headers|curl)\b/g) ?? [])]
  if (o.long === '--host-mode') return ['header', 'host']
  if (o.long === '--request' || o.long === '--probe-method') return METHODS
  if (o.long === '--auth-header') return ['sigv4', 'none', 'other']
  if (o.long === '--kind') return ['resource', 'endpoint', 'identity']
  return undefined
}

const word = (s: string) => s.replace(/[^A-Za-z0-9_./:-]/g, '')

function bashScript(spec: CommandSpec[]): string {
  const root = spec.find(c => c.path === '') as CommandSpec
  const cases = spec
    .filter(c => c.path !== '')
    .map(
      c =>
        `    '${c.path}') opts='${c.flags.map(word).join(' ')}'; subs='${c.subcommands.map(word).join(' ')}' ;;`,
    )
    .join('\n')
  // The same flag takes other values elsewhere (--format): keyed by command and flag.
  const valueLines = spec
    .flatMap(c =>
      Object.entries(c.values).map(
        ([flag, vals]) =>
          `    '${c.path}|${flag}') COMPREPLY=( $(compgen -W '${vals.map(word).join(' ')}' -- "$cur") ); return ;;`,
      ),
    )
    .join('\n')
  return `# pvapi completion for bash. Install (one line):
#   pvapi completion bash > ~/.local/share/bash-completion/completions/pvapi
# or add to ~/.bashrc:  source <(pvapi completion bash)

# Profile names from the AWS config files, read at completion time.
_pvapi_profiles() {
  local config="\${AWS_CONFIG_FILE:-$HOME/.aws/config}" creds="\${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}"
  {
    sed -n -e 's/^[[:space:]]*\\[profile[[:space:]][[:space:]]*\\([^]]*\\)\\].*/\\1/p' -e 's/^[[:space:]]*\\[default\\].*/default/p' "$config"
    sed -n -e 's/^[[:space:]]*\\[\\([^]]*\\)\\].*/\\1/p' "$creds"
  } 2>/dev/null | sed -e 's/[[:space:]]*$//' | sort -u
}

_pvapi() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local path="" i w opts subs
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    # Only command words extend the path (a flag's value or the URL does not).
    case "$path" in
      '') case " ${root.subcommands.map(word).join(' ')} " in *" $w "*) path="$w" ;; esac ;;
      policy) case " eval lint scaffold " in *" $w "*) path="policy $w" ;; esac ;;
    esac
  done
  case "$prev" in
    ${PROFILE_FLAGS.join('|')}) COMPREPLY=( $(compgen -W "$(_pvapi_profiles)" -- "$cur") ); return ;;
  esac
  case "$path|$prev" in
${valueLines}
  esac
  opts='${root.flags.map(word).join(' ')}'; subs='${root.subcommands.map(word).join(' ')}'
  case "$path" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  elif [[ -n "$subs" ]]; then
    COMPREPLY=( $(compgen -W "$subs" -- "$cur") )
  elif [[ "$path" == completion ]]; then
    COMPREPLY=( $(compgen -W 'bash zsh fish' -- "$cur") )
  fi
}
complete -o bashdefault -o default -F _pvapi pvapi
`
}

function zshScript(spec: CommandSpec[]): string {
  // zsh runs the bash completion through its bashcompinit layer: one script, one behaviour.
  return `# pvapi completion for zsh. Install (one line, in ~/.zshrc):
#   source <(pvapi completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(spec)}`
}

function fishScript(spec: CommandSpec[]): string {
  const root = spec.find(c => c.path === '') as CommandSpec
  const lines: string[] = [
    '# pvapi completion for fish. Install (one line):',
    '#   pvapi completion fish > ~/.config/fish/completions/pvapi.fish',
    '',
    '# Profile names from the AWS config files, read at completion time.',
    'function __pvapi_profiles',
    '    set -l config (set -q AWS_CONFIG_FILE; and echo $AWS_CONFIG_FILE; or echo ~/.aws/config)',
    '    set -l creds (set -q AWS_SHARED_CREDENTIALS_FILE; and echo $AWS_SHARED_CREDENTIALS_FILE; or echo ~/.aws/credentials)',
    "    string match -rg '^\\s*\\[profile\\s+([^\\]]+)\\]' < $config 2>/dev/null",
    "    string match -rq '^\\s*\\[default\\]' < $config 2>/dev/null; and echo default",
    "    string match -rg '^\\s*\\[([^\\]]+)\\]' < $creds 2>/dev/null",
    'end',
    '',
    'complete -c pvapi -f',
    `complete -c pvapi -n __fish_use_subcommand -a '${root.subcommands.map(word).join(' ')}'`,
  ]
  for (const c of spec) {
    if (c.path === '') continue
    const parts = c.path.split(' ')
    const cond =
      parts.length === 1
        ? `__fish_seen_subcommand_from ${parts[0]}`
        : `__fish_seen_subcommand_from ${parts[0]}; and __fish_seen_subcommand_from ${parts[1]}`
    if (c.subcommands.length > 0)
      lines.push(`complete -c pvapi -n '${cond}' -a '${c.subcommands.map(word).join(' ')}'`)
    if (c.path === 'completion') lines.push(`complete -c pvapi -n '${cond}' -a 'bash zsh fish'`)
    const seen = new Set<string>()
    for (const flag of c.flags) {
      if (!flag.startsWith('--') || seen.has(flag)) continue
      seen.add(flag)
      const short = c.flags.find(f => /^-[A-Za-z]$/.test(f) && pairOf(c, f) === flag)
      const vals = c.values[flag]
      const arg = PROFILE_FLAGS.includes(flag)
        ? " -x -a '(__pvapi_profiles)'"
        : vals
          ? ` -x -a '${vals.map(word).join(' ')}'`
          : ''
      lines.push(
        `complete -c pvapi -n '${cond}' -l ${word(flag.slice(2))}${short ? ` -s ${short.slice(1)}` : ''}${arg}`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}

/** The long name a short flag belongs to (flags are listed short first, then long). */
function pairOf(c: CommandSpec, short: string): string | undefined {
  const i = c.flags.indexOf(short)
  const next = c.flags[i + 1]
  return next?.startsWith('--') ? next : undefined
}
