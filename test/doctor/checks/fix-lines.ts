/**
 * The shape every multi-line fix keeps: one command or one `#` note per line, in a given number
 * of lines. A fix whose lines run together (a lost newline) or that gains a stray line fails it.
 */
import { expect } from 'vitest'
import type { Finding } from '../../../src/doctor/finding.js'

export function expectFixLines(f: Finding, count: number): string[] {
  const lines = (f.fix ?? '').split('\n')
  for (const line of lines) expect(line, 'a fix line is a command or a note').toMatch(/^(aws |pvapi |# )/)
  expect(lines, 'fix lines').toHaveLength(count)
  return lines
}
