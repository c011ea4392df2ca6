/**
 * The README's "## Code map" matches the code: every folder of src/ has its line, and every file
 * the map names (`diagnose.ts`, `collect/front-door.ts`, `doctor-*.ts`) exists in the folder the
 * line belongs to. A rename or a move that forgets the map fails here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { codeMap, mapProblems, REPO } from './code-map.js'

describe('the README code map', () => {
  const lines = codeMap(readFileSync(join(REPO, 'README.md'), 'utf8'))

  it('names every folder of src/, and only files that exist', () => {
    expect(lines.length).toBeGreaterThan(20)
    expect(mapProblems(lines)).toEqual([])
  })

  it('would catch a missing folder line and a renamed file', () => {
    const without = lines.filter(l => !l.startsWith('src/dns/'))
    expect(mapProblems(without)).toContain('src/dns/ has no line in the code map')
    expect(mapProblems([...lines, 'src/doctor/   x', '  no-such-file.ts  gone'])).toContain(
      'src/doctor: no-such-file.ts is not there',
    )
    expect(mapProblems(['src/call/   the request (gone.ts; core/route.ts)'])).toContain(
      'src/call: gone.ts is not there',
    )
    expect(mapProblems(['src/call/   the request (core/route.ts)'])).not.toContain(
      'src/call: core/route.ts is not there',
    )
  })
})
