/**
 * signing.clock-skew: SigV4 accepts 5 minutes of skew. Over it the call fails, and the message
 * says which way (ahead: "not yet current"; behind: "expired"); from 1 to 5 minutes it warns.
 */
import { describe, expect, it } from 'vitest'
import { signingClockSkew } from '../../../src/doctor/checks/signing-clock-skew.js'
import { denied, healthy, healthyLambda, ok } from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const withSkew = (skewMs: number) => {
  const s = healthy()
  s.caller.clock = ok({
    localTime: new Date(Date.parse('2025-01-15T12:00:00.000Z') + skewMs).toISOString(),
    serverTime: '2025-01-15T12:00:00.000Z',
    skewMs,
  })
  return runCheck(signingClockSkew, s)
}

describe('signing.clock-skew', () => {
  it('more than 5 min ahead: fail, "ahead of", "not yet current", minutes with one decimal', () => {
    const f = withSkew(6.5 * 60_000)
    expectFinding(f, 'fail', { summary: ['6.5 min', 'ahead of', 'not yet current'], evidence: ['390.0 s'] })
    expect(f.summary).not.toContain('expired')
    expect(f.fix).toContain('--fix-skew')
  })
  it('more than 5 min behind: fail, "behind", "expired"', () => {
    const f = withSkew(-7 * 60_000)
    expectFinding(f, 'fail', { summary: ['7.0 min', 'behind', 'expired'], evidence: ['-420.0 s'] })
    expect(f.summary).not.toContain('ahead')
    expect(f.summary).not.toContain('not yet current')
  })
  it('exactly 5 min is still accepted (warn, not fail); 5 min + 1 ms fails', () => {
    expect(withSkew(5 * 60_000).status).toBe('warn')
    expect(withSkew(-5 * 60_000).status).toBe('warn')
    expect(withSkew(5 * 60_000 + 1).status).toBe('fail')
    expect(withSkew(-5 * 60_000 - 1).status).toBe('fail')
  })
  it('between 1 and 5 min ahead: warn naming the seconds and the direction', () => {
    const f = withSkew(125_000)
    expectFinding(f, 'warn', { summary: ['125 s', 'ahead of'], evidence: ['125.0 s'] })
    expect(f.fix).toMatch(/NTP|chrony/)
  })
  it('between 1 and 5 min behind: warn, "behind"', () => {
    expectFinding(withSkew(-90_000), 'warn', { summary: ['90 s', 'behind'] })
  })
  it('exactly 1 min passes; 1 min + 1 ms warns', () => {
    expect(withSkew(60_000).status).toBe('pass')
    expect(withSkew(-60_000).status).toBe('pass')
    expect(withSkew(60_001).status).toBe('warn')
    expect(withSkew(-60_001).status).toBe('warn')
  })
  it('within a minute: pass, naming the skew and the two times', () => {
    const f = withSkew(-1500)
    expectFinding(f, 'pass', { summary: ['1.5 s'] })
    expect(evidenceText(f)).toContain('2025-01-15T12:00:00.000Z')
    expect(evidenceText(f)).toContain('2025-01-15T11:59:58.500Z')
  })
  it('a zero skew is "behind" nobody: passes', () => expect(withSkew(0).status).toBe('pass'))
  it('a Lambda caller is skipped (AWS keeps its clock), saying why', () => {
    const s = healthyLambda()
    s.caller.clock = ok({ localTime: 'x', serverTime: 'y', skewMs: 3_600_000 })
    const f = runCheck(signingClockSkew, s)
    expect(f.status).toBe('skipped')
    expect(f.summary).toContain('Lambda')
  })
  it('the caller principal unreadable: the clock is still judged', () => {
    const s = healthy()
    s.caller.principal = denied('sts:GetCallerIdentity')
    s.caller.clock = ok({ localTime: 'x', serverTime: 'y', skewMs: 400_000 })
    expect(runCheck(signingClockSkew, s).status).toBe('fail')
  })
  it('the clock not read: unknown, naming what was denied', () => {
    const s = healthy()
    s.caller.clock = denied('sts:GetCallerIdentity')
    const f = runCheck(signingClockSkew, s)
    expectFinding(f, 'unknown')
    expect(f.missing).toContain('sts:GetCallerIdentity')
    expect(f.summary).toContain('clock')
  })
})
