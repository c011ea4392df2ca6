/**
 * --help ends with real examples and no "(default: [])" noise; `pvapi completion bash|zsh|fish`
 * prints a script whose candidate lists are the real commands and flags.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HELP_EXAMPLES } from '../../src/cli/help-examples.js'
import { REPO, cliEnv, runCli, tempFiles } from '../helpers/run-cli.js'

const help = (path: string) =>
  execFileSync(process.execPath, [join(REPO, 'bin/pvapi.js'), ...(path ? path.split(' ') : []), '--help'], {
    env: cliEnv(),
  }).toString()

describe('--help', () => {
  it.each(Object.keys(HELP_EXAMPLES))(
    "'%s --help' ends with 2-4 examples that use only its own flags",
    path => {
      const text = help(path)
      expect(text).not.toContain('(default: [])')
      const block = /\nExamples:\n((?: {2}.+\n)+)$/.exec(text)
      expect(block, text.slice(-400)).not.toBeNull()
      const examples = (block?.[1] ?? '').trimEnd().split('\n')
      expect(examples.length).toBeGreaterThanOrEqual(2)
      expect(examples.length).toBeLessThanOrEqual(4)
      for (const e of examples) {
        expect(e).toMatch(new RegExp(`pvapi ${path}`))
        // Every flag an example uses is one the command (or the one it runs) lists.
        const target =
          path === ''
            ? help(/pvapi (\w+)/.exec(e)?.[1] ?? '')
            : path === 'policy'
              ? help(`policy ${/pvapi policy (\w+)/.exec(e)?.[1]}`)
              : text
        for (const flag of e.match(/(?<=\s)--?[A-Za-z][\w-]*/g) ?? [])
          expect(target, `${flag} in: ${e}`).toMatch(new RegExp(`(^|[\\s,])${flag}[\\s,]`, 'm'))
      }
    },
  )
})

describe('completion', () => {
  const script = (shell: string) =>
    execFileSync(process.execPath, [join(REPO, 'bin/pvapi.js'), 'completion', shell], {
      env: cliEnv(),
    }).toString()

  /** Run the bash completion function for a command line and return its candidates. */
  const complete = (words: string[], env: Record<string, string> = {}) => {
    const file = join(tempFiles({ 'c.bash': script('bash') }), 'c.bash')
    const quoted = words.map(w => `'${w}'`).join(' ')
    const r = spawnSync(
      'bash',
      [
        '-c',
        `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _pvapi; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { env: { ...cliEnv(), ...env } },
    )
    expect(r.stderr.toString()).toBe('')
    return r.stdout.toString().trim().split('\n')
  }

  it('the bash script is valid bash (bash -n)', () => {
    const r = spawnSync('bash', ['-n'], { input: script('bash') })
    expect(r.status, r.stderr.toString()).toBe(0)
  })
  it('offers the commands, and the real flags of each', () => {
    expect(complete(['pvapi', ''])).toEqual(
      expect.arrayContaining(['call', 'sign', 'whoami', 'doctor', 'policy', 'completion']),
    )
    expect(complete(['pvapi', 'call', 'https://x', '--lo'])).toEqual(['--location', '--location-trusted'])
    expect(complete(['pvapi', 'call', '--max-'])).toEqual(['--max-time', '--max-redirs'])
    expect(complete(['pvapi', 'doctor', '--from-'])).toEqual(['--from-api', '--from-imds', '--from-vpc'])
    expect(complete(['pvapi', 'policy', ''])).toEqual(['eval', 'lint', 'scaffold'])
    expect(complete(['pvapi', 'policy', 'lint', '--ki'])).toEqual(['--kind'])
  })
  it('--format values per command, and --profile names read from the AWS config when completing', () => {
    expect(complete(['pvapi', 'doctor', '--format', ''])).toEqual(['text', 'json', 'markdown'])
    expect(complete(['pvapi', 'sign', '--format', ''])).toEqual(['headers', 'json', 'curl'])
    const dir = tempFiles({
      config:
        '[default]\nregion = us-east-1\n[profile prod]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n',
      credentials: '[ci-user]\naws_access_key_id = x\n',
    })
    const env = {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    }
    expect(complete(['pvapi', 'call', 'https://x', '--profile', ''], env).sort()).toEqual([
      'ci-user',
      'default',
      'prod',
    ])
  })
  it('zsh and fish scripts carry the same flags', async () => {
    expect(script('zsh')).toContain('bashcompinit')
    const fish = script('fish')
    expect(fish).toMatch(/complete -c pvapi -n '__fish_seen_subcommand_from call' -l location -s L/)
    expect(fish).toMatch(/-l profile -x -a '\(__pvapi_profiles\)'/)
    const bad = await runCli(['completion', 'tcsh'])
    expect(bad.code).toBe(2)
  })
})
