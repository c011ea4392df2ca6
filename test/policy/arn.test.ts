/**
 * ARNs (arn.ts): splitting an ARN, the execute-api method ARN both ways, API references from
 * ARNs and invoke URLs, and the defects that make IAM or API Gateway refuse a policy value.
 */
import { describe, expect, it } from 'vitest'
import {
  apiFromArn,
  executeApiArn,
  executeApiWildcardArn,
  parseApiReference,
  parseArn,
  parseExecuteApiArn,
  principalValueDefects,
  resourceValueDefects,
} from '../../src/policy/arn.js'

const API = { region: 'us-east-1', account: '111111111111', apiId: 'abc123' }

describe('parseArn', () => {
  it('splits the six parts and keeps the colons of the resource', () => {
    expect(parseArn('arn:aws:s3:::bucket')).toEqual({
      partition: 'aws',
      service: 's3',
      region: '',
      account: '',
      resource: 'bucket',
    })
    expect(parseArn('arn:aws-cn:logs:cn-north-1:111111111111:log-group:a:b')).toEqual({
      partition: 'aws-cn',
      service: 'logs',
      region: 'cn-north-1',
      account: '111111111111',
      resource: 'log-group:a:b',
    })
    expect(parseArn('arn:p:s:r:a:')).toMatchObject({ account: 'a', resource: '' })
  })

  it('is undefined for text that is not an ARN or has fewer than six parts', () => {
    expect(parseArn('xarn:aws:s3:::bucket')).toBeUndefined()
    expect(parseArn('ARN:aws:s3:::bucket')).toBeUndefined()
    expect(parseArn('arn:aws:s3::')).toBeUndefined()
  })
})

describe('parseExecuteApiArn', () => {
  it('reads API, stage, method and path (without its leading slash)', () => {
    expect(
      parseExecuteApiArn('arn:aws-cn:execute-api:cn-north-1:111111111111:abc123/prod/GET/items/1'),
    ).toEqual({
      partition: 'aws-cn',
      region: 'cn-north-1',
      account: '111111111111',
      apiId: 'abc123',
      stage: 'prod',
      method: 'GET',
      path: 'items/1',
    })
    expect(parseExecuteApiArn('arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/')).toMatchObject({
      method: 'GET',
      path: '',
    })
    expect(parseExecuteApiArn('arn:aws:execute-api:us-east-1:111111111111:abc123')).toMatchObject({
      apiId: 'abc123',
      stage: '',
      method: '',
      path: '',
    })
  })

  it('is undefined for another service, a non-ARN, or no API id', () => {
    expect(parseExecuteApiArn('arn:aws:lambda:us-east-1:111111111111:abc123/prod/GET/')).toBeUndefined()
    expect(parseExecuteApiArn('abc123/prod/GET/')).toBeUndefined()
    expect(parseExecuteApiArn('arn:aws:execute-api:us-east-1:111111111111:/prod/GET/')).toBeUndefined()
  })
})

describe('apiFromArn', () => {
  it('reads the coordinates from an execute-api ARN of any depth', () => {
    const want = { partition: 'aws', ...API }
    expect(apiFromArn('arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items')).toEqual(want)
    expect(apiFromArn('arn:aws:execute-api:us-east-1:111111111111:abc123/*')).toEqual(want)
    expect(apiFromArn('arn:aws:execute-api:us-east-1:111111111111:abc123')).toEqual(want)
  })

  it.each([
    ['another service', 'arn:aws:lambda:us-east-1:111111111111:abc123/prod'],
    ['not an ARN', 'abc123/prod'],
    ['no API id', 'arn:aws:execute-api:us-east-1:111111111111:/prod'],
    ['a wildcard API id', 'arn:aws:execute-api:us-east-1:111111111111:*/prod'],
    ['a ? in the API id', 'arn:aws:execute-api:us-east-1:111111111111:abc12?/prod'],
    ['a wildcard region', 'arn:aws:execute-api:*:111111111111:abc123/prod'],
    ['a ? in the region', 'arn:aws:execute-api:us-east-?:111111111111:abc123/prod'],
    ['a wildcard account', 'arn:aws:execute-api:us-east-1:*:abc123/prod'],
    ['an 11-digit account', 'arn:aws:execute-api:us-east-1:11111111111:abc123/prod'],
    ['a 13-digit account', 'arn:aws:execute-api:us-east-1:1111111111112:abc123/prod'],
    ['text before the account', 'arn:aws:execute-api:us-east-1:x111111111111:abc123/prod'],
  ])('is undefined for %s (no API to expand shorthand with)', (_why, arn) => {
    expect(apiFromArn(arn)).toBeUndefined()
  })
})

describe('executeApiArn and executeApiWildcardArn', () => {
  it('upper-cases the method, writes ANY as *, and path parameters as *', () => {
    expect(executeApiArn({ ...API, stage: 'prod', method: 'get', path: '/items/{id}/{proxy+}' })).toBe(
      'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items/*/*',
    )
    expect(executeApiArn({ ...API, partition: 'aws-cn', stage: 'prod', method: 'any', path: '/' })).toBe(
      'arn:aws-cn:execute-api:us-east-1:111111111111:abc123/prod/*/',
    )
  })

  it('drops every leading slash and only that, and keeps segments that merely hold braces', () => {
    const arn = (path: string) => executeApiArn({ ...API, stage: 's', method: 'POST', path })
    expect(arn('//a/b')).toBe('arn:aws:execute-api:us-east-1:111111111111:abc123/s/POST/a/b')
    expect(arn('a/b//c')).toBe('arn:aws:execute-api:us-east-1:111111111111:abc123/s/POST/a/b//c')
    expect(arn('')).toBe('arn:aws:execute-api:us-east-1:111111111111:abc123/s/POST/')
    expect(arn('/x{id}/{id}y/{}')).toBe(
      'arn:aws:execute-api:us-east-1:111111111111:abc123/s/POST/x{id}/{id}y/{}',
    )
  })

  it('covers the whole API, or one stage of it', () => {
    expect(executeApiWildcardArn(API)).toBe('arn:aws:execute-api:us-east-1:111111111111:abc123/*')
    expect(executeApiWildcardArn({ ...API, partition: 'aws-us-gov' }, 'prod')).toBe(
      'arn:aws-us-gov:execute-api:us-east-1:111111111111:abc123/prod/*',
    )
    expect(executeApiWildcardArn(API, '')).toBe('arn:aws:execute-api:us-east-1:111111111111:abc123/*')
  })
})

describe('parseApiReference from an ARN', () => {
  const ARN = 'arn:aws:execute-api:us-east-1:222222222222:abc123'
  it('reads as deep as the ARN goes', () => {
    const base = { apiId: 'abc123', region: 'us-east-1', account: '222222222222', partition: 'aws' }
    expect(parseApiReference(`  ${ARN}  `)).toStrictEqual(base)
    expect(parseApiReference(`${ARN}/prod`)).toStrictEqual({ ...base, stage: 'prod' })
    // The method alone is no path; the root resource is "/".
    expect(parseApiReference(`${ARN}/prod/GET`)).toStrictEqual({ ...base, stage: 'prod' })
    expect(parseApiReference(`${ARN}/prod/GET/`)).toStrictEqual({ ...base, stage: 'prod', path: '/' })
    expect(parseApiReference(`${ARN}/prod/GET/a/b`)).toStrictEqual({ ...base, stage: 'prod', path: '/a/b' })
  })

  it('leaves an empty account out, and refuses other services and a missing API id', () => {
    expect(parseApiReference('arn:aws:execute-api:us-east-1::abc123/prod')?.account).toBeUndefined()
    expect(parseApiReference('arn:aws:lambda:us-east-1:222222222222:abc123/prod')).toBeUndefined()
    expect(parseApiReference('arn:aws:execute-api:us-east-1')).toBeUndefined()
    expect(parseApiReference(`arn:aws:execute-api:us-east-1:222222222222:/prod`)).toBeUndefined()
  })
})

describe('parseApiReference from an invoke URL', () => {
  it('reads private DNS and alias names, with or without a scheme, and the China partition', () => {
    expect(parseApiReference('abc123.execute-api.us-east-1.amazonaws.com/prod/items')).toStrictEqual({
      apiId: 'abc123',
      region: 'us-east-1',
      partition: 'aws',
      stage: 'prod',
      path: '/items',
    })
    expect(parseApiReference('HTTP://abc123.execute-api.us-east-1.amazonaws.com/prod')).toMatchObject({
      apiId: 'abc123',
      stage: 'prod',
      path: '/',
    })
    expect(
      parseApiReference('https://abc123-vpce-0abc.execute-api.cn-north-1.amazonaws.com.cn/p'),
    ).toMatchObject({
      apiId: 'abc123',
      region: 'cn-north-1',
      partition: 'aws-cn',
    })
  })

  it('reads the stage and path: none for the bare host, empty segments skipped at the start only', () => {
    const host = 'https://abc123.execute-api.us-east-1.amazonaws.com'
    for (const bare of [host, `${host}/`]) {
      const r = parseApiReference(bare)
      expect(r, bare).toStrictEqual({ apiId: 'abc123', region: 'us-east-1', partition: 'aws' })
    }
    expect(parseApiReference(`${host}//prod/x`)).toMatchObject({ stage: 'prod', path: '/x' })
    expect(parseApiReference(`${host}/prod/items/`)).toMatchObject({ stage: 'prod', path: '/items/' })
    expect(parseApiReference(`${host}/prod//x`)).toMatchObject({ stage: 'prod', path: '//x' })
  })

  it('needs the API id for an endpoint-specific name, regional or zonal', () => {
    const regional = 'https://vpce-0abc123-xyz.execute-api.eu-west-1.vpce.amazonaws.com/prod/x'
    expect(parseApiReference(regional)).toBeUndefined()
    expect(parseApiReference(regional, 'abc123')).toStrictEqual({
      apiId: 'abc123',
      region: 'eu-west-1',
      partition: 'aws',
      stage: 'prod',
      path: '/x',
    })
    const zonal = 'https://vpce-0abc123-xyz-eu-west-1a.execute-api.eu-west-1.vpce.amazonaws.com.cn/prod'
    expect(parseApiReference(zonal, 'abc123')).toMatchObject({
      apiId: 'abc123',
      region: 'eu-west-1',
      partition: 'aws-cn',
    })
    // An API host names its own API: a separately given id does not replace it.
    expect(parseApiReference('https://abc123.execute-api.us-east-1.amazonaws.com/p', 'zzz999')?.apiId).toBe(
      'abc123',
    )
  })

  it.each([
    'https://example.com/prod',
    'https://xabc123.execute-api.us-east-1.amazonaws.com.evil/prod',
    'https://abc123.execute-api.us-east-1.amazonaws.com.evil/prod',
    'https://a.abc123.execute-api.us-east-1.amazonaws.com/prod',
    'https://xvpce-0abc-xyz.execute-api.us-east-1.vpce.amazonaws.com/prod',
    'https://vpce-0abc-xyz.execute-api.us-east-1.vpce.amazonaws.com.evil/prod',
    'https://vpce-0abc.execute-api.us-east-1.vpce.amazonaws.com/prod',
    'https://',
    'https://exa mple.com/',
  ])('is undefined for %s', text => {
    expect(parseApiReference(text, 'abc123')).toBeUndefined()
  })
})

describe('principalValueDefects', () => {
  it.each([
    '*',
    '111111111111',
    'AIDAJQABLZS4A3QDU576Q',
    'AROA1234567890ABCDEF',
    'arn:aws:iam::111111111111:root',
    'arn:aws:iam::111111111111:role/app',
    'arn:aws:iam::111111111111:role/path/app',
    'arn:aws:iam::111111111111:user/alice',
    // IAM names are 1 to 64 characters: a one-letter role or user is valid.
    'arn:aws:iam::111111111111:role/a',
    'arn:aws:iam::111111111111:user/path/b',
    'arn:aws:sts::111111111111:assumed-role/app/s1',
    'arn:aws:sts::111111111111:federated-user/bob',
  ])('accepts %s', value => {
    expect(principalValueDefects(value)).toEqual([])
  })

  it('names a short account id, and anything that is neither an id nor an ARN', () => {
    expect(principalValueDefects('11111')).toEqual(['account id "11111" is not 12 digits'])
    expect(principalValueDefects('1111111111112')).toEqual(['account id "1111111111112" is not 12 digits'])
    for (const v of ['AIDA123', 'aidajqablzs4a3qdu576q', 'x111111111111', 'AIDAJQABLZS4A3QDU576Q!'])
      expect(principalValueDefects(v), v).toEqual([`"${v}" is not an account id, an IAM or STS ARN, or "*"`])
  })

  it('names the shape defects of an ARN: parts, partition, service, an extra colon, the account', () => {
    expect(principalValueDefects('arn:aws:iam')).toEqual([
      expect.stringContaining('"arn:aws:iam" is not an ARN: it has 3 of the 6 colon-separated parts'),
    ])
    expect(principalValueDefects('arn::iam::111111111111:root')).toEqual([
      expect.stringContaining('has an empty partition'),
    ])
    expect(principalValueDefects('arn:aws:::111111111111:root')).toEqual([
      expect.stringContaining('has an empty service'),
    ])
    expect(principalValueDefects('arn:aws:iam::111111111111::role/app')).toEqual([
      `"arn:aws:iam::111111111111::role/app" has an extra ':' before 'role'`,
    ])
    expect(principalValueDefects('arn:aws:iam::1111:root')).toEqual([
      '"arn:aws:iam::1111:root": account id "1111" is not 12 digits',
    ])
    // Every defect of the shape is reported, not the first.
    expect(principalValueDefects('arn:::::')).toHaveLength(2)
  })

  it('names a non-IAM service, a region, and an account that is not digits', () => {
    expect(principalValueDefects('arn:aws:s3:::bucket')).toEqual([
      '"arn:aws:s3:::bucket" is a s3 ARN: an AWS principal is an IAM or STS ARN',
    ])
    expect(principalValueDefects('arn:aws:iam:us-east-1:abc:group/g')).toEqual([
      '"arn:aws:iam:us-east-1:abc:group/g" has a region ("us-east-1"): IAM and STS ARNs have none',
      '"arn:aws:iam:us-east-1:abc:group/g": account id "abc" is not 12 digits',
      expect.stringContaining('names no principal (expected root, role/NAME or user/NAME)'),
    ])
  })

  it('names an IAM resource that is no principal, or a session written as an IAM ARN', () => {
    expect(principalValueDefects('arn:aws:iam::111111111111:assumed-role/app/s1')).toEqual([
      expect.stringContaining('is a role ARN with a session part'),
    ])
    for (const r of ['group/g', 'role/', 'role/app/', 'user/', 'rootx', 'xroot', 'xrole/app'])
      expect(principalValueDefects(`arn:aws:iam::111111111111:${r}`), r).toEqual([
        expect.stringContaining('names no principal (expected root, role/NAME or user/NAME)'),
      ])
  })

  it('names an STS session without a session name, and other STS resources', () => {
    for (const r of ['assumed-role/app', 'assumed-role/app/', 'assumed-role//s1'])
      expect(principalValueDefects(`arn:aws:sts::111111111111:${r}`), r).toEqual([
        expect.stringContaining('is a session ARN without a session name'),
      ])
    for (const r of ['federated-user/', 'user/alice', 'root', 'xfederated-user/bob'])
      expect(principalValueDefects(`arn:aws:sts::111111111111:${r}`), r).toEqual([
        expect.stringContaining(
          'names no principal (expected assumed-role/ROLE/SESSION or federated-user/NAME)',
        ),
      ])
  })
})

describe('resourceValueDefects', () => {
  it.each([
    '*',
    'execute-api:/prod/GET/*',
    'abc*',
    'ab?',
    '${aws:username}',
    'arn:aws:*',
    'arn:aws:execute-api:*',
    'arn:aws:execute-api:us-east-1:111111111111:abc123/*',
    'arn:aws:s3:::',
    'arn:aws:s3:::bucket',
  ])('accepts %s', value => {
    expect(resourceValueDefects(value)).toEqual([])
  })

  it('names text that is not an ARN, and the shape defects of an ARN', () => {
    for (const v of ['items', '$x', '{x}', 'aws:execute-api'])
      expect(resourceValueDefects(v), v).toEqual([`"${v}" is not an ARN`])
    expect(resourceValueDefects('arn:aws:s3')).toEqual([expect.stringContaining('has 3 of the 6')])
    expect(resourceValueDefects('arn:aws:execute-api:us-east-1:111111111111::abc123/*')).toEqual([
      `"arn:aws:execute-api:us-east-1:111111111111::abc123/*" has an extra ':' before 'abc123'`,
    ])
    expect(resourceValueDefects('arn:aws:execute-api:us-east-1:111111111111::')).toEqual([
      `"arn:aws:execute-api:us-east-1:111111111111::" has an extra ':' before ''`,
    ])
    expect(resourceValueDefects('arn:aws:execute-api:us-east-1:123:abc123/*')).toEqual([
      expect.stringContaining('account id "123" is not 12 digits'),
    ])
    // A wildcard in the resource does not excuse a shape defect elsewhere.
    expect(resourceValueDefects('arn::execute-api:us-east-1:111111111111:*')).toEqual([
      expect.stringContaining('has an empty partition'),
    ])
  })
})

describe('ARN edges (mutation testing)', () => {
  it('adds https:// unless the text starts with a scheme, wherever else one appears', () => {
    expect(
      parseApiReference('abc123.execute-api.us-east-1.amazonaws.com/prod/x?next=https://example.com/'),
    ).toMatchObject({ apiId: 'abc123', stage: 'prod', path: '/x' })
  })

  it('reads an account as digits only when all of it is digits', () => {
    for (const account of ['x123', '123x'])
      expect(resourceValueDefects(`arn:aws:s3:us-east-1:${account}:b`), account).toEqual([])
    for (const account of ['x1', '1x', ''])
      expect(principalValueDefects(`arn:aws:iam::${account}:root`), account).toEqual([
        `"arn:aws:iam::${account}:root": account id "${account}" is not 12 digits`,
      ])
  })

  it('accepts a unique id only in its exact shape', () => {
    for (const v of ['xAIDAJQABLZS4A3QDU576Q', 'AB123456789012'])
      expect(principalValueDefects(v), v).toEqual([`"${v}" is not an account id, an IAM or STS ARN, or "*"`])
    expect(principalValueDefects('123abc')).toEqual([
      '"123abc" is not an account id, an IAM or STS ARN, or "*"',
    ])
  })

  it('keeps the colons of a principal ARN resource', () => {
    expect(principalValueDefects('arn:aws:iam::111111111111:ro:ot')).toEqual([
      expect.stringContaining('names no principal'),
    ])
  })

  it('leaves the execute-api shorthand alone, with or without a wildcard', () => {
    expect(resourceValueDefects('execute-api:/prod/GET/items')).toEqual([])
  })
})
