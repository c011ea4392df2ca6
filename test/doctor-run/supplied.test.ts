/**
 * Policies supplied on the command line (src/doctor-run/supplied.ts), read through a fake file
 * reader: each kind lands in its place, a file that is not JSON, not an object, or not a policy
 * of its kind is a usage error naming the flag and the file, and a reader's bug is not one.
 */
import { describe, expect, it } from 'vitest'
import { PvapiError } from '../../src/core/errors.js'
import { ExitCode } from '../../src/core/exit-codes.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { readSupplied, withSupplied } from '../../src/doctor-run/supplied.js'

const allow = (principal?: unknown) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      ...(principal ? { Principal: principal } : {}),
      Action: 'execute-api:Invoke',
      Resource: '*',
    },
  ],
})

function reader(files: Record<string, unknown>) {
  const asked: Array<[string, string]> = []
  const read = async (path: string, what: string) => {
    asked.push([path, what])
    const v = files[path]
    if (v === undefined) throw new PvapiError('PV_READ', `cannot read ${what} ${path}`, ExitCode.Read)
    return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v))
  }
  return { read, asked }
}

const none = { identityPolicy: [], scp: [] }

describe('readSupplied', () => {
  it('puts each file where its flag says, named by its base name', async () => {
    const { read, asked } = reader({
      'dir/rp.json': allow('*'),
      'ep.json': allow('*'),
      'a/id1.json': allow(),
      'id2.json': allow(),
      'scp.json': allow(),
      'auth.json': allow(),
    })
    const s = await readSupplied(
      {
        resourcePolicy: 'dir/rp.json',
        endpointPolicy: 'ep.json',
        identityPolicy: ['a/id1.json', 'id2.json'],
        scp: ['scp.json'],
        authorizerPolicy: 'auth.json',
      },
      read,
    )
    expect(s.resourcePolicy?.name).toBe('rp.json')
    expect(s.endpointPolicy?.name).toBe('ep.json')
    expect(s.identityPolicies?.map(p => p.name)).toEqual(['id1.json', 'id2.json'])
    expect(s.serviceControlPolicies?.map(p => p.name)).toEqual(['scp.json'])
    expect(s.authorizerPolicy?.document).toEqual(allow())
    expect(asked).toContainEqual(['dir/rp.json', '--resource-policy'])
    expect(asked).toContainEqual(['id2.json', '--identity-policy'])
  })

  it('is empty, and reads nothing, when no file is given', async () => {
    const { read, asked } = reader({})
    expect(await readSupplied(none, read)).toEqual({})
    expect(asked).toEqual([])
  })

  it.each([
    ['not JSON', '{ "Version": ', /--scp bad\.json: not a JSON policy document \(/],
    ['a JSON array', '[1]', /--scp bad\.json: not a JSON policy document \(not a JSON object\)/],
    ['JSON null', 'null', /not a JSON object/],
    [
      'a policy with Effect Maybe',
      { Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] },
      /--scp bad\.json: not a valid policy: /,
    ],
  ])('%s is a usage error naming the flag and the file', async (_name, content, message) => {
    const { read } = reader({ 'bad.json': content })
    const err = await readSupplied({ ...none, scp: ['bad.json'] }, read).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PvapiError)
    expect(err).toMatchObject({ code: 'PV_BAD_POLICY_FILE', exitCode: ExitCode.Usage })
    expect((err as Error).message).toMatch(message)
  })

  it('a file that cannot be read keeps the reader error (exit 26)', async () => {
    const { read } = reader({})
    await expect(readSupplied({ ...none, resourcePolicy: 'gone.json' }, read)).rejects.toMatchObject({
      code: 'PV_READ',
      exitCode: ExitCode.Read,
    })
  })

  it('a bug in the reader (a TypeError) is not turned into a policy-file message', async () => {
    const read = async () => {
      throw new TypeError('boom')
    }
    await expect(readSupplied({ ...none, scp: ['x.json'] }, read)).rejects.toBeInstanceOf(TypeError)
  })
})

describe('withSupplied', () => {
  const snap = {
    supplied: { scps: 1, resourcePolicy: { name: 'old', document: {} } },
  } as unknown as DoctorSnapshot
  it('lays the given policies over the snapshot (a given file wins), and leaves it alone with none', () => {
    const rp = { name: 'new.json', document: allow('*') }
    const out = withSupplied(snap, { resourcePolicy: rp })
    expect(out.supplied?.resourcePolicy).toBe(rp)
    expect((out.supplied as Record<string, unknown>).scps).toBe(1)
    expect(withSupplied(snap, {})).toBe(snap)
  })
})
