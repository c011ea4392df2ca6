import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from '../support/credential-store.js'
import { startFakeSts, type FakeSts } from '../support/fake-sts.js'
import { ALICE, REPO, envFor } from '../helpers/run-cli.js'

// The MFA prompt needs a terminal: util-linux `script` gives pvapi a real pseudo-terminal.
const hasScript = spawnSync('script', ['--version']).status === 0
if (!hasScript) console.warn('skipping the MFA prompt test: util-linux `script` is not installed')

const ROLE = 'arn:aws:iam::111111111111:role/needs-mfa'
const MFA = 'arn:aws:iam::111111111111:mfa/alice'
let sts: FakeSts

beforeAll(async () => {
  const store = new CredentialStore()
  store.add(ALICE.accessKeyId, { secretAccessKey: ALICE.secretAccessKey, principalArn: ALICE.arn })
  sts = await startFakeSts({
    credentials: store,
    roles: [{ arn: ROLE, trustedPrincipals: [ALICE.arn], mfa: { serialNumber: MFA, code: '654321' } }],
  })
})
afterAll(async () => sts?.close())

describe.skipIf(!hasScript)('MFA prompt on a TTY', () => {
  it('asks for the code on the terminal, does not echo it, and assumes the role', async () => {
    const cmd = `${process.execPath} ${join(REPO, 'bin/pvapi.js')} whoami --region us-east-1 --role-arn ${ROLE} --mfa-serial ${MFA}`
    const child = spawn('script', ['-qefc', cmd, '/dev/null'], {
      env: envFor(ALICE, { AWS_ENDPOINT_URL_STS: sts.endpoint, TERM: 'dumb' }),
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      if (out.includes('MFA code for') && !out.includes('\u0000sent')) {
        out += '\u0000sent'
        child.stdin.write('654321\r')
      }
    })
    const code = await new Promise<number | null>(resolve => child.on('close', resolve))
    expect(code).toBe(0)
    expect(out).toContain(`MFA code for ${MFA}: `)
    expect(out.replace('\u0000sent', '')).not.toContain('654321')
    expect(out).toMatch(/arn {9}arn:aws:sts::111111111111:assumed-role\/needs-mfa\//)
    expect(sts.calls.filter(c => c.action === 'AssumeRole').at(-1)?.params).toMatchObject({
      SerialNumber: MFA,
      TokenCode: '654321',
    })
  })
})
