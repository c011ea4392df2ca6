/**
 * curl's -K/--config for `call`: options read from a file (or stdin with `-K -`), expanded into
 * the command line where -K stood, before the command line is parsed. The syntax is curl's
 * (curl(1), "-K, --config"): one option per line, long names with or without their dashes,
 * the value after whitespace, `=` or `:`, double-quoted values with \" \\ \t \n \r \v escapes,
 * `#` comments, and `url = …` for the URL itself.
 */
import { usageError } from '../core/errors.js'

/** One config text → command-line words (`url` entries come back as bare URLs). */
export function parseCurlConfig(text: string, source: string): string[] {
  const words: string[] = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const m = /^(-{0,2}[A-Za-z0-9][A-Za-z0-9-]*)(?:\s*[=:]\s*|\s+|$)(.*)$/.exec(line)
    if (!m)
      throw usageError(
        'PV_BAD_CONFIG',
        `${source} line ${i + 1}: expected an option, got ${JSON.stringify(line)}`,
      )
    const name = m[1] as string
    const rest = (m[2] as string).trim()
    const value = rest === '' ? undefined : parseValue(rest, source, i + 1)
    const bare = name.replace(/^-+/, '')
    if (bare === 'url') {
      if (value === undefined) throw usageError('PV_BAD_CONFIG', `${source} line ${i + 1}: url needs a value`)
      words.push(value)
      return
    }
    // A name without dashes is a long option; a single letter keeps its one dash (-H).
    words.push(name.startsWith('-') ? name : `--${name}`)
    if (value !== undefined) words.push(value)
  })
  return words
}

function parseValue(rest: string, source: string, line: number): string {
  if (!rest.startsWith('"')) {
    // Unquoted: up to the first whitespace (curl ignores what follows).
    return rest.split(/\s/)[0] as string
  }
  let out = ''
  for (let i = 1; i < rest.length; i++) {
    const c = rest[i] as string
    if (c === '"') return out
    if (c === '\\' && i + 1 < rest.length) {
      const n = rest[++i] as string
      out += n === 't' ? '\t' : n === 'n' ? '\n' : n === 'r' ? '\r' : n === 'v' ? '\v' : n
    } else out += c
  }
  throw usageError('PV_BAD_CONFIG', `${source} line ${line}: the quoted value is not closed`)
}

/**
 * Replace every `-K FILE` / `--config FILE` / `--config=FILE` in argv with the options the
 * file holds (curl reads them in place, so later flags override earlier ones the same way).
 */
export async function expandConfigArgs(
  argv: readonly string[],
  read: (path: string) => Promise<Buffer>,
  readStdin: () => Promise<Buffer>,
  depth = 0,
): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    let path: string | undefined
    if (a === '-K' || a === '--config') {
      path = argv[++i]
      if (path === undefined) throw usageError('PV_BAD_CONFIG', `${a} needs a file name (or - for stdin)`)
    } else if (a.startsWith('--config=')) path = a.slice('--config='.length)
    else if (/^-K./.test(a)) path = a.slice(2)
    if (path === undefined) {
      out.push(a)
      continue
    }
    if (depth >= 4) throw usageError('PV_BAD_CONFIG', `-K ${path}: config files nest more than 4 deep`)
    const text = (path === '-' ? await readStdin() : await read(path)).toString('utf8')
    const words = parseCurlConfig(text, path === '-' ? 'config from stdin' : path)
    out.push(...(await expandConfigArgs(words, read, readStdin, depth + 1)))
  }
  return out
}
