/** The pure helpers of the hybrid checks: longest-prefix routes, domain matching, target kinds. */
import { describe, expect, it } from 'vitest'
import { labelCount, nameInDomain, routeFor, targetKind } from '../../src/doctor/hybrid-path.js'
import { parseCidr } from '../../src/doctor/net.js'

const table = (routes: Array<[string, string]>) => ({
  routeTableId: 'rtb-00000000000000001',
  main: true,
  routes: routes.map(([destination, target]) => ({ destination, target })),
})

describe('routeFor', () => {
  const t = table([
    ['10.0.0.0/16', 'local'],
    ['0.0.0.0/0', 'nat-00000000000000001'],
    ['192.168.0.0/16', 'tgw-00000000000000001'],
    ['192.168.10.0/24', 'vgw-00000000000000001'],
    ['pl-00000000000000001', 'tgw-00000000000000001'],
  ])
  it.each([
    ['192.168.10.0/24', 'vgw-00000000000000001'],
    ['192.168.10.5/32', 'vgw-00000000000000001'],
    ['192.168.11.0/24', 'tgw-00000000000000001'],
    // A range wider than the /24 is covered only by the /16.
    ['192.168.0.0/17', 'tgw-00000000000000001'],
    ['172.16.0.0/12', 'nat-00000000000000001'],
    ['10.0.2.10/32', 'local'],
  ])('%s goes to %s (the longest prefix containing all of it)', (range, target) => {
    expect(routeFor(t, parseCidr(range)!)?.target).toBe(target)
  })
  it('no route when nothing contains the range', () => {
    expect(routeFor(table([['10.0.0.0/16', 'local']]), parseCidr('192.168.10.0/24')!)).toBeUndefined()
  })
})

describe('domains', () => {
  it.each([
    ['a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', 'execute-api.us-east-1.amazonaws.com', true],
    ['a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', 'amazonaws.com', true],
    ['a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', '.', true],
    [
      'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      true,
    ],
    // A suffix that is not a whole label does not match.
    ['a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', 'api.us-east-1.amazonaws.com', false],
    ['a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', 'execute-api.us-west-2.amazonaws.com', false],
  ])('%s in %s: %s', (name, domain, expected) => {
    expect(nameInDomain(name, domain)).toBe(expected)
  })
  it('counts labels (the root has none)', () => {
    expect(labelCount('.')).toBe(0)
    expect(labelCount('amazonaws.com')).toBe(2)
    expect(labelCount('execute-api.us-east-1.amazonaws.com')).toBe(4)
  })
})

describe('targetKind', () => {
  it.each([
    ['local', 'local'],
    ['tgw-00000000000000001', 'tgw'],
    ['vgw-00000000000000001', 'vgw'],
    ['pcx-00000000000000001', 'pcx'],
    ['igw-00000000000000001', 'internet'],
    ['nat-00000000000000001', 'internet'],
    ['eni-00000000000000001', 'appliance'],
    ['cagw-00000000000000001', 'other'],
  ])('%s is %s', (target, kind) => {
    expect(targetKind(target)).toBe(kind)
  })
})
