/** The renderers, snapshotted with colours off; colour only when the ChalkInstance has a level. */
import { readFileSync } from 'node:fs'
import { Chalk } from 'chalk'
import { describe, expect, it } from 'vitest'
import { buildReport } from '../../src/doctor/report.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { renderDoctorJson } from '../../src/render/doctor-json.js'
import { renderDoctorMarkdown } from '../../src/render/doctor-markdown.js'
import { renderDoctorText } from '../../src/render/doctor-text.js'

const load = (name: string) =>
  (
    JSON.parse(readFileSync(new URL(`../../fixtures/snapshots/${name}.json`, import.meta.url), 'utf8')) as {
      snapshot: DoctorSnapshot
    }
  ).snapshot
const plain = new Chalk({ level: 0 })

describe.each(['row28-sourcevpce-lists-old-endpoint', 'account-b-unreadable', 'row22-default-route-to-igw'])(
  '%s',
  name => {
    const report = buildReport(load(name), '0.1.0')
    it('text', () => expect(renderDoctorText(report, plain)).toMatchSnapshot())
    it('markdown', () => expect(renderDoctorMarkdown(report)).toMatchSnapshot())
    it('json round-trips the report', () =>
      expect(JSON.parse(renderDoctorJson(report))).toEqual(JSON.parse(JSON.stringify(report))))
  },
)

it('colours only when asked', () => {
  const report = buildReport(load('row16-caller-sg-no-egress-443'), '0.1.0')
  // eslint-disable-next-line no-control-regex
  const ansi = /\u001b\[/
  expect(renderDoctorText(report, plain)).not.toMatch(ansi)
  expect(renderDoctorText(report, new Chalk({ level: 1 }))).toMatch(ansi)
})

it('--verbose shows the evidence of passing checks too', () => {
  const report = buildReport(load('healthy'), '0.1.0')
  expect(renderDoctorText(report, plain).length).toBeLessThan(
    renderDoctorText(report, plain, { verbose: true }).length,
  )
})
