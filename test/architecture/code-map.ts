/** Reads the README's "## Code map" and lists where it and the code disagree (code-map.test.ts). */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const REPO = new URL('../../', import.meta.url).pathname

/** The fenced block under "## Code map". */
export function codeMap(readme: string): string[] {
  const at = readme.indexOf('\n## Code map')
  const open = readme.indexOf('```', at)
  const close = readme.indexOf('```', open + 3)
  return readme.slice(readme.indexOf('\n', open) + 1, close).split('\n')
}

/** Every file below dir (relative paths). */
function filesUnder(dir: string): string[] {
  const out: string[] = []
  const walk = (rel: string) => {
    for (const name of readdirSync(join(REPO, dir, rel))) {
      const path = rel ? `${rel}/${name}` : name
      if (statSync(join(REPO, dir, path)).isDirectory()) walk(path)
      else out.push(path)
    }
  }
  walk('')
  return out
}

const globRe = (name: string) => new RegExp(`(^|/)${name.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`)

/** The problems: folders of src/ without a line, and names that exist nowhere in their folder. */
export function mapProblems(lines: readonly string[]): string[] {
  const problems: string[] = []
  let context = ''
  const topLevel = new Set<string>()
  for (const line of lines) {
    const top = /^(\S+)/.exec(line)?.[1]
    if (top) {
      context = top.endsWith('/') ? top.slice(0, -1) : (top.split('/').slice(0, -1).join('/') ?? '')
      topLevel.add(top)
      if (!existsSync(join(REPO, top))) problems.push(`${top}: no such path`)
    }
    if (!context.startsWith('src/')) continue
    // File names the line names: `a.ts`, `collect/b.ts`, `doctor-*.ts`: in the line's folder, or
    // (a name with a folder, such as core/route.ts on call's line) under src/.
    const files = filesUnder(context)
    const rest = top ? line.slice(top.length) : line
    for (const m of rest.matchAll(/(?<![\w./-])([\w*-]+(?:\/[\w*-]+)*\.(?:ts|mjs))\b/g)) {
      const name = m[1]!
      const re = globRe(name)
      const found = files.some(f => re.test(f)) || (name.includes('/') && existsSync(join(REPO, 'src', name)))
      if (!found) problems.push(`${context}: ${name} is not there`)
    }
    if (top) continue
    for (const m of line.matchAll(/^\s+([\w-]+(?:\/[\w-]+)*)\/\s/g))
      if (!existsSync(join(REPO, context, m[1]!))) problems.push(`${context}: ${m[1]}/ is not there`)
  }
  for (const dir of readdirSync(join(REPO, 'src')))
    if (statSync(join(REPO, 'src', dir)).isDirectory() && !topLevel.has(`src/${dir}/`))
      problems.push(`src/${dir}/ has no line in the code map`)
  return problems
}
