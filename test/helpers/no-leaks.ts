/**
 * Run before every test file (vitest `setupFiles`). Test files share their worker's module graph
 * (`isolate: false` in vitest.config.ts), so a file that changes the process environment or
 * leaves fake timers on would change the files after it. This fails the file that did it,
 * naming what it left behind, instead of a later, unrelated one.
 */
import { afterAll, beforeAll, vi } from 'vitest'

let before: Record<string, string | undefined> = {}

beforeAll(() => {
  before = { ...process.env }
})

afterAll(() => {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(process.env)])].filter(
    k => before[k] !== process.env[k],
  )
  const left: string[] = changed.map(k => `process.env.${k}`)
  if (vi.isFakeTimers()) left.push('fake timers')
  if (left.length > 0)
    throw new Error(`this test file left ${left.join(', ')} changed: restore it in a finally or afterAll`)
})
