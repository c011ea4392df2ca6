import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  pythonJson,
  readCachedRole,
  roleCacheDir,
  roleCacheKey,
  writeCachedRole,
} from '../../src/aws/role-cache.js'

// The AWS CLI's key: botocore AssumeRoleCredentialFetcher._create_cache_key
// (botocore/credentials.py, commit 0e6e2404b85d): sha1(json.dumps(args, sort_keys=True)).
// Expected values computed with CPython 3:
//   python3 -c 'import json,hashlib; s=json.dumps(ARGS, sort_keys=True); print(hashlib.sha1(s.encode("utf-8")).hexdigest())'
describe('role session cache key', () => {
  it('matches botocore for a bare role ARN (the generated session name is left out)', () => {
    expect(pythonJson({ RoleArn: 'arn:aws:iam::222222222222:role/invoker' })).toBe(
      '{"RoleArn": "arn:aws:iam::222222222222:role/invoker"}',
    )
    expect(roleCacheKey({ RoleArn: 'arn:aws:iam::222222222222:role/invoker' })).toBe(
      '40181d79f756f2a891387e4c110e66a2191215cd',
    )
  })
  it('matches botocore with every field, in sorted order, and with non-ASCII escaped', () => {
    expect(
      roleCacheKey({
        RoleArn: 'arn:aws:iam::222222222222:role/invoker',
        RoleSessionName: 'incident-42',
        ExternalId: 'ext-42',
        SerialNumber: 'arn:aws:iam::111111111111:mfa/alice',
        DurationSeconds: 3600,
      }),
    ).toBe('9e2dffcf8701445e140434d3f9edb4b0fec6b7c0')
    expect(roleCacheKey({ RoleArn: 'arn:aws:iam::1:role/x', ExternalId: 'caf\u00e9' })).toBe(
      '719f7f4162247a46fc5714876ef67c8b656d88f9',
    )
  })
  it('lives in ~/.aws/cli/cache', () => {
    expect(roleCacheDir({ HOME: '/home/alice' })).toBe('/home/alice/.aws/cli/cache')
    expect(roleCacheDir({})).toBeUndefined()
  })
})

describe('role session cache files', () => {
  const session = (expiresInMs: number) => ({
    credentials: {
      accessKeyId: 'ASIACACHED0000000001',
      secretAccessKey: 'cached/secret',
      sessionToken: 'cached-token',
      expiration: new Date(Date.now() + expiresInMs),
    },
    assumedRoleArn: 'arn:aws:sts::222222222222:assumed-role/invoker/s1',
  })
  const fresh = () => join(mkdtempSync(join(tmpdir(), 'pvapi-cache-')), '.aws/cli/cache')

  it('writes the AWS CLI format, 0600 in a 0700 folder, and reads it back', () => {
    const dir = fresh()
    expect(writeCachedRole(dir, 'k1', session(3600_000))).toBe(true)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'k1.json')).mode & 0o777).toBe(0o600)
    const doc = JSON.parse(readFileSync(join(dir, 'k1.json'), 'utf8'))
    expect(doc.Credentials).toMatchObject({
      AccessKeyId: 'ASIACACHED0000000001',
      SessionToken: 'cached-token',
      AccountId: '222222222222',
    })
    expect(doc.Credentials.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dUTC$/)
    expect(doc.AssumedRoleUser.Arn).toBe('arn:aws:sts::222222222222:assumed-role/invoker/s1')
    expect(readCachedRole(dir, 'k1', new Date())?.credentials.accessKeyId).toBe('ASIACACHED0000000001')
  })

  it('reads what the AWS CLI wrote (Expiration with UTC, Z or an offset)', () => {
    const dir = fresh()
    mkdirSync(dir, { recursive: true })
    const t = new Date(Date.now() + 3600_000).toISOString().slice(0, 19)
    for (const [k, exp] of [
      ['a', `${t}UTC`],
      ['b', `${t}Z`],
      ['c', `${t}+00:00`],
    ]) {
      writeFileSync(
        join(dir, `${k}.json`),
        JSON.stringify({
          Credentials: { AccessKeyId: 'A', SecretAccessKey: 'S', SessionToken: 'T', Expiration: exp },
        }),
      )
      expect(readCachedRole(dir, k!, new Date())?.credentials.expiration.toISOString()).toBe(`${t}.000Z`)
    }
  })

  it('a session with less than 5 minutes left is not used', () => {
    const dir = fresh()
    writeCachedRole(dir, 'soon', session(4 * 60_000))
    writeCachedRole(dir, 'later', session(6 * 60_000))
    expect(readCachedRole(dir, 'soon', new Date())).toBeUndefined()
    expect(readCachedRole(dir, 'later', new Date())).toBeDefined()
  })

  it('a corrupt or foreign-format file is ignored, then replaced', () => {
    const dir = fresh()
    mkdirSync(dir, { recursive: true })
    for (const junk of ['{not json', '[]', 'null', '{"Credentials": {"AccessKeyId": 1}}', '{"token": "x"}']) {
      writeFileSync(join(dir, 'k.json'), junk)
      expect(readCachedRole(dir, 'k', new Date())).toBeUndefined()
    }
    expect(writeCachedRole(dir, 'k', session(3600_000))).toBe(true)
    expect(readCachedRole(dir, 'k', new Date())).toBeDefined()
  })

  it('a cache that cannot be written is not an error', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pvapi-cache-')), 'file')
    writeFileSync(dir, 'a file where the folder should be')
    expect(writeCachedRole(join(dir, 'cache'), 'k', session(3600_000))).toBe(false)
  })
})
