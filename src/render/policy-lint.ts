import type { ChalkInstance } from 'chalk'
import type { LintFinding } from '../policy/index.js'

/** `pvapi policy lint --format json`. */
export function renderPolicyLintJson(file: string, findings: readonly LintFinding[]): string {
  return `${JSON.stringify({ file, findings }, null, 2)}\n`
}

/** `pvapi policy lint`: one line per finding, `severity code path  message`, then a count. */
export function renderPolicyLintText(
  file: string,
  findings: readonly LintFinding[],
  col: ChalkInstance,
): string {
  if (findings.length === 0) return `${col.green('✔')} ${file}: no findings\n`
  const paint = { error: col.red, warning: col.yellow, info: col.blue }
  const lines = findings.map(
    f =>
      `${paint[f.severity](f.severity.padEnd(7))} ${col.bold(f.code)} ${f.path ? `${f.path}  ` : ''}${f.message}`,
  )
  const count = (s: LintFinding['severity']): number => findings.filter(f => f.severity === s).length
  lines.push(`${file}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`)
  return `${lines.join('\n')}\n`
}
